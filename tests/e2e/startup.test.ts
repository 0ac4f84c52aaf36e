/**
 * End-to-end start-up tests in real headless Chromium: a production build of the app served by
 * `vite preview` on 127.0.0.1, with ../shared/models as its self-hosted models folder.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MOBILENET_V2_100,
  OFFLINE_FALLBACK,
  TM_MOBILENET_V2,
} from '../../src/core/features/catalog';
import { CHROMIUM_ARGS, haveChromium, WEBGPU_ARG } from '../support/chromium';
import { haveShared, MODELS_DIR } from '../support/shared';
import { StartupPage } from './pages/StartupPage';
import { startApp, type AppServer } from './support/appServer';

const BROWSER_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];
const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('Glimpse start-up in Chromium', () => {
  let app: AppServer;
  let browser: Browser;
  const pages: StartupPage[] = [];

  const launch = (args: string[] = []) =>
    // Playwright gives every launch a fresh temporary --user-data-dir.
    chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS, ...args] });

  /** Opens the app with a query string in `browser`; closed after all tests. */
  const open = async (query = '', inBrowser = browser) => {
    const page = await StartupPage.open(inBrowser, app.url, query);
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(MODELS_DIR), launch([WEBGPU_ARG])]);
  });

  afterAll(async () => {
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
    await app?.close();
  });

  it('on the WASM backend loads the Teachable Machine base from the self-hosted folder', async () => {
    const page = await open('?backend=wasm');
    await page.waitUntilSettled();
    await page.openDebugDrawer();
    await page.screenshot('wasm-self-hosted');

    expect(await page.enginePhase()).toBe('ready');
    expect(await page.activeBackend()).toBe('wasm');
    expect(await page.backendForced()).toBe(true);
    expect(await page.backendSentence()).toContain('(forced)');
    expect(await page.backboneLabel()).toBe(TM_MOBILENET_V2.label);
    expect(await page.backboneDim()).toBe(1280);
    expect((await page.backboneSource()).source).toBe('self-hosted');
    expect(await page.fallbackWarning()).toBeNull();
    expect(await page.attempts()).toEqual([
      expect.objectContaining({ source: 'self-hosted', outcome: 'loaded' }),
    ]);
    const paths = page.requests.map((url) => new URL(url).pathname);
    expect(paths).toContain(`/models/${TM_MOBILENET_V2.id}/model.json`);
    expect(paths).toContain(`/models/${TM_MOBILENET_V2.id}/weights.bin`);
    expect(paths.some((path) => /tfjs-backend-wasm-simd-.*\.wasm$/.test(path))).toBe(true);
  });

  /** Checks the automatic choice against the page's WebGPU support; returns what it shows. */
  async function expectConsistentAutoChoice(page: StartupPage) {
    const active = await page.activeBackend();
    const others = await page.otherBackends();
    const hasGpuAdapter = await page.page.evaluate(async () => {
      const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    console.info(
      `auto backend: ${active}; WebGPU adapter: ${hasGpuAdapter}; others: ` +
        others.map((o) => `${o.name} (${o.reason})`).join('; '),
    );
    // On SwiftShader one of the GPU backends always works.
    expect(['webgpu', 'webgl']).toContain(active);
    if (!hasGpuAdapter) expect(active).not.toBe('webgpu');
    expect(await page.backendForced()).toBe(false);
    expect(await page.backendSentence()).toContain('picked automatically');
    // Every other backend is listed once, in preference order...
    expect(others.map((o) => o.name)).toEqual(BROWSER_BACKENDS.filter((b) => b !== active));
    const rank = BROWSER_BACKENDS.indexOf(active);
    for (const other of others) {
      // ...the better ones with the reason they failed, the worse ones as never tried.
      if (BROWSER_BACKENDS.indexOf(other.name) < rank) {
        expect(other.reason, other.name).not.toMatch(/^not tried|^$/);
      } else {
        expect(other.reason, other.name).toMatch(/^not tried/);
      }
    }
    expect(await page.enginePhase()).toBe('ready');
    expect((await page.backboneSource()).source).toBe('self-hosted');
    return { active, others };
  }

  it('picking the backend by itself, names the one it picked and why it skipped the others', async () => {
    const page = await open();
    await page.waitUntilSettled();
    await page.openDebugDrawer();
    await page.screenshot('auto-backend');
    await expectConsistentAutoChoice(page);
  });

  it('when the browser has no WebGPU, says why it skipped WebGPU and runs on WebGL', async () => {
    const noWebGpu = await launch();
    try {
      const page = await open('', noWebGpu);
      await page.waitUntilSettled();
      await page.screenshot('auto-backend-no-webgpu');
      const { active, others } = await expectConsistentAutoChoice(page);
      expect(active).toBe('webgl');
      expect(others[0]).toMatchObject({ name: 'webgpu' });
    } finally {
      await noWebGpu.close();
    }
  });

  it('when the models folder lacks the backbone, falls back to the offline model and says so', async () => {
    const page = await open(`?backend=wasm&offline=1&backbone=${MOBILENET_V2_100.id}`);
    await page.waitUntilSettled();
    await page.openDebugDrawer();
    await page.screenshot('offline-fallback');

    expect(await page.enginePhase()).toBe('ready');
    expect((await page.backboneSource()).source).toBe('offline-fallback');
    expect(await page.backboneLabel()).toBe(OFFLINE_FALLBACK.label);
    expect(await page.backboneDim()).toBe(OFFLINE_FALLBACK.embeddingDim);
    const warning = await page.fallbackWarning();
    expect(warning).toContain('lower accuracy');
    expect(warning).toContain(MOBILENET_V2_100.label);
    expect(warning).toContain('less accurate');
    const attempts = await page.attempts();
    expect(attempts.map((a) => [a.source, a.outcome])).toEqual([
      ['self-hosted', 'failed'],
      ['offline-fallback', 'loaded'],
    ]);
    expect(attempts[0]!.text).toContain(`/models/${MOBILENET_V2_100.id}/model.json`);
    expect(await page.urlNotes()).toContain('Offline mode');
    expect(page.externalRequests()).toEqual([]);
  });

  it('without offline mode, tries the official host after the self-hosted folder, and nowhere else', async () => {
    // The test aborts every request leaving 127.0.0.1, so this cannot hang on the network.
    const page = await open(`?backend=wasm&backbone=${MOBILENET_V2_100.id}`);
    await page.waitUntilSettled();

    expect((await page.backboneSource()).source).toBe('offline-fallback');
    expect((await page.attempts()).map((a) => [a.source, a.outcome])).toEqual([
      ['self-hosted', 'failed'],
      ['official', 'failed'],
      ['offline-fallback', 'loaded'],
    ]);
    const officialHost = new URL(MOBILENET_V2_100.officialUrl!).host;
    const external = page.externalRequests();
    expect(external.length).toBeGreaterThan(0);
    expect(external.map((url) => new URL(url).host)).toEqual(external.map(() => officialHost));
  });

  it('sends no request beyond 127.0.0.1 while it starts with the default settings', async () => {
    const page = await open();
    await page.waitUntilSettled();

    expect(await page.enginePhase()).toBe('ready');
    expect(page.requests.length).toBeGreaterThan(0);
    expect(page.externalRequests()).toEqual([]);
  });
});
