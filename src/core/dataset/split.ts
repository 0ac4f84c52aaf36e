import { InvalidArgumentError } from '../errors';
import { createRng, shuffleInPlace } from './random';

/** Indices into the sample list for training and validation. */
export interface Split {
  train: number[];
  validation: number[];
}

/**
 * Stratified, seeded train/validation split. Each class gives `round(n * fraction)` samples to
 * validation, but always keeps at least one for training (a class is never emptied), and a
 * class with a single sample gives none.
 */
export function stratifiedSplit(labels: readonly number[], fraction: number, seed: number): Split {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new InvalidArgumentError(`The validation share must be in [0, 1); got ${fraction}.`);
  }
  const byClass = new Map<number, number[]>();
  labels.forEach((label, index) => {
    const list = byClass.get(label) ?? [];
    list.push(index);
    byClass.set(label, list);
  });
  const rng = createRng(seed);
  const train: number[] = [];
  const validation: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace([...byClass.get(label)!], rng);
    const nVal = Math.min(Math.round(members.length * fraction), members.length - 1);
    validation.push(...members.slice(0, Math.max(0, nVal)));
    train.push(...members.slice(Math.max(0, nVal)));
  }
  return { train: train.sort((a, b) => a - b), validation: validation.sort((a, b) => a - b) };
}

/** Per-class weights `n / (k * n_c)` so that every class counts the same in the loss. */
export function balancedClassWeights(labels: readonly number[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? labels.length / (present * c) : 0));
}
