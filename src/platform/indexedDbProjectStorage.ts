/**
 * Autosaved projects in IndexedDB (through `idb`): one store of project-file bytes keyed by
 * project id, and one small store of {@link StoredProjectInfo} so listing never reads the bytes.
 * Both are written in one transaction, so a project and its listing never disagree.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import {
  isStorageFull,
  StorageFullError,
  type ProjectStorage,
  type StoredProjectInfo,
} from '../core/persistence/projectStorage';

const DB_NAME = 'glimpse-projects';
const DB_VERSION = 1;

interface ProjectsDb extends DBSchema {
  files: { key: string; value: Uint8Array };
  meta: { key: string; value: StoredProjectInfo };
}

// The error lives in the core so that autosave can recognise it; re-exported for callers here.
export { StorageFullError };

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
      // Created right after the database is open, so transactions keep the order of the calls.
      const tx = (await open()).transaction(['files', 'meta'], 'readwrite');
      try {
        const written = Promise.all([
          tx.objectStore('files').put(bytes.slice(), id),
          tx.objectStore('meta').put({ id, name, savedAt: clock(), sizeBytes: bytes.length }),
          tx.done,
        ]);
        // Commit at once rather than once the requests are done: when the page unloads during
        // the save (one started by `pagehide`), Chromium drops an uncommitted transaction and
        // mostly keeps a committed one.
        unwrap(tx).commit?.();
        await written;
      } catch (error) {
        // A full disk aborts the transaction; the request that failed may report only "abort".
        if (isStorageFull(error) || isStorageFull(tx.error)) {
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
