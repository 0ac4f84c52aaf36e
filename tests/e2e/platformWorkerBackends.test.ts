/**
 * The engine Web Worker as production builds it, on every browser backend: WASM, WebGL (which
 * in a worker draws on an OffscreenCanvas) and WebGPU (SwiftShader, with --enable-unsafe-webgpu).
 * One start, two classifications, a tiny head trained on their embeddings, then a switch to WASM
 * that must carry the head over; timings are printed. The full round trip (embed, train,
 * classify) runs on WASM in platform.test.ts.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { BackendName } from '../../src/core/tf/backendOrder';
import type { Engine } from '../../src/core/engine/engine';
import { CHROMIUM_ARGS, haveChromium, WEBGPU_ARG } from '../support/chromium';
import { haveShared, MODELS_DIR } from '../support/shared';
import type { AppServer } from './support/appServer';
import { startWorkerEngineBuild } from './support/platformServer';

const chromiumPath = haveChromium();
const sharedReady = chromiumPath !== null && haveShared();

/** Imports the built module and exposes its factory (inline so Vitest leaves the import alone). */
const PAGE = `<!doctype html><title>worker engine</title>
<script type="module">
  import { createWorkerEngine } from '/assets/workerEngine.js';
  window.createWorkerEngine = createWorkerEngine;
</script>`;

type EngineWindow = { createWorkerEngine: () => Engine };

describe.skipIf(!sharedReady)('production engine worker on each backend', () => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWorkerEngineBuild(MODELS_DIR),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS, WEBGPU_ARG] }),
    ]);
    page = await browser.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    const url = `${server.url}__worker-engine.html`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
    await page.goto(url);
    await page.waitForFunction(() => 'createWorkerEngine' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Starts a worker engine on `backend`, classifies two images, and reports timings. */
  const startAndClassify = (backend: BackendName) =>
    page.evaluate(
      async ({ backend, backboneId }) => {
        const engine = (window as unknown as EngineWindow).createWorkerEngine();
        const image = (value: number) => ({
          width: 300,
          height: 200,
          data: new Uint8ClampedArray(300 * 200 * 4).map((_, i) =>
            i % 4 === 3 ? 255 : (i * value) % 256,
          ),
        });
        try {
          let t = performance.now();
          const started = await engine.start({
            backend,
            backboneId,
            modelsBaseUrl: '/models/',
            tryOfficial: false,
          });
          const startMs = performance.now() - t;
          t = performance.now();
          const first = await engine.classify(image(7));
          const firstMs = performance.now() - t;
          t = performance.now();
          const second = await engine.classify(image(13));
          const secondMs = performance.now() - t;
          const memory = await engine.memory();
          // A head trained here must survive a backend switch (its weights are read back then).
          t = performance.now();
          const embeddings = [first.embedding, second.embedding, first.embedding, second.embedding];
          await engine.train(
            { embeddings, labels: [0, 1, 0, 1], classCount: 2 },
            { epochs: 5, batchSize: 4, validationFraction: 0, earlyStopping: null },
          );
          const trainMs = performance.now() - t;
          t = performance.now();
          const switched = await engine.setBackend('wasm');
          const afterSwitch = await engine.classify(image(7));
          const switchMs = performance.now() - t;
          return {
            active: started.backend.active,
            dim: started.backbone.dim,
            source: started.backbone.report.source,
            embedding: first.embedding.length,
            finite: [...first.embedding, ...second.embedding].every(Number.isFinite),
            differ: first.embedding.some((v, i) => Math.abs(v - second.embedding[i]!) > 1e-6),
            memoryBackend: memory.backend,
            switchedTo: switched.active,
            headAfterSwitch: afterSwitch.probabilities?.length ?? 0,
            ms: {
              start: Math.round(startMs),
              first: Math.round(firstMs),
              second: Math.round(secondMs),
              train5Epochs: Math.round(trainMs),
              switchToWasmAndClassify: Math.round(switchMs),
            },
          };
        } finally {
          engine.dispose();
        }
      },
      { backend, backboneId: TM_MOBILENET_V2.id },
    );

  const expectWorking = (result: Awaited<ReturnType<typeof startAndClassify>>, backend: string) => {
    console.info(`engine worker on ${backend}: ${JSON.stringify(result.ms)} ms`);
    expect(result).toMatchObject({
      active: backend,
      dim: 1280,
      source: 'self-hosted',
      embedding: 1280,
      finite: true,
      differ: true,
      memoryBackend: backend,
      switchedTo: 'wasm',
      headAfterSwitch: 2,
    });
  };

  it('runs on WASM', async () => {
    expectWorking(await startAndClassify('wasm'), 'wasm');
  });

  it('runs on WebGL (OffscreenCanvas inside the worker)', async () => {
    expectWorking(await startAndClassify('webgl'), 'webgl');
  });

  it('runs on WebGPU', async (context) => {
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return gpu ? (await gpu.requestAdapter()) !== null : false;
    });
    if (!adapter) {
      console.warn(
        'SKIPPED: this Chromium offers no WebGPU adapter even with --enable-unsafe-webgpu',
      );
      context.skip();
    }
    expectWorking(await startAndClassify('webgpu'), 'webgpu');
  });

  it('left no uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
