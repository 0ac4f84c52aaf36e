/**
 * The image files Glimpse takes, by name, in one place: the uploader (which trusts a file's
 * extension only when the browser gives no MIME type), dataset imports from a zip or a picked
 * folder, and the MIME type given to a dataset's images all read this list, so a format accepted
 * by one is accepted by all. The bytes decide in the end: a file is sniffed before decoding.
 */

/** Image formats Glimpse decodes (Chromium decodes AVIF; Node's sharp does too). */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'avif';

/** File-name extension (lower case, no dot) → the format it names. */
export const IMAGE_EXTENSIONS: Readonly<Record<string, ImageFormat>> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  jfif: 'jpeg',
  pjpeg: 'jpeg',
  pjp: 'jpeg',
  png: 'png',
  apng: 'png',
  webp: 'webp',
  gif: 'gif',
  bmp: 'bmp',
  dib: 'bmp',
  avif: 'avif',
};

/** The MIME type of each format. */
export const IMAGE_MIME_TYPES: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

/** The extension of the last segment of a `/`-separated path, lower case ('' when none). */
export function fileExtension(path: string): string {
  return /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
}

/** The format a file name's extension names, or null when it names no image Glimpse takes. */
export function imageFormatOfName(path: string): ImageFormat | null {
  const extension = fileExtension(path);
  return Object.hasOwn(IMAGE_EXTENSIONS, extension) ? IMAGE_EXTENSIONS[extension]! : null;
}

/** True when the file name's extension is one of {@link IMAGE_EXTENSIONS}. */
export function isImageFileName(path: string): boolean {
  return imageFormatOfName(path) !== null;
}

/** The MIME type a file name's extension claims ('' when it names no image Glimpse takes). */
export function imageMimeType(path: string): string {
  const format = imageFormatOfName(path);
  return format ? IMAGE_MIME_TYPES[format] : '';
}

/**
 * Images whose header states more pixels than this are refused undecoded (in the browser and
 * in Node), since decoding one would allocate gigabytes.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Why an image of this size is refused — "too large (12000×12000 pixels, 144 megapixels; the
 * limit is 100)" — or null when it is within {@link MAX_IMAGE_PIXELS}.
 */
export function tooManyPixelsReason(width: number, height: number): string | null {
  if (width * height <= MAX_IMAGE_PIXELS) return null;
  const megapixels = Math.round((width * height) / 1e6);
  const limit = MAX_IMAGE_PIXELS / 1e6;
  return `too large (${width}×${height} pixels, ${megapixels} megapixels; the limit is ${limit})`;
}
