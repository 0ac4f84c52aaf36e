/**
 * Builds bench/perf/harness.ts for production (as the app is built: same Vite config, the engine
 * worker bundled with it) and serves it with a models folder at /models/. `openHarness` opens a
 * page that loads it and returns once `window.perfHarness` exists.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { FILE_INPUT_ID } from './pageIds';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CONFIG_FILE = join(ROOT, 'vite.config.ts');

/** A served build. */
export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

/** Builds the harness and serves it with `modelsDir` at /models/. */
export async function startHarnessServer(modelsDir: string): Promise<HarnessServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'glimpse-perf-'));
  const nodeEnv = process.env.NODE_ENV;
  const modelsEnv = process.env.GLIMPSE_MODELS_DIR;
  process.env.NODE_ENV = 'production';
  process.env.GLIMPSE_MODELS_DIR = modelsDir;
  try {
    await build({
      root: ROOT,
      configFile: CONFIG_FILE,
      logLevel: 'warn',
      build: {
        outDir,
        emptyOutDir: true,
        copyPublicDir: false,
        rollupOptions: {
          input: { perfHarness: join(ROOT, 'bench/perf/harness.ts') },
          preserveEntrySignatures: 'strict',
          output: { entryFileNames: 'assets/[name].js' },
        },
      },
    });
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
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    if (modelsEnv === undefined) delete process.env.GLIMPSE_MODELS_DIR;
    else process.env.GLIMPSE_MODELS_DIR = modelsEnv;
  }
}

const PAGE = `<!doctype html><title>perf harness</title>
<input type="file" multiple id="${FILE_INPUT_ID}">
<script type="module">import '/assets/perfHarness.js';</script>`;

/** Opens the harness page in `context`; page errors are collected in `errors`. */
export async function openHarness(
  context: BrowserContext,
  server: HarnessServer,
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const url = `${server.url}__perf.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.goto(url);
  await page.waitForFunction(() => 'perfHarness' in window, null, { timeout: 60_000 });
  return { page, errors };
}
