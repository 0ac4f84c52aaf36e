import type { ModelLoadAttempt } from '../core/errors';
import type { StartupSnapshot } from '../app/startupStore';

const SOURCE_TEXT: Record<ModelLoadAttempt['source'], string> = {
  'self-hosted': "this site's own models folder",
  official: "the model publisher's server",
  'offline-fallback': 'the model bundled with Glimpse, which is less accurate',
};

function Attempts({ attempts }: { attempts: readonly ModelLoadAttempt[] }) {
  if (attempts.length === 0) return null;
  return (
    <>
      <h3>Where the weights were looked for</h3>
      <ol data-testid="backbone-attempts">
        {attempts.map((a) => (
          <li
            key={`${a.source} ${a.url}`}
            data-source={a.source}
            data-outcome={a.error ? 'failed' : 'loaded'}
          >
            <strong>{a.source}</strong> (<code>{a.url}</code>):{' '}
            {a.error ? <span className="error">failed: {a.error}</span> : 'loaded'}
          </li>
        ))}
      </ol>
    </>
  );
}

/** Which image model (backbone) is loaded and where its weights came from. */
export function BackbonePanel({ step }: { step: StartupSnapshot['backbone'] }) {
  return (
    <section
      aria-labelledby="backbone-heading"
      data-testid="backbone-status"
      data-status={step.status}
    >
      <h2 id="backbone-heading">Image model</h2>
      {step.status === 'pending' && <p role="status">Loading the image model…</p>}
      {step.status === 'failed' && (
        <>
          <p role="alert" className="error" data-testid="backbone-error">
            {step.message}
          </p>
          <Attempts attempts={step.attempts} />
        </>
      )}
      {step.status === 'ready' && (
        <>
          {step.value.usedOfflineFallback && (
            <p role="alert" className="warning" data-testid="backbone-fallback-warning">
              <strong>Offline fallback in use — lower accuracy.</strong> “
              {step.value.requestedLabel}” could not be loaded, so Glimpse uses the model bundled
              with it instead. {step.value.note}
            </p>
          )}
          <dl>
            <dt>Model</dt>
            <dd data-testid="backbone-label">{step.value.label}</dd>
            <dt>Embedding size</dt>
            <dd data-testid="backbone-dim">{step.value.embeddingDim}</dd>
            <dt>Weights from</dt>
            <dd data-testid="backbone-source" data-source={step.value.source}>
              <strong>{step.value.source}</strong>: {SOURCE_TEXT[step.value.source]}
            </dd>
          </dl>
          <Attempts attempts={step.value.attempts} />
        </>
      )}
    </section>
  );
}
