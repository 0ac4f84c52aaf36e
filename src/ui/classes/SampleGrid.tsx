import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { SampleView } from '../../core/session/sessionTypes';
import { useT } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';

/** Thumbnails shown at first (the newest); "Show more" adds this many again. */
export const SAMPLE_GRID_PAGE = 200;

/** Alt text for a sample's thumbnail. */
export function sampleAlt(
  sample: SampleView,
  className: string,
  index: number,
  t: Translate,
): string {
  if (sample.name) return t('samples.altNamed', className, sample.name);
  return sample.source === 'webcam'
    ? t('samples.altWebcam', className, index + 1)
    : t('samples.altImage', className, index + 1);
}

interface SampleGridProps {
  samples: readonly SampleView[];
  className: string;
  /** Read when a delete button is pressed, so a new function each render costs nothing. */
  onDelete: (sampleId: string) => void;
}

/** Same thumbnails (by identity, in order) and name: nothing to draw again. */
function sameGrid(a: SampleGridProps, b: SampleGridProps): boolean {
  if (a.className !== b.className || a.samples.length !== b.samples.length) return false;
  return a.samples.every((s, i) => s === b.samples[i]);
}

/**
 * The thumbnails of one class, newest last, each with a delete button. A big class shows its
 * newest {@link SAMPLE_GRID_PAGE} images and a button for more, and the grid is drawn again only
 * when its images change (not on every training epoch or prediction), so a project of thousands
 * of images keeps the page responsive.
 */
export const SampleGrid = memo(function SampleGrid({
  samples,
  className,
  onDelete,
}: SampleGridProps) {
  const t = useT();
  const [shown, setShown] = useState(SAMPLE_GRID_PAGE);
  const deleteRef = useRef(onDelete);
  useLayoutEffect(() => {
    deleteRef.current = onDelete;
  });
  if (!samples.length) {
    return <p className="empty-hint">{t('samples.empty')}</p>;
  }
  const first = Math.max(0, samples.length - shown);
  const hidden = first;
  return (
    <>
      {hidden > 0 && (
        <button
          type="button"
          className="sample-grid-more"
          data-testid="show-more-samples"
          onClick={() => setShown((n) => n + SAMPLE_GRID_PAGE)}
        >
          {t('samples.showMore', Math.min(hidden, SAMPLE_GRID_PAGE), hidden)}
        </button>
      )}
      <ul className="sample-grid" aria-label={t('samples.listLabel', className)}>
        {samples.slice(first).map((sample, k) => {
          const alt = sampleAlt(sample, className, first + k, t);
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
                aria-label={t('samples.deleteNamed', alt)}
                title={t('samples.deleteTitle')}
                onClick={() => deleteRef.current(sample.id)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}, sameGrid);
