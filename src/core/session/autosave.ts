/**
 * Autosave: keeps the session's project in a {@link ProjectStorage} as it changes, and restores
 * the most recently saved project on start. Framework-free; the composition root wires it.
 *
 * A change of classes, samples, settings, image model, name or trained head schedules a save
 * `delayMs` later (changes in between restart the wait); one save runs at a time. Predictions,
 * notices and training progress never trigger a save (training saves once it ends). Failures
 * become notices, never exceptions: the session keeps working.
 */
import { parseProject, serializeProject, type ProjectData } from '../io/projectFormat';
import { DEFAULT_HEAD_OPTIONS } from '../training/headOptions';
import type { ProjectStorage, StoredProjectInfo } from '../persistence/projectStorage';
import type { SessionSnapshot, SessionStore } from './sessionTypes';

export interface AutosaveOptions {
  store: SessionStore;
  storage: ProjectStorage;
  /** Quiet time after the last change before saving (default 1 s). */
  delayMs?: number;
  /** Makes ids for new projects. */
  newId?: () => string;
}

export interface Autosave {
  /** The id the current project is saved under. */
  readonly projectId: string;
  /**
   * Restores the most recently saved project (the engine must be ready), then watches the
   * session. A project that cannot be restored stays in storage untouched; the session stays
   * empty under a new id, with a notice.
   */
  start(): Promise<void>;
  /**
   * Opens a project (e.g. a picked file) as a new stored project: the current one is saved
   * first and kept, the opened one is saved under a new id.
   */
  openAsNew(project: ProjectData): Promise<boolean>;
  /** Every stored project, most recently saved first. */
  list(): Promise<StoredProjectInfo[]>;
  /** Keeps the current project and starts a new, empty one (same image model). */
  createNew(name?: string): Promise<boolean>;
  /** Keeps the current project and opens a stored one. */
  switchTo(id: string): Promise<boolean>;
  /** Renames a stored project (the current one through the session). */
  rename(id: string, name: string): Promise<void>;
  /** Stores a copy of a project under a new id, named "… (copy)"; resolves the new id. */
  duplicate(id: string): Promise<string>;
  /** Deletes a stored project; deleting the current one starts a new, empty project. */
  remove(id: string): Promise<void>;
  /** Saves now if a save is pending; resolves when no save is pending or running. */
  flush(): Promise<void>;
  /** Stops watching (a pending save is dropped; call `flush` first to keep it). */
  stop(): void;
}

export const AUTOSAVE_DELAY_MS = 1000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const randomId = () =>
  globalThis.crypto?.randomUUID?.() ?? `p-${Date.now()}-${Math.random().toString(36).slice(2)}`;

/** What a save depends on, compared by identity (the session replaces these on change). */
function watched(s: SessionSnapshot): readonly unknown[] {
  return [
    s.projectName,
    s.classes,
    s.samples,
    s.headOptions,
    s.backboneId,
    s.training,
    s.evaluation,
  ];
}

/** True while the session is in the middle of something whose end will be saved. */
const busy = (s: SessionSnapshot) =>
  s.training.phase === 'training' || s.ingest.active || s.engine.phase !== 'ready';

