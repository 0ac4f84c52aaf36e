/**
 * Shared flow for the accuracy integration tests: load a real backbone from the self-hosted
 * folder, embed a shared dataset's fixed split, train the default head on all or K images per
 * class, and score held-out photos.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../src/core/features/loadBackbone';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import { evaluate, type Evaluation } from '../../src/core/evaluation/evaluate';
import { trainHead } from '../../src/core/training/trainHead';
import { loadDataset } from './datasets';
import { embedImages, firstPerClass, type EmbeddedSplit } from './embedDataset';
import { serveFolder } from './modelServer';
import { MODELS_DIR } from './shared';

export interface EmbeddedDataset {
  classes: string[];
  train: EmbeddedSplit;
  test: EmbeddedSplit;
}

/** Loads `backboneId` from ../shared/models served over HTTP, as the app loads /models/. */
export async function loadSharedBackbone(backboneId: string): Promise<FeatureExtractor> {
  const server = await serveFolder(MODELS_DIR);
  try {
    const { extractor, report } = await loadBackbone(backboneId, {
      modelsBaseUrl: server.url,
      tryOfficial: false,
      allowOfflineFallback: false,
    });
    if (report.source !== 'self-hosted')
      throw new Error(`expected self-hosted, got ${report.source}`);
    return extractor;
  } finally {
    await server.close();
  }
}

export async function embedSharedDataset(
  extractor: FeatureExtractor,
  name: string,
): Promise<EmbeddedDataset> {
  const ds = loadDataset(name);
  return {
    classes: ds.classes,
    train: await embedImages(extractor, ds.train, ds.classes),
    test: await embedImages(extractor, ds.test, ds.classes),
  };
}

/** Trains the default head on all (k = undefined) or the first k images per class. */
export async function heldOutAccuracy(data: EmbeddedDataset, k?: number): Promise<Evaluation> {
  const train = k ? firstPerClass(data.train, k) : data.train;
  const classCount = data.classes.length;
  const result = await trainHead({
    embeddings: train.embeddings,
    labels: train.labels,
    classCount,
  });
  try {
    const probs = await result.model.predict(data.test.embeddings);
    return evaluate(probs, data.test.labels, data.test.ids, classCount);
  } finally {
    result.model.dispose();
  }
}

/** Minimum held-out accuracies a backbone's default head must reach. */
export interface AccuracyThresholds {
  flowersAll: number;
  flowers10: number;
  rockPaperScissorsAll: number;
}

/**
 * Declares the accuracy tests for one backbone: the default head trained on all flowers, on 10
 * flowers per class and on all rock-paper-scissors images, each scored on the held-out split.
 */
export function describeHeldOutAccuracy(
  title: string,
  backboneId: string,
  min: AccuracyThresholds,
  shared: boolean,
): void {
  describe.skipIf(!shared)(title, () => {
    let extractor: FeatureExtractor;
    let flowers: EmbeddedDataset;
    let rps: EmbeddedDataset;
    beforeAll(async () => {
      extractor = await loadSharedBackbone(backboneId);
      rps = await embedSharedDataset(extractor, 'rock-paper-scissors');
      flowers = await embedSharedDataset(extractor, 'flowers');
    });
    afterAll(() => extractor?.dispose());
    const pct = (x: number) => `${Math.round(x * 100)} %`;

    it(`classifies held-out flowers with at least ${pct(min.flowersAll)} accuracy when trained on all 800`, async () => {
      const result = await heldOutAccuracy(flowers);
      expect(result.total).toBe(200);
      expect(result.accuracy).toBeGreaterThanOrEqual(min.flowersAll);
    });

    it(`classifies held-out flowers with at least ${pct(min.flowers10)} accuracy from 10 photos per class`, async () => {
      expect((await heldOutAccuracy(flowers, 10)).accuracy).toBeGreaterThanOrEqual(min.flowers10);
    });

    it(`classifies held-out rock-paper-scissors hands with at least ${pct(min.rockPaperScissorsAll)} accuracy`, async () => {
      const result = await heldOutAccuracy(rps);
      expect(result.total).toBe(60);
      expect(result.accuracy).toBeGreaterThanOrEqual(min.rockPaperScissorsAll);
      for (const c of result.perClass) expect(c.accuracy).toBeGreaterThanOrEqual(0.85);
    });
  });
}
