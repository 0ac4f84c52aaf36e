/**
 * An in-memory SessionStore for UI tests: the class/sample commands behave like the real store,
 * training/classification are driven by the test (`set`, `nextPrediction`), and every command
 * is recorded in `calls`.
 */
import type { EmbeddingMap } from '../../src/core/analysis/embeddingMap';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';
import type { ProjectData } from '../../src/core/io/projectFormat';
import type {
  ClassView,
  PredictionView,
  SampleView,
  SessionSnapshot,
  SessionStore,
  TrainReadiness,
  TrainedHead,
} from '../../src/core/session/sessionTypes';

export interface FakeSession extends SessionStore {
  /** Every command, in order, as [name, ...args]. */
  calls: unknown[][];
  /** Replaces parts of the snapshot and notifies (readiness is recomputed unless given). */
  set(patch: Partial<SessionSnapshot>): void;
  /** What `classify` answers next (null = cannot predict yet). */
  nextPrediction: PredictionView | null;
  /** Calls of one command, without the name. */
  callsOf(name: keyof SessionStore): unknown[][];
  /** What `exportProject` answers (null = cannot save). */
  nextProject: ProjectData | null;
  /** What `openProject` answers. */
  openResult: boolean;
  /** What `trainedHead` answers. */
  head: TrainedHead | null;
  /** What `embeddingMap` answers (an empty map unless a test sets one). */
  map: EmbeddingMap;
}

/** Like the real store: a trained model, or two classes with images. */
function canPredictOf(s: SessionSnapshot): boolean {
  const withImages = s.classes.filter((c) => c.sampleIds.length > 0).length;
  return s.engine.phase === 'ready' && (withImages >= 2 || s.training.phase === 'trained');
}

function readinessOf(s: SessionSnapshot): TrainReadiness {
  if (s.training.phase === 'training') return { ok: false, reason: 'Training is in progress.' };
  if (s.engine.phase !== 'ready') return { ok: false, reason: 'The image model is still loading.' };
  if (s.classes.length < 2) return { ok: false, reason: 'Add at least two classes.' };
  const empty = s.classes.filter((c) => c.sampleIds.length === 0);
  if (empty.length) {
    return { ok: false, reason: `Add images to ${empty.map((c) => `“${c.name}”`).join(', ')}.` };
  }
  return { ok: true };
}

/** A ready engine on WASM with the default backbone loaded from the self-hosted folder. */
export function readyEngine(): SessionSnapshot['engine'] {
  return {
    phase: 'ready',
    backend: { active: 'wasm', forced: false, skipped: [{ name: 'webgpu', reason: 'no adapter' }] },
    backbone: {
      spec: {
        id: 'mobilenet-v2-0.35-224-tm',
        label: 'MobileNet v2 0.35 (Teachable Machine base)',
        architecture: 'MobileNetV2',
        inputSize: 224,
        embeddingDim: 1280,
        normalization: { scale: 1 / 127, offset: -1, appliedBy: 'glimpse' },
        loader: { kind: 'layers', featureLayer: 'out_relu' },
        sizeBytes: 1_740_108,
        note: 'Default.',
        offlineFallback: false,
      },
      dim: 1280,
      report: {
        requestedId: 'mobilenet-v2-0.35-224-tm',
        loadedId: 'mobilenet-v2-0.35-224-tm',
        source: 'self-hosted',
        url: '/models/mobilenet-v2-0.35-224-tm/model.json',
        attempts: [{ source: 'self-hosted', url: '/models/mobilenet-v2-0.35-224-tm/model.json' }],
        usedOfflineFallback: false,
      },
    },
  };
}

