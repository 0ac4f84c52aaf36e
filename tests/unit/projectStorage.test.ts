import { describe, expect, it } from 'vitest';
import { createMemoryProjectStorage } from '../../src/core/persistence/projectStorage';

describe('in-memory project storage', () => {
  it('saves, lists newest first, loads copies and deletes', async () => {
    let now = 1000;
    const storage = createMemoryProjectStorage(() => now);
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
    await storage.delete('a');
    await storage.delete('missing');
    expect(await storage.load('a')).toBeNull();
    expect((await storage.list()).map((p) => p.id)).toEqual(['b']);
  });
});
