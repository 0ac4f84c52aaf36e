/**
 * The trainer session: the one store the UI reads (subscribe/getSnapshot) and sends commands to.
 * It owns the project's data (classes, samples, embeddings, settings, results) and drives an
 * {@link Engine} for everything that needs TF.js. Framework-free and tensor-free.
 */
import { createEmbeddingMapper, type EmbeddingMap } from '../analysis/embeddingMap';
import { classNameProblem, freeDefaultName, uniqueClassName } from '../dataset/classNames';
import { EmbeddingStore, newSampleId } from '../dataset/embeddingStore';
import type { Engine, EngineStartOptions, LoadedBackbone, TrainOutcome } from '../engine/engine';
import { CancelledError, GlimpseError } from '../errors';
import { evaluate } from '../evaluation/evaluate';
import { summarizeTraining } from '../io/headExport';
import type { ProjectData, ProjectSample } from '../io/projectFormat';
import { buildKnnIndex, knnPredict, type KnnIndex } from '../knn/knnClassifier';
import type { HeadWeights } from '../training/headModel';
import { DEFAULT_HEAD_OPTIONS, type HeadOptions } from '../training/headOptions';
import type { BackendName } from '../tf/backendOrder';
import type { BackendReport } from '../tf/backends';
import type { PixelBuffer, SampleSource } from '../types';
import { sameAugmentation } from '../preprocess/augment';
import { embedFromThumbnails, embedWithVariants } from './augmentSamples';
import { recoveryNotice } from './backendRecovery';
import { createVariantRuns } from './variantRuns';
import { createIngestCanceller, type IngestStopped } from './ingestCanceller';
import { readiness } from './readiness';
import { projectWithUniqueClassNames, storeFromProject } from './sessionProject';
import type {
  ClassView,
  EngineStatus,
  EvaluationView,
  IngestStatus,
  Notice,
  NoticeAction,
  OpenProjectOptions,
  PredictionView,
  RejectedFile,
  SampleView,
  SessionSnapshot,
  SessionStore,
  TrainedHead,
  TrainingStatus,
} from './sessionTypes';

/** What a session needs from its surroundings. */
export interface SessionDeps {
  engine: Engine;
  /** How to start the engine (backend, backbone, where models are). */
  startOptions: EngineStartOptions;
  /** Frees a thumbnail URL when its sample is gone for good. */
  releaseThumbnail?: (url: string) => void;
  /** Turns a thumbnail back into pixels, to re-embed samples after a backbone switch. */
  decodeThumbnail?: (url: string) => Promise<PixelBuffer>;
  /** Initial head settings. */
  headOptions?: Partial<HeadOptions>;
  /** Reads a thumbnail URL back as JPEG bytes (to save a project). */
  readThumbnail?: (url: string) => Promise<Uint8Array>;
  /** Makes a thumbnail URL from JPEG bytes (to open a project); freed with releaseThumbnail. */
  makeThumbnail?: (bytes: Uint8Array) => string;
  /** Written into saved projects ("Glimpse <version>"). */
  appVersion?: string;
  /** Name of a new project (default "Untitled project"). */
  projectName?: string;
}

