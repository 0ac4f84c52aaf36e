import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { datasetFromFiles, datasetFromZip, datasetToZip } from '../../src/core/io/datasetFolders';
import { readZip } from '../../src/core/io/zip';

const img = (n: number) => Uint8Array.from([0xff, 0xd8, n, 0xff, 0xd9]);

describe('dataset folders', () => {
  it('reads one sub-folder per class from a zip, unwrapping a top folder and ignoring system files', () => {
    const zip = zipSync({
      'flowers/daisy/1.jpg': img(1),
      'flowers/daisy/10.jpg': img(10),
      'flowers/daisy/2.JPG': img(2),
      'flowers/daisy/.DS_Store': strToU8('x'),
      'flowers/Roses/a.png': img(3),
      'flowers/Roses/notes.txt': strToU8('hello'),
      'flowers/class 10/x.webp': img(4),
      'flowers/class 9/y.jpeg': img(5),
      'flowers/.hidden/z.jpg': img(6),
      '__MACOSX/flowers/daisy/._1.jpg': strToU8('mac'),
      'flowers/Thumbs.db': strToU8('win'),
    });
    const { classes, skipped } = datasetFromZip(zip);
    expect(classes.map((c) => c.className)).toEqual(['class 9', 'class 10', 'daisy', 'Roses']);
    expect(classes[2]!.files.map((f) => f.path)).toEqual(['1.jpg', '2.JPG', '10.jpg']);
    expect(classes[2]!.files[0]!.bytes).toEqual(img(1));
    expect(skipped).toEqual([{ path: 'flowers/Roses/notes.txt', reason: 'not an image file' }]);
  });

  it('reads a picked folder (list of paths), skipping files outside class folders', () => {
    const { classes, skipped } = datasetFromFiles([
      { path: 'cats/a.jpg', bytes: img(1) },
      { path: 'dogs/b.jpg', bytes: img(2) },
      { path: 'dogs/puppies/c.jpg', bytes: img(3) },
      { path: 'README.jpg', bytes: img(4) },
    ]);
    expect(classes).toEqual([
      { className: 'cats', files: [{ path: 'a.jpg', sourcePath: 'cats/a.jpg', bytes: img(1) }] },
      {
        className: 'dogs',
        files: [
          { path: 'b.jpg', sourcePath: 'dogs/b.jpg', bytes: img(2) },
          { path: 'puppies/c.jpg', sourcePath: 'dogs/puppies/c.jpg', bytes: img(3) },
        ],
      },
    ]);
    expect(skipped).toEqual([{ path: 'README.jpg', reason: 'not inside a class folder' }]);
  });

  it('rejects path traversal and absolute paths', () => {
    for (const path of [
      'cats/../../etc/x.jpg',
      '/cats/a.jpg',
      'C:/cats/a.jpg',
      '..\\cats\\a.jpg',
    ]) {
      let caught: unknown;
      try {
        datasetFromFiles([{ path, bytes: img(1) }]);
      } catch (error) {
        caught = error;
      }
      expect(caught, path).toBeInstanceOf(InvalidFileError);
      expect((caught as InvalidFileError).reason).toBe('unsafe-path');
    }
    expect(() => datasetFromZip(zipSync({ 'a/../../b/c.jpg': img(1) }))).toThrow(
      /points outside the archive/,
    );
  });

  it('explains when no class folders are found', () => {
    expect(() => datasetFromFiles([{ path: 'a.jpg', bytes: img(1) }], 'photos')).toThrow(
      /"photos" cannot be opened: no images in class folders were found/,
    );
    expect(() => datasetFromZip(strToU8('not a zip'))).toThrow(InvalidFileError);
  });

  it('exports classes as folders and reads them back the same', () => {
    const zip = datasetToZip([
      {
        className: 'Thumbs up',
        images: [
          { name: 'a.jpg', bytes: img(1) },
          { name: 'a.jpg', bytes: img(2) },
          { name: 'webcam 3', bytes: img(3) },
        ],
      },
      { className: 'thumbs up', images: [{ name: '../../x.png', bytes: img(4) }] },
      { className: 'a/b', images: [{ name: '', bytes: img(5) }] },
    ]);
    expect(readZip(zip, 'x.zip').map((e) => e.path)).toEqual([
      'Thumbs up/a.jpg',
      'Thumbs up/a-2.jpg',
      'Thumbs up/webcam 3.jpg',
      'thumbs up-2/_.._x.png',
      'a_b/image-1.jpg',
    ]);
    const back = datasetFromZip(zip);
    expect(back.classes.map((c) => [c.className, c.files.length])).toEqual([
      ['a_b', 1],
      ['Thumbs up', 3],
      ['thumbs up-2', 1],
    ]);
    expect(back.classes[1]!.files.find((f) => f.path === 'a-2.jpg')!.bytes).toEqual(img(2));
  });
});
