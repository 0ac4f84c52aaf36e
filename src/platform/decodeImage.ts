/** Browser decoding: File/Blob → upright RGBA pixels (EXIF orientation applied). */
import { UndecodableImageError } from '../core/errors';
import type { PixelBuffer } from '../core/types';

/**
 * Decodes an image file or blob with `createImageBitmap` and reads its pixels back through an
 * `OffscreenCanvas`. Throws {@link UndecodableImageError} naming the file when the browser
 * cannot decode it.
 *
 * @param name shown in the error; defaults to the File's name, or "image" for a plain Blob.
 */
export async function decodeImage(blob: Blob, name?: string): Promise<PixelBuffer> {
  const fileName = name ?? (blob instanceof File ? blob.name : 'image');
  let bitmap: ImageBitmap | undefined;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const { width, height } = bitmap;
    const context = new OffscreenCanvas(width, height).getContext('2d', {
      willReadFrequently: true,
    });
    if (!context) throw new Error('the browser gave no 2D canvas to read pixels with');
    context.drawImage(bitmap, 0, 0);
    return { width, height, data: context.getImageData(0, 0, width, height).data };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UndecodableImageError(fileName, reason, { cause: error });
  } finally {
    bitmap?.close();
  }
}
