import { useSession, useStore } from '../context';
import { useT } from '../i18n/I18nProvider';
import { AdvancedOptions } from './AdvancedOptions';
import { MetricChart } from './MetricChart';
import { trainReason } from './trainReason';

/** Step 2: the Train button (or why it cannot be pressed), live progress and charts. */
export function TrainPanel() {
  const snapshot = useSession();
  const { training, readiness } = snapshot;
  const store = useStore();
  const t = useT();
  const running = training.phase === 'training';
  const done = training.epochs.length;
  const seconds = training.trainMs === undefined ? null : training.trainMs / 1000;

  return (
    <section className="panel train-panel" aria-labelledby="train-heading">
      <h2 id="train-heading">{t('train.heading')}</h2>
      <div className="button-row">
        <button
          type="button"
          className="button-primary button-big"
          data-testid="train-button"
          disabled={!readiness.ok}
          aria-describedby={!readiness.ok && !running ? 'train-reason' : undefined}
          onClick={() => void store.train()}
        >
          {training.phase === 'trained' || training.stale ? t('train.again') : t('train.train')}
        </button>
        {running && (
          <button
            type="button"
            data-testid="cancel-training"
            onClick={() => store.cancelTraining()}
          >
            {t('common.cancel')}
          </button>
        )}
      </div>

      {!readiness.ok && !running && readiness.reason && (
        <p id="train-reason" className="hint" data-testid="train-reason">
          {trainReason(snapshot, t)}
        </p>
      )}
      {running && (
        <div className="progress-row" role="status" data-testid="training-progress">
          <span>{t('train.progress', done, training.plannedEpochs)}</span>
          <progress
            max={Math.max(training.plannedEpochs, 1)}
            value={done}
            aria-label={t('train.progressLabel')}
          />
        </div>
      )}
      {training.phase === 'trained' && (
        <p role="status" data-testid="training-done">
          {t('train.done', seconds, done, training.stoppedEarly === true)}
        </p>
      )}
      {training.phase === 'cancelled' && <p role="status">{t('train.cancelled')}</p>}
      {training.phase === 'failed' && (
        <p role="alert" className="error">
          {t('train.failed', training.error ?? null)}
        </p>
      )}
      {training.stale && (
        <p className="warning" data-testid="stale-warning">
          {t('train.stale')}
        </p>
      )}

      <div className="charts">
        <MetricChart
          title={t('train.lossChart')}
          metric="loss"
          logs={training.epochs}
          testId="chart-loss"
        />
        <MetricChart
          title={t('train.accuracyChart')}
          metric="acc"
          logs={training.epochs}
          testId="chart-accuracy"
        />
      </div>
      <p className="hint">{t('train.legend')}</p>

      <AdvancedOptions />
    </section>
  );
}
