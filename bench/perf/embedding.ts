/**
 * The in-browser part of `npm run bench:perf`: per backend, one fresh page of the harness
 * (bench/perf/harness.ts) times the app's pipeline against bare TF.js on the same backend.
 * Repetitions are interleaved (bare, app, bare, app …) so drift on a shared machine hits both
 * alike; medians are kept, and every repetition goes to the JSON.
 */
import type { Browser } from 'playwright-core';
import type { BackendName } from '../../src/core/tf/backendOrder';
import { median } from '../stats';
import type { PerfHarness } from './harness';
import { FILE_INPUT_ID } from './pageIds';
import { openHarness, type HarnessServer } from './server';

/** A photo for the page: its file and class. */
export interface Photo {
  path: string;
  className: string;
}

/** How much work one backend gets (slow software backends get fewer images and frames). */
export interface BackendPlan {
  backend: BackendName;
  images: number;
  batchSize: number;
  reps: number;
  frames: number;
  /** Also time what-ifs (overlapped upload, frames without thumbnail) and decoding's steps. */
  extras: boolean;
  /** Run the live loop for this many ms (0 = not at all) to see frames dropped, not queued. */
  liveLoopMs: number;
}

/** Medians for one backend × backbone. Embedding times are ms per image; frames ms per frame. */
export interface EmbeddingResult {
  backend: BackendName;
  backbone: string;
  images: number;
  batchSize: number;
  reps: number;
  dim: number;
  /** Sizes readImageFiles produced (what the worker preprocesses). */
  decodedSizes: string[];
  /** Bare TF.js in its own worker, pre-decoded 224×224 tensors: batch 1 and batched. */
  bareB1: number;
  bareBatch: number;
  /** The app's upload: files → platform.readFiles → engine.embed (worker, batches) → store. */
  pipeline: number;
  pipelineDecode: number;
  /** engine.embed inside the pipeline: the batched worker embedding. */
  pipelineEmbed: number;
  /** engine.embed one image per call, on the same decoded pixels. */
  workerB1: number;
  /** What-if: decoding overlapped with embedding (chunks of batchSize); null when not run. */
  pipelined: number | null;
  /** Live prediction per frame: the app's path and its parts. */
  appFrame: number;
  appCapture: number;
  appClassify: number;
  /** Time inside the worker (engine.classify's own latencyMs): the rest is messaging. */
  appWorker: number;
  /** The old loop's frame, which made a thumbnail and threw it away; null when not run. */
  appFrameWithThumbnail: number | null;
  /** Bare TF.js per frame: fromPixels(video) → resize on the backend, and via a canvas. */
  bareFrameTensor: number;
  bareFrameCanvas: number;
  frames: number;
  /** Every repetition, for the JSON. */
  raw: Record<string, number[]>;
}

/** The live loop run for a few seconds (see PerfHarness.liveLoop). */
export type LiveLoopResult = Awaited<ReturnType<PerfHarness['liveLoop']>> & {
  backbone: string;
  ms: number;
};

/** Per backend: results per backbone plus the matMul reference. */
export interface BackendResult {
  backend: BackendName;
  /** The backend the bare reference's worker runs on. */
  bareBackend: string;
  workerBackend: string;
  matMulGflops: number;
  matMulSize: number;
  results: EmbeddingResult[];
  liveLoop: LiveLoopResult | null;
  decodeSteps: Awaited<ReturnType<PerfHarness['decodeSteps']>> | null;
  /** Tensors alive after each backbone (engine worker, bare worker, page thread). */
  tensors: { engine: number; bare: number; main: number }[];
  errors: string[];
  wallMs: number;
}

type Run = <R, A>(fn: (h: PerfHarness, arg: A) => R | Promise<R>, arg: A) => Promise<R>;

