/**
 * Shared flow for the accuracy integration tests: load a real backbone from the self-hosted
 * folder, embed a shared dataset's fixed split, train the default head on all or K images per
 * class, and score held-out photos.
 */
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
