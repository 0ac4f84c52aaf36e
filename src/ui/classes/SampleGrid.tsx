import type { SampleView } from '../../core/session/sessionTypes';

/** Alt text for a sample's thumbnail. */
export function sampleAlt(sample: SampleView, className: string, index: number): string {
  const what = sample.source === 'webcam' ? 'webcam photo' : 'image';
  return sample.name ? `${className}: ${sample.name}` : `${className}, ${what} ${index + 1}`;
}

/** The thumbnails of one class, newest last, each with a delete button. */
export function SampleGrid({
  samples,
  className,
  onDelete,
}: {
  samples: readonly SampleView[];
  className: string;
  onDelete: (sampleId: string) => void;
}) {
  if (!samples.length) {
    return (
      <p className="empty-hint">No images yet. Use the webcam, upload files or drop them here.</p>
    );
  }
  return (
    <ul className="sample-grid" aria-label={`Images of ${className}`}>
      {samples.map((sample, i) => {
        const alt = sampleAlt(sample, className, i);
        return (
          <li
            key={sample.id}
            className="sample"
            data-testid="sample-thumb"
            data-sample-id={sample.id}
          >
            <img src={sample.thumbnail} alt={alt} width={64} height={64} loading="lazy" />
            <button
              type="button"
              className="sample-delete"
              aria-label={`Delete ${alt}`}
              title="Delete this image"
              onClick={() => onDelete(sample.id)}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
