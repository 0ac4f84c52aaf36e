// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { DecodedFiles } from '../../src/platform/platform';
import { fakeFile, fakeImage } from './fakePlatform';
import { classCard, renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

/** A DataTransfer-like object carrying files (jsdom has no DataTransfer). */
const transfer = (files: File[]) => ({ files, types: ['Files'], dropEffect: 'none' });

describe('uploading images', () => {
  test('uploading files reads them, lists the rejected ones with reasons and adds the rest', async () => {
    const { user, store, container } = renderTrainer();
    const card = classCard(container, 'class-2');
    const input = within(card).getByTestId<HTMLInputElement>('upload-input');
    expect(input.type).toBe('file');
    expect(input.multiple).toBe(true);
    expect(input.accept).toBe('image/*');

    await user.upload(input, [fakeFile('a.png'), fakeFile('notes.txt', 'text/plain')]);

    await waitFor(() => expect(within(card).getAllByTestId('sample-thumb')).toHaveLength(1));
    expect(store.callsOf('reportRejected')).toEqual([
      [[{ name: 'notes.txt', reason: 'not an image (text/plain)' }]],
    ]);
    const [classId, images, source] = store.callsOf('addImages')[0]!;
    expect([classId, (images as { name: string }[]).map((i) => i.name), source]).toEqual([
      'class-2',
      ['a.png'],
      'upload',
    ]);
    const rejected = screen.getByTestId('rejected-files');
    expect(within(rejected).getByRole('heading').textContent).toBe('These files could not be used');
    expect(rejected.textContent).toContain('notes.txt: not an image (text/plain)');

    await user.click(within(rejected).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('rejected-files')).toBeNull();
  });

  test('a large upload is decoded and added in chunks of 16, in order, embedding while the next chunk decodes', async () => {
    const reads: string[][] = [];
    let releaseSecond: () => void = () => undefined;
    const secondRead = new Promise<void>((r) => (releaseSecond = r));
    const { user, store, container } = renderTrainer({
      platform: {
        async readFiles(files): Promise<DecodedFiles> {
          reads.push(files.map((f) => f.name));
          if (reads.length === 2) await secondRead;
          return {
            images: files.filter((f) => f.type.startsWith('image/')).map((f) => fakeImage(f.name)),
            rejected: files
              .filter((f) => !f.type.startsWith('image/'))
              .map((f) => ({ name: f.name, reason: 'not an image' })),
          };
        },
      },
    });
    const card = classCard(container, 'class-1');
    const files = Array.from({ length: 40 }, (_, i) =>
      i === 20 ? fakeFile('x.txt', 'text/plain') : fakeFile(`p${i}.png`),
    );
    await user.upload(within(card).getByTestId('upload-input'), files);
    // The first chunk is handed to the store while the second is still decoding.
    await waitFor(() => expect(store.callsOf('addImages')).toHaveLength(1));
    expect(reads).toHaveLength(2);
    releaseSecond();
    await waitFor(() => expect(store.callsOf('addImages')).toHaveLength(3));
    expect(reads.map((r) => r.length)).toEqual([16, 16, 8]);
    const added = store
      .callsOf('addImages')
      .flatMap(([, images]) => (images as { name: string }[]).map((i) => i.name));
    expect(added).toEqual(files.filter((_, i) => i !== 20).map((f) => f.name));
    expect(store.callsOf('reportRejected')).toEqual([
      [[{ name: 'x.txt', reason: 'not an image' }]],
    ]);
  });

  test('the upload buttons open the hidden file inputs; the folder one picks a directory', async () => {
    const { user, container } = renderTrainer();
    const card = classCard(container, 'class-1');
    const folder = within(card).getByTestId<HTMLInputElement>('folder-input');
    expect(folder.hasAttribute('webkitdirectory')).toBe(true);
    const clicked = vi.fn();
    folder.addEventListener('click', clicked);
    await user.click(within(card).getByRole('button', { name: 'Upload folder to Class 1' }));
    expect(clicked).toHaveBeenCalledOnce();
  });

  test('reading progress and then embedding progress are shown as progress bars', async () => {
    let finish: (files: DecodedFiles) => void = () => {};
    const { user, store, container } = renderTrainer({
      platform: {
        readFiles: (files, onProgress) => {
          onProgress?.(1, files.length);
          return new Promise((resolve) => (finish = resolve));
        },
      },
    });
    await user.upload(within(classCard(container, 'class-1')).getByTestId('upload-input'), [
      fakeFile('a.png'),
      fakeFile('b.png'),
      fakeFile('c.png'),
    ]);
    const progress = screen.getByTestId('ingest-progress');
    expect(progress.textContent).toContain('Reading files: 1 / 3');
    expect(within(progress).getByRole('progressbar')).toHaveProperty('value', 1);

    await act(async () => finish({ images: [fakeImage('a.png')], rejected: [] }));
    expect(screen.queryByTestId('ingest-progress')).toBeNull();

    act(() => store.set({ ingest: { active: true, done: 4, total: 10, rejected: [] } }));
    expect(screen.getByTestId('ingest-progress').textContent).toContain('Adding images: 4 / 10');
  });

  test('dropping files on a class card adds them to that class', async () => {
    const { store, platform, container } = renderTrainer();
    const card = classCard(container, 'class-2');
    const spy = vi.spyOn(platform, 'filesFromDataTransfer');
    fireEvent.dragOver(card, { dataTransfer: transfer([]) });
    expect(card.className).toContain('is-dragging');
    fireEvent.drop(card, { dataTransfer: transfer([fakeFile('dog.png')]) });
    expect(card.className).not.toContain('is-dragging');
    await waitFor(() => expect(within(card).getAllByTestId('sample-thumb')).toHaveLength(1));
    expect(spy).toHaveBeenCalledOnce();
    expect(store.callsOf('addImages')[0]?.[0]).toBe('class-2');
  });

  test('pasting an image while the card is focused adds it; pasting into the rename field does not', async () => {
    const { user, store, container } = renderTrainer();
    const card = classCard(container, 'class-1');
    const area = within(card).getByRole('group', { name: 'Add images to Class 1' });
    area.focus();
    fireEvent.paste(area, { clipboardData: transfer([fakeFile('clip.png')]) });
    await waitFor(() => expect(within(card).getAllByTestId('sample-thumb')).toHaveLength(1));

    await user.click(within(card).getByRole('button', { name: 'Class 1 (rename)' }));
    fireEvent.paste(within(card).getByRole('textbox'), {
      clipboardData: transfer([fakeFile('clip2.png')]),
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(store.callsOf('addImages')).toHaveLength(1);
  });
});
