// @vitest-environment jsdom
/**
 * Open project, Open model and Import dataset check the sizes the file picker reports before a
 * byte is read: a file that claims gigabytes is refused with its own message, the platform never
 * reads it, and the current project is unchanged.
 */
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import { exportHead, summarizeTraining } from '../../src/core/io/headExport';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';
import { renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

const GB = 1024 ** 3;

/** A 3-byte file whose reported size is `size` (what a picker says before anything is read). */
function claiming(name: string, size: number, type = 'application/zip'): File {
  const file = new File([Uint8Array.of(1, 2, 3)], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
}

/** Renders the trainer with a platform that records every file it reads. */
function setUp() {
  const read: string[] = [];
  const view = renderTrainer({
    platform: {
      async readBytes(file) {
        read.push(file instanceof File ? file.name : 'a blob');
        return new Uint8Array(await file.arrayBuffer());
      },
    },
  });
  return { ...view, read };
}

/** What a test expects after a refusal: no read, no session change, the classes as they were. */
function expectUnchanged({ store, read }: ReturnType<typeof setUp>, allowedReads: string[] = []) {
  expect(read).toEqual(allowedReads);
  expect(store.callsOf('openProject')).toHaveLength(0);
  expect(store.callsOf('deleteClass')).toHaveLength(0);
  expect(store.callsOf('addImages')).toHaveLength(0);
  expect(store.getSnapshot().classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
}

describe('file size checks before reading', () => {
  test('Open project refuses a 5 GB file unread and keeps the current project', async () => {
    const setup = setUp();
    await setup.user.upload(
      screen.getByTestId('open-project-input'),
      claiming('huge.glimpse.zip', 5 * GB),
    );
    await screen.findByText(
      'Opening the project failed: "huge.glimpse.zip" cannot be opened: it is 5120 MB, more ' +
        'than the 1024 MB Glimpse opens.',
    );
    expectUnchanged(setup);
  });

  test('Open model refuses a 2 GB model zip unread', async () => {
    const setup = setUp();
    await setup.user.upload(
      screen.getByTestId('open-model-input'),
      claiming('huge-model.zip', 2 * GB),
    );
    await screen.findByText(
      'Opening the model failed: "huge-model.zip" cannot be opened: it is 2048 MB, more than ' +
        'the 1024 MB Glimpse opens.',
    );
    expectUnchanged(setup);
  });

  test('Open model refuses a picked weights.bin whose size is not what model.json declares, reading only model.json', async () => {
    const setup = setUp();
    const dim = TM_MOBILENET_V2.embeddingDim;
    const files = exportHead({
      weights: {
        inputDim: dim,
        hiddenUnits: 0,
        classCount: 2,
        layers: [{ inputs: dim, units: 2, kernel: new Float32Array(dim * 2), bias: null }],
      },
      labels: ['a', 'b'],
      backbone: TM_MOBILENET_V2,
      training: { settings: { ...DEFAULT_HEAD_OPTIONS }, metrics: summarizeTraining([]) },
      appVersion: '0.1.0',
    }).map((f) =>
      f.path === 'weights.bin'
        ? claiming('weights.bin', 50 * 1024 * 1024, 'application/octet-stream')
        : new File([f.bytes as Uint8Array<ArrayBuffer>], f.path),
    );
    await setup.user.upload(screen.getByTestId('open-model-input'), files);
    await screen.findByText(
      `Opening the model failed: "weights.bin" cannot be opened: it holds ${50 * 1024 * 1024} ` +
        `bytes but model.json describes ${dim * 2 * 4}.`,
    );
    expectUnchanged(setup, ['model.json']);
  });

  test('Import dataset refuses a 3 GB zip unread and keeps the starter classes', async () => {
    const setup = setUp();
    await setup.user.upload(
      screen.getByTestId('import-dataset-input'),
      claiming('photos.zip', 3 * GB),
    );
    await screen.findByText(
      'Importing the dataset failed: "photos.zip" cannot be opened: it is 3072 MB, more than ' +
        'the 1024 MB Glimpse opens.',
    );
    expectUnchanged(setup);
  });

  test('Import dataset refuses a picked folder of 1.5 GB before reading any of its files', async () => {
    const setup = setUp();
    const files = ['cats/1.jpg', 'dogs/1.jpg', 'dogs/2.jpg'].map((path) => {
      const file = claiming(path.split('/')[1]!, 0.5 * GB, 'image/jpeg');
      Object.defineProperty(file, 'webkitRelativePath', { value: `pets/${path}` });
      return file;
    });
    await setup.user.upload(screen.getByTestId('import-dataset-folder-input'), files);
    await screen.findByText(
      'Importing the dataset failed: "the folder" cannot be opened: its files add up to 1.5 GB, ' +
        'more than the 1 GB Glimpse can import at once.',
    );
    expectUnchanged(setup);
  });
});
