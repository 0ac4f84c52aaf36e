/**
 * A deterministic stand-in for a MobileNet: the embedding is the mean colour of each quadrant
 * (12 numbers). Fast, tensor-free, and different images of different colours separate well.
 */
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import type { PixelBuffer } from '../../src/core/types';

export interface FakeExtractor extends FeatureExtractor {
  /** How many images have been embedded so far. */
  embeddedCount: number;
}

export function createFakeExtractor(): FakeExtractor {
  const fake: FakeExtractor = {
    spec: { ...TM_MOBILENET_V2, id: 'fake', embeddingDim: 12 },
    id: 'fake',
    dim: 12,
    embeddedCount: 0,
    async embed(images: readonly PixelBuffer[]) {
      fake.embeddedCount += images.length;
      return images.map((img) => {
        const out = new Float32Array(12);
        const counts = new Float32Array(4);
        for (let y = 0; y < img.height; y++) {
          for (let x = 0; x < img.width; x++) {
            const q = (y < img.height / 2 ? 0 : 2) + (x < img.width / 2 ? 0 : 1);
            const o = (y * img.width + x) * 4;
            for (let c = 0; c < 3; c++) out[q * 3 + c] = out[q * 3 + c]! + img.data[o + c]! / 255;
            counts[q] = counts[q]! + 1;
          }
        }
        for (let i = 0; i < 12; i++) out[i] = out[i]! / Math.max(1, counts[Math.floor(i / 3)]!);
        return out;
      });
    },
    async embedPreprocessed() {
      throw new Error('not used');
    },
    dispose() {},
  };
  return fake;
}