export function createAutosave(options: AutosaveOptions): Autosave {
  const { store, storage } = options;
  const delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
  const newId = options.newId ?? randomId;
  let projectId = newId();
  let last: readonly unknown[] | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let failing = false;
  let unsubscribe: (() => void) | null = null;

  function onChange(): void {
    const snap = store.getSnapshot();
    if (busy(snap)) return;
    const now = watched(snap);
    if (last && now.every((v, i) => v === last![i])) return;
    last = now;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void save();
    }, delayMs);
  }

  function save(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    const id = projectId; // the project being read now, even if another is opened meanwhile
    running = (async () => {
      try {
        const project = await store.exportProject();
        if (!project) return; // the session already said why
        await storage.save(id, project.name, serializeProject(project));
        failing = false;
      } catch (error) {
        // One notice per run of failures, not one per change.
        if (!failing) store.addNotice('error', `Autosave failed: ${message(error)}`);
        failing = true;
      }
    })().finally(() => {
      running = null;
      if (again) {
        again = false;
        void save();
      }
    });
    return running;
  }

  async function flush(): Promise<void> {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
      await save();
    }
    while (running) await running;
  }

  /** A stored project as data; throws a clear error when it is missing or unreadable. */
  async function loadStored(id: string): Promise<ProjectData> {
    const bytes = await storage.load(id);
    if (!bytes) throw new Error('That project no longer exists.');
    return parseProject(bytes, { fileName: 'the saved project' });
  }

  /** An empty project on the current image model: two empty classes, default settings. */
  function blankProject(name: string): ProjectData {
    const snap = store.getSnapshot();
    const stamp = Date.now().toString(36);
    return {
      name,
      createdWith: 'Glimpse',
      backboneId: snap.backboneId,
      embeddingDim: snap.engine.backbone?.dim ?? 1,
      headOptions: { ...DEFAULT_HEAD_OPTIONS },
      classes: [
        { id: `class-${stamp}-a`, name: 'Class 1' },
        { id: `class-${stamp}-b`, name: 'Class 2' },
      ],
      samples: [],
      head: null,
      training: null,
    };
  }

  async function openAsNew(project: ProjectData): Promise<boolean> {
    await flush();
    const previous = projectId;
    projectId = newId();
    const ok = await store.openProject(project);
    if (!ok) projectId = previous;
    return ok;
  }

  /** Runs `open` and replaces the notices it added with `text` (when given). */
  async function quietly<T>(open: () => Promise<T>): Promise<T> {
    const before = new Set(store.getSnapshot().notices.map((n) => n.id));
    const result = await open();
    for (const n of store.getSnapshot().notices) {
      if (!before.has(n.id) && n.level === 'info') store.dismissNotice(n.id);
    }
    return result;
  }

  async function restoreLatest(): Promise<void> {
    let latest;
    try {
      latest = (await storage.list())[0];
    } catch (error) {
      store.addNotice('warning', `Autosave cannot read saved projects: ${message(error)}`);
      return;
    }
    if (!latest) return;
    const keptCopy = `Your saved project “${latest.name}” is kept; this is a new project.`;
    try {
      const bytes = await storage.load(latest.id);
      if (!bytes) return;
      const project = parseProject(bytes, { fileName: latest.name });
      if (await quietly(() => store.openProject(project))) {
        projectId = latest.id;
        store.addNotice('info', `Restored your project “${project.name}”.`);
      } else {
        store.addNotice('warning', keptCopy);
      }
    } catch (error) {
      store.addNotice(
        'error',
        `Could not restore your saved project “${latest.name}”: ${message(error)} ${keptCopy}`,
      );
    }
  }

  return {
    get projectId() {
      return projectId;
    },
    async start() {
      await restoreLatest();
      last = watched(store.getSnapshot());
      unsubscribe = store.subscribe(onChange);
    },
    openAsNew,
    list: () => storage.list(),
    createNew: (name = 'Untitled project') => openAsNew(blankProject(name)),
    async switchTo(id) {
      if (id === projectId) return true;
      await flush();
      let project: ProjectData;
      try {
        project = await loadStored(id);
      } catch (error) {
        store.addNotice('error', `Could not open that project: ${message(error)}`);
        return false;
      }
      const ok = await store.openProject(project);
      if (ok) projectId = id;
      return ok;
    },
    async rename(id, name) {
      const clean = name.trim();
      if (!clean) throw new Error('A project needs a name.');
      if (id === projectId) {
        store.renameProject(clean);
        await flush();
        return;
      }
      const project = await loadStored(id);
      await storage.save(id, clean, serializeProject({ ...project, name: clean }));
    },
    async duplicate(id) {
      await flush();
      const project = await loadStored(id);
      const copy = { ...project, name: `${project.name} (copy)` };
      const copyId = newId();
      await storage.save(copyId, copy.name, serializeProject(copy));
      return copyId;
    },
    async remove(id) {
      if (id === projectId) {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        while (running) await running;
        await storage.delete(id);
        await openAsNew(blankProject('Untitled project'));
        return;
      }
      await storage.delete(id);
    },
    flush,
    stop() {
      unsubscribe?.();
      unsubscribe = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
