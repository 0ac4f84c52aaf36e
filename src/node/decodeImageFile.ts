/** Node decoding with sharp: EXIF orientation applied, RGBA out. Used by tests, bench and CLI. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { UndecodableImageError } from '../core/errors';
import type { PixelBuffer } from '../core/types';

/** Decodes image bytes to an upright RGBA pixel buffer. */
export async function decodeImageBytes(bytes: Uint8Array, name = 'image'): Promise<PixelBuffer> {
  try {
    const { data, info } = await sharp(bytes)
      .rotate()
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UndecodableImageError(name, reason, { cause: error });
  }
}

/** Reads and decodes an image file. */
export async function decodeImageFile(path: string): Promise<PixelBuffer> {
  return decodeImageBytes(await readFile(path), basename(path));
}
