/** Decodes a shared dataset's images and embeds them with a real extractor. */
import { readFile } from 'node:fs/promises';
import { decodeImageBytes } from '../../src/node/decodeImageFile';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import type { DatasetImage } from './datasets';

export interface EmbeddedSplit {
  embeddings: Float32Array[];
  labels: number[];
  ids: string[];
}

/** Embeds images (decoded with sharp) in batches; labels index into `classes`. */
export async function embedImages(
  extractor: FeatureExtractor,
  images: readonly DatasetImage[],
  classes: readonly string[],
  batchSize = 32,
): Promise<EmbeddedSplit> {
  const out: EmbeddedSplit = { embeddings: [], labels: [], ids: [] };
  for (let i = 0; i < images.length; i += batchSize) {
    const chunk = images.slice(i, i + batchSize);
    const pixels = await Promise.all(
      chunk.map(async (img) => decodeImageBytes(await readFile(img.path), img.file)),
    );
    out.embeddings.push(...(await extractor.embed(pixels, { batchSize: 16 })));
    for (const img of chunk) {
      out.labels.push(classes.indexOf(img.className));
      out.ids.push(img.file);
    }
  }
  return out;
}

/** The first `k` samples of each class (in the given order), for smaller runs. */
export function firstPerClass(split: EmbeddedSplit, k: number): EmbeddedSplit {
  const seen = new Map<number, number>();
  const out: EmbeddedSplit = { embeddings: [], labels: [], ids: [] };
  split.labels.forEach((label, i) => {
    const n = seen.get(label) ?? 0;
    if (n >= k) return;
    seen.set(label, n + 1);
    out.embeddings.push(split.embeddings[i]!);
    out.labels.push(label);
    out.ids.push(split.ids[i]!);
  });
  return out;
}
