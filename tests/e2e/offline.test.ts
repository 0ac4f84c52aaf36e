/**
 * Offline use in real headless Chromium: the production build served by `vite preview` on
 * 127.0.0.1 registers its service worker, which saves the app shell and the image model. Then
 * the server is stopped and the context goes offline, and the reloaded trainer still loads its
 * model, embeds real photos, trains and predicts. A second deploy on the same address shows
 * "A new version is ready" and takes over only when Reload is pressed.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TrainerPage } from './pages/TrainerPage';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CONFIG_FILE = join(ROOT, 'vite.config.ts');
const sharedReady = haveShared();
const chromiumPath = haveChromium();

/**
 * Builds the app into `outDir` as a deploy would: with the public files (manifest, icons) but
 * not public/models, plus a `deploy.txt` naming the deploy, so that two deploys differ.
 */
async function buildApp(outDir: string, publicDir: string, deploy: string): Promise<void> {
  await writeFile(join(publicDir, 'deploy.txt'), deploy);
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: ROOT,
      configFile: CONFIG_FILE,
      logLevel: 'warn',
      publicDir,
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

/** Serves `outDir` (models from GLIMPSE_MODELS_DIR) on 127.0.0.1:`port` (0: any free port). */
function serve(outDir: string, port: number): Promise<PreviewServer> {
  return preview({
    root: ROOT,
    configFile: CONFIG_FILE,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: port !== 0, open: false },
  });
}

