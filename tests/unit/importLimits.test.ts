/**
 * Imported files are size-checked before they are parsed or unpacked: archives (project,
 * model and dataset zips) by their own size, their directory's declared sizes and their
 * compression ratio; JSON files by size; picked dataset folders by file count and bytes; opened
 * models by label count. Zip bombs are refused quickly, without allocating what they would
 * unpack to.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { datasetFromFiles, datasetFromZip } from '../../src/core/io/datasetFolders';
import type { ParsedHeadExport } from '../../src/core/io/headExport';
import { MAX_IMPORTED_LABELS, projectFromHeadExport } from '../../src/core/io/headImport';
import { MAX_JSON_BYTES, parseJsonFile } from '../../src/core/io/jsonFile';
import { parseProject } from '../../src/core/io/projectFormat';
import { DEFAULT_ZIP_LIMITS, readZip } from '../../src/core/io/zip';

const MB = 1024 * 1024;

/** A zip of one entry of `megabytes` zeros (deflate shrinks it about 1000 times). */
function zerosZip(megabytes: number, name = 'images/a/zeros.jpg'): Uint8Array {
  return zipSync({ [name]: [new Uint8Array(megabytes * MB), { level: 9 }] });
}

/** Rewrites the uncompressed size the zip declares for its (only) entry, in both headers. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  view.setUint32(22, size, true); // local file header
  for (let i = out.length - 22; i >= 0; i--) {
    if (view.getUint32(i, true) === 0x02014b50) {
      view.setUint32(i + 24, size, true); // central directory entry
      break;
    }
  }
  return out;
}

/** Runs `read`, expecting a 'too-large' refusal; returns its message and the time it took. */
function refusal(read: () => unknown): { message: string; ms: number } {
  const start = performance.now();
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFileError);
    expect((error as InvalidFileError).reason).toBe('too-large');
    return { message: (error as Error).message, ms: performance.now() - start };
  }
  throw new Error('expected the import to be refused');
}

describe('import size limits', () => {
  it('refuses a tiny zip that declares gigabytes, before inflating anything', () => {
    const bomb = declareSize(zerosZip(1), 0xf000_0000);
    expect(bomb.length).toBeLessThan(10_000);
    const before = process.memoryUsage().arrayBuffers;
    const { message, ms } = refusal(() => readZip(bomb, 'bomb.zip'));
    expect(message).toContain('would unpack to 3840 MB');
    expect(ms).toBeLessThan(500);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MB);
  });

  it('refuses a zip of zeros that would unpack to far more than 100 times its size, quickly and without allocating it', () => {
    // Two files of 35 MB: each under the 64 MB per-file cap, 70 MB from about 70 KB together.
    const zeros = new Uint8Array(35 * MB);
    const bomb = zipSync({ 'a.bin': [zeros, { level: 9 }], 'b.bin': [zeros, { level: 9 }] });
    expect(bomb.length).toBeLessThan(MB);
    const before = process.memoryUsage().arrayBuffers;
    const { message, ms } = refusal(() => parseProject(bomb, { fileName: 'bomb.glimpse.zip' }));
    expect(message).toContain('"bomb.glimpse.zip" cannot be opened');
    expect(message).toContain('zip bomb');
    expect(ms).toBeLessThan(500);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * MB);
  });

  it('refuses an entry whose compressed data is far larger than the small size it declares', () => {
    // A bomb that lies: it declares 100 bytes, so no per-entry or ratio cap would catch it.
    const liar = declareSize(zerosZip(8), 100);
    const { message, ms } = refusal(() => datasetFromZip(liar, { fileName: 'dataset.zip' }));
    expect(message).toContain('far more compressed data than the 100 bytes it declares');
    expect(ms).toBeLessThan(200);
  });

  it('still opens a small, very compressible file (the ratio cap starts at 64 MB)', () => {
    const entries = readZip(zerosZip(2, 'zeros.bin'), 'small.zip');
    expect(entries.map((e) => [e.path, e.bytes.length])).toEqual([['zeros.bin', 2 * MB]]);
  });

  it('refuses an archive larger than its limit before reading its directory', () => {
    const zip = zerosZip(1);
    const limits = { ...DEFAULT_ZIP_LIMITS, maxArchiveBytes: 100 };
    const { message } = refusal(() => readZip(zip, 'big.zip', limits));
    expect(message).toContain('more than the 100 bytes Glimpse opens');
  });

  it('refuses a JSON file over 32 MB before decoding it', () => {
    const { message, ms } = refusal(() =>
      parseJsonFile(new Uint8Array(MAX_JSON_BYTES + 1), 'model.json'),
    );
    expect(message).toContain('"model.json" cannot be opened: it is 32 MB');
    expect(ms).toBeLessThan(50);
  });

  it('refuses a picked dataset folder with more files or bytes than an archive may hold', () => {
    const file = (i: number) => ({ path: `cats/${i}.jpg`, bytes: new Uint8Array(10) });
    const files = Array.from({ length: 5 }, (_, i) => file(i));
    const fewFiles = { ...DEFAULT_ZIP_LIMITS, maxEntries: 4 };
    const fewBytes = { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 40 };
    expect(refusal(() => datasetFromFiles(files, 'the folder', fewFiles)).message).toContain(
      'it holds 5 files, more than the 4',
    );
    expect(refusal(() => datasetFromFiles(files, 'the folder', fewBytes)).message).toContain(
      'its files add up to',
    );
    expect(datasetFromFiles(files, 'the folder').classes[0]!.files).toHaveLength(5);
  });

  it('refuses to open a model with more labels than Glimpse shows classes', () => {
    const labels = Array.from({ length: MAX_IMPORTED_LABELS + 1 }, (_, i) => `class ${i}`);
    const parsed = { labels, metadata: {}, weights: {} } as unknown as ParsedHeadExport;
    const { message } = refusal(() => projectFromHeadExport(parsed, 'huge', 'huge-model.zip'));
    expect(message).toContain(`it has ${labels.length} classes`);
  });
});
