/**
 * Autosave: keeps the session's project in a {@link ProjectStorage} as it changes, and restores
 * the most recently saved project on start. Framework-free; the composition root wires it.
 *
 * A change of classes, samples, settings, image model, name or trained head schedules a save
 * `delayMs` later (changes in between restart the wait); `flush` saves at once. Predictions,
 * notices and training progress never trigger a save (training saves once it ends). Failures
 * become notices, never exceptions: the session keeps working and the notice offers Save project
 * (a full browser storage gets its own message).
 *
 * Restoring does not wait for the engine: the saved project is shown as soon as storage is read
 * (embeddings are saved with it), and the engine is set up for it once it is ready. A restore never
 * replaces work: if the user changed the project before the saved one was read, the saved one is
 * left in storage (listed in Projects) and the user's project is saved as a new one.
 */
import type { ProjectData } from '../io/projectFormat';
import { DEFAULT_HEAD_OPTIONS } from '../training/headOptions';
import {
  isStorageFull,
  type ProjectStorage,
  type StoredProjectInfo,
} from '../persistence/projectStorage';
import type { SessionSnapshot, SessionStore } from './sessionTypes';

export interface AutosaveOptions {
  store: SessionStore;
  storage: ProjectStorage;
  /** Quiet time after the last change before saving (default {@link AUTOSAVE_DELAY_MS}). */
  delayMs?: number;
  /** Makes ids for new projects. */
  newId?: () => string;
}

export interface Autosave {
  /** The id the current project is saved under. */
  readonly projectId: string;
  /**
   * Restores the most recently saved project, then watches the session. Call it right away: it
   * needs no engine (the session sets the engine up for the restored project when it is ready).
   * A project that cannot be restored stays in storage untouched; the session stays empty under
   * a new id, with a notice. If the session's project changed (or images are being added) before
   * the saved one could be opened, the saved one is not opened over it: it stays in storage and
   * the changed project is saved under a new id, with a notice.
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
  /**
   * Saves now if a save is pending; resolves when no save is pending or running. Call it when
   * the page is hidden or goes away, so a change made just before is not lost.
   */
  flush(): Promise<void>;
  /** Stops watching (a pending save is dropped; call `flush` first to keep it). */
  stop(): void;
}

/**
 * Quiet time before a save: short, so that little is at risk if the browser crashes, and long
 * enough that a burst of edits is one save. Leaving the page is covered by `flush`.
 */
export const AUTOSAVE_DELAY_MS = 1000;

/** The notice when the browser's storage is full (with a Save project button). */
export const STORAGE_FULL_NOTICE =
  "Your browser's storage is full, so your latest changes are not saved in this browser. " +
  'Nothing is lost while this page stays open: press Save project to download the project ' +
  'now. To autosave again, delete projects you no longer need (Projects) or free disk space.';

/** The notice when saving works again after failing. */
export const AUTOSAVE_RECOVERED_NOTICE =
  'Autosave works again: your project is saved in this browser.';

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

