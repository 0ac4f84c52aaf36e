/**
 * Autosaved projects in IndexedDB (through `idb`), saved incrementally: each project is one small
 * record plus one record per sample (image, embedding and any augmented variants' embeddings;
 * see core/persistence/storedProject), so
 * a save writes the small record and only the samples that are new or changed, and deletes the
 * removed ones. A small "meta" store lists projects without reading them. Every save is one
 * transaction, so a project, its samples and its listing never disagree.
 *
 * Version 1 of the database kept each project as one project-file blob ("files"); such projects
 * still load, and their first save moves them to the new layout.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase } from 'idb';
import { parseProject, type ProjectData } from '../core/io/projectFormat';
import {
  isStorageFull,
  StorageFullError,
  type ProjectStorage,
  type StoredProjectInfo,
} from '../core/persistence/projectStorage';
import {
  assembleProject,
  projectRecord,
  samplePayload,
  SampleWriteTracker,
  storedSize,
  type StoredProjectRecord,
  type StoredSamplePayload,
} from '../core/persistence/storedProject';

const DB_NAME = 'glimpse-projects';
const DB_VERSION = 2;

type SampleKey = [projectId: string, sampleId: string];

interface ProjectsDb extends DBSchema {
  /** Version 1: whole project files. Read for old projects, emptied as they are saved again. */
  files: { key: string; value: Uint8Array };
  meta: { key: string; value: StoredProjectInfo };
  projects: { key: string; value: StoredProjectRecord };
  samples: { key: SampleKey; value: StoredSamplePayload };
}

// The error lives in the core so that autosave can recognise it; re-exported for callers here.
export { StorageFullError };

/** Every sample key of one project: [id, <any string>]. */
const samplesOf = (id: string) => IDBKeyRange.bound([id], [id, []]);

/** Opens (creating or upgrading on first use) the project database. */
export function createIndexedDbProjectStorage(
  options: { name?: string; clock?: () => number } = {},
): ProjectStorage {
  const clock = options.clock ?? Date.now;
  let db: Promise<IDBPDatabase<ProjectsDb>> | null = null;
  /** Per project: what its samples in the database were written from. */
  const trackers = new Map<string, Promise<SampleWriteTracker>>();

  const open = () => {
    if (!db) {
      if (typeof indexedDB === 'undefined') {
        throw new Error('This browser cannot store projects (no IndexedDB).');
      }
      db = openDB<ProjectsDb>(options.name ?? DB_NAME, DB_VERSION, {
        upgrade(database, oldVersion) {
          if (oldVersion < 1) {
            database.createObjectStore('files');
            database.createObjectStore('meta', { keyPath: 'id' });
          }
          if (oldVersion < 2) {
            database.createObjectStore('projects');
            database.createObjectStore('samples');
          }
        },
      });
      db.catch(() => (db = null));
    }
    return db;
  };

  /** The tracker for a project, reading which samples the database holds the first time. */
  function trackerOf(database: IDBPDatabase<ProjectsDb>, id: string) {
    let tracker = trackers.get(id);
    if (!tracker) {
      tracker = database
        .getAllKeys('samples', samplesOf(id))
        .then((keys) => new SampleWriteTracker(keys.map((k) => k[1])));
      trackers.set(id, tracker);
      tracker.catch(() => trackers.delete(id));
    }
    return tracker;
  }

  async function load(id: string): Promise<ProjectData | null> {
    const database = await open();
    const tx = database.transaction(['projects', 'samples', 'files', 'meta'], 'readonly');
    const samples = tx.objectStore('samples');
    const [record, legacy, meta, keys, values] = await Promise.all([
      tx.objectStore('projects').get(id),
      tx.objectStore('files').get(id),
      tx.objectStore('meta').get(id),
      samples.getAllKeys(samplesOf(id)),
      samples.getAll(samplesOf(id)),
    ]);
    const fileName = meta?.name ?? 'the saved project';
    if (!record) return legacy ? parseProject(new Uint8Array(legacy), { fileName }) : null;
    const payloads = new Map(keys.map((k, i) => [k[1], values[i]!]));
    const project = assembleProject(record, (sampleId) => payloads.get(sampleId), fileName);
    if (!trackers.has(id)) {
      // What was just read is what is stored: a save of these same arrays writes no sample.
      const tracker = new SampleWriteTracker(payloads.keys());
      tracker.remember(project.samples);
      trackers.set(id, Promise.resolve(tracker));
    }
    return project;
  }

  async function save(id: string, project: ProjectData): Promise<void> {
    const database = await open();
    const tracking = trackerOf(database, id);
    const tracker = await tracking;
    // From here on nothing waits until the transaction is created: saves keep their call order.
    const record = projectRecord(project);
    const plan = tracker.plan(project.samples);
    const tx = database.transaction(['projects', 'samples', 'meta', 'files'], 'readwrite');
    try {
      const samples = tx.objectStore('samples');
      const requests: Promise<unknown>[] = [
        tx.objectStore('projects').put(record, id),
        ...plan.put.map((s) => samples.put(samplePayload(s), [id, s.id])),
        ...plan.remove.map((sampleId) => samples.delete([id, sampleId])),
        tx.objectStore('files').delete(id),
        tx.objectStore('meta').put({
          id,
          name: project.name,
          savedAt: clock(),
          sizeBytes: storedSize(record, project.samples),
        }),
        tx.done,
      ];
      // Commit at once rather than once the requests are done: when the page unloads during
      // the save (one started by `pagehide`), Chromium drops an uncommitted transaction and
      // mostly keeps a committed one.
      unwrap(tx).commit?.();
      await Promise.all(requests);
      tracker.committed(plan);
    } catch (error) {
      // What is stored is no longer known: the next save reads the keys and writes everything.
      if (trackers.get(id) === tracking) trackers.delete(id);
      // A full disk aborts the transaction; the request that failed may report only "abort".
      if (isStorageFull(error) || isStorageFull(tx.error)) {
        throw new StorageFullError({ cause: error });
      }
      throw error;
    }
  }

  return {
    load,
    save,
    async list() {
      const all = await (await open()).getAll('meta');
      return all.sort((a, b) => b.savedAt - a.savedAt);
    },
    async delete(id) {
      const tx = (await open()).transaction(['projects', 'samples', 'meta', 'files'], 'readwrite');
      trackers.delete(id);
      await Promise.all([
        tx.objectStore('samples').delete(samplesOf(id)),
        tx.objectStore('projects').delete(id),
        tx.objectStore('files').delete(id),
        tx.objectStore('meta').delete(id),
        tx.done,
      ]);
    },
  };
}
