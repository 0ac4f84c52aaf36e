/**
 * Reads a dataset folder (one sub-folder of images per class) from disk with the same rules as
 * the app's "Import dataset" (`datasetFromFiles`: class names, order, unwrapping, ignored and
 * skipped files). Only paths are listed here; images are read later, one chunk at a time.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { datasetFromFiles } from '../../core/io/datasetFolders';
import { InvalidFileError } from '../../core/errors';
import { CliError } from './cliError';

/** A class and the absolute paths of its image files, in the app's order. */
export interface FolderClass {
  name: string;
  files: string[];
}

/** A file that will not be used, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** What a dataset folder holds. */
export interface DatasetFolder {
  root: string;
  classes: FolderClass[];
  skipped: SkippedFile[];
}

/** Deepest folder nesting followed (guards against link loops). */
const MAX_DEPTH = 16;

/** Every file below `dir` (symbolic links followed), as paths relative to `root`. */
async function listFiles(root: string, dir: string, depth: number, out: string[]): Promise<void> {
  if (depth > MAX_DEPTH) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new CliError(`cannot read the folder ${dir}: ${(error as Error).message}`);
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(path).catch(() => null);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) await listFiles(root, path, depth + 1, out);
    else if (isFile) out.push(relative(root, path).split(sep).join('/'));
  }
}

/** Sub-folders of `dir` (not hidden), by name. */
async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const isDir =
      e.isDirectory() ||
      (e.isSymbolicLink() &&
        ((await stat(join(dir, e.name)).catch(() => null))?.isDirectory() ?? false));
    if (isDir) names.push(e.name.normalize('NFC'));
  }
  return names;
}

/**
 * Lists a dataset folder. Throws {@link CliError} when it is missing, not a folder, has fewer
 * than two class folders, or has a class folder without images.
 */
export async function readDatasetFolder(folder: string): Promise<DatasetFolder> {
  const root = resolve(folder);
  const info = await stat(root).catch(() => null);
  if (!info) throw new CliError(`dataset folder not found: ${root}`);
  if (!info.isDirectory()) {
    throw new CliError(`${root} is not a folder: give a folder with one sub-folder per class.`);
  }
  const paths: string[] = [];
  await listFiles(root, root, 0, paths);
  const help = 'Put the images of each class in their own sub-folder, named after the class.';
  let found;
  try {
    found = datasetFromFiles(
      paths.map((path) => ({ path, bytes: new Uint8Array(0) })),
      root,
    );
  } catch (error) {
    if (error instanceof InvalidFileError && error.reason === 'missing-file') {
      throw new CliError(`no images in class sub-folders of ${root}. ${help}`);
    }
    throw error;
  }
  // The folder the class folders are in (a single wrapping folder is unwrapped, as in the app).
  const first = found.classes[0]!;
  const firstPath = first.files[0]!.sourcePath;
  const inner = firstPath.slice(
    0,
    firstPath.length - `${first.className}/${first.files[0]!.path}`.length,
  );
  const classRoot = resolve(root, inner);
  const named = new Set(found.classes.map((c) => c.className));
  const empty = (await subfolders(classRoot)).filter((name) => !named.has(name)).sort();
  if (empty.length > 0) {
    throw new CliError(
      `the class folder${empty.length > 1 ? 's' : ''} ${empty.map((n) => `"${n}"`).join(', ')} in ${classRoot} ` +
        `${empty.length > 1 ? 'have' : 'has'} no images. Add images (.jpg, .png, .webp, .gif, .bmp) or remove ${empty.length > 1 ? 'them' : 'it'}.`,
    );
  }
  if (found.classes.length < 2) {
    throw new CliError(
      `training needs at least two classes, but ${classRoot} has ${found.classes.length} class ` +
        `folder with images ("${first.className}"). ${help}`,
    );
  }
  return {
    root,
    classes: found.classes.map((c) => ({
      name: c.className,
      files: c.files.map((f) => join(root, f.sourcePath)),
    })),
    skipped: found.skipped.map((s) => ({ path: join(root, s.path), reason: s.reason })),
  };
}
