/**
 * Node decoding with sharp: EXIF orientation applied, RGBA out. Used by tests, bench and CLI.
 * Like the browser, it reads an image's dimensions from its header first and refuses one over
 * 100 megapixels undecoded, with the same reason.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { UndecodableImageError } from '../core/errors';
import { MAX_IMAGE_PIXELS, tooManyPixelsReason } from '../core/io/imageFileTypes';
import type { PixelBuffer } from '../core/types';

/** Runs a sharp call; its failure becomes an {@link UndecodableImageError} naming the file. */
async function undecodableOnError<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UndecodableImageError(name, reason, { cause: error });
  }
}

/**
 * Decodes image bytes to an upright RGBA pixel buffer. Throws {@link UndecodableImageError}
 * when the bytes are no image sharp reads, or when the header states more than 100 megapixels.
 */
export async function decodeImageBytes(bytes: Uint8Array, name = 'image'): Promise<PixelBuffer> {
  // Header only: nothing is decoded yet.
  const { width, height } = await undecodableOnError(name, () => sharp(bytes).metadata());
  const tooLarge = width && height ? tooManyPixelsReason(width, height) : null;
  if (tooLarge) throw new UndecodableImageError(name, tooLarge);
  const { data, info } = await undecodableOnError(name, () =>
    // The same limit again, for a format whose header sharp could not size.
    sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true }),
  );
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

/** Reads and decodes an image file. */
export async function decodeImageFile(path: string): Promise<PixelBuffer> {
  return decodeImageBytes(await readFile(path), basename(path));
}
