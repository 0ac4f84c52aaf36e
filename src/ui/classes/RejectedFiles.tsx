import type { RejectedFile } from '../../core/session/sessionTypes';
import { useT } from '../i18n/I18nProvider';

/** The files of the latest upload that could not be used, each with the reason. */
export function RejectedFiles({
  files,
  onDismiss,
}: {
  files: readonly RejectedFile[];
  onDismiss: () => void;
}) {
  const t = useT();
  if (!files.length) return null;
  return (
    <section
      className="rejected-files"
      data-testid="rejected-files"
      aria-labelledby="rejected-heading"
    >
      <h3 id="rejected-heading">{t('classes.rejectedHeading')}</h3>
      <ul>
        {files.map((file, i) => (
          <li key={`${i}-${file.name}`}>
            <strong className="file-name">{file.name}</strong>: {file.reason}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        {t('common.dismiss')}
      </button>
    </section>
  );
}
