import type { CSSProperties } from 'react';
import type { PredictionView } from '../../core/session/sessionTypes';
import { percent } from '../format';
import { useT } from '../i18n/I18nProvider';
import { argmax } from '../preview/PredictionBars';

/** The presentation's answer: the top class in very large type, then one wide bar per class. */
export function PresentBars({
  prediction,
  nameOf,
  colorOf,
}: {
  prediction: PredictionView;
  nameOf: (classId: string) => string;
  colorOf: (classId: string) => string;
}) {
  const t = useT();
  const top = argmax(prediction.probabilities);
  const topId = prediction.classIds[top];
  return (
    <div className="present-answer">
      <p className="present-top" data-testid="present-top" aria-live="polite">
        {topId ? nameOf(topId) : ''}
      </p>
      <ul className="present-bars" aria-label={t('preview.barsLabel')}>
        {prediction.classIds.map((classId, i) => {
          const p = prediction.probabilities[i] ?? 0;
          const style = {
            '--share': p.toFixed(4),
            '--bar': colorOf(classId),
          } as CSSProperties;
          return (
            <li
              key={classId}
              className={`present-row${i === top ? ' is-top' : ''}`}
              data-testid="present-bar"
              data-class-id={classId}
              data-probability={p.toFixed(4)}
              style={style}
            >
              <span className="present-label">{nameOf(classId)}</span>
              <span className="present-track" aria-hidden="true">
                <span className="present-fill" />
              </span>
              <span className="present-value">{percent(p)}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
