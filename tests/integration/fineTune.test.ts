/**
 * Fine-tuning the last blocks of the real Teachable Machine base on real photos (roses vs tulips,
 * 6 each, from ../shared): it learns what the frozen head could not, never touches the base
 * model's weights and leaves no tensor behind.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import { glimpseNormalization } from '../../src/core/features/extractor';
import { preprocess } from '../../src/core/preprocess/preprocess';
import { headModelFromWeights, type HeadWeights } from '../../src/core/training/headModel';
import { trainHead } from '../../src/core/training/trainHead';
import {
  activationsAt,
  cutLayerFor,
  fineTune,
  predictFineTuned,
  startingWeights,
} from '../../src/core/training/fineTune';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { loadDataset } from '../support/datasets';
import { serveFolder } from '../support/modelServer';
import { expectNoLeaks } from '../support/noLeaks';
import { haveShared, MODELS_DIR } from '../support/shared';

const S = TM_MOBILENET_V2.inputSize;

function pack(rows: readonly Float32Array[]): Float32Array {
  const flat = new Float32Array(rows.length * rows[0]!.length);
  rows.forEach((r, i) => flat.set(r, i * r.length));
  return flat;
}

function accuracy(probs: readonly Float32Array[], labels: readonly number[]): number {
  return probs.filter((p, i) => (p[1]! > p[0]! ? 1 : 0) === labels[i]).length / labels.length;
}

function crossEntropy(probs: readonly Float32Array[], labels: readonly number[]): number {
  return -probs.reduce((s, p, i) => s + Math.log(p[labels[i]!]! + 1e-12), 0) / probs.length;
}

describe.skipIf(!haveShared())('fineTune on the Teachable Machine base', () => {
  let base: tf.LayersModel;
  let pixels: Float32Array[];
  let embeddings: Float32Array[];
  let head: HeadWeights;
  const labels: number[] = [];

  beforeAll(async () => {
    const server = await serveFolder(MODELS_DIR);
    base = await tf.loadLayersModel(`${server.url}${TM_MOBILENET_V2.id}/model.json`);
    await server.close();
    const ds = loadDataset('flowers');
    const photos = ['roses', 'tulips'].flatMap((c, label) =>
      ds.train
        .filter((d) => d.className === c)
        .slice(0, 6)
        .map((d) => ({ d, label })),
    );
    pixels = [];
    for (const { d, label } of photos) {
      pixels.push(
        preprocess(await decodeImageFile(d.path), S, glimpseNormalization(TM_MOBILENET_V2)),
      );
      labels.push(label);
    }
    const output = base.outputLayers[0]!.name;
    embeddings = (await activationsAt(base, [output], pack(pixels), pixels.length))[0]!;
    // A head stopped early: it does not yet separate these two look-alike classes.
    const trained = await trainHead(
      { embeddings, labels, classCount: 2 },
      { epochs: 2, learningRate: 1e-4, seed: 3 },
    );
    head = await trained.model.weights();
    trained.model.dispose();
  });

  afterAll(() => base?.dispose());

  it('rebuilds the unfrozen top exactly: the starting point predicts what the frozen head predicts', async () => {
    const frozen = headModelFromWeights(head);
    const expected = await frozen.predict(embeddings);
    frozen.dispose();
    for (const blocks of [1, 2]) {
      const acts = (
        await activationsAt(base, [cutLayerFor(base, blocks)], pack(pixels), pixels.length)
      )[0]!;
      const start = await startingWeights(base, head, blocks);
      const probs = await predictFineTuned(base, start, acts);
      probs.forEach((p, i) => p.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 5)));
    }
  });

  it('raises training accuracy over the frozen head, changes only the unfrozen layers and leaks nothing', async () => {
    const before = base.getWeights().map((w) => Float32Array.from(w.dataSync()));
    const frozen = headModelFromWeights(head);
    const frozenProbs = await frozen.predict(embeddings);
    frozen.dispose();
    await activationsAt(base, [cutLayerFor(base, 1)], pack(pixels), 1); // builds the cached cut model
    const result = await expectNoLeaks(() =>
      fineTune(
        base,
        head,
        { pixels, labels, classCount: 2 },
        { blocks: 1, learningRate: 1e-3, epochs: 12, dropout: 0, seed: 1 },
      ),
    );
    const acts = (await activationsAt(base, [result.weights.cutLayer], pack(pixels), 12))[0]!;
    const tunedProbs = await expectNoLeaks(() => predictFineTuned(base, result.weights, acts));

    expect(accuracy(frozenProbs, labels)).toBeLessThan(1);
    expect(accuracy(tunedProbs, labels)).toBeGreaterThan(accuracy(frozenProbs, labels));
    expect(crossEntropy(tunedProbs, labels)).toBeLessThan(crossEntropy(frozenProbs, labels) / 2);
    expect(result.history[0]!.epoch).toBe(0);
    expect(result.history).toHaveLength(13);

    // The base model is untouched; the returned layers are exactly the last block + Conv_1.
    const after = base.getWeights().map((w) => w.dataSync());
    after.forEach((w, i) => expect(w).toEqual(before[i]));
    const names = result.weights.layers.map((l) => l.layer);
    expect(result.weights.cutLayer).toBe('block_15_add');
    expect(names.every((n) => n.startsWith('block_16_') || n.startsWith('Conv_1'))).toBe(true);
    expect(names).toContain('Conv_1');
    const conv = result.weights.layers.find((l) => l.layer === 'Conv_1')!.weights[0]!;
    expect(conv.name).toBe('Conv_1/kernel');
    const original = base.getLayer('Conv_1').getWeights()[0]!.dataSync();
    expect(conv.values).not.toEqual(Float32Array.from(original));
    // Batch-norm moving statistics stay the base's own.
    const bn = result.weights.layers.find((l) => l.layer === 'Conv_1_bn')!.weights;
    const stats = base.getLayer('Conv_1_bn').getWeights();
    expect(bn[2]!.values).toEqual(Float32Array.from(stats[2]!.dataSync()));
    expect(bn[3]!.values).toEqual(Float32Array.from(stats[3]!.dataSync()));
  });
});
