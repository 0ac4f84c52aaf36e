/**
 * What an image file's first bytes say about it, read without decoding a pixel: the real format
 * (whatever the file is called), the stored size and, for JPEG, the EXIF orientation. Used to
 * refuse unsupported and gigantic images before the browser decodes them, and to ask the
 * decoder for a downscaled bitmap.
 */

/** Formats Glimpse decodes (every one that Chromium decodes natively, except icons). */
export type SupportedFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

/** Formats recognised by their bytes but refused (no browser-wide decoder, or unsafe: SVG). */
export type RefusedFormat = 'heic' | 'tiff' | 'pdf' | 'svg' | 'ico';

/** What {@link readImageHeader} found. */
export interface ImageHeader {
  /** The format the bytes show, or null when they match none we know. */
  format: SupportedFormat | RefusedFormat | null;
  /** Stored width and height (before EXIF orientation), when the header states them. */
  size?: { width: number; height: number };
  /**
   * EXIF orientation 1–8 (JPEG; for AVIF, its `irot` rotation as the matching orientation);
   * 5–8 swap width and height when shown upright.
   */
  orientation?: number;
}

/** Reads bytes `[start, end)` of the file (fewer at its end). */
export type ReadBytes = (start: number, end: number) => Promise<Uint8Array>;

const SUPPORTED: ReadonlySet<string> = new Set<SupportedFormat>([
  'jpeg',
  'png',
  'gif',
  'webp',
  'bmp',
  'avif',
]);

/** Whether a sniffed format is one Glimpse decodes. */
export function isSupportedFormat(format: ImageHeader['format']): format is SupportedFormat {
  return format !== null && SUPPORTED.has(format);
}

/** How many leading bytes {@link readImageHeader} reads first (JPEG may read further). */
export const HEADER_BYTES = 64 * 1024;

/** Sniffs the format and size of an image from its bytes. Never throws for odd content. */
export async function readImageHeader(read: ReadBytes): Promise<ImageHeader> {
  const head = await read(0, HEADER_BYTES);
  const format = sniffFormat(head);
  if (format === 'jpeg') return { format, ...(await readJpeg(head, read)) };
  if (format === 'avif') return { format, ...readIsoImageSize(head) };
  const size = format ? fixedHeaderSize(format, head) : undefined;
  return size ? { format, size } : { format };
}

/** The format the first bytes show. */
export function sniffFormat(b: Uint8Array): ImageHeader['format'] {
  const ascii = (start: number, text: string) =>
    [...text].every((c, i) => b[start + i] === c.charCodeAt(0));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (ascii(0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(0, 'BM') && b.length >= 26) return 'bmp';
  if (ascii(0, 'II*\0') || ascii(0, 'MM\0*')) return 'tiff';
  if (ascii(0, '%PDF')) return 'pdf';
  if (b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0) return 'ico';
  if (ascii(4, 'ftyp')) return isoBrand(b);
  return looksLikeSvg(b) ? 'svg' : null;
}

/** HEIF family (HEIC, AVIF) by the ISO-BMFF brands in the `ftyp` box. */
function isoBrand(b: Uint8Array): ImageHeader['format'] {
  const boxSize = Math.min(readU32BE(b, 0), b.length, 256);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= boxSize; at += 4) {
    if (at === 12) continue; // minor version
    brands.push(String.fromCharCode(...b.subarray(at, at + 4)));
  }
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'avif';
  const heif = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];
  return brands.some((brand) => heif.includes(brand)) ? 'heic' : null;
}

