import './notices.css';
import { useSession, useStore } from '../context';

/**
 * While images are being added (an upload, a dataset import), a bar with how far it got and a
 * button that stops it: images already added stay, the rest are not added (the store says how
 * many of each in a notice afterwards).
 */
export function StopAdding() {
  const { ingest } = useSession();
  const store = useStore();
  if (!ingest.active) return null;
  return (
    <div className="stop-adding" data-testid="stop-adding">
      <span role="status">
        {ingest.cancelling
          ? 'Stopping: the images not added yet are left out…'
          : `Adding images: ${ingest.done} of ${ingest.total} done.`}
      </span>
      <button
        type="button"
        data-testid="stop-adding-button"
        disabled={ingest.cancelling}
        onClick={() => store.cancelIngest()}
      >
        Stop adding images
      </button>
    </div>
  );
}
