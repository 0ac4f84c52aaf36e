import type { IngestStatus } from '../../core/session/sessionTypes';
import type { ReadingProgress } from './useUploader';

/** Progress of the uploads in flight: files being read, then images being added (embedded). */
export function IngestProgress({
  reading,
  ingest,
}: {
  reading: ReadingProgress | null;
  ingest: IngestStatus;
}) {
  if (!reading && !ingest.active) return null;
  return (
    <div className="ingest-progress" data-testid="ingest-progress" role="status">
      {reading && (
        <label className="progress-row">
          <span>
            Reading files: {reading.done} / {reading.total}
          </span>
          <progress max={Math.max(reading.total, 1)} value={reading.done} />
        </label>
      )}
      {ingest.active && (
        <label className="progress-row">
          <span>
            Adding images: {ingest.done} / {ingest.total}
          </span>
          <progress max={Math.max(ingest.total, 1)} value={ingest.done} />
        </label>
      )}
    </div>
  );
}
