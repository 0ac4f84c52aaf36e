import type { PredictionView } from '../../core/session/sessionTypes';
import { percent } from '../format';
import { useT } from '../i18n/I18nProvider';

/** Index of the largest value (first on ties), or -1 for an empty list. */
export function argmax(values: readonly number[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (best < 0 || v > values[best]!) best = i;
  });
  return best;
}

/** One confidence bar per class, the most likely one highlighted, and which model answered. */
export function PredictionBars({
  prediction,
  nameOf,
}: {
  prediction: PredictionView | null;
  nameOf: (classId: string) => string;
}) {
  const t = useT();
  if (!prediction) {
    return (
      <p className="hint" data-testid="prediction-empty">
        {t('preview.empty')}
      </p>
    );
  }
  const top = argmax(prediction.probabilities);
  return (
    <div className="prediction" data-testid="prediction" data-mode={prediction.mode}>
      <p className="prediction-mode" data-testid="prediction-mode">
        {prediction.mode === 'instant' ? t('preview.instant') : t('preview.trained')}
      </p>
      <ul className="prediction-bars" aria-label={t('preview.barsLabel')}>
        {prediction.classIds.map((classId, i) => {
          const p = prediction.probabilities[i] ?? 0;
          const isTop = i === top;
          return (
            <li
              key={classId}
              className={`prediction-row${isTop ? ' is-top' : ''}`}
              data-testid="prediction-bar"
              data-class-id={classId}
              data-top={isTop ? 'true' : 'false'}
              data-probability={p.toFixed(4)}
            >
              <span className="bar-label">
                {nameOf(classId)}
                {isTop && <span className="visually-hidden">{t('preview.mostLikely')}</span>}
              </span>
              <meter
                min={0}
                max={1}
                value={p}
                aria-label={`${nameOf(classId)}${isTop ? t('preview.mostLikely') : ''}`}
              />
              <span className="bar-value">{percent(p)}</span>
            </li>
          );
        })}
      </ul>
      <p className="hint" data-testid="prediction-latency">
        {t('preview.latency', Math.round(prediction.latencyMs))}
      </p>
    </div>
  );
}
