/**
 * Which rows a head trains on. The samples' own embeddings come first, in data order (so
 * validation indices keep pointing at samples); the augmented variants of the samples on the
 * training side follow. A held-out sample's variants are never a row: a photo the head is scored
 * on must not reach training through its mirror image or a crop of it.
 * Pure: no tensors.
 */
import type { TrainingData } from './trainHead';

/** The rows to upload and which of them train. */
export interface TrainingRows {
  /** Every sample's embedding (data order), then the training samples' variants. */
  embeddings: Float32Array[];
  /** Class index of each row. */
  labels: number[];
  /** Indices into `embeddings` that train: the training samples and their variants. */
  train: number[];
  /** For each row, the sample (index into the data) it comes from. */
  sampleOf: number[];
}

/** The rows for training on `trainIndices` (indices into `data`); the others only validate. */
export function trainingRows(data: TrainingData, trainIndices: readonly number[]): TrainingRows {
  const embeddings = [...data.embeddings];
  const labels = [...data.labels];
  const sampleOf = data.labels.map((_, i) => i);
  const train = [...trainIndices];
  for (const i of trainIndices) {
    for (const variant of data.augmented?.[i] ?? []) {
      train.push(embeddings.length);
      embeddings.push(variant);
      labels.push(data.labels[i]!);
      sampleOf.push(i);
    }
  }
  return { embeddings, labels, train, sampleOf };
}

/** The data restricted to `indices` (a cross-validation fold's training side), variants kept. */
export function subsetOf(data: TrainingData, indices: readonly number[]): TrainingData {
  return {
    embeddings: indices.map((i) => data.embeddings[i]!),
    labels: indices.map((i) => data.labels[i]!),
    classCount: data.classCount,
    ...(data.augmented ? { augmented: indices.map((i) => data.augmented![i] ?? []) } : {}),
  };
}
