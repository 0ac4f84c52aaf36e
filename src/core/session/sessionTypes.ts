/**
 * The trainer session as the UI sees it: one immutable snapshot, replaced on every change, and a
 * set of commands. No tensors, no DOM: images arrive as pixel buffers plus an opaque thumbnail
 * URL made by the platform layer.
 */
import type { EmbeddingMap } from '../analysis/embeddingMap';
import type { BackendName } from '../tf/backendOrder';
import type { BackendReport } from '../tf/backends';
import type { EngineMemory, LoadedBackbone } from '../engine/engine';
import type { Evaluation } from '../evaluation/evaluate';
import type { TrainingRecord } from '../io/headExport';
import type { ProjectData } from '../io/projectFormat';
import type { HeadWeights } from '../training/headModel';
import type { HeadOptions } from '../training/headOptions';
import type { EpochLog } from '../training/trainHead';
import type { PixelBuffer, SampleSource } from '../types';

/** A class as shown: its samples in the order they were added. */
export interface ClassView {
  id: string;
  name: string;
  sampleIds: string[];
}

/** A sample as shown. `thumbnail` is a URL the platform made (224×224 centre crop). */
export interface SampleView {
  id: string;
  classId: string;
  source: SampleSource;
  name?: string;
  thumbnail: string;
}

/** An image to add: decoded pixels for the backbone plus its thumbnail URL. */
export interface IncomingImage {
  pixels: PixelBuffer;
  thumbnail: string;
  name?: string;
}

/** A file that could not be used, and why (shown in the upload report). */
export interface RejectedFile {
  name: string;
  reason: string;
}

export type EnginePhase = 'starting' | 'ready' | 'switching' | 'failed';

export interface EngineStatus {
  phase: EnginePhase;
  backend?: BackendReport;
  backbone?: LoadedBackbone;
  /** What went wrong, for a teacher. */
  error?: string;
}

export type TrainingPhase = 'idle' | 'training' | 'trained' | 'cancelled' | 'failed';

export interface TrainingStatus {
  phase: TrainingPhase;
  /** Metrics so far (live while training). */
  epochs: EpochLog[];
  /** The maximum number of epochs of this run. */
  plannedEpochs: number;
  error?: string;
  /** True when classes or samples changed after the model was trained. */
  stale: boolean;
  /** Class ids in the trained model's output order. */
  classIds: string[];
  trainMs?: number;
  stoppedEarly?: boolean;
}

/** Whether Train can be pressed, and if not, why (shown next to the button). */
export interface TrainReadiness {
  ok: boolean;
  reason?: string;
}

/** Per-class accuracy and confusion matrix, with class ids in matrix order. */
export interface EvaluationView extends Evaluation {
  classIds: string[];
  /** Which samples were scored: the held-out validation samples, or (none held out) training samples. */
  basis: 'validation' | 'cross-validation' | 'training';
}

/** The latest classification of a preview image or webcam frame. */
export interface PredictionView {
  /** One probability per class id, in `classIds` order. */
  probabilities: number[];
  classIds: string[];
  /** 'model' = trained head; 'instant' = k-NN over the samples, before any training. */
  mode: 'model' | 'instant';
  latencyMs: number;
}

export interface IngestStatus {
  active: boolean;
  done: number;
  total: number;
  /** Stop was pressed: the images in flight are being dropped (see `cancelIngest`). */
  cancelling?: true;
  /** Files that could not be used in the latest upload, and why. */
  rejected: RejectedFile[];
}

/** A command the UI offers next to a notice: `save-project` downloads the project file. */
export type NoticeAction = 'save-project';

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
  /** A button to show with the message (e.g. Save project when autosave cannot store it). */
  action?: NoticeAction;
}

/** How {@link SessionCommands.openProject} opens a project. */
export interface OpenProjectOptions {
  /**
   * Asked just before the project replaces the current one (after every check and any engine
   * work). When it answers false the current project stays as it is and `openProject` resolves
   * false without a notice: e.g. a restore that must not replace work the user started meanwhile.
   */
  proceed?: () => boolean;
}

/** The trained head with what an export needs (see {@link SessionCommands.trainedHead}). */
export interface TrainedHead {
  weights: HeadWeights;
  /** Class ids in output order. */
  classIds: string[];
  /** Class names in output order. */
  labels: string[];
  /** The backbone whose embeddings the head takes. */
  backboneId: string;
  training: TrainingRecord;
}

