import { crc32 as zlibCrc32 } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { createRng } from '../../src/core/dataset/random';
import { crc32 } from '../../src/core/io/crc32';
import { readZip, writeZip } from '../../src/core/io/zip';

function randomBytes(n: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
}

/** A fake JPEG: the SOI marker, then bytes that appear nowhere else in the zip. */
function fakeJpeg(n: number, seed: number): Uint8Array {
  const bytes = randomBytes(n, seed);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes;
}

/** Position of `needle` in `haystack` (the test's own entry data), or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function flipped(zip: Uint8Array, at: number): Uint8Array {
  const copy = zip.slice();
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

function caught(fn: () => unknown): InvalidFileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFileError);
    return error as InvalidFileError;
  }
  throw new Error('expected an InvalidFileError');
}

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('agrees with zlib for every length around the 8-byte stride and at odd offsets', () => {
    const data = randomBytes(300, 7);
    for (let n = 0; n <= 40; n++)
      expect(crc32(data.subarray(0, n))).toBe(zlibCrc32(data.subarray(0, n)));
    for (let start = 1; start < 9; start++) {
      const view = data.subarray(start, start + 257);
      expect(crc32(view)).toBe(zlibCrc32(view));
    }
    const big = randomBytes(100_003, 8);
    expect(crc32(big)).toBe(zlibCrc32(big));
  });
});

describe('readZip checks every entry against its CRC-32', () => {
  const cat = fakeJpeg(400, 1);
  const dog = fakeJpeg(300, 2);
  const notes = strToU8('cats and dogs\n'.repeat(40));
  const zip = writeZip([
    { path: 'photos/cat/1.jpg', bytes: cat },
    { path: 'photos/dog/1.jpg', bytes: dog },
    { path: 'notes.txt', bytes: notes },
  ]);

  it('reads an intact zip', () => {
    const entries = readZip(zip, 'dataset.zip');
    expect(entries.map((e) => e.path)).toEqual([
      'photos/cat/1.jpg',
      'photos/dog/1.jpg',
      'notes.txt',
    ]);
    expect(entries[0]!.bytes).toEqual(cat);
    expect(entries[1]!.bytes).toEqual(dog);
    expect(entries[2]!.bytes).toEqual(notes);
  });

  it('refuses a flipped byte inside a stored JPEG, naming the damaged file', () => {
    const at = indexOf(zip, cat.subarray(0, 32));
    expect(at).toBeGreaterThan(0);
    for (const offset of [0, 5, 199, 399]) {
      const error = caught(() => readZip(flipped(zip, at + offset), 'dataset.zip'));
      expect(error.reason).toBe('corrupt');
      expect(error.fileName).toBe('dataset.zip');
      expect(error.message).toMatch(
        /^"dataset\.zip" cannot be opened: the file "photos\/cat\/1\.jpg" inside it is damaged \(checksum mismatch\)\./,
      );
    }
    const second = indexOf(zip, dog.subarray(0, 32));
    expect(caught(() => readZip(flipped(zip, second + 150), 'dataset.zip')).message).toMatch(
      /"photos\/dog\/1\.jpg" inside it is damaged \(checksum mismatch\)/,
    );
  });

  it('refuses a flipped byte inside deflated data that still inflates to the right size', () => {
    // Random bytes do not compress, so deflate keeps them in a stored block: the flip inflates.
    const blob = randomBytes(2000, 3);
    const deflated = zipSync({ 'embeddings.bin': [blob, { level: 6 }] });
    const at = indexOf(deflated, blob.subarray(100, 132));
    expect(at).toBeGreaterThan(0);
    expect(caught(() => readZip(flipped(deflated, at), 'p.zip')).message).toMatch(
      /"embeddings\.bin" inside it is damaged \(checksum mismatch\)/,
    );
  });

  it('finds the right checksum past file comments, extra fields, folders and an archive comment', () => {
    const a = fakeJpeg(120, 4);
    const b = fakeJpeg(130, 5);
    const fancy = zipSync({
      'a/': {},
      'a/x.jpg': [
        a,
        { level: 0, comment: 'first photo, with a comment', extra: { 0x7777: randomBytes(9, 6) } },
      ],
      'b/y.jpg': [b, { level: 0, comment: 'ü'.repeat(30) }],
    });
    // Append an archive comment (its length sits in the last two bytes of the end record).
    const comment = strToU8('made by a test');
    const withComment = new Uint8Array(fancy.length + comment.length);
    withComment.set(fancy);
    withComment.set(comment, fancy.length);
    withComment[fancy.length - 2] = comment.length;

    for (const archive of [fancy, withComment]) {
      const entries = readZip(archive, 'f.zip');
      expect(entries.map((e) => e.path)).toEqual(['a/x.jpg', 'b/y.jpg']);
      const at = indexOf(archive, b.subarray(0, 32));
      expect(caught(() => readZip(flipped(archive, at + 60), 'f.zip')).message).toMatch(
        /"b\/y\.jpg" inside it is damaged/,
      );
    }
  });

  it('still applies the path and size checks before anything is unpacked', () => {
    const evil = zipSync({ 'ok.jpg': [cat, { level: 0 }], '../evil.sh': strToU8('x') });
    const at = indexOf(evil, cat.subarray(0, 32));
    expect(caught(() => readZip(flipped(evil, at + 10), 'e.zip')).reason).toBe('unsafe-path');
    const limits = { maxEntries: 100, maxEntryBytes: 350, maxTotalBytes: 1e6 };
    const damaged = flipped(zip, indexOf(zip, cat.subarray(0, 32)) + 10);
    expect(caught(() => readZip(damaged, 'd.zip', limits)).reason).toBe('too-large');
  });
});
