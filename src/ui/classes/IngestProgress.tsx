import type { IngestStatus } from '../../core/session/sessionTypes';
import { useT } from '../i18n/I18nProvider';
import type { ReadingProgress } from './useUploader';

/** Progress of the uploads in flight: files being read, then images being added (embedded). */
export function IngestProgress({
  reading,
  ingest,
}: {
  reading: ReadingProgress | null;
  ingest: IngestStatus;
}) {
  const t = useT();
  if (!reading && !ingest.active) return null;
  return (
    <div className="ingest-progress" data-testid="ingest-progress" role="status">
      {reading && (
        <label className="progress-row">
          <span>{t('classes.readingFiles', reading.done, reading.total)}</span>
          <progress max={Math.max(reading.total, 1)} value={reading.done} />
        </label>
      )}
      {ingest.active && (
        <label className="progress-row">
          <span>{t('classes.addingImages', ingest.done, ingest.total)}</span>
          <progress max={Math.max(ingest.total, 1)} value={ingest.done} />
        </label>
      )}
    </div>
  );
}
