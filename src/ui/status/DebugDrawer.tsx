import type { SessionSnapshot } from '../../core/session/sessionTypes';
import { useStore } from '../context';

/** Details for the curious and for bug reports: backends, model loading, memory, data sizes. */
export function DebugDrawer({ snapshot }: { snapshot: SessionSnapshot }) {
  const store = useStore();
  const { engine, training, memory } = snapshot;
  const report = engine.backbone?.report;
  return (
    <details
      className="debug-drawer"
      data-testid="debug-drawer"
      onToggle={(event) => {
        if ((event.currentTarget as HTMLDetailsElement).open) void store.refreshMemory();
      }}
    >
      <summary>Debug details</summary>
      <dl>
        <dt>Tensor memory</dt>
        <dd data-testid="tensor-memory">
          {memory
            ? `${memory.numTensors} tensors, ${(memory.numBytes / 1_048_576).toFixed(1)} MB on ${memory.backend}`
            : '—'}{' '}
          <button type="button" onClick={() => void store.refreshMemory()}>
            Refresh
          </button>
        </dd>
        <dt>Backend</dt>
        <dd
          data-testid="backend-active"
          data-backend={engine.backend?.active ?? ''}
          data-forced={engine.backend ? String(engine.backend.forced) : ''}
        >
          {engine.backend
            ? `${engine.backend.active}${engine.backend.forced ? ' (forced)' : ' (picked automatically)'}`
            : '—'}
        </dd>
        {engine.backend && engine.backend.skipped.length > 0 && (
          <>
            <dt>Other backends</dt>
            <dd>
              <ul data-testid="backend-others">
                {engine.backend.skipped.map((s) => (
                  <li key={s.name} data-backend={s.name}>
                    <strong>{s.name}</strong>: <span data-testid="backend-reason">{s.reason}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Image model</dt>
        <dd
          data-testid="backbone-loaded"
          data-loaded-id={report?.loadedId ?? ''}
          data-dim={engine.backbone?.dim ?? ''}
        >
          {report
            ? `${report.loadedId}${report.loadedId !== report.requestedId ? ` (asked for ${report.requestedId})` : ''}, ${engine.backbone?.dim ?? '?'}-number features`
            : '—'}
        </dd>
        {report && (
          <>
            <dt>Weights URL</dt>
            <dd>
              <code>{report.url}</code>
            </dd>
            <dt>Where the weights were looked for</dt>
            <dd>
              <ol data-testid="backbone-attempts">
                {report.attempts.map((a, i) => (
                  <li
                    key={`${i}-${a.url}`}
                    data-source={a.source}
                    data-outcome={a.error ? 'failed' : 'loaded'}
                  >
                    {a.source} (<code>{a.url}</code>): {a.error ? `failed: ${a.error}` : 'loaded'}
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
        {engine.error && (
          <>
            <dt>Engine error</dt>
            <dd>{engine.error}</dd>
          </>
        )}
        <dt>Samples</dt>
        <dd>
          {Object.keys(snapshot.samples).length} in {snapshot.classes.length} classes
        </dd>
        <dt>Last training</dt>
        <dd>
          {training.phase}
          {training.trainMs !== undefined && `, ${Math.round(training.trainMs)} ms`}
          {training.epochs.length > 0 && `, ${training.epochs.length} epochs`}
        </dd>
      </dl>
    </details>
  );
}
