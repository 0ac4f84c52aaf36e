/**
 * An exported model picked as three separate files (src/core/io/headImport readHeadExportFiles)
 * and a picked dataset folder (checkFolderSize) are size-checked from the sizes the picker
 * reports, before any file is read: a huge or mismatched weights.bin is never read.
 */
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import { checkFolderSize } from '../../src/core/io/datasetFolders';
import { exportHead, summarizeTraining } from '../../src/core/io/headExport';
import { readHeadExportFiles, type PickedFile } from '../../src/core/io/headImport';
import { MAX_JSON_BYTES } from '../../src/core/io/jsonFile';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';

const GB = 1024 ** 3;

/** The three files of a small exported head (1280 → 2, no hidden layer). */
function exportedFiles() {
  const dim = TM_MOBILENET_V2.embeddingDim;
  return exportHead({
    weights: {
      inputDim: dim,
      hiddenUnits: 0,
      classCount: 2,
      layers: [{ inputs: dim, units: 2, kernel: new Float32Array(dim * 2).fill(0.1), bias: null }],
    },
    labels: ['rock', 'paper'],
    backbone: TM_MOBILENET_V2,
    training: { settings: { ...DEFAULT_HEAD_OPTIONS }, metrics: summarizeTraining([]) },
    appVersion: '0.1.0',
  });
}

/** Picked files that record which were read; `sizes` overrides the size a picker reports. */
function picked(sizes: Record<string, number> = {}) {
  const read: string[] = [];
  const files: PickedFile[] = exportedFiles().map((f) => ({
    name: f.path,
    size: sizes[f.path] ?? f.bytes.length,
    read: async () => {
      read.push(f.path);
      return f.bytes;
    },
  }));
  return { files, read };
}

async function refusal(promise: Promise<unknown>): Promise<InvalidFileError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidFileError);
  return error as InvalidFileError;
}

describe('opening a model picked as separate files', () => {
  it('reads and parses the three files when their sizes are honest', async () => {
    const { files, read } = picked();
    const parsed = await readHeadExportFiles(files);
    expect(parsed.labels).toEqual(['rock', 'paper']);
    expect(read.sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
  });

  it('refuses a weights.bin that declares gigabytes without reading any file', async () => {
    const { files, read } = picked({ 'weights.bin': 3 * GB });
    const error = await refusal(readHeadExportFiles(files));
    expect(error.reason).toBe('too-large');
    expect(error.message).toBe(
      '"weights.bin" cannot be opened: it is 3072 MB, more than the 64 MB Glimpse opens.',
    );
    expect(read).toEqual([]);
  });

  it('refuses a weights.bin whose size differs from the manifest before reading it', async () => {
    const { files, read } = picked({ 'weights.bin': 40 * 1024 * 1024 });
    const error = await refusal(readHeadExportFiles(files));
    expect(error.reason).toBe('size-mismatch');
    expect(error.message).toBe(
      `"weights.bin" cannot be opened: it holds ${40 * 1024 * 1024} bytes but model.json ` +
        `describes ${1280 * 2 * 4}.`,
    );
    expect(read).toEqual(['model.json']);
  });

  it('refuses a model.json or metadata.json over 32 MB without reading it', async () => {
    for (const name of ['model.json', 'metadata.json']) {
      const { files, read } = picked({ [name]: MAX_JSON_BYTES + 1 });
      const error = await refusal(readHeadExportFiles(files));
      expect(error.message).toMatch(new RegExp(`^"${name}" cannot be opened: it is 32 MB`));
      expect(read).toEqual([]);
    }
  });

  it('names a missing file', async () => {
    const { files } = picked();
    const error = await refusal(readHeadExportFiles(files.filter((f) => f.name !== 'weights.bin')));
    expect(error.reason).toBe('missing-file');
    expect(error.message).toContain('"weights.bin" cannot be opened: the file is missing');
  });
});

describe('a picked dataset folder, from its file sizes', () => {
  it('refuses more bytes than an archive may unpack to', () => {
    expect(() => checkFolderSize([0.6 * GB, 0.6 * GB], 'the folder')).toThrow(
      '"the folder" cannot be opened: its files add up to 1.2 GB, more than the 1 GB Glimpse can import at once.',
    );
  });

  it('refuses more files than an archive may hold, and passes a normal folder', () => {
    expect(() => checkFolderSize(new Array<number>(20_001).fill(1), 'the folder')).toThrow(
      'it holds 20001 files, more than the 20000',
    );
    expect(() => checkFolderSize([1000, 2000], 'the folder')).not.toThrow();
  });
});
