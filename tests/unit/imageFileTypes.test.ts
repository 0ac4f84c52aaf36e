/**
 * One list of image file extensions (src/core/io/imageFileTypes) serves the uploader and both
 * dataset import paths, so AVIF — which the uploader decodes — is imported from a zip and from a
 * picked folder too.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetFromFiles, datasetFromZip, datasetToZip } from '../../src/core/io/datasetFolders';
import {
  IMAGE_EXTENSIONS,
  imageFormatOfName,
  imageMimeType,
  isImageFileName,
} from '../../src/core/io/imageFileTypes';
import { readZip } from '../../src/core/io/zip';

const bytes = Uint8Array.of(1, 2, 3);

describe('image file types', () => {
  it('imports .avif files from a dataset zip, any case', () => {
    const zip = zipSync({ 'cats/a.avif': bytes, 'cats/b.AVIF': bytes, 'dogs/c.jpg': bytes });
    const { classes, skipped } = datasetFromZip(zip);
    expect(classes.map((c) => [c.className, c.files.map((f) => f.path)])).toEqual([
      ['cats', ['a.avif', 'b.AVIF']],
      ['dogs', ['c.jpg']],
    ]);
    expect(skipped).toEqual([]);
  });

  it('imports .avif files from a picked folder and still skips files that are not images', () => {
    const { classes, skipped } = datasetFromFiles([
      { path: 'pets/cats/a.avif', bytes },
      { path: 'pets/cats/notes.txt', bytes },
      { path: 'pets/dogs/b.webp', bytes },
    ]);
    expect(classes.map((c) => c.files.map((f) => f.path))).toEqual([['a.avif'], ['b.webp']]);
    expect(skipped).toEqual([{ path: 'pets/cats/notes.txt', reason: 'not an image file' }]);
  });

  it('accepts every extension the uploader accepts in dataset imports, and nothing else', () => {
    for (const extension of Object.keys(IMAGE_EXTENSIONS)) {
      const { classes } = datasetFromFiles([{ path: `c/x.${extension}`, bytes }]);
      expect(classes[0]!.files).toHaveLength(1);
    }
    for (const name of [
      'x.tiff',
      'x.heic',
      'x.svg',
      'x.pdf',
      'avif',
      'x.avif.txt',
      'x.constructor',
    ]) {
      expect(isImageFileName(name)).toBe(false);
    }
  });

  it('gives AVIF its MIME type and format, and keeps its extension on export', () => {
    expect(imageMimeType('cats/a.AVIF')).toBe('image/avif');
    expect(imageFormatOfName('a.jfif')).toBe('jpeg');
    expect(imageMimeType('a.txt')).toBe('');
    const zip = datasetToZip([{ className: 'cats', images: [{ name: 'a.avif', bytes }] }]);
    expect(readZip(zip, 'x.zip').map((e) => e.path)).toEqual(['cats/a.avif']);
  });
});
