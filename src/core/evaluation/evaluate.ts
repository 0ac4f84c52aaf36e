/** Pure evaluation kernels: top-K, accuracy, per-class accuracy, confusion matrix. */
import { InvalidArgumentError } from '../errors';

/** One ranked class. */
export interface RankedClass {
  classIndex: number;
  probability: number;
}

/** The K most probable classes, best first (ties keep class order). */
export function topK(probabilities: Float32Array | readonly number[], k = 3): RankedClass[] {
  return Array.from(probabilities, (probability, classIndex) => ({ classIndex, probability }))
    .sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex)
    .slice(0, Math.max(0, k));
}

/** Index of the most probable class (first on ties). */
export function argMax(probabilities: Float32Array | readonly number[]): number {
  let best = 0;
  for (let i = 1; i < probabilities.length; i++)
    if (probabilities[i]! > probabilities[best]!) best = i;
  return best;
}

/** A sample the model got wrong. */
export interface Misclassified {
  id: string;
  trueClass: number;
  predictedClass: number;
  confidence: number;
}

/** Evaluation of predictions against true labels. */
export interface Evaluation {
  total: number;
  correct: number;
  accuracy: number;
  perClass: { classIndex: number; total: number; correct: number; accuracy: number }[];
  /** `confusion[t][p]`: samples of true class t predicted as p. */
  confusion: number[][];
  /** `cellIds[t][p]`: the sample ids in that confusion cell (for drill-down). */
  cellIds: string[][][];
  misclassified: Misclassified[];
}

/** Scores per-sample probabilities against the true class indices. */
export function evaluate(
  probabilities: readonly (Float32Array | readonly number[])[],
  trueLabels: readonly number[],
  ids: readonly string[],
  classCount: number,
): Evaluation {
  if (probabilities.length !== trueLabels.length || ids.length !== trueLabels.length) {
    throw new InvalidArgumentError('Predictions, labels and ids must have the same length.');
  }
  const confusion = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  const cellIds = Array.from({ length: classCount }, () =>
    Array.from({ length: classCount }, () => [] as string[]),
  );
  const misclassified: Misclassified[] = [];
  let correct = 0;
  probabilities.forEach((p, i) => {
    const t = trueLabels[i]!;
    if (p.length !== classCount || t < 0 || t >= classCount) {
      throw new InvalidArgumentError(`Prediction ${i} does not match the ${classCount} classes.`);
    }
    const predicted = argMax(p);
    confusion[t]![predicted]!++;
    cellIds[t]![predicted]!.push(ids[i]!);
    if (predicted === t) correct++;
    else
      misclassified.push({
        id: ids[i]!,
        trueClass: t,
        predictedClass: predicted,
        confidence: p[predicted]!,
      });
  });
  const perClass = confusion.map((row, classIndex) => {
    const total = row.reduce((a, b) => a + b, 0);
    const ok = row[classIndex]!;
    return { classIndex, total, correct: ok, accuracy: total ? ok / total : 0 };
  });
  const total = trueLabels.length;
  return {
    total,
    correct,
    accuracy: total ? correct / total : 0,
    perClass,
    confusion,
    cellIds,
    misclassified,
  };
}
