import type { Notice, NoticeAction } from '../../core/session/sessionTypes';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/translate';
import './notices.css';

/** The label of each action a notice can offer. */
const ACTION_LABEL: Record<NoticeAction, MessageKey> = {
  'save-project': 'notices.saveProject',
};

/**
 * The store's messages: errors as alerts, the rest as status, each dismissible. A notice with an
 * action (e.g. "storage full") gets a button for it; `onAction` runs it.
 */
export function Notices({
  notices,
  onDismiss,
  onAction,
}: {
  notices: readonly Notice[];
  onDismiss: (id: number) => void;
  onAction?: (action: NoticeAction) => void;
}) {
  const t = useT();
  if (!notices.length) return null;
  return (
    <ul className="notices" aria-label={t('notices.label')}>
      {notices.map((notice) => (
        <li
          key={notice.id}
          className={`notice notice-${notice.level}`}
          data-testid="notice"
          data-level={notice.level}
        >
          <span role={notice.level === 'error' ? 'alert' : 'status'}>{notice.text}</span>
          <span className="notice-buttons">
            {notice.action && onAction && (
              <button
                type="button"
                data-testid="notice-action"
                onClick={() => onAction(notice.action!)}
              >
                {t(ACTION_LABEL[notice.action])}
              </button>
            )}
            <button
              type="button"
              className="button-icon"
              aria-label={t('notices.dismiss', notice.text)}
              onClick={() => onDismiss(notice.id)}
            >
              ×
            </button>
          </span>
        </li>
      ))}
    </ul>
  );
}
