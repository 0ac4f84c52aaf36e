/**
 * Datasets as folders: one sub-folder per class, the folder name being the class name (the
 * layout of Keras' image_dataset_from_directory and of most downloaded datasets). Reads a zip or
 * a list of files picked from a folder; writes the same layout back to a zip.
 *
 * A single folder wrapping everything (`flowers/daisy/1.jpg`) is unwrapped. Hidden files and
 * folders (starting with "."), `__MACOSX`, `Thumbs.db` and `desktop.ini` are ignored; files that
 * are not images, or not inside a class folder, are reported as skipped. Paths that leave the
 * folder (`..`, absolute) make the whole import fail.
 */
import { uniqueClassNames, type ClassRename } from '../dataset/classNames';
import { InvalidFileError } from '../errors';
import { safeSegment, uniqueSegments } from './folderNames';
import { isImageFileName } from './imageFileTypes';
import {
  DEFAULT_ZIP_LIMITS,
  readZip,
  safeEntryPath,
  writeZip,
  type FileEntry,
  type ZipLimits,
} from './zip';

/** One class found in a dataset: its name and its image files (paths relative to its folder). */
export interface DatasetClass {
  className: string;
  files: DatasetFile[];
}

/** An image of a dataset class. */
export interface DatasetFile extends FileEntry {
  /** The path inside the zip or picked folder, for messages. */
  sourcePath: string;
}

/** A file that was not imported, and why (for the upload report). */
export interface SkippedDatasetFile {
  path: string;
  reason: string;
}

/** What a dataset import found. */
export interface DatasetImport {
  /** Classes sorted by name (numbers in names compare as numbers); files sorted by path. */
  classes: DatasetClass[];
  skipped: SkippedDatasetFile[];
  /**
   * Folders whose names collide with an earlier one's (ignoring case, spaces and Unicode
   * composition, like "Cat" and "cat") and were renamed "cat (2)" instead of merged or refused.
   */
  renamed: ClassRename[];
}

const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '__macosx']);

function ignored(segments: readonly string[]): boolean {
  return segments.some((s) => s.startsWith('.') || SYSTEM_FILES.has(s.toLowerCase()));
}

/**
 * The count and size caps of an archive, applied to a picked folder from its files' sizes, so
 * callers can check a folder before reading any file. Throws {@link InvalidFileError}.
 */
export function checkFolderSize(
  sizes: readonly number[],
  fileName: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): void {
  if (sizes.length > limits.maxEntries) {
    throw new InvalidFileError(
      fileName,
      'too-large',
      `it holds ${sizes.length} files, more than the ${limits.maxEntries} Glimpse can import at once.`,
    );
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > limits.maxTotalBytes) {
    const gb = (n: number) => `${Math.round((n / 1024 ** 3) * 10) / 10} GB`;
    throw new InvalidFileError(
      fileName,
      'too-large',
      `its files add up to ${gb(total)}, more than the ${gb(limits.maxTotalBytes)} Glimpse can import at once.`,
    );
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Groups files (paths relative to the picked folder or zip root) into classes. Throws
 * {@link InvalidFileError} on unsafe paths, when there are more files or bytes than `limits`
 * allow (as for a zip), or when no class folder holds an image.
 */
export function datasetFromFiles(
  files: readonly FileEntry[],
  fileName = 'dataset',
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): DatasetImport {
  const sizes = files.map((f) => f.bytes.length);
  checkFolderSize(sizes, fileName, limits);
  const skipped: SkippedDatasetFile[] = [];
  const kept: { segments: string[]; bytes: Uint8Array; path: string }[] = [];
  for (const file of files) {
    const path = safeEntryPath(file.path, fileName);
    const segments = path.split('/').filter((s) => s.length > 0 && s !== '.');
    if (segments.length === 0 || ignored(segments)) continue;
    kept.push({ segments, bytes: file.bytes, path });
  }
  // Unwrap single wrapping folders (as long as every file sits below the same one).
  let depth = 0;
  for (;;) {
    const first = kept[0]?.segments[depth];
    const wrapped =
      first !== undefined &&
      kept.every((f) => f.segments.length > depth + 2 && f.segments[depth] === first);
    if (!wrapped) break;
    depth += 1;
  }
  const byClass = new Map<string, DatasetFile[]>();
  for (const f of kept) {
    const rest = f.segments.slice(depth);
    if (rest.length < 2) {
      skipped.push({ path: f.path, reason: 'not inside a class folder' });
      continue;
    }
    if (!isImageFileName(f.path)) {
      skipped.push({ path: f.path, reason: 'not an image file' });
      continue;
    }
    const className = rest[0]!.normalize('NFC');
    const list = byClass.get(className) ?? [];
    list.push({ path: rest.slice(1).join('/'), bytes: f.bytes, sourcePath: f.path });
    byClass.set(className, list);
  }
  if (byClass.size === 0) {
    throw new InvalidFileError(
      fileName,
      'missing-file',
      'no images in class folders were found. Put the images of each class in their own ' +
        'sub-folder, named after the class.',
    );
  }
  const sorted = [...byClass].sort(([a], [b]) => collator.compare(a, b));
  const { names, renamed } = uniqueClassNames(sorted.map(([className]) => className));
  const classes = sorted.map(([, list], i) => ({
    className: names[i]!,
    files: list.sort((a, b) => collator.compare(a.path, b.path)),
  }));
  return { classes, skipped, renamed };
}

/** Reads a dataset zip (checked like any archive: size caps before unzipping, safe paths). */
export function datasetFromZip(
  bytes: Uint8Array,
  options: { fileName?: string; limits?: ZipLimits } = {},
): DatasetImport {
  const fileName = options.fileName ?? 'dataset.zip';
  const limits = options.limits ?? DEFAULT_ZIP_LIMITS;
  return datasetFromFiles(readZip(bytes, fileName, limits), fileName, limits);
}

/** An image to export: its file name (an extension is added if missing) and bytes. */
export interface DatasetExportImage {
  name: string;
  bytes: Uint8Array;
}

/**
 * Writes classes as `<class>/<image>` in a zip. Class folder names are made safe and distinct
 * (`cats`, `cats-2`); image names too, within each folder.
 */
export function datasetToZip(
  classes: readonly { className: string; images: readonly DatasetExportImage[] }[],
): Uint8Array {
  const folders = uniqueSegments(classes.map((c) => c.className));
  const entries: FileEntry[] = [];
  classes.forEach((c, i) => {
    const used = new Set<string>();
    const names = c.images.map((img, j) => {
      const safe = safeSegment(img.name, `image-${j + 1}`);
      const known = isImageFileName(safe);
      const ext = known ? safe.slice(safe.lastIndexOf('.')) : '.jpg';
      const base = known ? safe.slice(0, -ext.length) : safe;
      let candidate = `${base}${ext}`;
      for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}${ext}`;
      used.add(candidate.toLowerCase());
      return candidate;
    });
    c.images.forEach((img, j) =>
      entries.push({ path: `${folders[i]!}/${names[j]!}`, bytes: img.bytes }),
    );
  });
  return writeZip(entries);
}
