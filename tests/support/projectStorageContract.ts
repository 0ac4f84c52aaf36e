import { expect } from 'vitest';
import type { ProjectData, ProjectSample } from '../../src/core/io/projectFormat';
import type { ProjectStorage } from '../../src/core/persistence/projectStorage';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';

/** A sample of `tinyProject` whose image and embedding are derived from `n`. */
export function tinySample(n: number, classId = 'a'): ProjectSample {
  return {
    id: `s${n}`,
    classId,
    source: 'upload',
    name: `photo ${n}.jpg`,
    image: Uint8Array.of(0xff, 0xd8, n % 256, 0xff, 0xd9),
    embedding: Float32Array.of(n, n / 2, -n),
  };
}

/** A valid two-class project on the TM base with 3-feature "embeddings" and `count` samples. */
export function tinyProject(name: string, count: number): ProjectData {
  return {
    name,
    createdWith: 'Glimpse test',
    backboneId: 'mobilenet-v2-0.35-224-tm',
    embeddingDim: 3,
    headOptions: { ...DEFAULT_HEAD_OPTIONS },
    classes: [
      { id: 'a', name: 'Apples' },
      { id: 'b', name: 'Bananas' },
    ],
    samples: Array.from({ length: count }, (_, i) => tinySample(i + 1, i % 2 ? 'b' : 'a')),
    head: null,
    training: null,
  };
}

/**
 * What every ProjectStorage must do: save, list newest first, hand out copies on load, replace on
 * save, delete (missing ids included). `setNow` moves the storage's clock.
 */
export async function expectProjectStorageContract(
  storage: ProjectStorage,
  setNow: (ms: number) => void,
): Promise<void> {
  setNow(1000);
  await storage.save('a', tinyProject('Pets', 3));
  setNow(2000);
  await storage.save('b', tinyProject('Fruit', 1));
  const listed = await storage.list();
  expect(listed.map((p) => [p.id, p.name, p.savedAt])).toEqual([
    ['b', 'Fruit', 2000],
    ['a', 'Pets', 1000],
  ]);
  expect(listed[1]!.sizeBytes).toBeGreaterThan(listed[0]!.sizeBytes);
  const loaded = (await storage.load('a'))!;
  expect(loaded).toEqual(tinyProject('Pets', 3));
  loaded.samples[0]!.embedding[0] = 99;
  loaded.classes[0]!.name = 'Changed';
  expect(await storage.load('a')).toEqual(tinyProject('Pets', 3));
  setNow(3000);
  await storage.save('a', { ...tinyProject('Pets 2', 2), samples: [tinySample(7)] });
  expect((await storage.list()).map((p) => [p.id, p.name])).toEqual([
    ['a', 'Pets 2'],
    ['b', 'Fruit'],
  ]);
  expect((await storage.load('a'))!.samples).toEqual([tinySample(7)]);
  await storage.delete('a');
  await storage.delete('missing');
  expect(await storage.load('a')).toBeNull();
  expect((await storage.list()).map((p) => p.id)).toEqual(['b']);
}