describe.skipIf(!sharedReady || !chromiumPath)('Offline use in Chromium', () => {
  const data = sharedReady ? loadDataset('rock-paper-scissors', { perClassTrain: 4 }) : null;
  const photos = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);
  let tmp: string;
  let outDir: string;
  let publicDir: string;
  let server: PreviewServer | null = null;
  let port: number;
  let url: string;
  let browser: Browser;
  let trainer: TrainerPage;
  const savedModelsDir = process.env.GLIMPSE_MODELS_DIR;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'glimpse-offline-e2e-'));
    outDir = join(tmp, 'dist');
    publicDir = join(tmp, 'public');
    await cp(join(ROOT, 'public'), publicDir, {
      recursive: true,
      filter: (source) => !source.startsWith(join(ROOT, 'public', 'models')),
    });
    process.env.GLIMPSE_MODELS_DIR = MODELS_DIR;
    [, browser] = await Promise.all([
      buildApp(outDir, publicDir, 'deploy 1'),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
    ]);
    server = await serve(outDir, 0);
    port = (server.httpServer.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}/`;
  });

  afterAll(async () => {
    await trainer?.close();
    await browser?.close();
    await server?.close();
    if (savedModelsDir === undefined) delete process.env.GLIMPSE_MODELS_DIR;
    else process.env.GLIMPSE_MODELS_DIR = savedModelsDir;
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const offlineStatus = () => trainer.page.getByTestId('offline-status');

  it('saves the app and the image model, then loads, trains and predicts with the network off', async () => {
    trainer = await TrainerPage.open(browser, url, '?backend=wasm', { serviceWorkers: 'allow' });
    const { page, context } = trainer;
    await page
      .locator('[data-testid=offline-status][data-offline=yes]')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        throw new Error(`Not ready offline: ${await offlineStatus().innerText()}`, {
          cause: error,
        });
      });
    expect(await offlineStatus().innerText()).toMatch(/^yes \(\d+ files cached\)$/);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${url}sw.js`,
    );
    const caches = await page.evaluate(async () => {
      const names = await globalThis.caches.keys();
      const keys = await Promise.all(
        names.map(async (name) =>
          (await (await globalThis.caches.open(name)).keys()).map((r) => r.url),
        ),
      );
      return Object.fromEntries(names.map((name, i) => [name, keys[i]!]));
    });
    const shell = Object.entries(caches).find(([name]) => name.startsWith('glimpse-shell-'))!;
    const shellPaths = shell[1].map((u) => new URL(u).pathname);
    for (const path of [
      '/index.html',
      '/manifest.webmanifest',
      '/icon.svg',
      '/icon-192.png',
      '/favicon.svg',
    ]) {
      expect(shellPaths).toContain(path);
    }
    expect(shellPaths.some((p) => /^\/assets\/engine\.worker-.*\.js$/.test(p))).toBe(true);
    expect(shellPaths.some((p) => /^\/assets\/tfjs-backend-wasm-simd-.*\.wasm$/.test(p))).toBe(
      true,
    );
    expect(shellPaths.some((p) => p.startsWith('/models/'))).toBe(false);
    expect(caches['glimpse-models-v1']?.map((u) => new URL(u).pathname).sort()).toEqual([
      `/models/${TM_MOBILENET_V2.id}/model.json`,
      `/models/${TM_MOBILENET_V2.id}/weights.bin`,
    ]);

    // Is Playwright's offline mode applied to the service worker's own fetches too? A model file
    // that is not cached makes the worker go to the network (the server is still up).
    await context.setOffline(true);
    const probe = await page.evaluate(async (id) => {
      const answer = await fetch(`/models/${id}/not-cached.json`).catch((e: Error) => e.message);
      return typeof answer === 'string' ? `failed: ${answer}` : `HTTP ${answer.status}`;
    }, TM_MOBILENET_V2.id);
    console.info(`service worker fetch with context.setOffline(true): ${probe}`);
    expect(probe).toMatch(/^failed/);

    // To be sure nothing at all is served, stop the server too.
    await server!.close();
    server = null;
    expect(await fetch(url).catch(() => 'refused')).toBe('refused');

    trainer.requests.length = 0;
    trainer.errors.length = 0; // the probe's failed fetch
    await page.reload();
    await trainer.waitUntilReady();
    expect(await page.getByTestId('weights-source').getAttribute('data-source')).toBe(
      'self-hosted',
    );
    await page
      .locator('[data-testid=offline-status][data-offline=yes]')
      .waitFor({ timeout: 30_000 });

    await trainer.rename('Class 1', 'rock');
    await trainer.rename('Class 2', 'paper');
    await trainer.upload('rock', photos('rock'));
    await trainer.upload('paper', photos('paper'));
    await trainer.train();
    for (const name of ['rock', 'paper']) {
      const photo = data!.test.find((i) => i.className === name)!;
      await trainer.classify(photo.path);
      expect(await trainer.topClassName()).toBe(name);
    }
    expect(trainer.externalRequests()).toEqual([]);
    expect(trainer.errors).toEqual([]);

    // Installable: the page links the manifest, which the worker serves offline too.
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel=manifest]')!;
      return (await fetch(link.href)).json() as Promise<Record<string, unknown>>;
    });
    expect(manifest).toMatchObject({
      short_name: 'Glimpse',
      display: 'standalone',
      start_url: './',
      theme_color: expect.stringMatching(/^#/),
    });
    const icons = manifest.icons as { src: string; type: string }[];
    expect(icons.map((i) => i.type)).toEqual(
      expect.arrayContaining(['image/svg+xml', 'image/png']),
    );
    for (const icon of icons) {
      const size = await page.evaluate(
        async (src) => (await (await fetch(src)).arrayBuffer()).byteLength,
        icon.src,
      );
      expect(size, icon.src).toBeGreaterThan(0);
      expect(size, icon.src).toBeLessThan(10_240);
    }
  });

  it('offers a new deploy with "A new version is ready" and reloads only when asked', async () => {
    const { page, context } = trainer;
    await context.setOffline(false);
    const oldVersion = await page.evaluate(async () =>
      (await globalThis.caches.keys()).find((n) => n.startsWith('glimpse-shell-')),
    );
    await buildApp(outDir, publicDir, 'deploy 2');
    server = await serve(outDir, port);

    // The page asks for updates on load; the new worker installs, then waits.
    await page.evaluate(() => {
      (globalThis as { stillThisPage?: boolean }).stillThisPage = true;
    });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const notice = page.getByTestId('update-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.innerText()).toContain('A new version of Glimpse is ready.');
    // Nothing reloads while the user works: the trained model is still on the page.
    await page.waitForTimeout(1_000);
    expect(
      await page.evaluate(() => (globalThis as { stillThisPage?: boolean }).stillThisPage),
    ).toBe(true);
    expect(await page.getByTestId('training-done').count()).toBe(1);
    await trainer.screenshot('offline-update-notice', false);

    await Promise.all([page.waitForEvent('load'), notice.getByTestId('update-reload').click()]);
    await trainer.waitUntilReady();
    expect(
      await page.evaluate(() => (globalThis as { stillThisPage?: boolean }).stillThisPage),
    ).toBe(undefined);
    await page
      .locator('[data-testid=offline-status][data-offline=yes]')
      .waitFor({ timeout: 30_000 });
    const names = await page.evaluate(() => globalThis.caches.keys());
    const shells = names.filter((n) => n.startsWith('glimpse-shell-'));
    expect(shells).toHaveLength(1);
    expect(shells[0]).not.toBe(oldVersion);
    expect(names).toContain('glimpse-models-v1');
    expect(await page.getByTestId('update-notice').count()).toBe(0);
  });
});
