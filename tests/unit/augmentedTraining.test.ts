import { describe, expect, it, vi } from 'vitest';
import type * as TrainHeadModule from '../../src/core/training/trainHead';
import type { TrainingData } from '../../src/core/training/trainHead';
import { stratifiedSplit } from '../../src/core/dataset/split';
import { subsetOf, trainingRows } from '../../src/core/training/trainingRows';
import { gaussianClusters } from '../support/clusters';
import { expectNoLeaks } from '../support/noLeaks';

// Every call of trainHead is recorded (crossValidate calls it once per fold).
const calls: TrainingData[] = [];
vi.mock('../../src/core/training/trainHead', async (importOriginal) => {
  const actual = await importOriginal<typeof TrainHeadModule>();
  return {
    ...actual,
    trainHead: (...args: Parameters<typeof actual.trainHead>) => {
      calls.push(args[0]);
      return actual.trainHead(...args);
    },
  };
});
const { trainHead } = await import('../../src/core/training/trainHead');
const { crossValidate } = await import('../../src/core/training/crossValidate');

const DIM = 8;
const VARIANTS = 3;

/**
 * Clustered data whose variants are tagged: variant v of sample i is the sample's embedding with
 * its last value set to 1000 + i * 10 + v, so any row can be traced back to its sample.
 */
function taggedData(perClass: number): TrainingData & { augmented: Float32Array[][] } {
  const { embeddings, labels } = gaussianClusters(2, perClass, DIM, 0.5, 7);
  const augmented = embeddings.map((e, i) =>
    Array.from({ length: VARIANTS }, (_, v) => {
      const copy = Float32Array.from(e);
      copy[DIM - 1] = 1000 + i * 10 + v;
      return copy;
    }),
  );
  return { embeddings, labels, classCount: 2, augmented };
}

const sampleOfTag = (row: Float32Array): number | null => {
  const tag = row[DIM - 1]!;
  return tag >= 1000 ? Math.floor((tag - 1000) / 10) : null;
};

describe('training with augmented variants', () => {
  it('adds only the training samples’ variants as rows: a held-out sample’s variants never train', () => {
    const data = taggedData(10);
    const split = stratifiedSplit(data.labels, 0.3, 1);
    const rows = trainingRows(data, split.train);
    const held = new Set(split.validation);
    expect(held.size).toBeGreaterThan(0);
    const trainingTags = rows.train.map((r) => sampleOfTag(rows.embeddings[r]!));
    for (const tag of trainingTags) if (tag !== null) expect(held.has(tag)).toBe(false);
    for (const r of rows.train) expect(held.has(rows.sampleOf[r]!)).toBe(false);
    // Validation indices still point at the samples themselves, untouched.
    for (const v of split.validation) expect(rows.embeddings[v]).toBe(data.embeddings[v]);
    expect(rows.train).toHaveLength(split.train.length * (1 + VARIANTS));
    for (const r of rows.train) expect(rows.labels[r]).toBe(data.labels[rows.sampleOf[r]!]);
  });

  it('keeps each sample’s variants with it when a fold’s training side is taken out', () => {
    const data = taggedData(4);
    const subset = subsetOf(data, [1, 5]);
    expect(subset.augmented).toEqual([data.augmented[1], data.augmented[5]]);
    expect(subset.labels).toEqual([data.labels[1], data.labels[5]]);
  });

  it('trains on more rows with variants, and validates on the held-out samples alone', async () => {
    const data = taggedData(40); // 40 per class: above the small-data threshold, so 15 % held out
    const options = { epochs: 2, earlyStopping: null };
    const plain = await trainHead({ ...data, augmented: undefined }, options);
    plain.model.dispose();
    const result = await expectNoLeaks(async () => {
      const trained = await trainHead(data, options);
      trained.model.dispose();
      return trained;
    });
    expect(result.validationIndices).toEqual(plain.validationIndices);
    expect(result.validationIndices.length).toBeGreaterThan(0);
    const trainSamples = data.labels.length - result.validationIndices.length;
    expect(plain.trainingRowCount).toBe(trainSamples);
    expect(result.trainingRowCount).toBe(trainSamples * (1 + VARIANTS));
  });

  it('trains on every sample and all its variants when nothing is held out (small data)', async () => {
    const data = taggedData(6);
    const result = await trainHead(data, { epochs: 2 });
    result.model.dispose();
    expect(result.validationIndices).toEqual([]);
    expect(result.trainingRowCount).toBe(data.labels.length * (1 + VARIANTS));
  });

  it('never trains a cross-validation fold on the variants of the samples it predicts', async () => {
    const data = taggedData(6);
    calls.length = 0;
    await expectNoLeaks(() => crossValidate(data, { epochs: 2 }, { maxFolds: 3 }));
    expect(calls).toHaveLength(3);
    const predictedBy = calls.map((fold) => {
      const trained = new Set(
        fold.embeddings.map((e) => data.embeddings.indexOf(e)).filter((i) => i >= 0),
      );
      return data.labels.map((_, i) => i).filter((i) => !trained.has(i));
    });
    calls.forEach((fold, f) => {
      const heldOut = new Set(predictedBy[f]);
      expect(heldOut.size).toBeGreaterThan(0);
      for (const variants of fold.augmented ?? []) {
        for (const v of variants) expect(heldOut.has(sampleOfTag(v)!)).toBe(false);
      }
      expect((fold.augmented ?? []).flat()).toHaveLength(fold.labels.length * VARIANTS);
    });
  });

  it('refuses variants that are not given per sample', async () => {
    const data = taggedData(6);
    await expect(trainHead({ ...data, augmented: data.augmented.slice(1) })).rejects.toThrow(
      /per sample/,
    );
  });
});
