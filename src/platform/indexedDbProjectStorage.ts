/**
 * Autosaved projects in IndexedDB (through `idb`): one store of project-file bytes keyed by
 * project id, and one small store of {@link StoredProjectInfo} so listing never reads the bytes.
 * Both are written in one transaction, so a project and its listing never disagree.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ProjectStorage, StoredProjectInfo } from '../core/persistence/projectStorage';

const DB_NAME = 'glimpse-projects';
const DB_VERSION = 1;

interface ProjectsDb extends DBSchema {
  files: { key: string; value: Uint8Array };
  meta: { key: string; value: StoredProjectInfo };
}

/** Thrown by `save` when the browser refuses to store more. */
export class StorageFullError extends Error {
  constructor(options?: { cause?: unknown }) {
    super(
      "Your browser's storage is full, so the project could not be saved here. " +
        'Free some space, or download the project with Save project so nothing is lost.',
      options,
    );
    this.name = 'StorageFullError';
  }
}

const isQuotaError = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED');

/** Opens (creating on first use) the project database. */
export function createIndexedDbProjectStorage(
  options: { name?: string; clock?: () => number } = {},
): ProjectStorage {
  const clock = options.clock ?? Date.now;
  let db: Promise<IDBPDatabase<ProjectsDb>> | null = null;
  const open = () => {
    if (!db) {
      if (typeof indexedDB === 'undefined') {
        throw new Error('This browser cannot store projects (no IndexedDB).');
      }
      db = openDB<ProjectsDb>(options.name ?? DB_NAME, DB_VERSION, {
        upgrade(database) {
          database.createObjectStore('files');
          database.createObjectStore('meta', { keyPath: 'id' });
        },
      });
      db.catch(() => (db = null));
    }
    return db;
  };
  return {
    async load(id) {
      const bytes = await (await open()).get('files', id);
      return bytes ? new Uint8Array(bytes) : null;
    },
    async save(id, name, bytes) {
      const tx = (await open()).transaction(['files', 'meta'], 'readwrite');
      try {
        await Promise.all([
          tx.objectStore('files').put(bytes.slice(), id),
          tx.objectStore('meta').put({ id, name, savedAt: clock(), sizeBytes: bytes.length }),
          tx.done,
        ]);
      } catch (error) {
        // A full disk aborts the transaction; the request that failed may report only "abort".
        if (isQuotaError(error) || isQuotaError(tx.error)) {
          throw new StorageFullError({ cause: error });
        }
        throw error;
      }
    },
    async list() {
      const all = await (await open()).getAll('meta');
      return all.sort((a, b) => b.savedAt - a.savedAt);
    },
    async delete(id) {
      const tx = (await open()).transaction(['files', 'meta'], 'readwrite');
      await Promise.all([
        tx.objectStore('files').delete(id),
        tx.objectStore('meta').delete(id),
        tx.done,
      ]);
    },
  };
}
