import { describe, expect, it } from 'vitest';
import { EmbeddingStore } from '../../src/core/dataset/embeddingStore';
import { DimensionMismatchError, EmptyClassError, TooFewClassesError } from '../../src/core/errors';
import { trainHead } from '../../src/core/training/trainHead';
import { createFakeExtractor } from '../support/fakeExtractor';
import { solidImage } from '../support/pixels';

function storeWithClasses(...names: string[]) {
  const store = new EmbeddingStore();
  names.forEach((name, i) => store.addClass({ id: `c${i}`, name }));
  return store;
}

describe('embedding store', () => {
  it('embeds each image once when it is added and never again for training', async () => {
    const fake = createFakeExtractor();
    const store = storeWithClasses('Red', 'Blue');
    await store.addImages(
      fake,
      'c0',
      [1, 2, 3].map(() => ({ pixels: solidImage(8, 8, [250, 10, 10]) })),
      'upload',
    );
    await store.addImages(
      fake,
      'c1',
      [1, 2, 3].map(() => ({ pixels: solidImage(8, 8, [10, 10, 250]) })),
      'webcam',
    );
    expect(fake.embeddedCount).toBe(6);
    const set = store.trainingSet();
    const result = await trainHead(
      { embeddings: set.embeddings, labels: set.labels, classCount: 2 },
      { epochs: 3 },
    );
    result.model.dispose();
    expect(fake.embeddedCount).toBe(6);
    expect(set.labels.sort()).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('keeps ids, class, source and name for every sample', async () => {
    const store = storeWithClasses('A', 'B');
    const [id] = await store.addImages(
      createFakeExtractor(),
      'c1',
      [{ pixels: solidImage(2, 2, [1, 2, 3]), name: 'cat.jpg' }],
      'upload',
    );
    expect(store.getSample(id!)).toMatchObject({
      classId: 'c1',
      source: 'upload',
      name: 'cat.jpg',
    });
    expect(store.getSample(id!)!.embedding).toHaveLength(12);
  });

  it('names the empty class when asked for a training set', async () => {
    const store = storeWithClasses('Cats', 'Dogs');
    await store.addImages(
      createFakeExtractor(),
      'c0',
      [{ pixels: solidImage(2, 2, [1, 2, 3]) }],
      'upload',
    );
    expect(() => store.trainingSet()).toThrow(EmptyClassError);
    expect(() => store.trainingSet()).toThrow(/"Dogs" has no images/);
  });

  it('refuses a training set with fewer than two classes', () => {
    expect(() => storeWithClasses('Only').trainingSet()).toThrow(TooFewClassesError);
  });

  it('moves a sample to another class and removes samples and classes', async () => {
    const store = storeWithClasses('A', 'B');
    const ids = await store.addImages(
      createFakeExtractor(),
      'c0',
      [1, 2].map(() => ({ pixels: solidImage(2, 2, [9, 9, 9]) })),
      'upload',
    );
    store.moveSample(ids[0]!, 'c1');
    expect(store.samplesOf('c1').map((s) => s.id)).toEqual([ids[0]]);
    expect(store.removeSample(ids[1]!)).toBe(true);
    store.removeClass('c1');
    expect(store.size).toBe(0);
  });

  it('rejects an embedding of a different length than the others', () => {
    const store = storeWithClasses('A', 'B');
    store.addSamples([
      { id: 'x', classId: 'c0', source: 'upload', embedding: new Float32Array(4) },
    ]);
    expect(() =>
      store.addSamples([
        { id: 'y', classId: 'c1', source: 'upload', embedding: new Float32Array(5) },
      ]),
    ).toThrow(DimensionMismatchError);
  });

  it('keeps each sample’s augmented variants in its training view, replaces them with a new image model and drops them on request', () => {
    const store = storeWithClasses('A', 'B');
    const v = () => new Float32Array(4);
    store.addSamples([
      { id: 'x', classId: 'c0', source: 'upload', embedding: v(), augmented: [v(), v()] },
      { id: 'y', classId: 'c1', source: 'upload', embedding: v() },
    ]);
    expect(store.labelledSet().augmented.map((a) => a.length)).toEqual([2, 0]);
    expect(() => store.setAugmented(new Map([['y', [new Float32Array(3)]]]))).toThrow(
      DimensionMismatchError,
    );
    store.setAugmented(
      new Map([
        ['y', [v()]],
        ['gone', [v()]],
        ['x', undefined],
      ]),
    );
    expect(store.labelledSet().augmented.map((a) => a.length)).toEqual([0, 1]);
    const wide = () => new Float32Array(6);
    store.replaceEmbeddings(
      new Map([
        ['x', wide()],
        ['y', wide()],
      ]),
      new Map([['x', [wide(), wide(), wide()]]]),
    );
    expect(store.dim).toBe(6);
    expect(store.labelledSet().augmented.map((a) => a.length)).toEqual([3, 0]);
  });
});
