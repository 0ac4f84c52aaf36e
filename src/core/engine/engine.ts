/**
 * The Engine: everything that touches TF.js behind one asynchronous, tensor-free interface, so it
 * can run in this thread (Node, tests) or in a Web Worker (the app) with the same contract.
 */
import type { BackendName } from '../tf/backendOrder';
import type { BackendReport } from '../tf/backends';
import type { BackboneLoadReport } from '../features/loadBackbone';
import type { BackboneSpec } from '../features/catalog';
import type { HeadOptions } from '../training/headOptions';
import type { HeadWeights } from '../training/headModel';
import type { EpochLog, TrainingData } from '../training/trainHead';
import type { PixelBuffer } from '../types';

/** The backbone the engine has loaded, as the UI shows it. */
export interface LoadedBackbone {
  spec: BackboneSpec;
  dim: number;
  report: BackboneLoadReport;
  /**
   * Time of the warm-up inference run before the backbone counts as ready (GPU backends compile
   * their shaders there, so the first real photo does not wait for it); absent when none ran.
   */
  warmupMs?: number;
}

/** Options for {@link Engine.start} and {@link Engine.loadBackbone}. */
export interface EngineStartOptions {
  backend?: BackendName;
  backboneId: string;
  modelsBaseUrl?: string | null;
  tryOfficial?: boolean;
  timeoutMs?: number;
}

/** What training returns across the boundary: metrics and plain weights, no tensors. */
export interface TrainOutcome {
  history: EpochLog[];
  bestEpoch: number;
  stoppedEarly: boolean;
  validationIndices: number[];
  /**
   * When nothing was held out: out-of-fold probabilities for every training sample (k-fold
   * cross-validation with the same settings), in data order; otherwise null.
   */
  crossValidation: Float32Array[] | null;
  options: HeadOptions;
  weights: HeadWeights;
  trainMs: number;
}

/** One classified image. */
export interface Classification {
  embedding: Float32Array;
  /** Head probabilities, or null when no head is trained. */
  probabilities: Float32Array | null;
  /** Wall time of embed + head, in ms. */
  latencyMs: number;
}

/** Tensor memory, for the debug drawer. */
export interface EngineMemory {
  numTensors: number;
  numBytes: number;
  backend: string;
}

/** Progress and cancellation for long calls. */
export interface ProgressOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** The engine started again on another backend after its GPU device was lost. */
export interface BackendRecovery {
  /** The backend whose device was lost. */
  lost: BackendName;
  /** What happened, e.g. "the WebGL context was lost". */
  reason: string;
  /** The backend now in use, or null when none could start (`error` says why). */
  backend: BackendReport | null;
  error?: string;
}

/** The engine contract. Every method is async; inputs and outputs are plain data. */
export interface Engine {
  /** Chooses the backend and loads the backbone. */
  start(options: EngineStartOptions): Promise<{ backend: BackendReport; backbone: LoadedBackbone }>;
  /** Switches the TF.js backend, reloading the backbone and the head on it. */
  setBackend(name: BackendName): Promise<BackendReport>;
  /** Replaces the backbone (embeddings must be recomputed by the caller). Drops the head. */
  loadBackbone(options: EngineStartOptions): Promise<LoadedBackbone>;
  /**
   * Embeds images with the loaded backbone. Across a worker boundary the pixel buffers are
   * transferred: treat them as consumed.
   */
  embed(
    images: PixelBuffer[],
    options?: ProgressOptions & { batchSize?: number },
  ): Promise<Float32Array[]>;
  /** Trains a head on embeddings and keeps it for {@link classify} and {@link predict}. */
  train(
    data: TrainingData,
    options: Partial<HeadOptions>,
    callbacks?: { onEpoch?: (log: EpochLog) => void; signal?: AbortSignal },
  ): Promise<TrainOutcome>;
  /** Installs a head from plain weights (a restored project, an imported model). */
  setHead(weights: HeadWeights | null): Promise<void>;
  /** Head probabilities for embeddings. */
  predict(embeddings: Float32Array[]): Promise<Float32Array[]>;
  /** Embeds one image and, if a head exists, classifies it. */
  classify(image: PixelBuffer): Promise<Classification>;
  memory(): Promise<EngineMemory>;
  /**
   * Engines that can lose their GPU device and start again on another backend (the app's worker
   * engine) call `listener` after each such recovery; returns a function that stops listening.
   */
  onRecovered?(listener: (recovery: BackendRecovery) => void): () => void;
  /** Frees everything. Safe twice. */
  dispose(): void;
}
