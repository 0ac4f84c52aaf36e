/**
 * Reads a trained head for `glimpse predict`: the folder `glimpse train` wrote (or the app's
 * three exported files), the app's model zip, or one of the folder's files. Checked by the
 * core's own readers (format, version, shapes, known image model), so a folder that is not a
 * Glimpse export is refused with the reason.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { GlimpseError } from '../../core/errors';
import {
  parseHeadExport,
  parseHeadExportZip,
  type ParsedHeadExport,
} from '../../core/io/headExport';
import { projectFromHeadExport } from '../../core/io/headImport';
import type { ProjectData } from '../../core/io/projectFormat';
import { CliError, messageOf } from './cliError';

/** A head ready to install, with the image model it was trained on. */
export interface HeadModelFiles {
  /** The folder or zip it was read from. */
  path: string;
  parsed: ParsedHeadExport;
  /** As the app opens an exported model: one class per label, the head installed. */
  project: ProjectData & { head: NonNullable<ProjectData['head']> };
}

const FILES = ['model.json', 'weights.bin', 'metadata.json'] as const;
const HINT =
  'Give the folder written by "glimpse train --out" or the zip from the app\'s "Export model".';

async function readFolder(dir: string): Promise<ParsedHeadExport> {
  const present = await Promise.all(
    FILES.map((f) =>
      stat(join(dir, f)).then(
        (s) => s.isFile(),
        () => false,
      ),
    ),
  );
  if (!present[0] && !present[2]) {
    throw new CliError(
      `${dir} is not a Glimpse model export: it has no model.json or metadata.json. ${HINT}`,
    );
  }
  const missing = FILES.filter((_, i) => !present[i]);
  if (missing.length > 0) {
    throw new CliError(
      `${dir} is not a complete Glimpse model export: ${missing.join(' and ')} missing. ${HINT}`,
    );
  }
  const files = await Promise.all(
    FILES.map(async (path) => ({ path, bytes: new Uint8Array(await readFile(join(dir, path))) })),
  );
  return parseHeadExport(files);
}

/** Reads and checks a head export from a folder, a zip, or a file inside the folder. */
export async function readHeadModel(pathArg: string, cwd: string): Promise<HeadModelFiles> {
  let path = resolve(cwd, pathArg);
  const info = await stat(path).catch(() => null);
  if (!info) throw new CliError(`model not found: ${path}`);
  if (info.isFile() && (FILES as readonly string[]).includes(basename(path))) path = dirname(path);
  try {
    const parsed =
      info.isDirectory() || path !== resolve(cwd, pathArg)
        ? await readFolder(path)
        : parseHeadExportZip(new Uint8Array(await readFile(path)), basename(path));
    const project = projectFromHeadExport(parsed, basename(path), basename(path));
    return { path, parsed, project: project as HeadModelFiles['project'] };
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof GlimpseError) {
      throw new CliError(`${path} is not a usable Glimpse model export: ${error.message}`);
    }
    throw new CliError(`cannot read the model ${path}: ${messageOf(error)}`);
  }
}
