import type { SessionSnapshot } from '../../core/session/sessionTypes';
import { useStore } from '../context';
import { useT } from '../i18n/I18nProvider';

/** Details for the curious and for bug reports: backends, model loading, memory, data sizes. */
export function DebugDrawer({ snapshot }: { snapshot: SessionSnapshot }) {
  const store = useStore();
  const t = useT();
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
      <summary>{t('debug.summary')}</summary>
      <dl>
        <dt>{t('debug.memory')}</dt>
        <dd data-testid="tensor-memory">
          {memory
            ? t('debug.memoryValue', memory.numTensors, memory.numBytes / 1_048_576, memory.backend)
            : '—'}{' '}
          <button type="button" onClick={() => void store.refreshMemory()}>
            {t('debug.refresh')}
          </button>
        </dd>
        <dt>{t('debug.backend')}</dt>
        <dd
          data-testid="backend-active"
          data-backend={engine.backend?.active ?? ''}
          data-forced={engine.backend ? String(engine.backend.forced) : ''}
        >
          {engine.backend
            ? `${engine.backend.active}${engine.backend.forced ? t('debug.forced') : t('debug.automatic')}`
            : '—'}
        </dd>
        {engine.backend && engine.backend.skipped.length > 0 && (
          <>
            <dt>{t('debug.otherBackends')}</dt>
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
        <dt>{t('debug.imageModel')}</dt>
        <dd
          data-testid="backbone-loaded"
          data-loaded-id={report?.loadedId ?? ''}
          data-dim={engine.backbone?.dim ?? ''}
        >
          {report
            ? `${report.loadedId}${report.loadedId !== report.requestedId ? t('debug.askedFor', report.requestedId) : ''}${t('debug.features', String(engine.backbone?.dim ?? '?'))}`
            : '—'}
        </dd>
        {report && (
          <>
            <dt>{t('debug.weightsUrl')}</dt>
            <dd>
              <code>{report.url}</code>
            </dd>
            <dt>{t('debug.attempts')}</dt>
            <dd>
              <ol data-testid="backbone-attempts">
                {report.attempts.map((a, i) => (
                  <li
                    key={`${i}-${a.url}`}
                    data-source={a.source}
                    data-outcome={a.error ? 'failed' : 'loaded'}
                  >
                    {a.source} (<code>{a.url}</code>):{' '}
                    {a.error ? t('debug.failed', a.error) : t('debug.loaded')}
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
        {engine.error && (
          <>
            <dt>{t('debug.engineError')}</dt>
            <dd>{engine.error}</dd>
          </>
        )}
        <dt>{t('debug.samples')}</dt>
        <dd>
          {t('debug.samplesValue', Object.keys(snapshot.samples).length, snapshot.classes.length)}
        </dd>
        <dt>{t('debug.lastTraining')}</dt>
        <dd>
          {training.phase}
          {training.trainMs !== undefined && `, ${Math.round(training.trainMs)} ms`}
          {training.epochs.length > 0 && t('debug.epochs', training.epochs.length)}
        </dd>
      </dl>
    </details>
  );
}
