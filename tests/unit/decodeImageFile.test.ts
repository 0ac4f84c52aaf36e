import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImageBytes } from '../../src/node/decodeImageFile';
import { UndecodableImageError } from '../../src/core/errors';
import { tooManyPixelsReason } from '../../src/core/io/imageFileTypes';

describe('Node image decoding', () => {
  it('decodes a PNG into upright RGBA pixels', async () => {
    const png = await sharp({
      create: { width: 3, height: 2, channels: 3, background: { r: 200, g: 10, b: 30 } },
    })
      .png()
      .toBuffer();
    const img = await decodeImageBytes(png, 'red.png');
    expect([img.width, img.height, img.data.length]).toEqual([3, 2, 24]);
    expect(Array.from(img.data.slice(0, 4))).toEqual([200, 10, 30, 255]);
  });

  it('applies EXIF orientation so rotated phone photos come out upright', async () => {
    // A 4×2 JPEG tagged orientation 6 (rotate 90° clockwise) must decode as 2×4.
    const jpeg = await sharp({
      create: { width: 4, height: 2, channels: 3, background: '#808080' },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const img = await decodeImageBytes(jpeg, 'phone.jpg');
    expect([img.width, img.height]).toEqual([2, 4]);
  });

  it('names the file it could not read', async () => {
    const attempt = decodeImageBytes(new TextEncoder().encode('not an image at all'), 'notes.jpg');
    await expect(attempt).rejects.toBeInstanceOf(UndecodableImageError);
    await expect(attempt).rejects.toThrow(/"notes\.jpg" could not be read as an image/);
    await expect(attempt).rejects.toMatchObject({
      code: 'undecodable-image',
      fileName: 'notes.jpg',
    });
  });

  it('refuses a 12,000 × 12,000 image from its header, undecoded, with the browser’s reason', async () => {
    // One black channel compresses to a small PNG; decoding it as RGBA would take 576 MB.
    const png = await sharp({
      create: { width: 12_000, height: 12_000, channels: 3, background: '#000' },
    })
      .greyscale()
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(png.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const start = performance.now();
    const attempt = decodeImageBytes(png, 'huge.png');
    await expect(attempt).rejects.toBeInstanceOf(UndecodableImageError);
    await expect(attempt).rejects.toThrow(
      '"huge.png" could not be read as an image: too large (12000×12000 pixels, 144 megapixels; ' +
        'the limit is 100)',
    );
    expect(performance.now() - start).toBeLessThan(1000);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('states the same reason as the browser uploader for the same size', () => {
    expect(tooManyPixelsReason(12_000, 12_000)).toBe(
      'too large (12000×12000 pixels, 144 megapixels; the limit is 100)',
    );
    expect(tooManyPixelsReason(10_000, 10_000)).toBeNull();
  });
});