interface DeletedClass {
  view: ClassView;
  index: number;
  samples: {
    id: string;
    source: SampleSource;
    name?: string;
    embedding: Float32Array;
    augmented?: Float32Array[];
  }[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Thrown inside `replaceProject` when `OpenProjectOptions.proceed` says no. */
class OpenDeclined extends Error {}

/** Creates a session with two empty classes, "Class 1" and "Class 2". */
export function createSession(deps: SessionDeps): SessionStore {
  const { engine } = deps;
  let data = new EmbeddingStore();
  /**
   * How each sample is shown. A thumbnail URL is made when the UI first reads it (`thumbnail`
   * null until then): opening a project of 10,000 images makes only the URLs of the thumbnails
   * on screen, not 10,000 blobs up front.
   */
  const views = new Map<
    string,
    Omit<SampleView, 'classId' | 'thumbnail'> & { thumbnail: string | null }
  >();
  /** The sample's thumbnail URL, made from its JPEG bytes on first use ('' once it is gone). */
  const thumbnailOf = (id: string): string => {
    const entry = views.get(id);
    if (!entry) return '';
    if (entry.thumbnail === null) {
      const bytes = imageBytes.get(id);
      entry.thumbnail = bytes && deps.makeThumbnail ? deps.makeThumbnail(bytes) : '';
    }
    return entry.thumbnail;
  };
  /** A sample's view whose `thumbnail` is made when read. */
  const sampleView = (id: string, classId: string): SampleView => {
    const { id: sampleId, source, name } = views.get(id)!;
    const view = { id: sampleId, classId, source, ...(name !== undefined ? { name } : {}) };
    Object.defineProperty(view, 'thumbnail', { enumerable: true, get: () => thumbnailOf(id) });
    return view as SampleView;
  };
  /**
   * Each sample's thumbnail as JPEG bytes, read once (when it is added or opened) so that saving
   * the project needs no I/O: a save started as the page goes away must finish at once.
   */
  const imageBytes = new Map<string, Uint8Array>();
  const listeners = new Set<() => void>();
  let classCounter = 0;
  let noticeCounter = 0;
  let engineStatus: EngineStatus = { phase: 'starting' };
  let backboneId = deps.startOptions.backboneId;
  let headOptions: HeadOptions = { ...DEFAULT_HEAD_OPTIONS, ...deps.headOptions };
  let training: TrainingStatus = {
    phase: 'idle',
    epochs: [],
    plannedEpochs: 0,
    stale: false,
    classIds: [],
  };
  let modelClassIds: string[] | null = null;
  /** The head the engine holds, as plain weights (saved with the project), and its best epoch. */
  let head: { weights: HeadWeights; bestEpoch: number | null } | null = null;
  let projectName = deps.projectName ?? 'Untitled project';
  let evaluation: EvaluationView | null = null;
  let prediction: PredictionView | null = null;
  /** The embedding of the latest classified image (webcam frame or preview image). */
  let liveEmbedding: Float32Array | null = null;
  /** The embedding map keeps its axes between updates; `map` is cached until the data changes. */
  const mapper = createEmbeddingMapper();
  let map: EmbeddingMap | null = null;
  let ingest: IngestStatus = { active: false, done: 0, total: 0, rejected: [] };
  let deleted: DeletedClass | null = null;
  let notices: Notice[] = [];
  let trainController: AbortController | null = null;
  let knn: KnnIndex | null = null;
  let disposed = false;
  let snapshot: SessionSnapshot;
  let memory: SessionSnapshot['memory'] = null;
  /** True once `start` has settled (engine ready or failed, an opened project set up). */
  let startSettled = false;
  let settleStart!: () => void;
  /** Resolves once `start` has settled; images added before that wait for it. */
  const started = new Promise<void>((resolve) => (settleStart = resolve));
  /** A project was opened while the engine was starting: `start` sets up its model and head. */
  let openedWhileStarting = false;
  /** Class and sample views, rebuilt only after a data change (not on every prediction). */
  let dataViews: { classes: ClassView[]; samples: Record<string, SampleView> } | null = null;

  const classViews = (): ClassView[] =>
    data.classes.map((c) => ({
      id: c.id,
      name: c.name,
      sampleIds: data.samplesOf(c.id).map((s) => s.id),
    }));

  function build(): SessionSnapshot {
    if (!dataViews) {
      const fresh = classViews();
      const all: Record<string, SampleView> = {};
      for (const c of fresh) {
        for (const id of c.sampleIds) all[id] = sampleView(id, c.id);
      }
      dataViews = { classes: fresh, samples: all };
    }
    const { classes, samples } = dataViews;
    return {
      projectName,
      engine: engineStatus,
      classes,
      samples,
      headOptions,
      backboneId,
      training,
      readiness: readiness(classes, engineStatus, training),
      evaluation,
      prediction,
      liveEmbedding,
      ingest,
      hasModel: head !== null && modelUsable(),
      canPredict:
        engineStatus.phase === 'ready' &&
        (modelUsable() || classes.filter((c) => c.sampleIds.length).length >= 2),
      memory,
      deletedClass: deleted ? { view: deleted.view, index: deleted.index } : null,
      notices,
    };
  }

  /** Whether the trained model's classes all still exist (so its outputs can be shown). */
  function modelUsable(): boolean {
    const ids = data.classes.map((c) => c.id);
    return modelClassIds !== null && modelClassIds.every((id) => ids.includes(id));
  }

  function emit(): void {
    snapshot = build();
    for (const listener of [...listeners]) listener();
  }

  function notify(level: Notice['level'], text: string, action?: NoticeAction): void {
    notices = [
      ...notices.slice(-4),
      { id: ++noticeCounter, level, text, ...(action ? { action } : {}) },
    ];
  }

  /** Data changed: the k-NN index is rebuilt lazily and a trained model becomes stale. */
  function dataChanged(): void {
    knn = null;
    map = null;
    dataViews = null;
    if (modelClassIds) training = { ...training, stale: true };
  }

  function forgetDeleted(): void {
    if (!deleted) return;
    for (const s of deleted.samples) {
      const url = views.get(s.id)?.thumbnail;
      views.delete(s.id);
      imageBytes.delete(s.id);
      if (url) deps.releaseThumbnail?.(url);
    }
    deleted = null;
  }

  function dropSamples(ids: readonly string[]): void {
    for (const id of ids) {
      data.removeSample(id);
      const url = views.get(id)?.thumbnail;
      views.delete(id);
      imageBytes.delete(id);
      if (url) deps.releaseThumbnail?.(url);
    }
  }

  async function runEvaluation(
    outcome: Pick<TrainOutcome, 'validationIndices' | 'crossValidation'>,
    set: ReturnType<EmbeddingStore['labelledSet']>,
  ) {
    const validation = outcome.validationIndices;
    const crossValidated = validation.length === 0 && outcome.crossValidation !== null;
    const basis = validation.length
      ? 'validation'
      : crossValidated
        ? 'cross-validation'
        : 'training';
    const indices = validation.length ? validation : set.ids.map((_, i) => i);
    const probs = crossValidated
      ? outcome.crossValidation!
      : await engine.predict(indices.map((i) => set.embeddings[i]!));
    const result = evaluate(
      probs,
      indices.map((i) => set.labels[i]!),
      indices.map((i) => set.ids[i]!),
      set.classes.length,
    );
    evaluation = { ...result, classIds: set.classes.map((c) => c.id), basis };
  }

  const store: SessionStore = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,

    async start() {
      try {
        // A project opened before this call already chose the image model.
        const { backend, backbone } = await engine.start({ ...deps.startOptions, backboneId });
        if (backbone.report.usedOfflineFallback) {
          notify('warning', `Using the offline fallback model: ${backbone.spec.note}`);
        }
        if (openedWhileStarting) {
          openedWhileStarting = false;
          await setUpOpenedProject(backend, backbone);
        } else {
          backboneId = backbone.spec.id;
          engineStatus = { phase: 'ready', backend, backbone };
        }
      } catch (error) {
        engineStatus = { phase: 'failed', error: message(error) };
        notify('error', message(error));
      } finally {
        startSettled = true;
        settleStart();
      }
      emit();
    },

    addClass(name) {
      const id = `class-${Date.now().toString(36)}-${++classCounter}`;
      const names = data.classes.map((c) => c.name);
      const wanted = name?.trim() ?? '';
      const unique = wanted
        ? uniqueClassName(wanted, names)
        : freeDefaultName(names, names.length + 1);
      if (wanted && unique !== wanted) {
        notify(
          'warning',
          `Another class is already called “${wanted}”, so the new one is “${unique}”.`,
        );
      }
      data.addClass({ id, name: unique });
      dataChanged();
      emit();
      return id;
    },
    renameClass(classId, name) {
      const current = data.classes.find((c) => c.id === classId);
      if (!current) return;
      const others = data.classes.filter((c) => c.id !== classId).map((c) => c.name);
      const problem = classNameProblem(name, others);
      if (problem) return (notify('warning', `${problem} It stays “${current.name}”.`), emit());
      data.renameClass(classId, name.trim());
      dataViews = null;
      emit();
    },
    deleteClass(classId) {
      const index = data.classes.findIndex((c) => c.id === classId);
      if (index < 0) return;
      forgetDeleted();
      const view = classViews()[index]!;
      const samples = data.samplesOf(classId).map(({ id, source, name, embedding, augmented }) => ({
        id,
        source,
        embedding,
        ...(augmented ? { augmented } : {}),
        ...(name ? { name } : {}),
      }));
      deleted = { view, index, samples };
      data.removeClass(classId);
      dataChanged();
      emit();
    },
    undoDeleteClass() {
      if (!deleted) return;
      const { view, index, samples } = deleted;
      data.insertClass({ id: view.id, name: view.name }, index);
      data.addSamples(samples.map((s) => ({ ...s, classId: view.id })));
      deleted = null;
      dataChanged();
      emit();
    },
    moveClass(classId, toIndex) {
      data.moveClass(classId, toIndex);
      dataChanged();
      emit();
    },
    clearClass(classId) {
      dropSamples(data.samplesOf(classId).map((s) => s.id));
      dataChanged();
      emit();
    },

    async addImages(classId, images, source) {
      if (!images.length) return [];
      if (canceller.cancelled) {
        // The rest of an upload the user cancelled.
        images.forEach((img) => deps.releaseThumbnail?.(img.thumbnail));
        canceller.dropped(images.length);
        return [];
      }
      const signal = canceller.begin();
      ingest = { ...ingest, active: true, total: ingest.total + images.length };
      emit();
      const base = ingest.done;
      // Read while the images are embedded; a failed read is retried when the project is saved.
      const reading = Promise.all(
        images.map((img) =>
          deps.readThumbnail ? deps.readThumbnail(img.thumbnail).catch(() => null) : null,
        ),
      );
      try {
        // Images added while the engine starts wait for it (they show as being added).
        if (!startSettled) await started;
        if (engineStatus.phase === 'failed') {
          throw new GlimpseError('invalid-argument', 'The image model could not be loaded.');
        }
        // Ids first: each image's variants are seeded from its sample id.
        const newIds = images.map(() => newSampleId());
        const augmentation = headOptions.augmentation;
        const { embeddings, augmented } = await embedWithVariants(
          engine,
          images.map((img, i) => ({ id: newIds[i]!, pixels: img.pixels })),
          augmentation,
          {
            signal,
            onProgress: (done) => {
              ingest = { ...ingest, done: Math.max(ingest.done, base + done) };
              emit();
            },
          },
        );
        const bytes = await reading;
        // Embedded while Cancel was pressed: dropped too, so the count shown stays true.
        if (signal.aborted) throw new CancelledError('Adding images');
        if (!data.classes.some((c) => c.id === classId)) {
          images.forEach((img) => deps.releaseThumbnail?.(img.thumbnail));
          return [];
        }
        const ids = images.map((img, i) => {
          const id = newIds[i]!;
          if (bytes[i]) imageBytes.set(id, bytes[i]!);
          views.set(id, {
            id,
            source,
            thumbnail: img.thumbnail,
            ...(img.name ? { name: img.name } : {}),
          });
          data.addSamples([
            {
              id,
              classId,
              source,
              embedding: embeddings[i]!,
              ...(augmented[i]!.length ? { augmented: augmented[i]! } : {}),
              ...(img.name ? { name: img.name } : {}),
            },
          ]);
          return id;
        });
        // The augmentation setting changed while these were embedded: remake their variants.
        if (!sameAugmentation(augmentation, headOptions.augmentation)) void remakeVariants(ids);
        canceller.added(ids.length);
        dataChanged();
        return ids;
      } catch (error) {
        if (signal.aborted) {
          images.forEach((img) => deps.releaseThumbnail?.(img.thumbnail));
          canceller.dropped(images.length);
          return [];
        }
        notify(
          'error',
          `Could not add ${images.length === 1 ? 'the image' : `${images.length} images`}: ${message(error)}`,
        );
        return [];
      } finally {
        const done = ingest.done + 0;
        ingest = { ...ingest, done: Math.max(done, base + images.length) };
        if (ingest.done >= ingest.total) ingest = { ...ingest, active: false, done: 0, total: 0 };
        canceller.end();
        emit();
      }
    },
    cancelIngest() {
      const stoppedVariants = variantRuns.stop();
      if (!canceller.cancel()) return void (stoppedVariants && emit());
      ingest = { ...ingest, cancelling: true };
      emit();
    },
    reportRejected(files: RejectedFile[]) {
      ingest = { ...ingest, rejected: files };
      emit();
    },
    removeSample(sampleId) {
      dropSamples([sampleId]);
      if (evaluation) evaluation = withoutSample(evaluation, sampleId);
      dataChanged();
      emit();
    },
    moveSample(sampleId, classId) {
      data.moveSample(sampleId, classId);
      if (evaluation) evaluation = withoutSample(evaluation, sampleId);
      dataChanged();
      emit();
    },
    setHeadOptions(options) {
      const before = headOptions.augmentation;
      headOptions = { ...headOptions, ...options };
      if (!sameAugmentation(before, headOptions.augmentation)) void remakeVariants();
      emit();
    },

    async train() {
      const ready = readiness(classViews(), engineStatus, training);
      if (!ready.ok) return (notify('warning', ready.reason ?? 'Cannot train yet.'), emit());
      const set = data.trainingSet();
      trainController = new AbortController();
      training = {
        ...training,
        phase: 'training',
        epochs: [],
        plannedEpochs: headOptions.epochs,
        stale: false,
      };
      delete training.error;
      emit();
      try {
        const outcome = await engine.train(
          {
            embeddings: set.embeddings,
            labels: set.labels,
            classCount: set.classes.length,
            // Variants are extra training rows; the engine never uses a held-out sample's.
            ...(set.augmented.some((a) => a.length) ? { augmented: set.augmented } : {}),
          },
          headOptions,
          {
            signal: trainController.signal,
            onEpoch: (log) => {
              // Epoch 1 again: the run started over (the engine moved to another backend).
              const epochs = log.epoch <= 1 ? [log] : [...training.epochs, log];
              training = { ...training, epochs };
              emit();
            },
          },
        );
        modelClassIds = set.classes.map((c) => c.id);
        head = { weights: outcome.weights, bestEpoch: outcome.bestEpoch };
        training = {
          ...training,
          phase: 'trained',
          classIds: modelClassIds,
          trainMs: outcome.trainMs,
          stoppedEarly: outcome.stoppedEarly,
        };
        await runEvaluation(outcome, set);
      } catch (error) {
        const cancelled = error instanceof GlimpseError && error.code === 'cancelled';
        training = { ...training, phase: cancelled ? 'cancelled' : 'failed' };
        if (!cancelled) training.error = message(error);
        notify(
          cancelled ? 'info' : 'error',
          cancelled ? 'Training cancelled.' : `Training failed: ${message(error)}`,
        );
      } finally {
        trainController = null;
        emit();
      }
    },
    cancelTraining() {
      trainController?.abort();
    },

    embeddingMap() {
      if (!map) {
        const set = data.labelledSet();
        const classIds = set.labels.map((label) => set.classes[label]!.id);
        map = mapper.update({ ids: set.ids, classIds, embeddings: set.embeddings });
      }
      return map;
    },

    async classify(pixels) {
      if (engineStatus.phase !== 'ready') return null;
      try {
        const result = await engine.classify(pixels);
        liveEmbedding = result.embedding;
        const classIds = data.classes.map((c) => c.id);
        const modelUsable =
          modelClassIds !== null &&
          result.probabilities !== null &&
          modelClassIds.every((id) => classIds.includes(id));
        if (modelUsable) {
          prediction = {
            probabilities: Array.from(result.probabilities!),
            classIds: modelClassIds!,
            mode: 'model',
            latencyMs: result.latencyMs,
          };
        } else {
          const set = data.labelledSet();
          if (new Set(set.labels).size < 2) {
            prediction = null;
          } else {
            knn ??= buildKnnIndex(set.embeddings, set.labels, set.classes.length);
            prediction = {
              probabilities: Array.from(knnPredict(knn, result.embedding, 5)),
              classIds: set.classes.map((c) => c.id),
              mode: 'instant',
              latencyMs: result.latencyMs,
            };
          }
        }
      } catch (error) {
        notify('error', `Could not classify the image: ${message(error)}`);
        prediction = null;
      }
      emit();
      return prediction;
    },

    async setBackend(name: BackendName) {
      engineStatus = { ...engineStatus, phase: 'switching' };
      emit();
      try {
        const backend = await engine.setBackend(name);
        engineStatus = { ...engineStatus, phase: 'ready', backend };
      } catch (error) {
        engineStatus = { ...engineStatus, phase: 'ready' };
        notify('error', `Could not switch to ${name}: ${message(error)}`);
      }
      emit();
    },

    async setBackbone(id) {
      if (id === backboneId) return;
      const previous = engineStatus;
      engineStatus = { ...engineStatus, phase: 'switching' };
      emit();
      try {
        const backbone = await engine.loadBackbone({ ...deps.startOptions, backboneId: id });
        backboneId = backbone.spec.id;
        engineStatus = { ...previous, phase: 'ready', backbone };
        modelClassIds = null;
        head = null;
        evaluation = null;
        prediction = null;
        training = { phase: 'idle', epochs: [], plannedEpochs: 0, stale: false, classIds: [] };
        forgetDeleted();
        await reembedAll();
      } catch (error) {
        engineStatus = {
          ...previous,
          phase: previous.phase === 'switching' ? 'ready' : previous.phase,
        };
        notify('error', `Could not switch the image model: ${message(error)}`);
      }
      emit();
    },

    async refreshMemory() {
      try {
        memory = await engine.memory();
      } catch (error) {
        notify('error', `Could not read the engine's memory: ${message(error)}`);
      }
      emit();
    },

    renameProject(name) {
      const clean = name.trim();
      if (!clean) return (notify('warning', 'A project needs a name.'), emit());
      projectName = clean;
      emit();
    },

    dismissNotice(id) {
      notices = notices.filter((n) => n.id !== id);
      emit();
    },
    addNotice(level, text, action) {
      notify(level, text, action);
      emit();
    },

    trainedHead() {
      if (!head || !modelUsable()) return null;
      return trainedHeadOf(head, modelClassIds!);
    },

    async exportProject() {
      try {
        return await projectData();
      } catch (error) {
        notify('error', `Could not save the project: ${message(error)}`);
        emit();
        return null;
      }
    },

    async openProject(opened, options) {
      // Colliding class names are renamed ("cat (2)"), not refused; the notice says so.
      const { project, notice } = projectWithUniqueClassNames(opened);
      try {
        await replaceProject(project, options);
        notify('info', `Opened “${project.name}”.`);
        if (notice) notify('warning', notice);
        return true;
      } catch (error) {
        if (error instanceof OpenDeclined) return false;
        notify(
          'error',
          `Could not open the project: ${message(error)} Your current project is unchanged.`,
        );
        return false;
      } finally {
        emit();
      }
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      trainController?.abort();
      forgetDeleted();
      for (const v of views.values()) if (v.thumbnail) deps.releaseThumbnail?.(v.thumbnail);
      views.clear();
      imageBytes.clear();
      listeners.clear();
      stopRecoveries?.();
      canceller.dispose();
      engine.dispose();
    },
  };

  const canceller = createIngestCanceller((stopped: IngestStopped) => {
    ingest = {
      active: ingest.active,
      done: ingest.done,
      total: ingest.total,
      rejected: ingest.rejected,
    };
    notify('info', stoppedText(stopped));
    emit();
  });

  // The engine lost its GPU and carries on with another backend: show which, keep everything.
  const stopRecoveries = engine.onRecovered?.((recovery) => {
    if (recovery.backend) engineStatus = { ...engineStatus, backend: recovery.backend };
    else engineStatus = { ...engineStatus, phase: 'failed', error: recovery.error ?? '' };
    const notice = recoveryNotice(recovery, training.phase === 'training');
    notify(notice.level, notice.text);
    emit();
  });

  function trainedHeadOf(
    h: { weights: HeadWeights; bestEpoch: number | null },
    classIds: string[],
  ): TrainedHead {
    const names = new Map(data.classes.map((c) => [c.id, c.name]));
    const evaluated =
      evaluation && evaluation.classIds.join('\n') === classIds.join('\n')
        ? {
            basis: evaluation.basis,
            accuracy: evaluation.accuracy,
            perClassAccuracy: evaluation.perClass.map((c) => c.accuracy),
          }
        : null;
    return {
      weights: h.weights,
      classIds: [...classIds],
      labels: classIds.map((id) => names.get(id) ?? id),
      backboneId,
      training: {
        settings: { ...headOptions },
        metrics: summarizeTraining(training.epochs, {
          bestEpoch: h.bestEpoch,
          stoppedEarly: training.stoppedEarly ?? false,
          trainMs: training.trainMs ?? null,
          evaluation: evaluated,
        }),
      },
    };
  }

  /**
   * The project as plain data. Images come from {@link imageBytes}; one not read yet is read
   * back through `deps.readThumbnail` (and kept). With every image read, no I/O happens.
   */
  async function projectData(): Promise<ProjectData> {
    const all = data.classes.flatMap((c) => data.samplesOf(c.id));
    if (all.some((s) => !imageBytes.has(s.id)) && !deps.readThumbnail) {
      throw new GlimpseError('invalid-argument', 'This app cannot read its images back.');
    }
    const images = await Promise.all(
      all.map(async (s) => {
        const known = imageBytes.get(s.id);
        if (known) return known;
        const view = views.get(s.id)!;
        const read = await deps.readThumbnail!(thumbnailOf(s.id));
        if (views.get(s.id) === view) imageBytes.set(s.id, read);
        return read;
      }),
    );
    const samples: ProjectSample[] = all.map((s, i) => ({
      id: s.id,
      classId: s.classId,
      source: s.source,
      ...(s.name !== undefined ? { name: s.name } : {}),
      image: images[i]!,
      embedding: s.embedding,
      ...(s.augmented?.length ? { augmented: s.augmented } : {}),
    }));
    const usable = head !== null && modelUsable();
    return {
      name: projectName,
      createdWith: `Glimpse ${deps.appVersion ?? 'dev'}`,
      backboneId,
      embeddingDim: data.dim ?? engineStatus.backbone?.dim ?? head?.weights.inputDim ?? 1,
      headOptions: { ...headOptions },
      classes: data.classes.map((c) => ({ id: c.id, name: c.name })),
      samples,
      head: usable ? { weights: head!.weights, classIds: [...modelClassIds!] } : null,
      training:
        usable && training.phase !== 'training'
          ? {
              history: training.epochs,
              plannedEpochs: training.plannedEpochs,
              stoppedEarly: training.stoppedEarly ?? false,
              trainMs: training.trainMs ?? null,
              stale: training.stale,
            }
          : null,
      evaluation:
        usable &&
        !training.stale &&
        training.phase === 'trained' &&
        evaluation &&
        evaluation.classIds.join('\n') === modelClassIds!.join('\n')
          ? structuredClone(evaluation)
          : null,
    };
  }

  /** Why the project cannot be replaced now (training, images being added), or null. */
  function replaceBlocker(): string | null {
    if (training.phase === 'training') return 'Training is in progress; stop it first.';
    if (ingest.active) return 'Images are still being added; try again once they are in.';
    return null;
  }

  /**
   * Checks `project`, prepares the engine (image model, head) and only then swaps the session's
   * state. Any failure before the swap puts the engine back as it was and throws. While the
   * engine is starting the swap happens at once (no engine work) and `start` sets the engine up.
   */
  async function replaceProject(
    project: ProjectData,
    options: OpenProjectOptions = {},
  ): Promise<void> {
    const starting = engineStatus.phase === 'starting';
    if (!starting && engineStatus.phase !== 'ready') {
      throw new GlimpseError('invalid-argument', 'The image model is not ready yet.');
    }
    const blocker = replaceBlocker();
    if (blocker) throw new GlimpseError('invalid-argument', blocker);
    const fresh = storeFromProject(project);
    if (project.samples.length && !deps.makeThumbnail) {
      throw new GlimpseError('invalid-argument', 'This app cannot show saved images.');
    }
    const previousBackbone = engineStatus.backbone;
    let backbone = previousBackbone;
    const restoreEngine = async () => {
      if (backbone !== previousBackbone) {
        await engine.loadBackbone({ ...deps.startOptions, backboneId });
      }
      await engine.setHead(head?.weights ?? null);
    };
    try {
      if (!starting) {
        if (project.backboneId !== backboneId) {
          engineStatus = { ...engineStatus, phase: 'switching' };
          emit();
          backbone = await engine.loadBackbone({
            ...deps.startOptions,
            backboneId: project.backboneId,
          });
        }
        const dim = backbone?.dim;
        const hasFeatures = project.samples.length > 0 || project.head !== null;
        if (dim !== undefined && hasFeatures && dim !== project.embeddingDim) {
          throw new GlimpseError(
            'dimension-mismatch',
            `Its images have ${project.embeddingDim} features but the image model makes ${dim}.`,
          );
        }
        await engine.setHead(project.head?.weights ?? null);
      }
      if (project.samples.length && !deps.makeThumbnail) {
        throw new GlimpseError('invalid-argument', 'This app cannot show saved images.');
      }
      // Engine work takes time: the user may have started something meanwhile.
      if (options.proceed && !options.proceed()) throw new OpenDeclined();
      const late = replaceBlocker();
      if (late) throw new GlimpseError('invalid-argument', late);
    } catch (error) {
      if (!starting) {
        engineStatus = { ...engineStatus, phase: 'ready' };
        await restoreEngine().catch(() => undefined);
      }
      throw error;
    }
    // Commit: nothing below can fail.
    variantRuns.invalidate(); // variants being made belong to the project being replaced
    forgetDeleted();
    for (const v of views.values()) if (v.thumbnail) deps.releaseThumbnail?.(v.thumbnail);
    views.clear();
    imageBytes.clear();
    project.samples.forEach((s) => imageBytes.set(s.id, s.image));
    project.samples.forEach((s) =>
      views.set(s.id, {
        id: s.id,
        source: s.source,
        thumbnail: null,
        ...(s.name !== undefined ? { name: s.name } : {}),
      }),
    );
    data = fresh;
    backboneId = project.backboneId;
    if (starting) openedWhileStarting = true;
    else engineStatus = { ...engineStatus, phase: 'ready', ...(backbone ? { backbone } : {}) };
    projectName = project.name;
    headOptions = { ...project.headOptions };
    modelClassIds = project.head ? [...project.head.classIds] : null;
    head = project.head
      ? {
          weights: project.head.weights,
          bestEpoch: project.training ? project.training.history.length || null : null,
        }
      : null;
    const t = project.training;
    training = {
      phase: project.head ? 'trained' : 'idle',
      epochs: project.head && t ? [...t.history] : [],
      plannedEpochs: project.head && t ? t.plannedEpochs : 0,
      stale: project.head && t ? t.stale : false,
      classIds: modelClassIds ?? [],
      ...(project.head && t?.trainMs != null ? { trainMs: t.trainMs } : {}),
      ...(project.head && t ? { stoppedEarly: t.stoppedEarly } : {}),
    };
    evaluation =
      project.head && t && !t.stale && project.evaluation
        ? structuredClone(project.evaluation)
        : null;
    prediction = null;
    liveEmbedding = null;
    knn = null;
    map = null;
    mapper.reset();
    dataViews = null;
    ingest = { ...ingest, rejected: [] };
  }

  /**
   * Sets the engine up for a project opened while it was starting: loads the project's image
   * model when the engine started another one, then installs the project's head. When the
   * project's embeddings do not fit the image model that could be loaded, its images are
   * embedded again with that model and the head is dropped (with a warning): nothing is lost
   * but the training.
   */
  async function setUpOpenedProject(backend: BackendReport, loaded: LoadedBackbone): Promise<void> {
    let backbone = loaded;
    let loadError = '';
    if (backboneId !== backbone.spec.id) {
      engineStatus = { phase: 'switching', backend, backbone };
      emit();
      try {
        backbone = await engine.loadBackbone({ ...deps.startOptions, backboneId });
      } catch (error) {
        loadError = ` (${message(error)})`; // the engine keeps the model it started with
      }
    }
    const dim = data.dim ?? head?.weights.inputDim ?? null;
    const forgetModel = () => {
      modelClassIds = null;
      head = null;
      evaluation = null;
      prediction = null;
      training = { phase: 'idle', epochs: [], plannedEpochs: 0, stale: false, classIds: [] };
    };
    if (dim === null || dim === backbone.dim) {
      try {
        await engine.setHead(head?.weights ?? null);
      } catch (error) {
        if (head) forgetModel();
        notify('error', `Could not load the trained model: ${message(error)} Train it again.`);
      }
      engineStatus = { phase: 'ready', backend, backbone };
      return;
    }
    const redone = data.size ? `its images were read again with ${backbone.spec.label}` : '';
    notify(
      'warning',
      `The image model of “${projectName}” could not be loaded${loadError}` +
        `${redone ? `, so ${redone}` : ''}. Train the model again.`,
    );
    backboneId = backbone.spec.id;
    forgetModel();
    engineStatus = { phase: 'switching', backend, backbone };
    try {
      await reembedAll();
    } catch (error) {
      ingest = { ...ingest, active: false, done: 0, total: 0 };
      notify('error', `Could not read the images again: ${message(error)}`);
    }
    engineStatus = { phase: 'ready', backend, backbone };
  }

  /** After a backbone switch every sample is embedded again from its thumbnail. */
  async function reembedAll(): Promise<void> {
    const ids = [...views.keys()].filter((id) => data.getSample(id));
    if (!ids.length) return;
    if (!deps.decodeThumbnail)
      throw new GlimpseError('invalid-argument', 'This app cannot re-read its images.');
    variantRuns.invalidate(); // variants being made with the old model are of no use now
    ingest = { ...ingest, active: true, done: 0, total: ids.length };
    emit();
    const decode = deps.decodeThumbnail;
    const fresh = await embedFromThumbnails(engine, ids, headOptions.augmentation, {
      decode: (id) => decode(thumbnailOf(id)),
      originals: true,
      onProgress: (done) => {
        ingest = { ...ingest, done };
        emit();
      },
    });
    data.replaceEmbeddings(fresh.embeddings, fresh.augmented);
    dataViews = null;
    knn = null;
    map = null;
    mapper.reset();
    liveEmbedding = null;
    ingest = { ...ingest, active: false, done: 0, total: 0 };
  }

  const variantRuns = createVariantRuns({
    engine,
    store: () => data,
    ...(deps.decodeThumbnail
      ? { decode: (id: string) => deps.decodeThumbnail!(thumbnailOf(id)) }
      : {}),
    ready: async () => {
      if (!startSettled) await started;
      if (engineStatus.phase === 'failed') {
        throw new GlimpseError('invalid-argument', 'The image model could not be loaded.');
      }
    },
    ingest: (() => {
      let base = 0;
      let count = 0;
      return {
        begin: (n: number) => {
          count = n;
          ingest = { ...ingest, active: true, total: ingest.total + n };
          base = ingest.done;
          emit();
        },
        progress: (done: number) => {
          ingest = { ...ingest, done: Math.max(ingest.done, base + done) };
          emit();
        },
        end: () => {
          ingest = { ...ingest, done: Math.max(ingest.done, base + count) };
          if (ingest.done >= ingest.total) ingest = { ...ingest, active: false, done: 0, total: 0 };
          emit();
        },
      };
    })(),
    changed: () => (dataViews = null),
    notify,
  });

  /**
   * Makes (or, with augmentation off, drops) the variants of samples already added (all, or
   * `only`) with the current setting, from their thumbnails, shown as images being added.
   */
  function remakeVariants(only?: readonly string[]): Promise<void> {
    return variantRuns.remake(only ?? data.labelledSet().ids, headOptions.augmentation);
  }

  data.addClass({ id: `class-${++classCounter}`, name: 'Class 1' });
  data.addClass({ id: `class-${++classCounter}`, name: 'Class 2' });
  snapshot = build();
  return store;
}

/** What the user is told after cancelling images being added. */
function stoppedText({ added, dropped }: IngestStopped): string {
  const images = (n: number) => `${n} ${n === 1 ? 'image' : 'images'}`;
  return (
    `Stopped adding images: ${images(dropped)} not added.` +
    (added ? ` The ${images(added)} added before you pressed Stop are kept.` : '')
  );
}

/** An evaluation with one sample taken out (after a move or delete); counts follow the cells. */
function withoutSample(e: EvaluationView, sampleId: string): EvaluationView {
  if (!e.cellIds.some((row) => row.some((cell) => cell.includes(sampleId)))) return e;
  const cellIds = e.cellIds.map((row) => row.map((cell) => cell.filter((id) => id !== sampleId)));
  const confusion = cellIds.map((row) => row.map((cell) => cell.length));
  const perClass = confusion.map((row, classIndex) => {
    const total = row.reduce((a, b) => a + b, 0);
    const correct = row[classIndex] ?? 0;
    return { classIndex, total, correct, accuracy: total ? correct / total : 0 };
  });
  const total = perClass.reduce((a, c) => a + c.total, 0);
  const correct = perClass.reduce((a, c) => a + c.correct, 0);
  return {
    ...e,
    cellIds,
    confusion,
    perClass,
    total,
    correct,
    accuracy: total ? correct / total : 0,
    misclassified: e.misclassified.filter((m) => m.id !== sampleId),
  };
}
