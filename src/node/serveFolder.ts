/**
 * A tiny read-only static HTTP server on 127.0.0.1 serving one folder: how Node code hands a
 * models folder to the core's loader, which reads models over HTTP (the command line, tests and
 * benchmarks). Sends `Connection: close` (Node's fetch trips over idle keep-alive sockets) and
 * follows symbolic links inside the folder (`npm run models:link`).
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

/** A folder served over HTTP. */
export interface ServedFolder {
  /** Base URL ending in '/'. */
  url: string;
  /** Paths requested so far, in order (for tests). */
  requests: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves `dir` on an ephemeral port of 127.0.0.1: GET only, nothing outside the folder. */
export async function serveFolder(dir: string): Promise<ServedFolder> {
  const root = resolve(dir);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    res.setHeader('Connection', 'close');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    requests.push(path);
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
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
