import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { expectProjectStorageContract } from '../support/projectStorageContract';
import {
  StorageFullError,
  createIndexedDbProjectStorage,
} from '../../src/platform/indexedDbProjectStorage';

let dbCounter = 0;
const freshName = () => `glimpse-test-${++dbCounter}`;

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
