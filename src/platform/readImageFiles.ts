/**
 * Image files → upright, downscaled RGBA pixels plus thumbnails, or a specific reason why not.
 * Cheap checks come first (size, then the bytes' real format and stated dimensions), so that
 * empty, gigantic, unsupported or unsafe files (SVG) are never handed to the decoder.
 */
import { imageFormatOfName, tooManyPixelsReason } from '../core/io/imageFileTypes';
import type { PixelBuffer } from '../core/types';
import {
  isSupportedFormat,
  readImageHeader,
  type ImageHeader,
  type ReadBytes,
  type RefusedFormat,
  type SupportedFormat,
} from './imageHeader';
import type { DecodedFiles } from './platform';
import { makeThumbnail } from './thumbnail';

/** Files larger than this are refused unread (50 MB). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Decoded images are downscaled so that their short side is at most this. */
export const MAX_SHORT_SIDE = 448;
/** How many files are decoded at the same time. */
const PARALLEL = 2;

const SUPPORTED_HINT = 'use JPEG, PNG, WebP, AVIF, GIF or BMP';

const MIME_FORMATS: Readonly<Record<string, SupportedFormat>> = {
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/png': 'png',
  'image/apng': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
  'image/x-bmp': 'bmp',
  'image/x-ms-bmp': 'bmp',
  'image/avif': 'avif',
};

const FORMAT_LABELS: Readonly<Record<SupportedFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
  avif: 'AVIF',
};

const REFUSED_LABELS: Readonly<Record<RefusedFormat, string>> = {
  heic: 'HEIC',
  tiff: 'TIFF',
  pdf: 'PDF',
  svg: 'SVG',
  ico: 'ICO',
};

type Outcome = { ok: true; image: DecodedFiles['images'][number] } | { ok: false; reason: string };

/**
 * Reads `files` two at a time, keeping their order. Never throws for a bad file: it lands in
 * `rejected` with a reason. `onProgress(done, total)` is called once before the first file and
 * after every file.
 */
export async function readImageFiles(
  files: readonly File[],
  onProgress?: (done: number, total: number) => void,
): Promise<DecodedFiles> {
  const total = files.length;
  const outcomes: Outcome[] = new Array<Outcome>(total);
  let next = 0;
  let done = 0;
  onProgress?.(0, total);
  const lane = async () => {
    while (next < total) {
      const index = next++;
      outcomes[index] = await readImageFile(files[index]!);
      done++;
      onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, total) }, lane));
  const result: DecodedFiles = { images: [], rejected: [] };
  outcomes.forEach((outcome, index) => {
    if (outcome.ok) result.images.push(outcome.image);
    else result.rejected.push({ name: displayName(files[index]!), reason: outcome.reason });
  });
  return result;
}

/** Reads one file; every failure becomes a reason. */
async function readImageFile(file: File): Promise<Outcome> {
  let format: SupportedFormat | null = null;
  try {
    if (file.size === 0) return { ok: false, reason: 'empty file (0 bytes)' };
    if (file.size > MAX_FILE_BYTES) {
      return { ok: false, reason: `too large (${megabytes(file.size)} MB; the limit is 50 MB)` };
    }
    const read = async (start: number, end: number) =>
      new Uint8Array(await file.slice(start, end).arrayBuffer());
    const header = await readImageHeader(read);
    if (!isSupportedFormat(header.format)) {
      return { ok: false, reason: await formatRefusal(file, header.format, read) };
    }
    format = header.format;
    const tooLarge = header.size && tooManyPixelsReason(header.size.width, header.size.height);
    if (tooLarge) return { ok: false, reason: tooLarge };
    const { pixels, canvas } = await decodeDownscaled(file, header);
    const thumbnail = await makeThumbnail(canvas, pixels.width, pixels.height);
    return { ok: true, image: { pixels, thumbnail, name: displayName(file) } };
  } catch (error) {
    return { ok: false, reason: failureReason(error, format) };
  }
}

