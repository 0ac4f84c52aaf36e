/**
 * Serves the app on 127.0.0.1 for browser tests: a production build served by `vite preview`
 * (with the self-hosted models folder pointed at `modelsDir` through env GLIMPSE_MODELS_DIR), or
 * the dev server, which lets a page import single source modules.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CONFIG_FILE = join(ROOT, 'vite.config.ts');

/** A running production build of the app. */
export interface AppServer {
  /** Origin with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close(): Promise<void>;
}

/** Builds the app and serves it; the caller closes it. */
export async function startApp(modelsDir: string): Promise<AppServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'glimpse-e2e-'));
  const savedEnv = { GLIMPSE_MODELS_DIR: process.env.GLIMPSE_MODELS_DIR };
  process.env.GLIMPSE_MODELS_DIR = modelsDir;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: CONFIG_FILE,
      logLevel: 'warn',
      // public/ holds only models, which modelsDir replaces.
      build: { outDir, emptyOutDir: true, copyPublicDir: false },
    });
  } finally {
    restoreEnv({ NODE_ENV: nodeEnv });
  }
  const server = await preview({
    root: ROOT,
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await server.close();
      restoreEnv(savedEnv);
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

function restoreEnv(saved: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/**
 * Starts the Vite dev server, so that a page can `import('/src/…')` one module. No dependency
 * discovery (the app's TF.js is not pre-bundled) and no file watching.
 */
export async function startDevServer(): Promise<AppServer> {
  const server = await createServer({
    root: ROOT,
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    optimizeDeps: { noDiscovery: true },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  await server.listen();
  const { port } = server.httpServer!.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
