import type { PixelBuffer } from '../types';
import type { BackboneSpec } from './catalog';

/** Options for {@link FeatureExtractor.embed}. */
export interface EmbedOptions {
  /** Images per forward pass (default 16). */
  batchSize?: number;
  /** Cancels between batches; the promise rejects with a CancelledError. */
  signal?: AbortSignal;
  /** Called after each batch with the number of images embedded so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * A frozen backbone that turns images into embeddings. Plain arrays in, plain arrays out:
 * no tensor crosses this interface.
 */
export interface FeatureExtractor {
  /** The catalog entry this extractor was built from. */
  readonly spec: BackboneSpec;
  /** Same as `spec.id`. */
  readonly id: string;
  /** Embedding length. */
  readonly dim: number;
  /** Embeds images with the preprocessing spec; one Float32Array per image, in order. */
  embed(images: readonly PixelBuffer[], options?: EmbedOptions): Promise<Float32Array[]>;
  /**
   * Embeds images that are already preprocessed (S*S*3 values each, packed back to back).
   * Used by benchmarks to time the network alone.
   */
  embedPreprocessed(batch: Float32Array, count: number): Promise<Float32Array[]>;
  /** Frees the weights. Safe to call twice. */
  dispose(): void;
}