/** Runs one backend's measurements in a fresh browser context. */
export async function measureBackend(
  browser: Browser,
  server: HarnessServer,
  plan: BackendPlan,
  backbones: readonly string[],
  photos: readonly Photo[],
  log: (line: string) => void,
): Promise<BackendResult> {
  const started = Date.now();
  const context = await browser.newContext();
  const { page, errors } = await openHarness(context, server);
  const chosen = photos.slice(0, plan.images);
  await page.setInputFiles(
    `#${FILE_INPUT_ID}`,
    chosen.map((p) => p.path),
  );
  const harness = await page.evaluateHandle(
    () => (window as unknown as { perfHarness: PerfHarness }).perfHarness,
  );
  const run: Run = (fn, arg) => harness.evaluate(fn as never, arg as never) as never;
  try {
    const setup = await run((h, a) => h.setup(a), {
      backend: plan.backend,
      classNames: chosen.map((p) => p.className),
    });
    const matMulSize = plan.backend === 'cpu' || plan.backend === 'webgpu' ? 256 : 512;
    const matMulGflops = await run((h, n) => h.matMulGflops(n, 3), matMulSize);
    log(`  ${plan.backend}: matMul ${matMulSize}² ${matMulGflops.toFixed(2)} GFLOP/s`);
    const results: EmbeddingResult[] = [];
    const tensors: BackendResult['tensors'] = [];
    let workerBackend = '';
    let liveLoop: LiveLoopResult | null = null;
    let decodeSteps: BackendResult['decodeSteps'] = null;
    for (const backbone of backbones) {
      const info = await run((h, a) => h.loadBackbone(a.backbone, a.batch), {
        backbone,
        batch: plan.batchSize,
      });
      workerBackend = info.workerBackend;
      const raw: Record<string, number[]> = {};
      const push = (key: string, value: number) => (raw[key] ??= []).push(value);
      const n = info.images;
      // A pause before each timing, so one measurement's garbage is not collected in the next.
      const settle = () => page.waitForTimeout(150);
      for (let r = 0; r < plan.reps; r++) {
        await settle();
        push('bareB1', (await run((h) => h.bareEmbed(false), null)) / n);
        await settle();
        const p = await run((h, b) => h.pipelineEmbed(b), plan.batchSize);
        push('pipeline', p.ms / n);
        push('pipelineDecode', p.decodeMs / n);
        push('pipelineEmbed', p.embedMs / n);
        await settle();
        push('bareBatch', (await run((h) => h.bareEmbed(true), null)) / n);
        await settle();
        push('workerB1', (await run((h) => h.workerEmbed(1), null)) / n);
        if (plan.extras) {
          await settle();
          push('pipelined', (await run((h, b) => h.pipelinedEmbed(b), plan.batchSize)) / n);
        }
      }
      // Live prediction: a head trained in the worker, the same weights on this thread.
      await run((h) => h.startCamera(), null);
      await run((h) => h.prepareLive(), null);
      await run((h) => h.appFrame(), null); // warm-up: the camera frame's shapes
      await run((h) => h.bareFrame('tensor'), null);
      await run((h) => h.bareFrame('canvas'), null);
      for (let f = 0; f < plan.frames; f++) {
        const a = await run((h) => h.appFrame(), null);
        push('appFrame', a.ms);
        push('appCapture', a.captureMs);
        push('appClassify', a.classifyMs);
        push('appWorker', a.workerMs);
        push('bareFrameTensor', (await run((h) => h.bareFrame('tensor'), null)).ms);
        push('bareFrameCanvas', (await run((h) => h.bareFrame('canvas'), null)).ms);
        if (plan.extras) {
          push('appFrameWithThumbnail', (await run((h) => h.appFrame(true), null)).ms);
        }
      }
      if (plan.liveLoopMs > 0 && !liveLoop) {
        const ms = plan.liveLoopMs;
        liveLoop = { ...(await run((h, t) => h.liveLoop(t), ms)), backbone, ms };
      }
      if (plan.extras && !decodeSteps) decodeSteps = await run((h) => h.decodeSteps(), null);
      tensors.push(await run((h) => h.memory(), null));
      const m = (key: string) => median(raw[key]!);
      const result: EmbeddingResult = {
        backend: plan.backend,
        backbone,
        images: n,
        batchSize: plan.batchSize,
        reps: plan.reps,
        dim: info.dim,
        decodedSizes: info.decodedSizes,
        bareB1: m('bareB1'),
        bareBatch: m('bareBatch'),
        pipeline: m('pipeline'),
        pipelineDecode: m('pipelineDecode'),
        pipelineEmbed: m('pipelineEmbed'),
        workerB1: m('workerB1'),
        pipelined: raw.pipelined ? m('pipelined') : null,
        appFrame: m('appFrame'),
        appCapture: m('appCapture'),
        appClassify: m('appClassify'),
        appWorker: m('appWorker'),
        appFrameWithThumbnail: raw.appFrameWithThumbnail ? m('appFrameWithThumbnail') : null,
        bareFrameTensor: m('bareFrameTensor'),
        bareFrameCanvas: m('bareFrameCanvas'),
        frames: plan.frames,
        raw,
      };
      results.push(result);
      const f = (x: number) => x.toFixed(1);
      log(
        `  ${plan.backend} ${backbone} (ms/image): bare ${f(result.bareB1)} | batch ` +
          `${f(result.bareBatch)}; app ${f(result.pipeline)} = decode ${f(result.pipelineDecode)}` +
          ` + embed ${f(result.pipelineEmbed)}; worker b1 ${f(result.workerB1)}` +
          (result.pipelined !== null ? `; overlapped ${f(result.pipelined)}` : '') +
          `. Frame: app ${f(result.appFrame)} (capture ${f(result.appCapture)}, worker ` +
          `${f(result.appWorker)}) vs bare ${f(result.bareFrameTensor)} / ` +
          `${f(result.bareFrameCanvas)} ms`,
      );
    }
    return {
      backend: plan.backend,
      bareBackend: setup.bareBackend,
      workerBackend,
      matMulGflops,
      matMulSize,
      results,
      liveLoop,
      decodeSteps,
      tensors,
      errors,
      wallMs: Date.now() - started,
    };
  } finally {
    await run((h) => h.dispose(), null).catch(() => undefined);
    await context.close();
  }
}