/** What the user can change (the image model aside: the engine may settle it on start). */
function edits(s: SessionSnapshot): readonly unknown[] {
  return [s.projectName, s.classes, s.samples, s.headOptions, s.training, s.evaluation];
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.every((v, i) => v === b[i]);

/**
 * True while the session is in the middle of something whose end will be saved. A starting
 * engine is no reason to wait: the project's data is complete without it.
 */
const busy = (s: SessionSnapshot) =>
  s.training.phase === 'training' || s.ingest.active || s.engine.phase === 'switching';

export function createAutosave(options: AutosaveOptions): Autosave {
  const { store, storage } = options;
  const delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
  const newId = options.newId ?? randomId;
  let projectId = newId();
  let last: readonly unknown[] | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Saves under way (they may overlap; see `save`). */
  const inFlight = new Set<Promise<void>>();
  /** Numbers saves in the order they start, and the newest one that has written. */
  let started = 0;
  let written = 0;
  let failing = false;
  let unsubscribe: (() => void) | null = null;

  function onChange(): void {
    const snap = store.getSnapshot();
    if (busy(snap)) return;
    const now = watched(snap);
    if (last && same(now, last)) return;
    last = now;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void save();
    }, delayMs);
  }

  /**
   * Saves the project as it is now. Saves may overlap: a save started when the page goes away
   * must not wait behind one under way (the page may be gone before it could start). Storage
   * applies saves in the order they are called, and a save skips its write when a newer one has
   * already written, so the newest state always ends up stored.
   */
  function save(): Promise<void> {
    const mine = ++started;
    const id = projectId; // the project being read now, even if another is opened meanwhile
    const run = (async () => {
      try {
        const project = await store.exportProject();
        if (!project || mine < written) return; // no project (the session said why), or stale
        written = mine;
        await storage.save(id, project);
        if (failing) store.addNotice('info', AUTOSAVE_RECOVERED_NOTICE);
        failing = false;
      } catch (error) {
        // One notice per run of failures, not one per change. The project stays in memory.
        if (!failing) {
          const text = isStorageFull(error)
            ? STORAGE_FULL_NOTICE
            : `Autosave failed: ${message(error)}`;
          store.addNotice('error', text, 'save-project');
        }
        failing = true;
      }
    })().finally(() => inFlight.delete(run));
    inFlight.add(run);
    return run;
  }

  /** Resolves when no save is under way. */
  async function settled(): Promise<void> {
    while (inFlight.size) await Promise.all(inFlight);
  }

  async function flush(): Promise<void> {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
      // Started at once, in this task: with the images already in memory, the save's write
      // reaches storage before the page can go away.
      void save();
    }
    await settled();
  }

  /** A stored project as data; throws a clear error when it is missing or unreadable. */
  async function loadStored(id: string): Promise<ProjectData> {
    const project = await storage.load(id);
    if (!project) throw new Error('That project no longer exists.');
    return project;
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

  /**
   * Opens the most recently saved project unless `untouched` says the user has started work
   * meanwhile; true when it was opened.
   */
  async function restoreLatest(untouched: () => boolean): Promise<boolean> {
    let latest;
    try {
      latest = (await storage.list())[0];
    } catch (error) {
      store.addNotice('warning', `Autosave cannot read saved projects: ${message(error)}`);
      return false;
    }
    if (!latest) return false;
    const keptCopy = `Your saved project “${latest.name}” is kept; this is a new project.`;
    try {
      const project = await storage.load(latest.id);
      if (!project) return false;
      let declined = !untouched();
      const proceed = () => {
        declined = !untouched(); // asked again just before the swap: opening can take a while
        return !declined;
      };
      const opened = !declined && (await quietly(() => store.openProject(project, { proceed })));
      if (opened) {
        projectId = latest.id;
        store.addNotice('info', `Restored your project “${project.name}”.`);
      } else if (declined) {
        store.addNotice(
          'info',
          `You started working before your saved project “${latest.name}” was loaded, so it ` +
            'was not opened over your work. It is kept: open it from Projects.',
        );
      } else {
        store.addNotice('warning', keptCopy);
      }
      return opened;
    } catch (error) {
      store.addNotice(
        'error',
        `Could not restore your saved project “${latest.name}”: ${message(error)} ${keptCopy}`,
      );
      return false;
    }
  }

  return {
    get projectId() {
      return projectId;
    },
    async start() {
      const initial = store.getSnapshot();
      const untouched = () => {
        const now = store.getSnapshot();
        return !now.ingest.active && same(edits(now), edits(initial));
      };
      const restored = await restoreLatest(untouched);
      // Not restored: whatever the user changed meanwhile is saved (under the new id).
      last = watched(restored || untouched() ? store.getSnapshot() : initial);
      unsubscribe = store.subscribe(onChange);
      onChange();
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
      await storage.save(id, { ...project, name: clean });
    },
    async duplicate(id) {
      await flush();
      const project = await loadStored(id);
      const copy = { ...project, name: `${project.name} (copy)` };
      const copyId = newId();
      await storage.save(copyId, copy);
      return copyId;
    },
    async remove(id) {
      if (id === projectId) {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        await settled();
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
