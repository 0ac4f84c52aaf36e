import './notices.css';
import { useSession, useStore } from '../context';
import { useT } from '../i18n/I18nProvider';

/**
 * While images are being added (an upload, a dataset import), a bar with how far it got and a
 * button that stops it: images already added stay, the rest are not added (the store says how
 * many of each in a notice afterwards).
 */
export function StopAdding() {
  const { ingest } = useSession();
  const store = useStore();
  const t = useT();
  if (!ingest.active) return null;
  return (
    <div className="stop-adding" data-testid="stop-adding">
      <span role="status">
        {ingest.cancelling ? t('stop.stopping') : t('stop.progress', ingest.done, ingest.total)}
      </span>
      <button
        type="button"
        data-testid="stop-adding-button"
        disabled={ingest.cancelling}
        onClick={() => store.cancelIngest()}
      >
        {t('stop.button')}
      </button>
    </div>
  );
}
