/**
 * Zip reading and writing through fflate, with the safety checks every import needs: entry
 * count, per-entry and total sizes are checked from the zip's directory BEFORE anything is
 * decompressed (zip bombs), and entries whose path escapes the archive (`..`, absolute paths,
 * drive letters) are refused.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { InvalidFileError } from '../errors';

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
}

/** Defaults: generous for a classroom project (thousands of small JPEGs), far below a bomb. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
};

const MB = 1024 * 1024;
function megabytes(n: number): string {
  if (n < MB) return `${n} bytes`;
  return `${Math.round((n / MB) * 10) / 10} MB`;
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
 * Reads an archive into entries (folders left out), after checking its directory against
 * `limits` and every path with {@link safeEntryPath}. Throws {@link InvalidFileError}.
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

  // Pass 1: read the directory only (the filter declines every entry, so nothing inflates).
  let count = 0;
  let total = 0;
  const declared = new Map<string, number>();
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
        total += file.originalSize;
        if (total > limits.maxTotalBytes) {
          throw new InvalidFileError(
            fileName,
            'too-large',
            `it would unpack to more than ${megabytes(limits.maxTotalBytes)}, more than Glimpse can open.`,
          );
        }
        if (!path.endsWith('/')) declared.set(file.name, file.originalSize);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof InvalidFileError) throw error;
    throw corrupt(error);
  }

  // Pass 2: inflate the accepted entries; every result must have its declared size.
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (file) => declared.has(file.name) });
  } catch (error) {
    throw corrupt(error);
  }
  const entries: FileEntry[] = [];
  for (const [name, size] of declared) {
    const data = files[name];
    if (!data || data.length !== size) throw corrupt();
    entries.push({ path: safeEntryPath(name, fileName), bytes: data });
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
