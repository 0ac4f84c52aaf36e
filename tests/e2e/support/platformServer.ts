/**
 * Serves src/platform to browser tests: a Vite dev server whose pages import single modules (as
 * decodeImage.test.ts does), with the TF.js packages pre-bundled so that the engine worker can
 * load them (TF.js pulls in CommonJS packages, which the browser cannot import raw), and with a
 * models folder at /models/. `openHarness` opens a blank same-origin page that loads
 * platformHarness.ts and waits for `window.glimpseHarness`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, JSHandle, Page } from 'playwright-core';
import { build, createServer, preview } from 'vite';
import type { AppServer } from './appServer';
import type { PlatformHarness } from './platformHarness';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every bare package the engine worker imports (src/core). */
const ENGINE_DEPENDENCIES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow-models/mobilenet',
];

/**
 * Starts the dev server with `modelsDir` (if given) served at /models/. Dependencies are
 * pre-bundled into a private cache folder, so concurrent servers do not share one.
 */
export async function startPlatformServer(modelsDir?: string): Promise<AppServer> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'glimpse-platform-vite-'));
  const saved = process.env.GLIMPSE_MODELS_DIR;
  // vite.config.ts reads the folder once, when the server is created.
  if (modelsDir) process.env.GLIMPSE_MODELS_DIR = modelsDir;
  try {
    const server = await createServer({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      cacheDir,
      optimizeDeps: { noDiscovery: true, include: ENGINE_DEPENDENCIES },
      server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
    });
    await server.listen();
    const { port } = server.httpServer!.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/`,
      async close() {
        await server.close();
        await rm(cacheDir, { recursive: true, force: true });
      },
    };
  } finally {
    if (saved === undefined) delete process.env.GLIMPSE_MODELS_DIR;
    else process.env.GLIMPSE_MODELS_DIR = saved;
  }
}

/**
 * Builds src/platform/workerEngine.ts for production (as the app will bundle it, engine worker
 * included) to `assets/workerEngine.js` and serves the build with `modelsDir` at /models/.
 */
export async function startWorkerEngineBuild(modelsDir: string): Promise<AppServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'glimpse-platform-build-'));
  // Vitest sets NODE_ENV=test, which would make Vite build in development mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        copyPublicDir: false,
        rollupOptions: {
          input: { workerEngine: join(ROOT, 'src/platform/workerEngine.ts') },
          preserveEntrySignatures: 'strict',
          output: { entryFileNames: 'assets/[name].js' },
        },
      },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const saved = process.env.GLIMPSE_MODELS_DIR;
  process.env.GLIMPSE_MODELS_DIR = modelsDir;
  try {
    const server = await preview({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, open: false },
    });
    const { port } = server.httpServer.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/`,
      async close() {
        await server.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } finally {
    if (saved === undefined) delete process.env.GLIMPSE_MODELS_DIR;
    else process.env.GLIMPSE_MODELS_DIR = saved;
  }
}

/** The harness page (inline, so that Vitest does not rewrite its import). */
const HARNESS_PAGE = `<!doctype html><title>platform harness</title>
<script type="module">import '/tests/e2e/support/platformHarness.ts';</script>`;

/** An open harness page: `harness.evaluate((h, arg) => h.…, arg)` runs in the page. */
export interface HarnessPage {
  page: Page;
  harness: JSHandle<PlatformHarness>;
  /** Uncaught page errors so far. */
  errors: string[];
}

/** Opens the harness in a new page of `context`, collecting the page's uncaught errors. */
export async function openHarness(
  context: BrowserContext,
  server: AppServer,
): Promise<HarnessPage> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const url = `${server.url}__platform-harness.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: HARNESS_PAGE }));
  await page.goto(url);
  await page.waitForFunction(() => 'glimpseHarness' in window, null, { timeout: 60_000 });
  const harness = await page.evaluateHandle(
    () => (window as unknown as { glimpseHarness: PlatformHarness }).glimpseHarness,
  );
  return { page, harness, errors };
}
