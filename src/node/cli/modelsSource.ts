/**
 * Where the command line finds image-model weights. The core's loader reads the self-hosted
 * folder over HTTP (`<modelsBaseUrl>/<id>/model.json`), then tries the official host and the
 * offline fallback; here the folder is chosen (--models, env GLIMPSE_MODELS_DIR, ./public/models)
 * and served on 127.0.0.1 for the duration of the command.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ModelLoadAttempt } from '../../core/errors';
import { CliError } from './cliError';

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

/** A folder served over HTTP on 127.0.0.1. */
export interface ServedFolder {
  /** Base URL ending in '/'. */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.json': 'application/json' };

/**
 * Serves `dir` read-only on an ephemeral port of 127.0.0.1 (`Connection: close`: Node's fetch
 * trips over idle keep-alive sockets). Symbolic links inside it are followed (models:link).
 */
export async function serveFolder(dir: string): Promise<ServedFolder> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    res.setHeader('Connection', 'close');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || req.method !== 'GET') {
      res.writeHead(403).end();
      return;
    }
    stat(file)
      .then((s) => {
        if (!s.isFile()) throw new Error('not a file');
        return readFile(file);
      })
      .then((body) => {
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      })
      .catch(() => res.writeHead(404).end('not found'));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
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
