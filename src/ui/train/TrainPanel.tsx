import { useSession, useStore } from '../context';
import { AdvancedOptions } from './AdvancedOptions';
import { MetricChart } from './MetricChart';

/** Step 2: the Train button (or why it cannot be pressed), live progress and charts. */
export function TrainPanel() {
  const { training, readiness } = useSession();
  const store = useStore();
  const running = training.phase === 'training';
  const done = training.epochs.length;
  const seconds = training.trainMs === undefined ? null : (training.trainMs / 1000).toFixed(1);

  return (
    <section className="panel train-panel" aria-labelledby="train-heading">
      <h2 id="train-heading">2. Train</h2>
      <div className="button-row">
        <button
          type="button"
          className="button-primary button-big"
          data-testid="train-button"
          disabled={!readiness.ok}
          aria-describedby={!readiness.ok && !running ? 'train-reason' : undefined}
          onClick={() => void store.train()}
        >
          {training.phase === 'trained' || training.stale ? 'Train again' : 'Train model'}
        </button>
        {running && (
          <button
            type="button"
            data-testid="cancel-training"
            onClick={() => store.cancelTraining()}
          >
            Cancel
          </button>
        )}
      </div>

      {!readiness.ok && !running && readiness.reason && (
        <p id="train-reason" className="hint" data-testid="train-reason">
          {readiness.reason}
        </p>
      )}
      {running && (
        <div className="progress-row" role="status" data-testid="training-progress">
          <span>
            Epoch {done} / {training.plannedEpochs}
          </span>
          <progress max={Math.max(training.plannedEpochs, 1)} value={done} aria-label="Training" />
        </div>
      )}
      {training.phase === 'trained' && (
        <p role="status" data-testid="training-done">
          Trained in {seconds ?? '?'} s over {done} {done === 1 ? 'epoch' : 'epochs'}
          {training.stoppedEarly ? ' (stopped early: validation stopped improving)' : ''}.
        </p>
      )}
      {training.phase === 'cancelled' && <p role="status">Training was cancelled.</p>}
      {training.phase === 'failed' && (
        <p role="alert" className="error">
          Training failed{training.error ? `: ${training.error}` : '.'}
        </p>
      )}
      {training.stale && (
        <p className="warning" data-testid="stale-warning">
          Classes changed since training — train again
        </p>
      )}

      <div className="charts">
        <MetricChart
          title="Loss per epoch"
          metric="loss"
          logs={training.epochs}
          testId="chart-loss"
        />
        <MetricChart
          title="Accuracy per epoch"
          metric="acc"
          logs={training.epochs}
          testId="chart-accuracy"
        />
      </div>
      <p className="hint">Solid: training samples. Dashed: held-out validation samples.</p>

      <AdvancedOptions />
    </section>
  );
}
