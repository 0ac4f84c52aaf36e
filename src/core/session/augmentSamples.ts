/**
 * Making and embedding the augmented variants of samples (see preprocess/augment): when images
 * are added (variants made from the decoded pixels, embedded in the same engine call as the
 * images), and for samples already in a project (from their thumbnails) when augmentation is
 * turned on or changed, or the image model changes. A sample's variants are seeded from its id,
 * so making them again gives the same pixels. Tensor-free: the engine does the embedding.
 */
import type { Engine, ProgressOptions } from '../engine/engine';
import { augmentImage, variantCount, type AugmentationOptions } from '../preprocess/augment';
import type { PixelBuffer } from '../types';

/** The seed of a sample's variants: a 32-bit FNV-1a hash of its id. */
export function augmentationSeed(sampleId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sampleId.length; i++) {
    hash ^= sampleId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** One image to embed, with the id of the sample it is (or will be). */
export interface ImageToEmbed {
  id: string;
  pixels: PixelBuffer;
}

/** Embeddings of images and of their variants, in input order. */
export interface EmbeddedImages {
  /** Each image's own embedding; empty when only the variants were asked for. */
  embeddings: Float32Array[];
  /** Each image's variants (an empty list when augmentation is off). */
  augmented: Float32Array[][];
}

/**
 * Embeds images and their variants in one engine call (each image followed by its variants, so
 * progress counts whole images). The pixel buffers are consumed (they may be transferred).
 * `originals: false` embeds only the variants (the images' own embeddings are kept as they are).
 * `onProgress` counts images, not rows.
 */
export async function embedWithVariants(
  engine: Pick<Engine, 'embed'>,
  images: readonly ImageToEmbed[],
  augmentation: AugmentationOptions,
  options: ProgressOptions & { originals?: boolean } = {},
): Promise<EmbeddedImages> {
  const originals = options.originals ?? true;
  const perImage = (originals ? 1 : 0) + variantCount(augmentation);
  if (perImage === 0) return { embeddings: [], augmented: images.map(() => []) };
  // Variants are made first: embedding may transfer (and so empty) the pixel buffers.
  const rows = images.flatMap(({ id, pixels }) => [
    ...(originals ? [pixels] : []),
    ...augmentImage(pixels, augmentation, augmentationSeed(id)).map((v) => v.image),
  ]);
  const { onProgress } = options;
  const out = await engine.embed(rows, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(onProgress
      ? { onProgress: (done: number) => onProgress(Math.floor(done / perImage), images.length) }
      : {}),
  });
  const embeddings: Float32Array[] = [];
  const augmented: Float32Array[][] = [];
  images.forEach((_, i) => {
    const own = out.slice(i * perImage, (i + 1) * perImage);
    if (originals) embeddings.push(own.shift()!);
    augmented.push(own);
  });
  return { embeddings, augmented };
}

/** How {@link embedFromThumbnails} reads images and reports. */
export interface FromThumbnailsOptions {
  /** The sample's thumbnail as pixels. */
  decode: (sampleId: string) => Promise<PixelBuffer>;
  /** Embed the samples' own images too (a new image model), or only their variants. */
  originals: boolean;
  /** After each chunk: how many samples are done. */
  onProgress?: (done: number) => void;
  /** Whether a sample still exists; samples gone by the time their chunk comes are skipped. */
  present?: (sampleId: string) => boolean;
  /** Checked between chunks; true stops the work (the result is then incomplete). */
  stopped?: () => boolean;
}

/**
 * Re-embeds samples from their thumbnails, 16 at a time: their own embeddings (with
 * `originals`) and their variants. Returns per sample id what was made.
 */
export async function embedFromThumbnails(
  engine: Pick<Engine, 'embed'>,
  ids: readonly string[],
  augmentation: AugmentationOptions,
  options: FromThumbnailsOptions,
): Promise<{ embeddings: Map<string, Float32Array>; augmented: Map<string, Float32Array[]> }> {
  const embeddings = new Map<string, Float32Array>();
  const augmented = new Map<string, Float32Array[]>();
  const batch = 16;
  for (let i = 0; i < ids.length; i += batch) {
    if (options.stopped?.()) break;
    const chunk = ids.slice(i, i + batch).filter((id) => options.present?.(id) ?? true);
    const pixels = await Promise.all(chunk.map((id) => options.decode(id)));
    const made = await embedWithVariants(
      engine,
      chunk.map((id, k) => ({ id, pixels: pixels[k]! })),
      augmentation,
      { originals: options.originals },
    );
    chunk.forEach((id, k) => {
      if (options.originals) embeddings.set(id, made.embeddings[k]!);
      augmented.set(id, made.augmented[k]!);
    });
    options.onProgress?.(Math.min(ids.length, i + batch));
  }
  return { embeddings, augmented };
}
