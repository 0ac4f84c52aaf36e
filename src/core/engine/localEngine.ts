/** The in-thread Engine: runs the core directly. The worker wraps this same object. */
import * as tf from '@tensorflow/tfjs';
import { DisposedError, GlimpseError } from '../errors';
import { loadBackbone } from '../features/loadBackbone';
import type { FeatureExtractor } from '../features/featureExtractor';
import { initBackend, type InitBackendOptions } from '../tf/backends';
import type { BackendName } from '../tf/backendOrder';
import { headModelFromWeights, type HeadModel } from '../training/headModel';
import { crossValidate } from '../training/crossValidate';
import type { HeadOptions } from '../training/headOptions';
import {
  trainHead,
  type TrainCallbacks,
  type TrainingData,
  type TrainResult,
} from '../training/trainHead';
import type { Engine, EngineStartOptions, LoadedBackbone, TrainOutcome } from './engine';

/** Environment-specific settings for backend start-up. */
export type LocalEngineOptions = Omit<InitBackendOptions, 'force'>;

class LocalEngine implements Engine {
  private extractor: FeatureExtractor | null = null;
  private head: HeadModel | null = null;
  private lastStart: EngineStartOptions | null = null;
  private disposed = false;

  constructor(private readonly env: LocalEngineOptions) {}

  async start(options: EngineStartOptions) {
    this.live();
    const backend = await initBackend({
      ...this.env,
      ...(options.backend ? { force: options.backend } : {}),
    });
    const backbone = await this.loadBackbone(options);
    return { backend, backbone };
  }

  async setBackend(name: BackendName) {
    this.live();
    const weights = this.head ? await this.head.weights() : null;
    this.dropModels();
    const report = await initBackend({ ...this.env, force: name });
    if (this.lastStart) await this.loadBackbone(this.lastStart);
    if (weights) await this.setHead(weights);
    return report;
  }

  async loadBackbone(options: EngineStartOptions): Promise<LoadedBackbone> {
    this.live();
    const { extractor, report } = await loadBackbone(options.backboneId, {
      ...(options.modelsBaseUrl !== undefined ? { modelsBaseUrl: options.modelsBaseUrl } : {}),
      ...(options.tryOfficial !== undefined ? { tryOfficial: options.tryOfficial } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    // One inference on a blank image before "ready": GPU backends compile their shaders here
    // rather than on the user's first photo.
    const t0 = performance.now();
    try {
      const side = extractor.spec.inputSize;
      await extractor.embed([{ width: side, height: side, data: new Uint8Array(side * side * 4) }]);
    } catch (error) {
      extractor.dispose();
      throw error;
    }
    const warmupMs = performance.now() - t0;
    this.dropModels();
    this.extractor = extractor;
    this.lastStart = options;
    return { spec: extractor.spec, dim: extractor.dim, report, warmupMs };
  }

  async embed(
    images: Parameters<Engine['embed']>[0],
    options: Parameters<Engine['embed']>[1] = {},
  ) {
    return this.backbone().embed(images, options);
  }

  async train(...[data, options, callbacks]: Parameters<Engine['train']>) {
    this.live();
    const { model, outcome } = await trainWithMetrics(data, options, callbacks);
    this.head?.dispose();
    this.head = model;
    return outcome;
  }

  async setHead(weights: Parameters<Engine['setHead']>[0]) {
    this.live();
    this.head?.dispose();
    this.head = weights ? headModelFromWeights(weights) : null;
  }

  async predict(embeddings: Float32Array[]) {
    if (!this.head) throw new GlimpseError('invalid-argument', 'Train the model first.');
    return this.head.predict(embeddings);
  }

  async classify(image: Parameters<Engine['classify']>[0]) {
    const t0 = performance.now();
    const [embedding] = await this.backbone().embed([image]);
    const probabilities = this.head ? ((await this.head.predict([embedding!]))[0] ?? null) : null;
    return { embedding: embedding!, probabilities, latencyMs: performance.now() - t0 };
  }

  async memory() {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes, backend: tf.getBackend() };
  }

  dispose(): void {
    this.dropModels();
    this.disposed = true;
  }

  private dropModels(): void {
    this.head?.dispose();
    this.head = null;
    this.extractor?.dispose();
    this.extractor = null;
  }

  private backbone(): FeatureExtractor {
    this.live();
    if (!this.extractor)
      throw new GlimpseError('invalid-argument', 'No image model is loaded yet.');
    return this.extractor;
  }

  private live(): void {
    if (this.disposed) throw new DisposedError('The engine');
  }
}

/** Up to this many samples, a run that held nothing out is cross-validated for its metrics. */
export const CROSS_VALIDATE_UP_TO = 1000;

/** The plain-data summary of a training run (the head's weights copied out). */
export async function toTrainOutcome(
  result: TrainResult,
  trainMs: number,
  crossValidation: Float32Array[] | null = null,
): Promise<TrainOutcome> {
  return {
    history: result.history,
    bestEpoch: result.bestEpoch,
    stoppedEarly: result.stoppedEarly,
    validationIndices: result.validationIndices,
    crossValidation,
    options: result.options,
    weights: await result.model.weights(),
    trainMs,
  };
}

/**
 * Trains the head and, when nothing was held out (small data) and the set is not large,
 * cross-validates the same settings so the metrics come from images each head never saw. The
 * caller owns the returned model.
 */
export async function trainWithMetrics(
  data: TrainingData,
  options: Partial<HeadOptions> | undefined,
  callbacks: TrainCallbacks | undefined,
): Promise<{ model: HeadModel; outcome: TrainOutcome }> {
  const t0 = performance.now();
  const result = await trainHead(data, options, callbacks);
  const trainMs = performance.now() - t0;
  try {
    const crossValidation =
      result.validationIndices.length === 0 && data.labels.length <= CROSS_VALIDATE_UP_TO
        ? await crossValidate(
            data,
            result.options,
            callbacks?.signal ? { signal: callbacks.signal } : {},
          )
        : null;
    return { model: result.model, outcome: await toTrainOutcome(result, trainMs, crossValidation) };
  } catch (error) {
    result.model.dispose();
    throw error;
  }
}

/** Creates an engine that runs in this thread. */
export function createLocalEngine(env: LocalEngineOptions): Engine {
  return new LocalEngine(env);
}
