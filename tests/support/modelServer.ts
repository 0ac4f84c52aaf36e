/**
 * A tiny static HTTP server on 127.0.0.1 that serves a folder, used to serve ../shared/models as
 * the app's self-hosted models folder. Sends `Connection: close` (Node's fetch trips over idle
 * keep-alive sockets).
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface StaticServer {
  /** Base URL ending in '/'. */
  url: string;
  /** Paths requested so far (for assertions). */
  requests: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves `root` on an ephemeral port of 127.0.0.1. */
export async function serveFolder(root: string): Promise<StaticServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const file = normalize(join(base, path));
    res.setHeader('Connection', 'close');
    if (!file.startsWith(base + sep)) {
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
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
