/**
 * Where the command line finds image-model weights. The core's loader reads the self-hosted
 * folder over HTTP (`<modelsBaseUrl>/<id>/model.json`), then tries the official host and the
 * offline fallback; here the folder is chosen (--models, env GLIMPSE_MODELS_DIR, ./public/models)
 * and served on 127.0.0.1 for the duration of the command.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelLoadAttempt } from '../../core/errors';
import { CliError } from './cliError';

export { serveFolder, type ServedFolder } from '../serveFolder';

/** The chosen self-hosted folder and what chose it. */
export interface ModelsFolder {
  dir: string;
  origin: '--models' | 'GLIMPSE_MODELS_DIR' | './public/models';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The self-hosted models folder: `--models`, else env GLIMPSE_MODELS_DIR, else ./public/models
 * when it exists, else none. A folder named explicitly (option or env) must exist.
 */
export function chooseModelsFolder(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ModelsFolder | null {
  const named: [string | undefined, ModelsFolder['origin']][] = [
    [flag, '--models'],
    [env.GLIMPSE_MODELS_DIR || undefined, 'GLIMPSE_MODELS_DIR'],
  ];
  for (const [path, origin] of named) {
    if (path === undefined) continue;
    const dir = resolve(cwd, path);
    if (!existsSync(dir)) throw new CliError(`models folder not found: ${dir} (from ${origin}).`);
    if (!isDirectory(dir)) throw new CliError(`${dir} (from ${origin}) is not a folder.`);
    return { dir, origin };
  }
  const local = resolve(cwd, 'public/models');
  return isDirectory(local) ? { dir: local, origin: './public/models' } : null;
}

/** The loader's attempts with the served URL shown as the folder it serves. */
export function describeAttempts(
  attempts: readonly ModelLoadAttempt[],
  served: { url: string; dir: string } | null,
): string[] {
  return attempts.map((a) => {
    const where =
      served && a.url.startsWith(served.url)
        ? join(served.dir, a.url.slice(served.url.length))
        : a.url;
    return `${a.source} (${where})${a.error ? `: ${a.error}` : ''}`;
  });
}
