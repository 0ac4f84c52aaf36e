/**
 * Zip reading and writing through fflate, with the safety checks every import needs: the
 * archive's own size, then entry count, per-entry and total sizes and the compression ratio are
 * checked from the zip's directory BEFORE anything is decompressed (zip bombs), an entry whose
 * compressed data is far larger than the size it declares (a bomb that lies about its size) is
 * refused too, and entries whose path escapes the archive (`..`, absolute paths, drive letters)
 * are refused. Inflating writes into a buffer of the declared size, so memory never exceeds it. After unzipping, every file's CRC-32 is checked against the one in
 * the directory, so a damaged byte inside a stored (uncompressed) JPEG is caught too.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { InvalidFileError } from '../errors';
import { crc32 } from './crc32';

/** One file inside an archive or a folder: a relative, `/`-separated path and its bytes. */
export interface FileEntry {
  path: string;
  bytes: Uint8Array;
}

/** Caps applied to an archive before it is decompressed. */
export interface ZipLimits {
  /** Most entries (files and folders) the archive may hold. */
  maxEntries: number;
  /** Largest uncompressed size of one entry, in bytes. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together, in bytes. */
  maxTotalBytes: number;
  /** Largest archive file, in bytes (checked before its directory is read). Default 1 GB. */
  maxArchiveBytes?: number;
  /**
   * Largest ratio of total uncompressed size to archive size, applied once the total passes
   * 64 MB (a few small, very compressible files stay fine). Default 100: images and embeddings
   * barely compress, while zip bombs reach about 1000.
   */
  maxCompressionRatio?: number;
}

/** Defaults: generous for a classroom project (thousands of small JPEGs), far below a bomb. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxArchiveBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
};

const MB = 1024 * 1024;
/** Below this total the compression ratio is not checked. */
const RATIO_CHECK_FROM_BYTES = 64 * MB;
function megabytes(n: number): string {
  if (n < MB) return `${n} bytes`;
  return `${Math.round((n / MB) * 10) / 10} MB`;
}

/**
 * Throws {@link InvalidFileError} ('too-large') when a file of `size` bytes is over `maxBytes`.
 * Callers check a picked file's size with it before reading its bytes.
 */
export function checkFileSize(size: number, fileName: string, maxBytes: number): void {
  if (size > maxBytes) {
    throw new InvalidFileError(
      fileName,
      'too-large',
      `it is ${megabytes(size)}, more than the ${megabytes(maxBytes)} Glimpse opens.`,
    );
  }
}

/**
 * True when `compressed` bytes cannot honestly hold only `original` bytes: deflate never makes
 * data bigger than its stored form (the original plus a few bytes per 16 KB block).
 */
function inflatesPastDeclaredSize(compressed: number, original: number): boolean {
  return compressed > original + Math.ceil(original / 16384) * 5 + 1024;
}

/**
 * Normalises an entry path (`\` → `/`, no leading `./`) and returns it, or throws when the path
 * is absolute or climbs out of the archive.
 */
export function safeEntryPath(rawPath: string, fileName: string): string {
  const path = rawPath.replace(/\\/g, '/');
  const unsafe =
    path.startsWith('/') ||
    /^[a-zA-Z]:/.test(path) ||
    path.split('/').some((segment) => segment === '..') ||
    path.includes('\0');
  if (unsafe) {
    throw new InvalidFileError(
      fileName,
      'unsafe-path',
      `it contains an entry "${rawPath}" that points outside the archive. ` +
        'It may have been made to harm your computer, so it was not opened.',
    );
  }
  return path.replace(/^(\.\/)+/, '');
}

/**
 * The CRC-32 of each of the first `count` entries of the zip's central directory, in directory
 * order, or null when the directory cannot be found. Walks the directory exactly as fflate's
 * `unzipSync` does (end record searched from the end, zip64 end record, bytes past the end read
 * as 0), so entry i here is the i-th entry fflate reports.
 */
function directoryCrcs(bytes: Uint8Array, count: number): Uint32Array | null {
  const b2 = (i: number) => (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8);
  const b4 = (i: number) => (b2(i) | (b2(i + 2) << 16)) >>> 0;
  let end = bytes.length - 22;
  while (b4(end) !== 0x06054b50) {
    if (end <= 0 || bytes.length - end > 65558) return null;
    end -= 1;
  }
  let offset = b4(end + 16);
  if (b4(end - 20) === 0x07064b50) {
    const end64 = b4(end - 12);
    if (b4(end64) === 0x06064b50) offset = b4(end64 + 48);
  }
  const crcs = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    crcs[i] = b4(offset + 16);
    offset += 46 + b2(offset + 28) + b2(offset + 30) + b2(offset + 32);
  }
  return crcs;
}

