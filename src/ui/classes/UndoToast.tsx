import { useEffect, useRef, useState } from 'react';
import type { SessionSnapshot } from '../../core/session/sessionTypes';
import { useT } from '../i18n/I18nProvider';

/** "Deleted “Cats”. Undo" after a class was deleted; focus moves to Undo. */
export function UndoToast({
  deleted,
  onUndo,
}: {
  deleted: SessionSnapshot['deletedClass'];
  onUndo: () => void;
}) {
  const t = useT();
  const [dismissed, setDismissed] = useState<SessionSnapshot['deletedClass']>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  const visible = deleted !== null && deleted !== dismissed;

  useEffect(() => {
    if (visible) undoRef.current?.focus();
  }, [visible, deleted]);

  if (!visible || !deleted) return null;
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span>
        {t('classes.deleted', deleted.view.name, t('common.images', deleted.view.sampleIds.length))}
      </span>
      <button ref={undoRef} type="button" onClick={onUndo}>
        {t('classes.undo')}
      </button>
      <button
        type="button"
        className="button-icon"
        aria-label={t('common.dismiss')}
        onClick={() => setDismissed(deleted)}
      >
        ×
      </button>
    </div>
  );
}
