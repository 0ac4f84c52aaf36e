import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import { loadBackbone } from '../../src/core/features/loadBackbone';
import { exportHead, parseHeadExport, summarizeTraining } from '../../src/core/io/headExport';
import { exportTeachableMachine } from '../../src/core/io/tmExport';
import { fromUtf8, type FileEntry } from '../../src/core/io/zip';
import { preprocess } from '../../src/core/preprocess/preprocess';
import { headModelFromWeights, type HeadWeights } from '../../src/core/training/headModel';
import { TEACHABLE_MACHINE_RECIPE } from '../../src/core/training/headOptions';
import { trainHead } from '../../src/core/training/trainHead';
import type { PixelBuffer } from '../../src/core/types';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { loadDataset } from '../support/datasets';
import { serveFolder, type StaticServer } from '../support/modelServer';
import { expectNoLeaks } from '../support/noLeaks';
import { haveShared, MODELS_DIR } from '../support/shared';

/** Loads exported files as any TF.js app would (model.json + the weights file it names). */
async function loadExported(files: readonly FileEntry[]): Promise<tf.LayersModel> {
  const get = (name: string) => files.find((f) => f.path === name)!.bytes;
  const model = JSON.parse(fromUtf8(get('model.json'))) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  expect(model.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: model.modelTopology,
      weightSpecs: model.weightsManifest[0]!.weights,
      weightData: get('weights.bin').slice().buffer,
    }),
  );
}

/** Class names of every layer, nested models included. */
function layerClasses(model: tf.LayersModel): string[] {
  return model.layers.flatMap((l) =>
    l instanceof tf.LayersModel ? [l.getClassName(), ...layerClasses(l)] : [l.getClassName()],
  );
}

describe.skipIf(!haveShared())('exported models reproduce Glimpse on real photos', () => {
  const dataset = loadDataset('rock-paper-scissors', { perClassTrain: 8 });
  let server: StaticServer;
  let extractor: FeatureExtractor;
  let weights: HeadWeights;
  let photos: PixelBuffer[];
  let embeddings: Float32Array[];
  let expected: Float32Array[];

  beforeAll(async () => {
    server = await serveFolder(MODELS_DIR);
    ({ extractor } = await loadBackbone(TM_MOBILENET_V2.id, {
      modelsBaseUrl: server.url,
      tryOfficial: false,
      allowOfflineFallback: false,
    }));
    const train = await Promise.all(dataset.train.map((d) => decodeImageFile(d.path)));
    const trainEmb = await extractor.embed(train);
    const result = await trainHead(
      {
        embeddings: trainEmb,
        labels: dataset.train.map((d) => dataset.classes.indexOf(d.className)),
        classCount: dataset.classes.length,
      },
      { ...TEACHABLE_MACHINE_RECIPE, epochs: 15 },
    );
    weights = await result.model.weights();
    result.model.dispose();
    const test = dataset.classes.flatMap((c) =>
      dataset.test.filter((d) => d.className === c).slice(0, 2),
    );
    photos = await Promise.all(test.map((d) => decodeImageFile(d.path)));
    embeddings = await extractor.embed(photos);
    const head = headModelFromWeights(weights);
    expected = await head.predict(embeddings);
    head.dispose();
    // The photos span the classes, so agreement is checked on more than one answer.
    expect(new Set(expected.map((p) => p.indexOf(Math.max(...p)))).size).toBeGreaterThan(1);
  }, 120_000);

  afterAll(() => {
    extractor?.dispose();
    server?.close();
  });

  it('head export + the named backbone: same probabilities within 1e-5', async () => {
    const files = exportHead({
      weights,
      labels: dataset.classes,
      backbone: TM_MOBILENET_V2,
      training: { settings: TEACHABLE_MACHINE_RECIPE, metrics: summarizeTraining([]) },
      appVersion: '0.1.0',
    });
    const { metadata } = parseHeadExport(files);
    expect(metadata.backbone.id).toBe(extractor.id);
    await expectNoLeaks(async () => {
      const model = await loadExported(files);
      const out = tf.tidy(
        () => model.predict(tf.tensor2d(embeddings.map((e) => Array.from(e)))) as tf.Tensor,
      );
      const actual = (await out.array()) as number[][];
      out.dispose();
      model.dispose();
      actual.forEach((row, i) =>
        row.forEach((p, j) => expect(Math.abs(p - expected[i]![j]!)).toBeLessThan(1e-5)),
      );
    });
  });

  it('Teachable-Machine-compatible full model: same probabilities within 1e-4 from pixels', async () => {
    const dir = join(MODELS_DIR, TM_MOBILENET_V2.id);
    const files = exportTeachableMachine({
      base: {
        modelJson: JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as Record<
          string,
          unknown
        >,
        weights: new Uint8Array(await readFile(join(dir, 'weights.bin'))),
      },
      head: weights,
      labels: dataset.classes,
      backboneId: TM_MOBILENET_V2.id,
      appVersion: '0.1.0',
      createdAt: new Date('2025-01-01T00:00:00Z'),
    });
    expect(files.map((f) => f.path)).toEqual(['model.json', 'weights.bin', 'metadata.json']);
    expect(JSON.parse(fromUtf8(files[2]!.bytes))).toEqual({
      tfjsVersion: tf.version.tfjs,
      packageVersion: '0.8.5',
      packageName: '@teachablemachine/image',
      timeStamp: '2025-01-01T00:00:00.000Z',
      userMetadata: { exportedBy: 'Glimpse 0.1.0' },
      modelName: 'glimpse-image-model',
      labels: dataset.classes,
      imageSize: 224,
    });
    const { scale, offset } = TM_MOBILENET_V2.normalization;
    expect([scale, offset]).toEqual([1 / 127, -1]);
    const S = TM_MOBILENET_V2.inputSize;
    const batch = new Float32Array(photos.length * S * S * 3);
    photos.forEach((p, i) => batch.set(preprocess(p, S, { scale, offset }), i * S * S * 3));
    await expectNoLeaks(async () => {
      const model = await loadExported(files);
      const allowed = new Set([
        'Sequential',
        'Model',
        'InputLayer',
        'ZeroPadding2D',
        'Conv2D',
        'DepthwiseConv2D',
        'BatchNormalization',
        'ReLU',
        'Add',
        'GlobalAveragePooling2D',
        'Dense',
      ]);
      for (const c of layerClasses(model)) expect(allowed).toContain(c);
      expect(model.outputs[0]!.shape).toEqual([null, dataset.classes.length]);
      const out = tf.tidy(
        () => model.predict(tf.tensor4d(batch, [photos.length, S, S, 3])) as tf.Tensor,
      );
      const actual = (await out.array()) as number[][];
      out.dispose();
      model.dispose();
      actual.forEach((row, i) => {
        row.forEach((p, j) => expect(Math.abs(p - expected[i]![j]!)).toBeLessThan(1e-4));
        expect(row.indexOf(Math.max(...row))).toBe(
          Array.from(expected[i]!).indexOf(Math.max(...expected[i]!)),
        );
      });
    });
  }, 60_000);
});