/** Everything the UI renders. Replaced (never mutated) on every change. */
export interface SessionSnapshot {
  /** The project's name (used for file names when saving). */
  projectName: string;
  engine: EngineStatus;
  classes: ClassView[];
  samples: Readonly<Record<string, SampleView>>;
  headOptions: HeadOptions;
  backboneId: string;
  training: TrainingStatus;
  readiness: TrainReadiness;
  evaluation: EvaluationView | null;
  prediction: PredictionView | null;
  /**
   * The embedding of the latest classified image (live webcam frame or preview image), for the
   * embedding map's moving dot; null until something is classified and after the data is replaced.
   */
  liveEmbedding: Float32Array | null;
  ingest: IngestStatus;
  /** True when a trained head exists whose classes all still exist (it can be exported). */
  hasModel: boolean;
  /** True when `classify` can produce a prediction now (a usable model, or two classes with images). */
  canPredict: boolean;
  /** Tensor memory of the engine, as of the last `refreshMemory()` (debug drawer). */
  memory: EngineMemory | null;
  /** The last deleted class, restorable with `undoDeleteClass`. */
  deletedClass: { view: ClassView; index: number } | null;
  notices: Notice[];
}

/** Commands the UI sends. All are safe to call at any time; failures become notices. */
export interface SessionCommands {
  addClass(name?: string): string;
  renameClass(classId: string, name: string): void;
  deleteClass(classId: string): void;
  undoDeleteClass(): void;
  moveClass(classId: string, toIndex: number): void;
  clearClass(classId: string): void;
  /**
   * Embeds and adds images to a class; resolves with the new sample ids. Before the engine is
   * ready the images wait (the ingest is active) and are embedded as soon as it is.
   */
  addImages(classId: string, images: IncomingImage[], source: SampleSource): Promise<string[]>;
  /** Replaces the list of files the platform could not use (shown in the upload report); [] clears it. */
  reportRejected(files: RejectedFile[]): void;
  removeSample(sampleId: string): void;
  moveSample(sampleId: string, classId: string): void;
  setHeadOptions(options: Partial<HeadOptions>): void;
  train(): Promise<void>;
  cancelTraining(): void;
  /**
   * Stops adding images (an upload or import in progress): the embedding in flight is abandoned
   * and images handed over until the additions stop are dropped; images already added stay. A
   * notice then says how many were added and how many not. Variants of images being made (after
   * the augmentation setting changed) stop too, and none of that run's are kept.
   */
  cancelIngest(): void;
  /**
   * Every sample projected on a 2-D PCA plane whose axes stay aligned with the previous map's.
   * Computed on demand (synchronously) and cached until samples, classes or embeddings change.
   */
  embeddingMap(): EmbeddingMap;
  /** Classifies one image (preview upload or webcam frame) and updates `prediction`. */
  classify(pixels: PixelBuffer): Promise<PredictionView | null>;
  setBackend(name: BackendName): Promise<void>;
  setBackbone(backboneId: string): Promise<void>;
  /** Renames the project (a blank name is refused with a notice). */
  renameProject(name: string): void;
  dismissNotice(id: number): void;
  /** Reads the engine's tensor memory into `memory`. */
  refreshMemory(): Promise<void>;
  /**
   * The whole project as plain data (thumbnails read back as JPEG bytes), ready for
   * `serializeProject`. Resolves null (with a notice) when it cannot be read.
   */
  exportProject(): Promise<ProjectData | null>;
  /**
   * Replaces the project with `project` after checking it: loads its image model if it differs,
   * installs its trained head (predictions work at once). While the engine is still starting the
   * project's data is shown at once and its image model and head are set up once the engine is
   * ready. Resolves false, with a notice and the current project untouched, when it cannot be
   * opened (also while images are being added or a model is training).
   */
  openProject(project: ProjectData, options?: OpenProjectOptions): Promise<boolean>;
  /** The trained head for a model export, or null when there is no usable one. */
  trainedHead(): TrainedHead | null;
  /** Adds a notice (e.g. a file the UI could not read), optionally with an action button. */
  addNotice(level: Notice['level'], text: string, action?: NoticeAction): void;
}

/** The store React reads through useSyncExternalStore. */
export interface SessionStore extends SessionCommands {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
  /**
   * Starts the engine (backend + backbone); resolves once it is ready (or failed), including the
   * set-up of a project opened while it was starting.
   */
  start(): Promise<void>;
  dispose(): void;
}
