/**
 * Out-of-fold predictions by stratified k-fold cross-validation: every sample is predicted by a
 * head that never trained on it. Used for the metrics when the data is too small to hold any out
 * (the final head trains on everything), so the Evaluate panel still shows honest figures and a
 * confusion matrix covering every image.
 */
import { CancelledError } from '../errors';
import { createRng, shuffleInPlace } from '../dataset/random';
import { DEFAULT_HEAD_OPTIONS, type HeadOptions } from './headOptions';
import { trainHead, type TrainCallbacks, type TrainingData } from './trainHead';
import { subsetOf } from './trainingRows';

/** Fold (0..k−1) of each sample: each class's samples dealt round-robin in a seeded order. */
export function stratifiedFolds(labels: readonly number[], k: number, seed: number): number[] {
  const rng = createRng(seed);
  const folds = new Array<number>(labels.length).fill(0);
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
  for (const members of byClass.values()) {
    shuffleInPlace(members, rng).forEach((sample, rank) => (folds[sample] = rank % k));
  }
  return folds;
}

/** How many folds: up to `maxFolds`, never more than the smallest class has samples (min 2). */
export function foldCount(labels: readonly number[], maxFolds = 5): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return Math.max(2, Math.min(maxFolds, ...counts.values()));
}

/**
 * Out-of-fold class probabilities for every sample, in input order. Each fold trains a fresh
 * head with `options` on the other folds; every head is disposed.
 */
export async function crossValidate(
  data: TrainingData,
  options: Partial<HeadOptions> = {},
  settings: { maxFolds?: number; signal?: AbortSignal } = {},
): Promise<Float32Array[]> {
  const o = { ...DEFAULT_HEAD_OPTIONS, ...options };
  const k = foldCount(data.labels, settings.maxFolds);
  const folds = stratifiedFolds(data.labels, k, o.seed);
  const out = new Array<Float32Array>(data.labels.length);
  const callbacks: TrainCallbacks = settings.signal ? { signal: settings.signal } : {};
  for (let f = 0; f < k; f++) {
    if (settings.signal?.aborted) throw new CancelledError('Checking the model');
    const trainIdx = folds.flatMap((fold, i) => (fold === f ? [] : [i]));
    const testIdx = folds.flatMap((fold, i) => (fold === f ? [i] : []));
    // The fold's training side carries its variants; the held-out fold's never train.
    const result = await trainHead(subsetOf(data, trainIdx), o, callbacks);
    try {
      const probs = await result.model.predict(testIdx.map((i) => data.embeddings[i]!));
      testIdx.forEach((sample, j) => (out[sample] = probs[j]!));
    } finally {
      result.model.dispose();
    }
  }
  return out;
}