/**
 * Why a file whose bytes are no supported format is refused. The bytes decide: a JPEG called
 * `photo.heic` is decoded, a HEIC called `photo.jpg` is refused as HEIC, and a file whose bytes
 * match no image format but whose name or type claims one is "not an image" (text, or damaged).
 */
async function formatRefusal(
  file: File,
  sniffed: RefusedFormat | null,
  read: ReadBytes,
): Promise<string> {
  if (sniffed) return unsupported(REFUSED_LABELS[sniffed]);
  const declared = declaredFormat(file);
  if (!declared.format) return unsupported(declared.label);
  const label = FORMAT_LABELS[declared.format];
  return isText(await read(0, 1024))
    ? `not an image: the file holds text, not ${label} data`
    : `not an image: the file does not hold ${label} data (it may be damaged)`;
}

function unsupported(what: string): string {
  return `unsupported format (${what}); ${SUPPORTED_HINT}`;
}

/** Whether `bytes` (a file's start) read as UTF-8 text with no control characters but spaces. */
function isText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    // Streaming: a multi-byte character cut at the end is not an error.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
    if ((code < 0x20 && !space) || code === 0x7f) return false;
  }
  return text.length > 0;
}

/** The format the file's MIME type (or, without one, its extension) claims. */
function declaredFormat(file: File): { format: SupportedFormat | null; label: string } {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'application/octet-stream') {
    return { format: MIME_FORMATS[type] ?? null, label: type };
  }
  const dot = file.name.lastIndexOf('.');
  const extension = dot > 0 ? file.name.slice(dot + 1).toLowerCase() : '';
  if (!extension) return { format: null, label: 'unknown type' };
  return { format: imageFormatOfName(file.name), label: `.${extension}` };
}

/**
 * Decodes upright (EXIF orientation applied) and, when the header states the size, downscaled
 * by the decoder itself; otherwise (or if the header's orientation guess was wrong) the bitmap is
 * downscaled on a canvas. Returns the pixels and the canvas holding them.
 */
async function decodeDownscaled(
  file: File,
  header: ImageHeader,
): Promise<{ pixels: PixelBuffer; canvas: OffscreenCanvas }> {
  const options: ImageBitmapOptions = { imageOrientation: 'from-image' };
  if (header.size) {
    const swap = (header.orientation ?? 1) >= 5;
    const width = swap ? header.size.height : header.size.width;
    const height = swap ? header.size.width : header.size.height;
    const scale = MAX_SHORT_SIDE / Math.min(width, height);
    if (scale < 1) {
      // Only the long side is given, so the aspect ratio is kept even if the orientation
      // guess is wrong (the resize applies to the upright image); the check below then finishes.
      if (width >= height) options.resizeWidth = Math.max(1, Math.round(width * scale));
      else options.resizeHeight = Math.max(1, Math.round(height * scale));
      options.resizeQuality = 'high';
    }
  }
  const bitmap = await createImageBitmap(file, options);
  try {
    const scale = Math.min(1, MAX_SHORT_SIDE / Math.min(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('the browser gave no 2D canvas to read pixels with');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    const { data } = context.getImageData(0, 0, width, height);
    return { pixels: { width, height, data }, canvas };
  } finally {
    bitmap.close();
  }
}

/** A reason for an error thrown while reading or decoding a file of `format`. */
function failureReason(error: unknown, format: SupportedFormat | null): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'InvalidStateError' || name === 'EncodingError') {
    const data = format ? `the ${FORMAT_LABELS[format]} data` : 'the image data';
    return `could not be decoded: ${data} is damaged or incomplete`;
  }
  if (name === 'NotReadableError' || name === 'NotFoundError') {
    return 'could not be read (the file may have been moved or changed since it was chosen)';
  }
  const message = error instanceof Error ? error.message : String(error);
  return `could not be decoded (${message || name || 'unknown error'})`;
}

function displayName(file: File): string {
  return file.name || 'unnamed file';
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
