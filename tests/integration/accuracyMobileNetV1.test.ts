/**
 * Real MobileNet v1 0.25 (TF-Hub graph) through @tensorflow-models/mobilenet, real photos,
 * held-out test split. Thresholds are measured values minus a safety margin (default head,
 * 3 seeds, Node WASM, 2026-11-25): flowers all 0.685 → assert 0.62; flowers 10/class 0.49 →
 * assert 0.43; rock-paper-scissors all 1.00 → assert 0.95.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import {
  embedSharedDataset,
  heldOutAccuracy,
  loadSharedBackbone,
  type EmbeddedDataset,
} from '../support/accuracySuite';
import { haveShared } from '../support/shared';

describe.skipIf(!haveShared())(
  'default head on MobileNet v1 0.25 via @tensorflow-models/mobilenet',
  () => {
    let extractor: FeatureExtractor;
    let flowers: EmbeddedDataset;
    let rps: EmbeddedDataset;
    beforeAll(async () => {
      extractor = await loadSharedBackbone('mobilenet-v1-0.25-224-graph');
      rps = await embedSharedDataset(extractor, 'rock-paper-scissors');
      flowers = await embedSharedDataset(extractor, 'flowers');
    });
    afterAll(() => extractor?.dispose());

    it('classifies held-out flowers with at least 62 % accuracy when trained on all 800', async () => {
      expect((await heldOutAccuracy(flowers)).accuracy).toBeGreaterThanOrEqual(0.62);
    });

    it('classifies held-out flowers with at least 43 % accuracy from 10 photos per class', async () => {
      expect((await heldOutAccuracy(flowers, 10)).accuracy).toBeGreaterThanOrEqual(0.43);
    });

    it('classifies held-out rock-paper-scissors hands with at least 95 % accuracy', async () => {
      expect((await heldOutAccuracy(rps)).accuracy).toBeGreaterThanOrEqual(0.95);
    });
  },
);
