import type { Notice } from '../../core/session/sessionTypes';

/** The store's messages: errors as alerts, the rest as status, each dismissible. */
export function Notices({
  notices,
  onDismiss,
}: {
  notices: readonly Notice[];
  onDismiss: (id: number) => void;
}) {
  if (!notices.length) return null;
  return (
    <ul className="notices" aria-label="Messages">
      {notices.map((notice) => (
        <li
          key={notice.id}
          className={`notice notice-${notice.level}`}
          data-testid="notice"
          data-level={notice.level}
        >
          <span role={notice.level === 'error' ? 'alert' : 'status'}>{notice.text}</span>
          <button
            type="button"
            className="button-icon"
            aria-label={`Dismiss: ${notice.text}`}
            onClick={() => onDismiss(notice.id)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
