/**
 * Serves the app on 127.0.0.1 for browser tests: a production build served by `vite preview`
 * (with the self-hosted models folder pointed at `modelsDir` through env GLIMPSE_MODELS_DIR), or
 * the dev server, which lets a page import single source modules.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

/**
 * Builds the app for production into `outDir`. The build does not depend on the models folder
 * (it is served at run time), so one build can serve every test of a run.
 */
async function buildApp(outDir: string): Promise<void> {
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
}

/**
 * The run's shared build (env GLIMPSE_E2E_BUILD_DIR, set by tests/support/globalSetup.ts): the
 * first test process to get here builds it, the others wait for its ready marker. Test files run
 * in separate processes, so "first" is decided by creating a lock folder, which only one can do.
 */
async function sharedBuild(dir: string): Promise<void> {
  const ready = join(dir, '.glimpse-build-ready');
  if (existsSync(ready)) return;
  try {
    await mkdir(`${dir}.lock`);
  } catch {
    const deadline = Date.now() + 600_000;
    while (!existsSync(ready)) {
      if (Date.now() > deadline) throw new Error(`The shared app build in ${dir} never finished.`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return;
  }
  await buildApp(dir);
  await writeFile(ready, '');
}

/**
 * Builds the app (once per test run when GLIMPSE_E2E_BUILD_DIR is set, else privately) and
 * serves it; the caller closes it.
 */
export async function startApp(modelsDir: string): Promise<AppServer> {
  const shared = process.env.GLIMPSE_E2E_BUILD_DIR;
  const outDir = shared ?? (await mkdtemp(join(tmpdir(), 'glimpse-e2e-')));
  if (shared) await sharedBuild(shared);
  else await buildApp(outDir);
  const savedEnv = { GLIMPSE_MODELS_DIR: process.env.GLIMPSE_MODELS_DIR };
  process.env.GLIMPSE_MODELS_DIR = modelsDir;
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
      if (!shared) await rm(outDir, { recursive: true, force: true });
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
