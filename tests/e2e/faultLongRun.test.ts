/**
 * Long use in real Chromium: 100 train + classify cycles through the production engine worker
 * (WASM) leave the worker's tensor count where it started. (The 1,000-cycle run with a heap
 * bound is the Node test tests/unit/trainPredictCycles.test.ts.)
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { Engine } from '../../src/core/engine/engine';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { haveShared, MODELS_DIR } from '../support/shared';
import type { AppServer } from './support/appServer';
import { startWorkerEngineBuild } from './support/platformServer';

const CYCLES = 100;
const chromiumPath = haveChromium();
const sharedReady = chromiumPath !== null && haveShared();

/** Imports the built module and exposes its factory (inline so Vitest leaves the import alone). */
const PAGE = `<!doctype html><title>worker engine</title>
<script type="module">
  import { createWorkerEngine } from '/assets/workerEngine.js';
  window.createWorkerEngine = createWorkerEngine;
</script>`;

describe.skipIf(!sharedReady)('engine worker over many cycles (Chromium, WASM)', () => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startWorkerEngineBuild(MODELS_DIR),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
    ]);
    page = await browser.newPage();
    const url = `${server.url}__worker-engine.html`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
    await page.goto(url);
    await page.waitForFunction(() => 'createWorkerEngine' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(`keeps the worker's tensor count flat over ${CYCLES} train + classify cycles`, async () => {
    const result = await page.evaluate(
      async ({ backboneId, cycles }) => {
        const engine = (
          window as unknown as { createWorkerEngine: () => Engine }
        ).createWorkerEngine();
        const image = (seed: number) => ({
          width: 96,
          height: 96,
          data: new Uint8ClampedArray(96 * 96 * 4).map((_, i) =>
            i % 4 === 3 ? 255 : (i * seed) % 256,
          ),
        });
        try {
          await engine.start({ backend: 'wasm', backboneId, modelsBaseUrl: '/models/' });
          const embeddings = await engine.embed([1, 2, 3, 4, 5, 6].map(image));
          const data = { embeddings, labels: [0, 0, 0, 1, 1, 1], classCount: 2 };
          const options = {
            epochs: 3,
            validationFraction: 0,
            smallData: null,
            earlyStopping: null,
          };
          const cycle = async (i: number) => {
            await engine.train(data, options);
            const { probabilities } = await engine.classify(image(1 + (i % 6)));
            if (!probabilities?.every(Number.isFinite)) throw new Error(`cycle ${i}: no answer`);
          };
          for (let i = 0; i < 5; i++) await cycle(i);
          const before = (await engine.memory()).numTensors;
          const t0 = performance.now();
          for (let i = 0; i < cycles; i++) await cycle(i);
          const seconds = (performance.now() - t0) / 1000;
          return { before, after: (await engine.memory()).numTensors, seconds };
        } finally {
          engine.dispose();
        }
      },
      { backboneId: TM_MOBILENET_V2.id, cycles: CYCLES },
    );
    console.info(
      `${CYCLES} cycles in ${result.seconds.toFixed(1)} s; worker tensors ${result.before} → ${result.after}`,
    );
    expect(result.after).toBe(result.before);
  });
});