function looksLikeSvg(b: Uint8Array): boolean {
  const text = new TextDecoder('utf-8', { fatal: false })
    .decode(b.subarray(0, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  // XML declaration, comments or a doctype may come first; an <svg> element must follow.
  return text.startsWith('<') && /<svg[\s>]/.test(text);
}

/**
 * Size of an AVIF from its `ispe` (image spatial extents) boxes, which sit in the `meta` box at
 * the start of the file: the largest one (a grid image's tiles have smaller ones), and its
 * `irot` rotation. Nothing when the boxes are not in the first bytes.
 */
function readIsoImageSize(b: Uint8Array): Omit<ImageHeader, 'format'> {
  const found: Omit<ImageHeader, 'format'> = {};
  const meta = topLevelBox(b, 'meta');
  if (!meta) return found;
  const isType = (at: number, type: string) =>
    [...type].every((c, i) => b[at + i] === c.charCodeAt(0));
  for (let at = meta.start; at + 16 <= meta.end; at++) {
    if (isType(at, 'ispe')) {
      const width = readU32BE(b, at + 8);
      const height = readU32BE(b, at + 12);
      const area = (found.size?.width ?? 0) * (found.size?.height ?? 0);
      if (width > 0 && height > 0 && width * height > area) found.size = { width, height };
    } else if (isType(at, 'irot')) {
      // Counter-clockwise quarter turns: 1 and 3 show the image on its side, like EXIF 8 and 6.
      const turns = b[at + 4]! & 3;
      if (turns) found.orientation = [1, 8, 3, 6][turns];
    }
  }
  return found;
}

/** Where the payload of the first top-level ISO-BMFF box of `type` lies within `b`. */
function topLevelBox(b: Uint8Array, type: string): { start: number; end: number } | null {
  let at = 0;
  while (at + 8 <= b.length) {
    const size = readU32BE(b, at);
    if (String.fromCharCode(...b.subarray(at + 4, at + 8)) === type) {
      return { start: at + 8, end: Math.min(b.length, size >= 8 ? at + size : b.length) };
    }
    if (size < 8) return null; // 0 (to the end of the file) or 1 (64-bit size): not the meta box
    at += size;
  }
  return null;
}

/** Size from the fixed-position header of PNG, GIF, WebP and BMP. */
function fixedHeaderSize(
  format: NonNullable<ImageHeader['format']>,
  b: Uint8Array,
): ImageHeader['size'] {
  const ascii = (start: number, text: string) =>
    [...text].every((c, i) => b[start + i] === c.charCodeAt(0));
  let width = 0;
  let height = 0;
  if (format === 'png' && b.length >= 24 && ascii(12, 'IHDR')) {
    width = readU32BE(b, 16);
    height = readU32BE(b, 20);
  } else if (format === 'gif' && b.length >= 10) {
    width = readU16LE(b, 6);
    height = readU16LE(b, 8);
  } else if (format === 'webp' && b.length >= 30) {
    if (ascii(12, 'VP8X')) {
      width = 1 + (readU16LE(b, 24) | (b[26]! << 16));
      height = 1 + (readU16LE(b, 27) | (b[29]! << 16));
    } else if (ascii(12, 'VP8L') && b[20] === 0x2f) {
      const bits = readU32LE(b, 21);
      width = 1 + (bits & 0x3fff);
      height = 1 + ((bits >>> 14) & 0x3fff);
    } else if (ascii(12, 'VP8 ') && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
      width = readU16LE(b, 26) & 0x3fff;
      height = readU16LE(b, 28) & 0x3fff;
    }
  } else if (format === 'bmp') {
    const dibSize = readU32LE(b, 14);
    if (dibSize === 12) {
      width = readU16LE(b, 18);
      height = readU16LE(b, 20);
    } else if (dibSize >= 40 && b.length >= 26) {
      width = Math.abs(readU32LE(b, 18) | 0);
      height = Math.abs(readU32LE(b, 22) | 0);
    }
  }
  return width > 0 && height > 0 ? { width, height } : undefined;
}

/**
 * Walks JPEG segments up to the first frame header (SOF), reading EXIF orientation on the way.
 * Reads past the first bytes when large metadata segments come first.
 */
async function readJpeg(head: Uint8Array, read: ReadBytes): Promise<Omit<ImageHeader, 'format'>> {
  const found: Omit<ImageHeader, 'format'> = {};
  const bytesAt = async (start: number, length: number): Promise<Uint8Array> =>
    start + length <= head.length
      ? head.subarray(start, start + length)
      : read(start, start + length);
  let at = 2;
  for (let segments = 0; segments < 512; segments++) {
    const marker = await bytesAt(at, 4);
    if (marker.length < 4 || marker[0] !== 0xff) break;
    const code = marker[1]!;
    if (code === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (code === 0xd8 || code === 0x01 || (code >= 0xd0 && code <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (code === 0xd9 || code === 0xda) break; // end of image / start of scan: no SOF found
    const length = readU16BE(marker, 2);
    if (length < 2) break;
    const isSof = code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc;
    if (isSof) {
      const sof = await bytesAt(at, 9);
      if (sof.length === 9) {
        const height = readU16BE(sof, 5);
        const width = readU16BE(sof, 7);
        if (width > 0 && height > 0) found.size = { width, height };
      }
      break;
    }
    if (code === 0xe1 && found.orientation === undefined) {
      const segment = await bytesAt(at + 4, Math.min(length - 2, 0xffff));
      const orientation = exifOrientation(segment);
      if (orientation) found.orientation = orientation;
    }
    at += 2 + length;
  }
  return found;
}

/** Orientation tag (0x0112) of IFD0 in an APP1 `Exif\0\0` payload, or undefined. */
export function exifOrientation(app1: Uint8Array): number | undefined {
  if (String.fromCharCode(...app1.subarray(0, 6)) !== 'Exif\0\0') return undefined;
  const tiff = app1.subarray(6);
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const u16 = (at: number) => (little ? readU16LE(tiff, at) : readU16BE(tiff, at));
  const u32 = (at: number) => (little ? readU32LE(tiff, at) : readU32BE(tiff, at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

function readU16BE(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

function readU16LE(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function readU32BE(b: Uint8Array, at: number): number {
  return ((readU16BE(b, at) << 16) >>> 0) + readU16BE(b, at + 2);
}

function readU32LE(b: Uint8Array, at: number): number {
  return (readU16LE(b, at) + ((readU16LE(b, at + 2) << 16) >>> 0)) >>> 0;
}
