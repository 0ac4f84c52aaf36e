import type { StartupSnapshot } from '../app/startupStore';

/** Which TF.js backend runs the models, and why each other one does not. */
export function BackendPanel({ step }: { step: StartupSnapshot['backend'] }) {
  return (
    <section
      aria-labelledby="backend-heading"
      data-testid="backend-status"
      data-status={step.status}
    >
      <h2 id="backend-heading">Compute backend</h2>
      {step.status === 'pending' && <p role="status">Starting the compute backend…</p>}
      {step.status === 'failed' && (
        <p role="alert" className="error" data-testid="backend-error">
          {step.message}
        </p>
      )}
      {step.status === 'ready' && (
        <>
          <p>
            Running on <strong data-testid="backend-active">{step.value.active}</strong>
            {step.value.forced ? ' (chosen in the page address)' : ' (picked automatically)'}.
          </p>
          <h3>Other backends</h3>
          <ul data-testid="backend-others">
            {step.value.others.map(({ name, reason }) => (
              <li key={name} data-backend={name}>
                <strong>{name}</strong>: <span data-testid="backend-reason">{reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
