import { describe, expect, it } from 'vitest';
import { buildKnnIndex, knnPredict } from '../../src/core/knn/knnClassifier';
import { DimensionMismatchError } from '../../src/core/errors';
import { evaluate } from '../../src/core/evaluation/evaluate';
import { gaussianClusters } from '../support/clusters';

describe('cosine k-NN classifier', () => {
  it('predicts the class of the most similar references without training', () => {
    const index = buildKnnIndex(
      [Float32Array.of(1, 0), Float32Array.of(0.9, 0.1), Float32Array.of(0, 1)],
      [0, 0, 1],
      2,
    );
    const p = knnPredict(index, Float32Array.of(10, 1), 1);
    expect(p[0]).toBeCloseTo(1, 5);
    const q = knnPredict(index, Float32Array.of(0.1, 3), 1);
    expect(q[1]).toBeCloseTo(1, 5);
  });

  it('compares directions, not lengths', () => {
    const index = buildKnnIndex([Float32Array.of(100, 0), Float32Array.of(0, 0.01)], [0, 1], 2);
    expect(knnPredict(index, Float32Array.of(0, 5), 1)[1]).toBeCloseTo(1, 5);
  });

  it('returns probabilities over all classes that sum to one', () => {
    const data = gaussianClusters(4, 20, 16, 0.8, 3);
    const index = buildKnnIndex(data.embeddings, data.labels, 4);
    const p = knnPredict(index, data.embeddings[5]!, 7);
    expect(p).toHaveLength(4);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('classifies held-out points of separable clusters', () => {
    const all = gaussianClusters(3, 50, 16, 0.7, 11);
    const trainIdx = all.labels.map((_, i) => i).filter((i) => i % 5 !== 0);
    const testIdx = all.labels.map((_, i) => i).filter((i) => i % 5 === 0);
    const index = buildKnnIndex(
      trainIdx.map((i) => all.embeddings[i]!),
      trainIdx.map((i) => all.labels[i]!),
      3,
    );
    const probs = testIdx.map((i) => knnPredict(index, all.embeddings[i]!, 5));
    const acc = evaluate(
      probs,
      testIdx.map((i) => all.labels[i]!),
      testIdx.map(String),
      3,
    ).accuracy;
    expect(acc).toBeGreaterThan(0.9);
  });

  it('works with k larger than the reference set and rejects a wrong-length query', () => {
    const index = buildKnnIndex([Float32Array.of(1, 0)], [1], 2);
    expect(knnPredict(index, Float32Array.of(1, 1), 10)[1]).toBeCloseTo(1, 5);
    expect(() => knnPredict(index, Float32Array.of(1, 1, 1))).toThrow(DimensionMismatchError);
  });
});
