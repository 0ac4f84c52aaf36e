import type { PredictionView } from '../../core/session/sessionTypes';
import { percent } from '../format';

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
  if (!prediction) {
    return (
      <p className="hint" data-testid="prediction-empty">
        No prediction yet. Add images to at least two classes, then show the webcam an object or
        classify an image.
      </p>
    );
  }
  const top = argmax(prediction.probabilities);
  return (
    <div className="prediction" data-testid="prediction" data-mode={prediction.mode}>
      <p className="prediction-mode" data-testid="prediction-mode">
        {prediction.mode === 'instant' ? 'Instant (k-NN, before training)' : 'Trained model'}
      </p>
      <ul className="prediction-bars" aria-label="Confidence per class">
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
                {isTop && <span className="visually-hidden"> (most likely)</span>}
              </span>
              <meter
                min={0}
                max={1}
                value={p}
                aria-label={`${nameOf(classId)}${isTop ? ' (most likely)' : ''}`}
              />
              <span className="bar-value">{percent(p)}</span>
            </li>
          );
        })}
      </ul>
      <p className="hint" data-testid="prediction-latency">
        Answered in {Math.round(prediction.latencyMs)} ms.
      </p>
    </div>
  );
}