export function createFakeSession(initial: Partial<SessionSnapshot> = {}): FakeSession {
  const listeners = new Set<() => void>();
  let sampleCounter = 0;
  let classCounter = 2;
  let deletedSamples: SampleView[] = [];
  const base: SessionSnapshot = {
    projectName: 'Untitled project',
    engine: readyEngine(),
    classes: [
      { id: 'class-1', name: 'Class 1', sampleIds: [] },
      { id: 'class-2', name: 'Class 2', sampleIds: [] },
    ],
    samples: {},
    headOptions: { ...DEFAULT_HEAD_OPTIONS },
    backboneId: 'mobilenet-v2-0.35-224-tm',
    training: { phase: 'idle', epochs: [], plannedEpochs: 0, stale: false, classIds: [] },
    readiness: { ok: false },
    evaluation: null,
    prediction: null,
    liveEmbedding: null,
    ingest: { active: false, done: 0, total: 0, rejected: [] },
    hasModel: false,
    canPredict: false,
    memory: null,
    deletedClass: null,
    notices: [],
  };
  let snapshot: SessionSnapshot = { ...base, ...initial };
  snapshot = {
    ...snapshot,
    readiness: initial.readiness ?? readinessOf(snapshot),
    canPredict: initial.canPredict ?? canPredictOf(snapshot),
  };

  const emit = (patch: Partial<SessionSnapshot>) => {
    const next = { ...snapshot, ...patch };
    snapshot = {
      ...next,
      readiness: patch.readiness ?? readinessOf(next),
      canPredict: patch.canPredict ?? canPredictOf(next),
    };
    for (const l of [...listeners]) l();
  };
  const mapClasses = (f: (c: ClassView) => ClassView) => snapshot.classes.map(f);
  const dataChanged = () =>
    snapshot.training.phase === 'trained'
      ? { ...snapshot.training, stale: true }
      : snapshot.training;

  const store: FakeSession = {
    calls: [],
    nextPrediction: null,
    nextProject: null,
    openResult: true,
    head: null,
    map: { points: [], basis: null, explained: [0, 0], extent: 1 },
    callsOf(name) {
      return store.calls.filter((c) => c[0] === name).map((c) => c.slice(1));
    },
    set(patch) {
      emit(patch);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    async start() {},
    dispose() {
      listeners.clear();
    },

    addClass(name) {
      const id = `class-${++classCounter}`;
      emit({
        classes: [
          ...snapshot.classes,
          { id, name: name ?? `Class ${snapshot.classes.length + 1}`, sampleIds: [] },
        ],
      });
      return id;
    },
    renameClass(classId, name) {
      emit({ classes: mapClasses((c) => (c.id === classId ? { ...c, name } : c)) });
    },
    deleteClass(classId) {
      const index = snapshot.classes.findIndex((c) => c.id === classId);
      const view = snapshot.classes[index];
      if (!view) return;
      deletedSamples = view.sampleIds.map((id) => snapshot.samples[id]!);
      const samples = { ...snapshot.samples };
      for (const id of view.sampleIds) delete samples[id];
      emit({
        classes: snapshot.classes.filter((c) => c.id !== classId),
        samples,
        deletedClass: { view, index },
        training: dataChanged(),
      });
    },
    undoDeleteClass() {
      const deleted = snapshot.deletedClass;
      if (!deleted) return;
      const classes = [...snapshot.classes];
      classes.splice(deleted.index, 0, deleted.view);
      const samples = { ...snapshot.samples };
      for (const s of deletedSamples) samples[s.id] = s;
      emit({ classes, samples, deletedClass: null });
    },
    moveClass(classId, toIndex) {
      const classes = [...snapshot.classes];
      const from = classes.findIndex((c) => c.id === classId);
      const [moved] = classes.splice(from, 1);
      classes.splice(Math.max(0, Math.min(toIndex, classes.length)), 0, moved!);
      emit({ classes });
    },
    clearClass(classId) {
      const view = snapshot.classes.find((c) => c.id === classId);
      const samples = { ...snapshot.samples };
      for (const id of view?.sampleIds ?? []) delete samples[id];
      emit({
        classes: mapClasses((c) => (c.id === classId ? { ...c, sampleIds: [] } : c)),
        samples,
        training: dataChanged(),
      });
    },
    async addImages(classId, images, source) {
      if (!snapshot.classes.some((c) => c.id === classId)) return [];
      const samples = { ...snapshot.samples };
      const ids = images.map((img) => {
        const id = `sample-${++sampleCounter}`;
        samples[id] = {
          id,
          classId,
          source,
          thumbnail: img.thumbnail,
          ...(img.name ? { name: img.name } : {}),
        };
        return id;
      });
      emit({
        samples,
        classes: mapClasses((c) =>
          c.id === classId ? { ...c, sampleIds: [...c.sampleIds, ...ids] } : c,
        ),
        training: dataChanged(),
      });
      return ids;
    },
    reportRejected(files) {
      emit({ ingest: { ...snapshot.ingest, rejected: files } });
    },
    removeSample(sampleId) {
      const samples = { ...snapshot.samples };
      delete samples[sampleId];
      emit({
        samples,
        classes: mapClasses((c) => ({
          ...c,
          sampleIds: c.sampleIds.filter((i) => i !== sampleId),
        })),
        training: dataChanged(),
      });
    },
    moveSample(sampleId, classId) {
      const sample = snapshot.samples[sampleId];
      if (!sample) return;
      emit({
        samples: { ...snapshot.samples, [sampleId]: { ...sample, classId } },
        classes: mapClasses((c) => {
          const without = c.sampleIds.filter((i) => i !== sampleId);
          return { ...c, sampleIds: c.id === classId ? [...without, sampleId] : without };
        }),
        training: dataChanged(),
      });
    },
    setHeadOptions(options) {
      emit({ headOptions: { ...snapshot.headOptions, ...options } });
    },
    async train() {
      emit({
        training: {
          ...snapshot.training,
          phase: 'training',
          epochs: [],
          plannedEpochs: snapshot.headOptions.epochs,
          stale: false,
        },
      });
    },
    cancelTraining() {
      emit({ training: { ...snapshot.training, phase: 'cancelled' } });
    },
    cancelIngest() {
      emit({ ingest: { ...snapshot.ingest, cancelling: true } });
    },
    async classify() {
      emit({ prediction: store.nextPrediction });
      return store.nextPrediction;
    },
    async setBackend(name) {
      const backend = snapshot.engine.backend;
      emit({
        engine: { ...snapshot.engine, backend: { ...backend!, active: name, forced: true } },
      });
    },
    async setBackbone(backboneId) {
      emit({ backboneId });
    },
    renameProject(name) {
      emit({ projectName: name });
    },
    dismissNotice(id) {
      emit({ notices: snapshot.notices.filter((n) => n.id !== id) });
    },
    async refreshMemory() {
      emit({ memory: { numTensors: 42, numBytes: 1024, backend: 'wasm' } });
    },
    addNotice(level, text) {
      emit({ notices: [...snapshot.notices, { id: snapshot.notices.length + 1, level, text }] });
    },
    trainedHead() {
      return store.head;
    },
    embeddingMap() {
      return store.map;
    },
    async exportProject() {
      return store.nextProject;
    },
    async openProject(project) {
      if (store.openResult) emit({ projectName: project.name });
      return store.openResult;
    },
  };

  // Record every command (not the test helpers, the React bridge or the map query).
  const bridge = new Set([
    'map',
    'embeddingMap',
    'calls',
    'nextPrediction',
    'nextProject',
    'openResult',
    'head',
    'callsOf',
    'set',
    'subscribe',
    'getSnapshot',
  ]);
  for (const key of Object.keys(store) as (keyof FakeSession)[]) {
    const value = store[key];
    if (bridge.has(key) || typeof value !== 'function') continue;
    const original = value as (...args: unknown[]) => unknown;
    (store as unknown as Record<string, unknown>)[key] = (...args: unknown[]) => {
      store.calls.push([key, ...args]);
      return original(...args);
    };
  }
  return store;
}
