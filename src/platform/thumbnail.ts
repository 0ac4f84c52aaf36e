/** Thumbnails as the UI shows them: a 224×224 centre crop, JPEG, behind an object URL. */

/** Side of every thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 224;

/**
 * Draws the centred square of `source` (short side scaled to {@link THUMBNAIL_SIZE}) on white,
 * encodes it as JPEG (quality 0.9) and returns an object URL the caller must revoke.
 */
export async function makeThumbnail(
  source: CanvasImageSource,
  width: number,
  height: number,
): Promise<string> {
  const canvas = new OffscreenCanvas(THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('the browser gave no 2D canvas to draw the thumbnail on');
  const side = Math.min(width, height);
  const x = Math.floor((width - side) / 2);
  const y = Math.floor((height - side) / 2);
  // JPEG has no alpha: composite onto white, as the model's preprocessing does.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, x, y, side, side, 0, 0, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  return URL.createObjectURL(blob);
}
