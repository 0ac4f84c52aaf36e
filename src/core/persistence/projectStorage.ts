/**
 * Where autosaved projects live, behind a four-method interface: in memory for Node tests,
 * IndexedDB in the browser (src/platform). Projects are stored as the bytes of a project file
 * (see io/projectFormat), so saved data is validated and migrated like any opened file.
 */

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

/** Stored project files by id. */
export interface ProjectStorage {
  /** The project file's bytes, or null when there is no project with this id. */
  load(id: string): Promise<Uint8Array | null>;
  /**
   * Creates or replaces a project; rejects with {@link StorageFullError} when storage is full.
   * Saves are applied in the order they are called (the last call's bytes are what is kept),
   * and a call's write is under way before its promise's first continuation runs, so a save
   * started as the page goes away is not lost with it.
   */
  save(id: string, name: string, bytes: Uint8Array): Promise<void>;
  /** Every stored project, most recently saved first. */
  list(): Promise<StoredProjectInfo[]>;
  /** Removes a project; nothing happens when it does not exist. */
  delete(id: string): Promise<void>;
}

/** A {@link ProjectStorage} in memory (tests, or a browser without IndexedDB). */
export function createMemoryProjectStorage(clock: () => number = Date.now): ProjectStorage {
  const items = new Map<string, { info: StoredProjectInfo; bytes: Uint8Array }>();
  return {
    async load(id) {
      const item = items.get(id);
      return item ? item.bytes.slice() : null;
    },
    async save(id, name, bytes) {
      items.set(id, {
        info: { id, name, savedAt: clock(), sizeBytes: bytes.length },
        bytes: bytes.slice(),
      });
    },
    async list() {
      return [...items.values()].map((i) => ({ ...i.info })).sort((a, b) => b.savedAt - a.savedAt);
    },
    async delete(id) {
      items.delete(id);
    },
  };
}
