/**
 * The offline fallback (nsfwjs's bundled MobileNetV2): stands in when a backbone cannot be
 * fetched, says so, classifies real photos usefully, and frees its tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OFFLINE_FALLBACK } from '../../src/core/features/catalog';
import { loadBackbone } from '../../src/core/features/loadBackbone';
import { DisposedError } from '../../src/core/errors';
import { evaluate } from '../../src/core/evaluation/evaluate';
import { buildKnnIndex, knnPredict } from '../../src/core/knn/knnClassifier';
import { trainHead } from '../../src/core/training/trainHead';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { loadDataset } from '../support/datasets';
import { embedImages } from '../support/embedDataset';
import { serveFolder, type StaticServer } from '../support/modelServer';
import { expectNoLeaks } from '../support/noLeaks';
import { haveShared, MODELS_DIR } from '../support/shared';

/** A catalog backbone with no folder in ../shared/models (its 4 MiB shard is not obtainable). */
const MISSING_ID = 'mobilenet-v2-1.0-224-graph';

/**
 * Rock-paper-scissors, train all 240 / test 60, catalog layers block_10_project_BN + out_relu
 * (bench/results/fallback-layers.md, seed-42 default head): measured head 60/60 = 1.000 and
 * cosine 5-NN 56/60 = 0.933. Thresholds keep a 10-point margin (6 test photos) for
 * backend and platform differences: head >= 0.90, k-NN >= 0.83.
 */
const MIN_HEAD_ACCURACY = 0.9;
const MIN_KNN_ACCURACY = 0.83;

describe.skipIf(!haveShared())('offline fallback (nsfwjs MobileNetV2)', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveFolder(MODELS_DIR);
  });
  afterAll(() => server?.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('stands in for a backbone whose self-hosted folder is missing, and reports it', async () => {
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      fetched.push(input instanceof Request ? input.url : String(input));
      return realFetch(input, init);
    });

    const { extractor, report } = await loadBackbone(MISSING_ID, {
      modelsBaseUrl: server.url,
      tryOfficial: false,
    });
    try {
      const selfHostedUrl = `${server.url}${MISSING_ID}/model.json`;
      expect(report).toMatchObject({
        requestedId: MISSING_ID,
        loadedId: OFFLINE_FALLBACK.id,
        source: 'offline-fallback',
        url: 'npm:nsfwjs',
        usedOfflineFallback: true,
      });
      expect(report.attempts).toHaveLength(2);
      expect(report.attempts[0]).toMatchObject({ source: 'self-hosted', url: selfHostedUrl });
      expect(report.attempts[0]!.error).toMatch(/404|not found/i);
      expect(report.attempts[1]).toEqual({ source: 'offline-fallback', url: 'npm:nsfwjs' });

      expect(extractor.id).toBe(OFFLINE_FALLBACK.id);
      expect(extractor.spec.offlineFallback).toBe(true);
      expect(extractor.dim).toBe(OFFLINE_FALLBACK.embeddingDim);

      // The only network traffic was the failed self-hosted request to the local server.
      expect(fetched.length).toBeGreaterThan(0);
      for (const url of fetched) expect(url.startsWith(server.url)).toBe(true);
      expect(server.requests).toEqual([`/${MISSING_ID}/model.json`]);
    } finally {
      extractor.dispose();
    }
  });

  it('classifies held-out rock-paper-scissors photos', async () => {
    const ds = loadDataset('rock-paper-scissors');
    expect([ds.train.length, ds.test.length]).toEqual([240, 60]);
    const { extractor } = await loadBackbone(OFFLINE_FALLBACK.id);
    let train;
    let test;
    try {
      train = await embedImages(extractor, ds.train, ds.classes);
      test = await embedImages(extractor, ds.test, ds.classes);
    } finally {
      extractor.dispose();
    }
    const classCount = ds.classes.length;

    const { model } = await trainHead({ ...train, classCount });
    let headAccuracy: number;
    try {
      const probs = await model.predict(test.embeddings);
      headAccuracy = evaluate(probs, test.labels, test.ids, classCount).accuracy;
    } finally {
      model.dispose();
    }

    const index = buildKnnIndex(train.embeddings, train.labels, classCount);
    const knnProbs = test.embeddings.map((e) => knnPredict(index, e, 5));
    const knnAccuracy = evaluate(knnProbs, test.labels, test.ids, classCount).accuracy;

    console.info(
      `offline fallback on rock-paper-scissors: head ${headAccuracy.toFixed(3)}, ` +
        `5-NN ${knnAccuracy.toFixed(3)}`,
    );
    expect(headAccuracy).toBeGreaterThanOrEqual(MIN_HEAD_ACCURACY);
    expect(knnAccuracy).toBeGreaterThanOrEqual(MIN_KNN_ACCURACY);
  });

  it('frees every tensor on dispose, and dispose twice is safe', async () => {
    const photos = await Promise.all(
      loadDataset('rock-paper-scissors')
        .test.slice(0, 3)
        .map((d) => decodeImageFile(d.path)),
    );
    const baseline = tf.memory().numTensors;
    await expectNoLeaks(async () => {
      const { extractor } = await loadBackbone(OFFLINE_FALLBACK.id);
      expect(tf.memory().numTensors).toBeGreaterThan(baseline);
      const embeddings = await extractor.embed(photos, { batchSize: 2 });
      expect(embeddings).toHaveLength(3);
      for (const e of embeddings) {
        expect(e).toHaveLength(OFFLINE_FALLBACK.embeddingDim);
        expect(e.every(Number.isFinite)).toBe(true);
        // multiLayerNetwork L2-normalises the whole vector.
        expect(Math.hypot(...e)).toBeCloseTo(1, 4);
      }
      extractor.dispose();
      extractor.dispose();
      await expect(extractor.embed(photos)).rejects.toBeInstanceOf(DisposedError);
    });
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
