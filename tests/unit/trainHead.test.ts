import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainHead, type EpochLog } from '../../src/core/training/trainHead';
import { headModelFromWeights } from '../../src/core/training/headModel';
import { CancelledError, DisposedError, TooFewClassesError } from '../../src/core/errors';
import { evaluate } from '../../src/core/evaluation/evaluate';
import { gaussianClusters } from '../support/clusters';
import { expectNoLeaks } from '../support/noLeaks';

const DIM = 32;
const train = gaussianClusters(3, 40, DIM, 0.6, 1);
const test = gaussianClusters(3, 30, DIM, 0.6, 1); // same centres (same seed), fresh noise below
const heldOut = gaussianClusters(3, 70, DIM, 0.6, 1);
heldOut.embeddings.splice(0, 0);
const testSet = {
  embeddings: heldOut.embeddings.filter((_, i) => i % 70 >= 40),
  labels: heldOut.labels.filter((_, i) => i % 70 >= 40),
};
void test;

describe('trainHead', () => {
  it('learns separable classes and classifies held-out embeddings correctly', async () => {
    const result = await trainHead({ ...train, classCount: 3 }, { epochs: 40 });
    const probs = await result.model.predict(testSet.embeddings);
    const ids = testSet.labels.map((_, i) => `t${i}`);
    expect(evaluate(probs, testSet.labels, ids, 3).accuracy).toBeGreaterThan(0.95);
    for (const p of probs) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    result.model.dispose();
  });

  it('reports loss and accuracy for training and validation after every epoch', async () => {
    const logs: EpochLog[] = [];
    const result = await trainHead(
      { ...train, classCount: 3 },
      { epochs: 5, earlyStopping: null },
      { onEpoch: (l) => logs.push(l) },
    );
    expect(logs.map((l) => l.epoch)).toEqual([1, 2, 3, 4, 5]);
    for (const l of logs) {
      expect(l.loss).toBeGreaterThan(0);
      expect(l.acc).toBeGreaterThanOrEqual(0);
      expect(l.valLoss).toBeGreaterThan(0);
      expect(l.valAcc).toBeLessThanOrEqual(1);
    }
    expect(logs[4]!.loss).toBeLessThan(logs[0]!.loss);
    expect(result.history).toEqual(logs);
    result.model.dispose();
  });

  it('holds nothing out and trains every epoch when the smallest class has fewer than 30 images', async () => {
    const small = gaussianClusters(3, 8, DIM, 0.6, 2);
    const result = await trainHead(
      { ...small, classCount: 3 },
      { epochs: 12, earlyStopping: { patience: 2, minDelta: 10 } },
    );
    expect(result.validationIndices).toEqual([]);
    expect(result.history).toHaveLength(12);
    expect(result.stoppedEarly).toBe(false);
    expect(result.history.every((h) => h.valLoss === undefined)).toBe(true);
    expect(result.options.validationFraction).toBe(0);
    result.model.dispose();
  });

  it('keeps the hold-out for tiny data when the small-data rule is off (Teachable Machine recipe)', async () => {
    const small = gaussianClusters(3, 8, DIM, 0.6, 2);
    const result = await trainHead({ ...small, classCount: 3 }, { epochs: 3, smallData: null });
    expect(result.validationIndices.length).toBeGreaterThan(0);
    expect(result.history[0]!.valLoss).toBeGreaterThan(0);
    result.model.dispose();
  });

  it('stops early when validation loss stops improving and keeps the best epoch', async () => {
    const result = await trainHead(
      { ...train, classCount: 3 },
      { epochs: 500, earlyStopping: { patience: 3, minDelta: 0.01 }, learningRate: 0.01 },
    );
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBeLessThan(500);
    const bestLoss = Math.min(...result.history.map((h) => h.valLoss!));
    const kept = result.history[result.bestEpoch - 1]!.valLoss!;
    expect(kept - bestLoss).toBeLessThanOrEqual(0.01);
    expect(result.history.length - result.bestEpoch).toBe(3);
    result.model.dispose();
  });

  it('trains a linear probe when hidden units is 0', async () => {
    const result = await trainHead({ ...train, classCount: 3 }, { hiddenUnits: 0, epochs: 30 });
    const w = await result.model.weights();
    expect(w.layers).toHaveLength(1);
    const probs = await result.model.predict(testSet.embeddings);
    expect(evaluate(probs, testSet.labels, testSet.labels.map(String), 3).accuracy).toBeGreaterThan(
      0.9,
    );
    result.model.dispose();
  });

  it('balances an imbalanced set so the rare class is still recognised', async () => {
    const skewed = gaussianClusters(2, 0, DIM, 1.2, 9, [200, 8]);
    const probe = gaussianClusters(2, 0, DIM, 1.2, 9, [260, 48]);
    const rare = probe.embeddings.slice(260 + 8);
    const balanced = await trainHead(
      { ...skewed, classCount: 2 },
      { epochs: 30, classWeighting: 'balanced', validationFraction: 0 },
    );
    const probs = await balanced.model.predict(rare);
    const recall = probs.filter((p) => p[1]! > p[0]!).length / rare.length;
    expect(recall).toBeGreaterThan(0.8);
    balanced.model.dispose();
  });

  it('is cancelled by an AbortSignal and leaves no tensors behind', async () => {
    const controller = new AbortController();
    await expectNoLeaks(async () => {
      const run = trainHead(
        { ...train, classCount: 3 },
        { epochs: 1000, earlyStopping: null },
        { onEpoch: (l) => l.epoch === 2 && controller.abort(), signal: controller.signal },
      );
      await expect(run).rejects.toBeInstanceOf(CancelledError);
    });
  });

  it('refuses to train on fewer than two classes', async () => {
    await expect(
      trainHead({
        embeddings: train.embeddings.slice(0, 40),
        labels: train.labels.slice(0, 40),
        classCount: 3,
      }),
    ).rejects.toBeInstanceOf(TooFewClassesError);
  });

  it('round-trips its weights as plain arrays with identical predictions', async () => {
    const result = await trainHead({ ...train, classCount: 3 }, { epochs: 5 });
    const copy = headModelFromWeights(await result.model.weights());
    const a = await result.model.predict(testSet.embeddings.slice(0, 5));
    const b = await copy.predict(testSet.embeddings.slice(0, 5));
    a.forEach((row, i) => row.forEach((v, j) => expect(b[i]![j]).toBeCloseTo(v, 6)));
    result.model.dispose();
    copy.dispose();
  });

  it('leaves the tensor count where it found it after training, predicting and disposing twice', async () => {
    await expectNoLeaks(async () => {
      const result = await trainHead({ ...train, classCount: 3 }, { epochs: 3 });
      await result.model.predict(testSet.embeddings);
      await result.model.weights();
      result.model.dispose();
      result.model.dispose();
      await expect(result.model.predict(testSet.embeddings)).rejects.toBeInstanceOf(DisposedError);
    });
  });

  it('computes the same weight gradient as a plain matMul (the WASM transpose workaround)', async () => {
    const result = await trainHead(
      { ...train, classCount: 3 },
      { epochs: 1, hiddenUnits: 0, dropout: 0 },
    );
    const [kernel] = result.model.variables();
    const x = tf.tensor2d(
      train.embeddings.slice(0, 8).flatMap((e) => [...e]),
      [8, DIM],
    );
    const bias = result.model.variables()[1]!;
    const viaModel = tf.grad((k: tf.Tensor) =>
      tf.sum(tf.square(tf.add(tf.matMul(x, k as tf.Tensor2D), bias))),
    )(kernel!);
    const fromHead = tf.variableGrads(
      () => tf.sum(tf.square(result.model.logits(x, 0))) as tf.Scalar,
      [kernel!],
    );
    const expected = await viaModel.data();
    const actual = await fromHead.grads[kernel!.name]!.data();
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 3));
    tf.dispose([x, viaModel, fromHead.value, ...Object.values(fromHead.grads)]);
    result.model.dispose();
  });

  it('computes the same gradients for every weight of a hidden-layer head as plain TF.js ops', async () => {
    const result = await trainHead(
      { ...train, classCount: 3 },
      { epochs: 1, hiddenUnits: 16, dropout: 0 },
    );
    const vars = result.model.variables();
    const [w1, b1, w2, b2] = vars as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    const x = tf.tensor2d(
      train.embeddings.slice(0, 8).flatMap((e) => [...e]),
      [8, DIM],
    );
    const plain = tf.variableGrads(() => {
      const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
      return tf.sum(tf.square(tf.add(tf.matMul(h, w2), b2))) as tf.Scalar;
    }, vars);
    const fromHead = tf.variableGrads(
      () => tf.sum(tf.square(result.model.logits(x, 0))) as tf.Scalar,
      vars,
    );
    for (const v of vars) {
      const expected = await plain.grads[v.name]!.data();
      const actual = await fromHead.grads[v.name]!.data();
      expect(actual.length).toBe(expected.length);
      actual.forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 3));
    }
    tf.dispose([
      x,
      plain.value,
      fromHead.value,
      ...Object.values(plain.grads),
      ...Object.values(fromHead.grads),
    ]);
    result.model.dispose();
  });
});