/**
 * Reads an archive into entries (folders left out), after checking its directory against
 * `limits` and every path with {@link safeEntryPath}; every file must unpack to its declared
 * size and CRC-32. Throws {@link InvalidFileError}.
 */
export function readZip(
  bytes: Uint8Array,
  fileName: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): FileEntry[] {
  const corrupt = (cause?: unknown) =>
    new InvalidFileError(
      fileName,
      'corrupt',
      'it is not a complete zip file (it may be damaged or only partly downloaded).',
      { cause },
    );

  checkFileSize(
    bytes.length,
    fileName,
    limits.maxArchiveBytes ?? DEFAULT_ZIP_LIMITS.maxArchiveBytes!,
  );

  // Pass 1: read the directory only (the filter declines every entry, so nothing inflates).
  let count = 0;
  let total = 0;
  // Name → size and directory position (a repeated name keeps its last entry, as fflate does).
  const declared = new Map<string, { size: number; index: number }>();
  try {
    unzipSync(bytes, {
      filter: (file) => {
        count += 1;
        if (count > limits.maxEntries) {
          throw new InvalidFileError(
            fileName,
            'too-large',
            `it holds more than ${limits.maxEntries} files, more than Glimpse can open.`,
          );
        }
        const path = safeEntryPath(file.name, fileName);
        if (!Number.isFinite(file.originalSize) || file.originalSize > limits.maxEntryBytes) {
          throw new InvalidFileError(
            fileName,
            'too-large',
            `the file "${file.name}" inside it would unpack to ${megabytes(file.originalSize)}, ` +
              `more than the ${megabytes(limits.maxEntryBytes)} allowed per file.`,
          );
        }
        if (inflatesPastDeclaredSize(file.size, file.originalSize)) {
          throw new InvalidFileError(
            fileName,
            'too-large',
            `the file "${file.name}" inside it holds far more compressed data than the ` +
              `${megabytes(file.originalSize)} it declares (a "zip bomb"), so it was not opened.`,
          );
        }
        total += file.originalSize;
        if (total > limits.maxTotalBytes) {
          throw new InvalidFileError(
            fileName,
            'too-large',
            `it would unpack to more than ${megabytes(limits.maxTotalBytes)}, more than Glimpse can open.`,
          );
        }
        if (!path.endsWith('/')) {
          declared.set(file.name, { size: file.originalSize, index: count - 1 });
        }
        return false;
      },
    });
  } catch (error) {
    if (error instanceof InvalidFileError) throw error;
    throw corrupt(error);
  }
  const maxRatio = limits.maxCompressionRatio ?? DEFAULT_ZIP_LIMITS.maxCompressionRatio!;
  if (total > RATIO_CHECK_FROM_BYTES && total > bytes.length * maxRatio) {
    throw new InvalidFileError(
      fileName,
      'too-large',
      `it would unpack from ${megabytes(bytes.length)} to ${megabytes(total)}, more than ` +
        `${maxRatio} times its size, as a "zip bomb" does, so it was not opened.`,
    );
  }

  // Pass 2: inflate the accepted entries; every result must have its declared size and CRC-32.
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => declared.has(file.name) });
  } catch (error) {
    throw corrupt(error);
  }
  const crcs = directoryCrcs(bytes, count);
  if (!crcs) throw corrupt();
  const entries: FileEntry[] = [];
  for (const [name, { size, index }] of declared) {
    const data = files[name];
    if (!data || data.length !== size) throw corrupt();
    const path = safeEntryPath(name, fileName);
    if (crc32(data) !== crcs[index]) {
      throw new InvalidFileError(
        fileName,
        'corrupt',
        `the file "${path}" inside it is damaged (checksum mismatch). ` +
          'The archive may have been damaged while copying or downloading.',
      );
    }
    entries.push({ path, bytes: data });
  }
  return entries;
}

/**
 * Writes entries into a zip. JPEG/PNG and other already-compressed data is stored, the rest
 * deflated. Paths are checked with {@link safeEntryPath}.
 */
export function writeZip(entries: readonly FileEntry[]): Uint8Array {
  const tree: Zippable = {};
  for (const entry of entries) {
    const path = safeEntryPath(entry.path, 'archive');
    const stored = /\.(jpe?g|png|webp|gif|zip)$/i.test(path);
    tree[path] = [entry.bytes, { level: stored ? 0 : 6, mtime: new Date(2020, 0, 1) }];
  }
  return zipSync(tree);
}

/** UTF-8 encodes text. */
export function utf8(text: string): Uint8Array {
  return strToU8(text);
}

/** Decodes UTF-8 bytes. */
export function fromUtf8(bytes: Uint8Array): string {
  return strFromU8(bytes);
}
