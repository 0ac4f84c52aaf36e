import * as tf from '@tensorflow/tfjs';
import { CancelledError, DisposedError, InvalidArgumentError } from '../errors';
import { preprocessInto } from '../preprocess/preprocess';
import type { PixelBuffer } from '../types';
import type { BackboneSpec } from './catalog';
import type { EmbedOptions, FeatureExtractor } from './featureExtractor';
import { probeDim, type Network } from './networks';

/** The normalisation Glimpse applies before the network (identity when the package does it). */
export function glimpseNormalization(spec: BackboneSpec): { scale: number; offset: number } {
  return spec.normalization.appliedBy === 'glimpse' ? spec.normalization : { scale: 1, offset: 0 };
}

class BackboneExtractor implements FeatureExtractor {
  readonly id: string;
  readonly dim: number;
  private network: Network | null;

  constructor(
    readonly spec: BackboneSpec,
    network: Network,
  ) {
    this.id = spec.id;
    this.network = network;
    this.dim = probeDim(network, spec);
  }

  async embedPreprocessed(batch: Float32Array, count: number): Promise<Float32Array[]> {
    const network = this.live();
    const size = this.spec.inputSize;
    if (batch.length < count * size * size * 3) {
      throw new InvalidArgumentError('The preprocessed batch is smaller than its image count.');
    }
    const out = tf.tidy(() =>
      network.infer(
        tf.tensor4d(batch.subarray(0, count * size * size * 3), [count, size, size, 3]),
      ),
    );
    let flat: Float32Array;
    try {
      flat = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
    const rows: Float32Array[] = [];
    for (let i = 0; i < count; i++) rows.push(flat.slice(i * this.dim, (i + 1) * this.dim));
    return rows;
  }

  async embed(images: readonly PixelBuffer[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    this.live();
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 16));
    const size = this.spec.inputSize;
    const perImage = size * size * 3;
    const norm = glimpseNormalization(this.spec);
    const buffer = new Float32Array(Math.min(batchSize, images.length) * perImage);
    const result: Float32Array[] = [];
    for (let start = 0; start < images.length; start += batchSize) {
      if (options.signal?.aborted) throw new CancelledError('Adding images');
      const count = Math.min(batchSize, images.length - start);
      for (let i = 0; i < count; i++) {
        preprocessInto(images[start + i]!, size, norm, buffer, i * perImage);
      }
      result.push(...(await this.embedPreprocessed(buffer, count)));
      options.onProgress?.(start + count, images.length);
    }
    return result;
  }

  dispose(): void {
    this.network?.dispose();
    this.network = null;
  }

  private live(): Network {
    if (!this.network) throw new DisposedError(`The image model "${this.id}"`);
    return this.network;
  }
}

/** Builds an extractor around a loaded network (which it then owns and disposes). */
export function createExtractor(spec: BackboneSpec, network: Network): FeatureExtractor {
  return new BackboneExtractor(spec, network);
}
