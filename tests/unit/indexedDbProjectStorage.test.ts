import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeProject, type ProjectSample } from '../../src/core/io/projectFormat';
import {
  StorageFullError,
  createIndexedDbProjectStorage,
} from '../../src/platform/indexedDbProjectStorage';
import {
  expectProjectStorageContract,
  tinyProject,
  tinySample,
} from '../support/projectStorageContract';

let dbCounter = 0;
const freshName = () => `glimpse-test-${++dbCounter}`;

/** Counts the sample records written and deleted from now on. */
function countSampleWrites() {
  const counts = { put: 0, delete: 0 };
  const put = IDBObjectStore.prototype.put;
  const del = IDBObjectStore.prototype.delete;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['put']>
  ) {
    if (this.name === 'samples') counts.put++;
    return put.apply(this, args);
  });
  vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (
    this: IDBObjectStore,
    ...args: Parameters<IDBObjectStore['delete']>
  ) {
    if (this.name === 'samples') counts.delete++;
    return del.apply(this, args);
  });
  return counts;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('IndexedDB project storage', () => {
  it('saves, lists newest first, loads copies, replaces and deletes', async () => {
    let now = 0;
    const name = freshName();
    await expectProjectStorageContract(
      createIndexedDbProjectStorage({ name, clock: () => now }),
      (ms) => (now = ms),
    );
    // A second handle on the same database sees the same projects.
    const again = createIndexedDbProjectStorage({ name });
    expect(await again.load('b')).toEqual(tinyProject('Fruit', 1));
  });

  it('writes only the samples that are new and deletes only the removed ones', async () => {
    const storage = createIndexedDbProjectStorage({ name: freshName() });
    const project = tinyProject('Pets', 50);
    const counts = countSampleWrites();
    await storage.save('p', project);
    expect(counts).toEqual({ put: 50, delete: 0 });
    // The same arrays again, plus one sample, minus two, with a class renamed.
    const next = {
      ...project,
      classes: [{ id: 'a', name: 'Green apples' }, project.classes[1]!],
      samples: [...project.samples.slice(2), tinySample(51)],
    };
    await storage.save('p', next);
    expect(counts).toEqual({ put: 51, delete: 2 });
    // A new embedding array for a sample (a switched image model) rewrites that sample.
    const switched = { ...next, samples: next.samples.map((s) => ({ ...s })) };
    switched.samples[0] = { ...switched.samples[0]!, embedding: Float32Array.of(1, 1, 1) };
    await storage.save('p', switched);
    expect(counts).toEqual({ put: 52, delete: 2 });
    expect(await storage.load('p')).toEqual(switched);
  });

  it('after a reload, saving the loaded project again writes no sample', async () => {
    const name = freshName();
    await createIndexedDbProjectStorage({ name }).save('p', tinyProject('Pets', 20));
    const reopened = createIndexedDbProjectStorage({ name });
    const loaded = (await reopened.load('p'))!;
    const counts = countSampleWrites();
    await reopened.save('p', { ...loaded, name: 'Pets renamed' });
    expect(counts).toEqual({ put: 0, delete: 0 });
    // A storage that never loaded it still removes what the project no longer has.
    const other = createIndexedDbProjectStorage({ name });
    await other.save('p', { ...loaded, samples: loaded.samples.slice(0, 5) });
    expect(counts).toEqual({ put: 5, delete: 15 });
    expect((await reopened.load('p'))!.samples).toHaveLength(5);
  });

  it('rewrites exactly the samples whose augmented variants were made again or dropped, and keeps the variants across a reload', async () => {
    const name = freshName();
    const storage = createIndexedDbProjectStorage({ name });
    const project = tinyProject('Pets', 4);
    await storage.save('p', project);
    const counts = countSampleWrites();
    const variant = (n: number) => Float32Array.of(n, n, n);
    // Augmentation turned on: every sample gets a new list of variants.
    const on = {
      ...project,
      headOptions: { ...project.headOptions, augmentation: { flip: true, crops: 1, lights: 0 } },
      samples: project.samples.map((s, i) => ({ ...s, augmented: [variant(i), variant(-i)] })),
    };
    await storage.save('p', on);
    expect(counts).toEqual({ put: 4, delete: 0 });
    await storage.save('p', on);
    expect(counts).toEqual({ put: 4, delete: 0 });
    // One sample's variants made again; another's dropped.
    const changed = { ...on, samples: [...on.samples] as ProjectSample[] };
    changed.samples[1] = { ...changed.samples[1]!, augmented: [variant(7)] };
    const plain: ProjectSample = { ...changed.samples[2]! };
    delete plain.augmented;
    changed.samples[2] = plain;
    await storage.save('p', changed);
    expect(counts).toEqual({ put: 6, delete: 0 });
    const reopened = createIndexedDbProjectStorage({ name });
    const loaded = (await reopened.load('p'))!;
    expect(loaded).toEqual(changed);
    await reopened.save('p', loaded);
    expect(counts).toEqual({ put: 6, delete: 0 });
  });

  it('opens projects saved by the first version as whole files and moves them on save', async () => {
    const name = freshName();
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('files');
        db.createObjectStore('meta', { keyPath: 'id' });
      },
    });
    const bytes = serializeProject(tinyProject('Old pets', 4));
    await old.put('files', bytes, 'old');
    await old.put('meta', { id: 'old', name: 'Old pets', savedAt: 5, sizeBytes: bytes.length });
    old.close();
    const storage = createIndexedDbProjectStorage({ name });
    expect((await storage.list()).map((p) => p.name)).toEqual(['Old pets']);
    const loaded = (await storage.load('old'))!;
    expect(loaded).toEqual(tinyProject('Old pets', 4));
    await storage.save('old', loaded);
    const db = await openDB(name);
    expect(await db.get('files', 'old')).toBeUndefined();
    expect(await db.count('samples')).toBe(4);
    db.close();
    expect(await createIndexedDbProjectStorage({ name }).load('old')).toEqual(loaded);
  });

  it('refuses a damaged stored project with a message naming it', async () => {
    const name = freshName();
    const storage = createIndexedDbProjectStorage({ name });
    await storage.save('p', tinyProject('Pets', 3));
    const db = await openDB(name);
    await db.delete('samples', ['p', 's2']);
    db.close();
    const error = await createIndexedDbProjectStorage({ name })
      .load('p')
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/"Pets" cannot be opened: the image "s2" is missing/);
  });

  it('turns a full quota into a clear message, keeps the previous save and recovers', async () => {
    const storage = createIndexedDbProjectStorage({ name: freshName() });
    await storage.save('a', tinyProject('Pets', 2));
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const error = await storage.save('a', tinyProject('Pets', 6)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/storage is full.*Save project/);
    vi.mocked(IDBObjectStore.prototype.put).mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      return put.apply(this, args);
    });
    expect(await storage.load('a')).toEqual(tinyProject('Pets', 2));
    await storage.save('a', tinyProject('Pets', 6));
    expect(await storage.load('a')).toEqual(tinyProject('Pets', 6));
  });
});
