import { describe, expect, it } from 'vitest';
import { argMax } from '../../src/core/evaluation/evaluate';
import { CancelledError } from '../../src/core/errors';
import { crossValidate, foldCount, stratifiedFolds } from '../../src/core/training/crossValidate';
import { trainHead } from '../../src/core/training/trainHead';
import { createRng } from '../../src/core/dataset/random';
import { gaussianClusters } from '../support/clusters';
import { expectNoLeaks } from '../support/noLeaks';

const DIM = 16;

describe('cross-validation', () => {
  it('deals each class evenly over the folds, and uses no more folds than the smallest class has samples', () => {
    const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const folds = stratifiedFolds(labels, 3, 1);
    for (const c of [0, 1]) {
      const perFold = [0, 1, 2].map(
        (f) => labels.filter((l, i) => l === c && folds[i] === f).length,
      );
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    expect(foldCount(labels)).toBe(5);
    expect(foldCount([0, 0, 0, 1, 1, 1, 1, 1, 1])).toBe(3);
    expect(foldCount([0, 1])).toBe(2);
  });

  it('predicts every sample with a head that did not train on it, without leaking tensors', async () => {
    const data = { ...gaussianClusters(3, 8, DIM, 0.6, 3), classCount: 3 };
    let probs: Float32Array[] = [];
    await expectNoLeaks(async () => {
      probs = await crossValidate(data, { epochs: 30 });
    });
    expect(probs).toHaveLength(24);
    for (const p of probs) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const right = probs.filter((p, i) => argMax(p) === data.labels[i]).length;
    expect(right / 24).toBeGreaterThan(0.9);
  });

  it('shows what training accuracy hides: labels that carry no signal score near chance', async () => {
    const rng = createRng(9);
    const data = {
      embeddings: Array.from({ length: 40 }, () => Float32Array.from({ length: DIM }, () => rng())),
      labels: Array.from({ length: 40 }, (_, i) => i % 2),
      classCount: 2,
    };
    const options = {
      epochs: 150,
      hiddenUnits: 64,
      dropout: 0,
      weightDecay: 0,
      learningRate: 0.01,
    };
    const trained = await trainHead(data, options);
    const seen = await trained.model.predict(data.embeddings);
    trained.model.dispose();
    const trainAcc = seen.filter((p, i) => argMax(p) === data.labels[i]).length / 40;
    const cv = await crossValidate(data, options);
    const cvAcc = cv.filter((p, i) => argMax(p) === data.labels[i]).length / 40;
    expect(trainAcc).toBeGreaterThan(0.9);
    expect(cvAcc).toBeLessThan(0.75);
  });

  it('stops when cancelled', async () => {
    const data = { ...gaussianClusters(2, 10, DIM, 0.6, 4), classCount: 2 };
    const controller = new AbortController();
    controller.abort();
    await expect(crossValidate(data, {}, { signal: controller.signal })).rejects.toBeInstanceOf(
      CancelledError,
    );
  });
});
