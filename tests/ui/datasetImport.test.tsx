// @vitest-environment jsdom
/**
 * Import dataset through the Project menu with the fake platform: colliding class folders are
 * renamed visibly with a notice (not refused), a folder joins the project's class of the same
 * name in any case, and AVIF images are handed to the platform as AVIF.
 */
import { cleanup, screen, waitFor } from '@testing-library/react';
import { zipSync } from 'fflate';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

const bytes = Uint8Array.of(1, 2, 3);
const zipFile = (entries: Record<string, Uint8Array>, name: string) =>
  new File([zipSync(entries) as Uint8Array<ArrayBuffer>], name, { type: 'application/zip' });

describe('Import dataset and class names', () => {
  test('imports folders "Cat" and "cat" as "Cat" and "cat (2)" and says so', async () => {
    const { store, user } = renderTrainer();
    await user.upload(
      screen.getByTestId('import-dataset-input'),
      zipFile({ 'Cat/1.jpg': bytes, 'cat/2.jpg': bytes, 'cat/3.jpg': bytes }, 'pets.zip'),
    );
    await screen.findByText(
      '“pets.zip” has two classes with the same name, so the later one was renamed: ' +
        '“cat” is now “cat (2)”.',
    );
    expect(store.getSnapshot().classes.map((c) => [c.name, c.sampleIds.length])).toEqual([
      ['Cat', 1],
      ['cat (2)', 2],
    ]);
  });

  test('adds a folder’s images to the project class of the same name in another case', async () => {
    const { store, user } = renderTrainer();
    const [first] = store.getSnapshot().classes;
    store.renameClass(first!.id, 'Cats');
    store.addImages(
      first!.id,
      [{ pixels: { width: 1, height: 1, data: bytes }, thumbnail: 'x' }],
      'upload',
    );
    await user.upload(
      screen.getByTestId('import-dataset-input'),
      zipFile({ 'cats/1.jpg': bytes, 'dogs/2.jpg': bytes }, 'more.zip'),
    );
    await waitFor(() => expect(store.callsOf('addImages')).toHaveLength(3));
    expect(store.getSnapshot().classes.map((c) => [c.name, c.sampleIds.length])).toEqual([
      ['Cats', 2],
      ['Class 2', 0],
      ['dogs', 1],
    ]);
    expect(store.getSnapshot().notices).toEqual([]);
  });

  test('hands .avif images of a dataset to the platform as image/avif', async () => {
    const { store, platform, user } = renderTrainer();
    const types: string[] = [];
    const readFiles = platform.readFiles.bind(platform);
    platform.readFiles = (files, onProgress) => {
      types.push(...files.map((f) => `${f.name} ${f.type}`));
      return readFiles(files, onProgress);
    };
    await user.upload(
      screen.getByTestId('import-dataset-input'),
      zipFile({ 'birds/a.avif': bytes, 'birds/b.AVIF': bytes, 'fish/c.png': bytes }, 'zoo.zip'),
    );
    await waitFor(() => expect(store.callsOf('addImages')).toHaveLength(2));
    expect(types.sort()).toEqual(['a.avif image/avif', 'b.AVIF image/avif', 'c.png image/png']);
    expect(store.getSnapshot().classes.map((c) => [c.name, c.sampleIds.length])).toEqual([
      ['birds', 2],
      ['fish', 1],
    ]);
  });
});
