import { expect } from 'vitest';
import type { ProjectStorage } from '../../src/core/persistence/projectStorage';

/**
 * What every ProjectStorage must do: save, list newest first, hand out copies on load, replace on
 * save, delete (missing ids included). `setNow` moves the storage's clock.
 */
export async function expectProjectStorageContract(
  storage: ProjectStorage,
  setNow: (ms: number) => void,
): Promise<void> {
  setNow(1000);
  await storage.save('a', 'Pets', Uint8Array.of(1, 2, 3));
  setNow(2000);
  await storage.save('b', 'Fruit', Uint8Array.of(4));
  expect((await storage.list()).map((p) => [p.id, p.name, p.savedAt, p.sizeBytes])).toEqual([
    ['b', 'Fruit', 2000, 1],
    ['a', 'Pets', 1000, 3],
  ]);
  const loaded = (await storage.load('a'))!;
  expect(Array.from(loaded)).toEqual([1, 2, 3]);
  loaded[0] = 9;
  expect(Array.from((await storage.load('a'))!)).toEqual([1, 2, 3]);
  setNow(3000);
  await storage.save('a', 'Pets 2', Uint8Array.of(5, 6));
  expect((await storage.list()).map((p) => [p.id, p.name, p.sizeBytes])).toEqual([
    ['a', 'Pets 2', 2],
    ['b', 'Fruit', 1],
  ]);
  await storage.delete('a');
  await storage.delete('missing');
  expect(await storage.load('a')).toBeNull();
  expect((await storage.list()).map((p) => p.id)).toEqual(['b']);
}
