/**
 * Where autosaved projects live, behind a four-method interface: in memory for Node tests,
 * IndexedDB in the browser (src/platform, which saves only what changed; see storedProject.ts).
 * Whatever a storage keeps is validated and migrated on load like an opened project file.
 */
import { parseProject, serializeProject, type ProjectData } from '../io/projectFormat';

/** One stored project, without its bytes. */
export interface StoredProjectInfo {
  id: string;
  name: string;
  /** Milliseconds since the epoch of the last save. */
  savedAt: number;
  sizeBytes: number;
}

/**
 * Thrown by {@link ProjectStorage.save} when the browser refuses to store more (its quota is
 * used up). Nothing was written; the previous save of that project is intact.
 */
export class StorageFullError extends Error {
  readonly code = 'storage-full';
  constructor(options?: { cause?: unknown }) {
    super(
      "Your browser's storage is full, so the project could not be saved here. " +
        'Free some space, or download the project with Save project so nothing is lost.',
      options,
    );
    this.name = 'StorageFullError';
  }
}

/** True for a {@link StorageFullError} or a browser's own quota error. */
export function isStorageFull(error: unknown): boolean {
  return (
    error instanceof StorageFullError ||
    (error instanceof Error &&
      (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED'))
  );
}

/** Stored projects by id. */
export interface ProjectStorage {
  /**
   * The project (the caller's own copy), or null when there is no project with this id. Rejects
   * with an InvalidFileError when what is stored is damaged.
   */
  load(id: string): Promise<ProjectData | null>;
  /**
   * Creates or replaces a project (stored under its name); rejects with
   * {@link StorageFullError} when storage is full.
   * Saves are applied in the order they are called (the last call's bytes are what is kept),
   * and a call's write is under way before its promise's first continuation runs, so a save
   * started as the page goes away is not lost with it.
   */
  save(id: string, project: ProjectData): Promise<void>;
  /** Every stored project, most recently saved first. */
  list(): Promise<StoredProjectInfo[]>;
  /** Removes a project; nothing happens when it does not exist. */
  delete(id: string): Promise<void>;
}

/**
 * A {@link ProjectStorage} in memory (tests, or a browser without IndexedDB). Projects are kept
 * as project-file bytes; `saveFile` stores such bytes as they are (a damaged file, in tests).
 */
export function createMemoryProjectStorage(
  clock: () => number = Date.now,
): ProjectStorage & { saveFile(id: string, name: string, bytes: Uint8Array): Promise<void> } {
  const items = new Map<string, { info: StoredProjectInfo; bytes: Uint8Array }>();
  const saveFile = async (id: string, name: string, bytes: Uint8Array) => {
    items.set(id, {
      info: { id, name, savedAt: clock(), sizeBytes: bytes.length },
      bytes: bytes.slice(),
    });
  };
  return {
    async load(id) {
      const item = items.get(id);
      return item ? parseProject(item.bytes, { fileName: item.info.name }) : null;
    },
    save: (id, project) => saveFile(id, project.name, serializeProject(project)),
    saveFile,
    async list() {
      return [...items.values()].map((i) => ({ ...i.info })).sort((a, b) => b.savedAt - a.savedAt);
    },
    async delete(id) {
      items.delete(id);
    },
  };
}
