import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  StorageFullError,
  createIndexedDbProjectStorage,
} from '../../src/platform/indexedDbProjectStorage';

let dbCounter = 0;
const freshName = () => `glimpse-test-${++dbCounter}`;

describe('IndexedDB project storage', () => {
  it('saves, lists newest first, loads copies and deletes', async () => {
    let now = 1000;
    const name = freshName();
    const storage = createIndexedDbProjectStorage({ name, clock: () => now });
    await storage.save('a', 'Pets', Uint8Array.of(1, 2, 3));
    now = 2000;
    await storage.save('b', 'Fruit', Uint8Array.of(4));
    expect((await storage.list()).map((p) => [p.id, p.name, p.savedAt, p.sizeBytes])).toEqual([
      ['b', 'Fruit', 2000, 1],
      ['a', 'Pets', 1000, 3],
    ]);
    const loaded = (await storage.load('a'))!;
    expect(Array.from(loaded)).toEqual([1, 2, 3]);
    loaded[0] = 9;
    expect(Array.from((await storage.load('a'))!)).toEqual([1, 2, 3]);
    now = 3000;
    await storage.save('a', 'Pets 2', Uint8Array.of(5, 6));
    expect((await storage.list()).map((p) => [p.id, p.name, p.sizeBytes])).toEqual([
      ['a', 'Pets 2', 2],
      ['b', 'Fruit', 1],
    ]);
    await storage.delete('a');
    await storage.delete('missing');
    expect(await storage.load('a')).toBeNull();
    expect((await storage.list()).map((p) => p.id)).toEqual(['b']);
    // A second handle on the same database sees the same projects.
    const again = createIndexedDbProjectStorage({ name });
    expect(Array.from((await again.load('b'))!)).toEqual([4]);
  });

  it('turns a full quota into a clear message and keeps the previous save', async () => {
    const storage = createIndexedDbProjectStorage({ name: freshName() });
    await storage.save('a', 'Pets', Uint8Array.of(1));
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      const error = await storage.save('a', 'Pets', Uint8Array.of(1, 2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageFullError);
      expect((error as Error).message).toMatch(/storage is full.*Save project/);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(Array.from((await storage.load('a'))!)).toEqual([1]);
  });
});
