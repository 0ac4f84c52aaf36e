/**
 * Cosine k-nearest-neighbour classifier over cached embeddings: predictions as soon as two
 * classes have samples, with no training. Plain JS over Float32Arrays; no tensors.
 */
import { DimensionMismatchError, InvalidArgumentError } from '../errors';

/** A reference set prepared for cosine search (rows L2-normalised once). */
export interface KnnIndex {
  dim: number;
  classCount: number;
  /** Row-major normalised embeddings. */
  rows: Float32Array;
  labels: Int32Array;
}

function normalise(src: Float32Array, dst: Float32Array, at: number): void {
  let sum = 0;
  for (let i = 0; i < src.length; i++) sum += src[i]! * src[i]!;
  const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < src.length; i++) dst[at + i] = src[i]! * inv;
}

/** Builds an index from labelled embeddings. */
export function buildKnnIndex(
  embeddings: readonly Float32Array[],
  labels: readonly number[],
  classCount: number,
): KnnIndex {
  if (embeddings.length !== labels.length) {
    throw new InvalidArgumentError('Every embedding needs exactly one label.');
  }
  const dim = embeddings[0]?.length ?? 0;
  const rows = new Float32Array(embeddings.length * dim);
  embeddings.forEach((e, i) => {
    if (e.length !== dim) throw new DimensionMismatchError(dim, e.length);
    normalise(e, rows, i * dim);
  });
  return { dim, classCount, rows, labels: Int32Array.from(labels) };
}

/**
 * Class probabilities for one query: the k most similar references vote, each with weight
 * `max(similarity, 0) + 1e-6`, and the votes are normalised to sum to 1.
 */
export function knnPredict(index: KnnIndex, query: Float32Array, k = 5): Float32Array {
  const { dim, rows, labels, classCount } = index;
  if (query.length !== dim) throw new DimensionMismatchError(dim, query.length);
  const n = labels.length;
  const probs = new Float32Array(classCount);
  if (n === 0) return probs;
  const q = new Float32Array(dim);
  normalise(query, q, 0);
  const kk = Math.min(Math.max(1, Math.floor(k)), n);
  const topSim = new Float64Array(kk).fill(-Infinity);
  const topLabel = new Int32Array(kk).fill(-1);
  for (let r = 0; r < n; r++) {
    let s = 0;
    const base = r * dim;
    for (let i = 0; i < dim; i++) s += rows[base + i]! * q[i]!;
    if (s <= topSim[kk - 1]!) continue;
    let j = kk - 1;
    while (j > 0 && topSim[j - 1]! < s) {
      topSim[j] = topSim[j - 1]!;
      topLabel[j] = topLabel[j - 1]!;
      j--;
    }
    topSim[j] = s;
    topLabel[j] = labels[r]!;
  }
  let total = 0;
  for (let j = 0; j < kk; j++) {
    const vote = Math.max(topSim[j]!, 0) + 1e-6;
    probs[topLabel[j]!] = probs[topLabel[j]!]! + vote;
    total += vote;
  }
  for (let c = 0; c < classCount; c++) probs[c] = probs[c]! / total;
  return probs;
}
