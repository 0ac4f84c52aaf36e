/**
 * src/platform/imageHeader in Node (it is pure byte parsing): the format, stored size and EXIF
 * orientation that the browser platform reads before deciding whether and how to decode.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readImageHeader, sniffFormat, type ReadBytes } from '../../src/platform/imageHeader';
import {
  animatedGif,
  avif,
  bmp,
  exifJpeg,
  halvesRaw,
  heicStart,
  png,
  SVG_WITH_SCRIPT,
  tiff,
  webp,
} from './support/platformFixtures';

/** Reads from a buffer, logging the ranges asked for. */
function reader(bytes: Uint8Array, log: [number, number][] = []): ReadBytes {
  return async (start, end) => {
    log.push([start, end]);
    return bytes.subarray(start, end);
  };
}

const header = (bytes: Uint8Array) => readImageHeader(reader(bytes));

/** `marker` segment of `length` payload bytes. */
function segment(marker: number, length: number): Buffer {
  const bytes = Buffer.alloc(4 + length, 0x20);
  bytes[0] = 0xff;
  bytes[1] = marker;
  bytes.writeUInt16BE(length + 2, 2);
  return bytes;
}

describe('readImageHeader', () => {
  it('reads the size and EXIF orientation of a JPEG', async () => {
    expect(await header(await exifJpeg(64, 32, 6))).toEqual({
      format: 'jpeg',
      size: { width: 64, height: 32 },
      orientation: 6,
    });
    const plain = await sharp(halvesRaw(20, 10), { raw: { width: 20, height: 10, channels: 3 } })
      .jpeg()
      .toBuffer();
    expect(await header(plain)).toEqual({ format: 'jpeg', size: { width: 20, height: 10 } });
  });

  it('follows JPEG segments past the first 64 KB to the frame header', async () => {
    const jpeg = await exifJpeg(30, 20, 8);
    // Two big APP2 segments (as ICC profiles or XMP can be) between SOI and the rest.
    const bloated = Buffer.concat([
      jpeg.subarray(0, 2),
      segment(0xe2, 60_000),
      segment(0xe2, 60_000),
      jpeg.subarray(2),
    ]);
    const log: [number, number][] = [];
    expect(await readImageHeader(reader(bloated, log))).toEqual({
      format: 'jpeg',
      size: { width: 30, height: 20 },
      orientation: 8,
    });
    expect(log.some(([start]) => start > 64 * 1024)).toBe(true);
  });

  it('reads the size of PNG, GIF, WebP (lossless, lossy, extended) and BMP', async () => {
    expect(await header(await png(33, 17))).toEqual({
      format: 'png',
      size: { width: 33, height: 17 },
    });
    expect(await header(await animatedGif())).toEqual({
      format: 'gif',
      size: { width: 40, height: 30 },
    });
    expect(await header(await webp(31, 9))).toEqual({
      format: 'webp',
      size: { width: 31, height: 9 },
    });
    const lossy = await sharp(halvesRaw(26, 14), { raw: { width: 26, height: 14, channels: 3 } })
      .webp({ quality: 80 })
      .toBuffer();
    expect(await header(lossy)).toEqual({ format: 'webp', size: { width: 26, height: 14 } });
    const withAlpha = await sharp({
      create: { width: 300, height: 5, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } },
    })
      .webp({ quality: 80 })
      .toBuffer();
    expect(String.fromCharCode(...withAlpha.subarray(12, 16))).toBe('VP8X');
    expect(await header(withAlpha)).toEqual({ format: 'webp', size: { width: 300, height: 5 } });
    expect(await header(bmp(7, 3))).toEqual({ format: 'bmp', size: { width: 7, height: 3 } });
  });

  it('reads the size of an AVIF from its ispe box, and its irot turn as an orientation', async () => {
    expect(await header(await avif(31, 9))).toEqual({
      format: 'avif',
      size: { width: 31, height: 9 },
    });
    const turned = await sharp(halvesRaw(20, 10), { raw: { width: 20, height: 10, channels: 3 } })
      .avif()
      .toBuffer();
    // No irot box unless the encoder writes one: a plain AVIF has no orientation.
    expect((await header(turned)).orientation).toBeUndefined();
  });

  it('recognises refused formats by their bytes', async () => {
    expect(sniffFormat(heicStart())).toBe('heic');
    expect(sniffFormat(await tiff(8, 8))).toBe('tiff');
    expect(sniffFormat(new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFormat(new TextEncoder().encode(SVG_WITH_SCRIPT))).toBe('svg');
    expect(sniffFormat(new TextEncoder().encode('\uFEFF  <svg viewBox="0 0 1 1"></svg>'))).toBe(
      'svg',
    );
    expect(sniffFormat(new TextEncoder().encode('<!-- made by hand -->\n<svg>'))).toBe('svg');
  });

  it('finds nothing in text, junk and empty input', async () => {
    expect(await header(new TextEncoder().encode('these are notes, not pixels'))).toEqual({
      format: null,
    });
    expect(await header(new Uint8Array(0))).toEqual({ format: null });
    expect(sniffFormat(new TextEncoder().encode('<html><body>hi</body></html>'))).toBeNull();
  });
});
