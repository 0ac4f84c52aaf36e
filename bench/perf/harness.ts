/**
 * Runs IN THE PAGE for `npm run bench:perf` (built for production by bench/perf/server.ts).
 * Exposes `window.perfHarness`: the app's own pipeline (platform decoding on this thread, the
 * engine in its Web Worker) next to bare TF.js (bare.ts) on the same backend, so the Node side
 * can time both in the same run and compare. For embedding, bare TF.js runs in a worker of its
 * own (bareWorker.ts: the same kind of thread as the engine, and this thread stays as free as
 * the app's); for live frames it runs on this thread, reading the video as a tutorial would.
 */
import * as tf from '@tensorflow/tfjs';
import { findBackbone } from '../../src/core/features/catalog';
import { EmbeddingStore, newSampleId } from '../../src/core/dataset/embeddingStore';
import type { Engine } from '../../src/core/engine/engine';
import type { BackendName } from '../../src/core/tf/backendOrder';
import { initBackend } from '../../src/core/tf/backends';
import type { HeadWeights } from '../../src/core/training/headModel';
import type { PixelBuffer } from '../../src/core/types';
import { captureFrame } from '../../src/platform/camera';
import { readImageFiles } from '../../src/platform/readImageFiles';
import { makeThumbnail } from '../../src/platform/thumbnail';
import { wasmPaths } from '../../src/platform/wasmPaths';
import { createWorkerEngine } from '../../src/platform/workerEngine';
import { loadBare, type Bare } from './bare';
import type { BareRequest } from './bareWorker';
import { FILE_INPUT_ID } from './pageIds';

let files: File[] = [];
let labels: number[] = [];
let classCount = 0;
let engine: Engine | null = null;
let engineStarted = false;
let backendName: BackendName = 'wasm';
let backboneId = '';
/** The bare reference's worker and a call into it. */
let bareWorker: Worker | null = null;
let nextCall = 0;
/** What readImageFiles made of the photos (the worker consumes copies). */
let decoded: PixelBuffer[] = [];
/** Bare TF.js on this thread, for live frames only (loaded by prepareLive). */
let liveBare: Bare | null = null;
let head: { layers: { kernel: tf.Tensor2D; bias: tf.Tensor1D | null }[] } | null = null;
let video: HTMLVideoElement | null = null;
let lastEmbeddings: Float32Array[] = [];
let frameCanvas: OffscreenCanvas | null = null;
/** The loaded backbone's input size: live frames are captured at it, as the app does. */
let liveSide = 224;

function liveEngine(): Engine {
  if (!engine) throw new Error('call setup() first');
  return engine;
}

function callBare<T>(request: BareRequest): Promise<T> {
  const worker = bareWorker;
  if (!worker) return Promise.reject(new Error('call setup() first'));
  const id = nextCall++;
  return new Promise<T>((resolve, reject) => {
    const onMessage = (event: MessageEvent<{ id: number; value?: T; error?: string }>) => {
      if (event.data.id !== id) return;
      worker.removeEventListener('message', onMessage);
      if (event.data.error !== undefined) reject(new Error(`bare worker: ${event.data.error}`));
      else resolve(event.data.value as T);
    };
    worker.addEventListener('message', onMessage);
    worker.postMessage({ id, request });
  });
}

function clonePixels(images: readonly PixelBuffer[]): PixelBuffer[] {
  return images.map((p) => ({ width: p.width, height: p.height, data: p.data.slice() }));
}

function disposeLive(): void {
  liveBare?.dispose();
  liveBare = null;
  if (head) for (const l of head.layers) tf.dispose([l.kernel, ...(l.bias ? [l.bias] : [])]);
  head = null;
}

function liveNet(): Bare {
  if (!liveBare) throw new Error('call prepareLive() first');
  return liveBare;
}

/** Head probabilities from embeddings, in plain TF.js (inside tidy). */
function bareHead(x: tf.Tensor2D): tf.Tensor2D {
  if (!head) throw new Error('train a head first');
  let h: tf.Tensor2D = x;
  head.layers.forEach((layer, i) => {
    h = tf.matMul(h, layer.kernel);
    if (layer.bias) h = tf.add(h, layer.bias);
    if (i < head!.layers.length - 1) h = tf.relu(h);
  });
  return tf.softmax(h);
}

const harness = {
  /**
   * Starts the engine worker and the bare reference's worker on `backend`. The photos are the
   * files Node put in the page's file input (as a user's pick); `classNames` gives each one's
   * class. This thread starts no TF.js until prepareLive().
   */
  async setup(options: { backend: BackendName; classNames: string[] }) {
    const input = document.getElementById(FILE_INPUT_ID) as HTMLInputElement;
    files = [...(input.files ?? [])];
    if (files.length !== options.classNames.length) throw new Error('photos and classes differ');
    const classes = [...new Set(options.classNames)];
    labels = options.classNames.map((name) => classes.indexOf(name));
    classCount = classes.length;
    engine = createWorkerEngine();
    engineStarted = false;
    backendName = options.backend;
    bareWorker = new Worker(new URL('./bareWorker.ts', import.meta.url), {
      type: 'module',
      name: 'bare-tfjs',
    });
    const bareBackend = await callBare<string>({ op: 'init', backend: options.backend });
    return { bareBackend, userAgent: navigator.userAgent };
  },

  /**
   * Loads `id` in the engine worker (as the app does) and in the bare worker, decodes the
   * photos for both, and warms both up on every batch shape the run uses.
   */
  async loadBackbone(id: string, batchSize: number) {
    disposeLive();
    backboneId = id;
    const t0 = performance.now();
    const startOptions = { backboneId: id, modelsBaseUrl: '/models/', tryOfficial: false };
    let workerBackend = backendName;
    let loaded;
    if (engineStarted) loaded = await liveEngine().loadBackbone(startOptions);
    else {
      const started = await liveEngine().start({ ...startOptions, backend: backendName });
      engineStarted = true;
      workerBackend = started.backend.active;
      loaded = started.backbone;
    }
    const engineStartMs = performance.now() - t0;
    liveSide = loaded.spec.inputSize;
    if (loaded.report.loadedId !== id || loaded.report.source !== 'self-hosted') {
      throw new Error(
        `the worker loaded ${loaded.report.loadedId} from ${loaded.report.source}, not ` +
          `${id} from the models folder: ${JSON.stringify(loaded.report.attempts)}`,
      );
    }
    await callBare<number>({ op: 'load', backboneId: id, files, batchSize });
    decoded = (await readImageFiles(files)).images.map((image) => {
      URL.revokeObjectURL(image.thumbnail);
      return image.pixels;
    });
    // Warm-up: every batch shape once (WebGL/WebGPU compile shaders per shape).
    await harness.workerEmbed(1, 1);
    await harness.workerEmbed(batchSize, batchSize);
    return {
      workerBackend,
      dim: loaded.dim,
      source: loaded.report.source,
      engineStartMs,
      images: files.length,
      decodedSizes: [...new Set(decoded.map((p) => `${p.width}x${p.height}`))],
    };
  },

  /**
   * Bare TF.js (its worker): ms for all photos at batch 1 or batched, on tensors decoded and
   * resized before timing.
   */
  bareEmbed(batched: boolean): Promise<number> {
    return callBare<number>({ op: 'embed', batched });
  },

  /** GFLOP/s of an n×n by n×n matMul on the backend, in the bare worker (median of `reps`). */
  matMulGflops(n: number, reps: number): Promise<number> {
    return callBare<number>({ op: 'matMul', n, reps });
  },

  /**
   * The app's upload pipeline: image files → platform.readFiles (decode, EXIF, downscale,
   * thumbnail; this thread) → engine.embed in the worker (preprocessing spec + backbone, in
   * batches) → embedding store. Returns total ms and the two stages.
   */
  async pipelineEmbed(batchSize: number) {
    const store = new EmbeddingStore();
    const classIds = Array.from({ length: classCount }, (_, i) => `c${i}`);
    classIds.forEach((id) => store.addClass({ id, name: id }));
    const t0 = performance.now();
    const read = await readImageFiles(files);
    const t1 = performance.now();
    const embeddings = await liveEngine().embed(
      read.images.map((i) => i.pixels),
      { batchSize },
    );
    store.addSamples(
      embeddings.map((embedding, i) => ({
        id: newSampleId(),
        classId: classIds[labels[i]!]!,
        source: 'upload' as const,
        embedding,
      })),
    );
    const t2 = performance.now();
    read.images.forEach((i) => URL.revokeObjectURL(i.thumbnail));
    lastEmbeddings = embeddings;
    return { ms: t2 - t0, decodeMs: t1 - t0, embedMs: t2 - t1, rejected: read.rejected.length };
  },

  /**
   * The same calls with decoding and embedding overlapped, as the app's uploader does (useUploader,
   * chunks of 16) — files read in chunks of `batchSize`, each chunk handed to engine.embed while
   * the next is decoded.
   */
  async pipelinedEmbed(batchSize: number) {
    const store = new EmbeddingStore();
    const classIds = Array.from({ length: classCount }, (_, i) => `c${i}`);
    classIds.forEach((id) => store.addClass({ id, name: id }));
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let start = 0; start < files.length; start += batchSize) {
      const read = await readImageFiles(files.slice(start, start + batchSize));
      read.images.forEach((i) => URL.revokeObjectURL(i.thumbnail));
      pending.push(
        liveEngine()
          .embed(
            read.images.map((i) => i.pixels),
            { batchSize },
          )
          .then((embeddings) =>
            store.addSamples(
              embeddings.map((embedding, i) => ({
                id: newSampleId(),
                classId: classIds[labels[start + i]!]!,
                source: 'upload' as const,
                embedding,
              })),
            ),
          ),
      );
    }
    await Promise.all(pending);
    return performance.now() - t0;
  },

  /** engine.embed alone (worker) on already decoded pixels, at `batchSize`: ms for all photos. */
  async workerEmbed(batchSize: number, limit = Infinity): Promise<number> {
    const pixels = clonePixels(decoded.slice(0, limit));
    const t0 = performance.now();
    await liveEngine().embed(pixels, { batchSize });
    return performance.now() - t0;
  },

  /**
   * For live frames: starts TF.js on this thread (same backend) with the backbone, trains a
   * small head in the engine worker on the last pipeline's embeddings and copies its weights
   * here, so both sides run the same head.
   */
  async prepareLive() {
    await initBackend({
      runtime: 'browser',
      force: backendName,
      wasmPaths: wasmPaths(),
      wasmThreads: false,
    });
    disposeLive();
    liveBare = await loadBare(findBackbone(backboneId)!);
    const outcome = await liveEngine().train(
      { embeddings: lastEmbeddings, labels, classCount },
      { epochs: 5, validationFraction: 0, earlyStopping: null },
    );
    const weights: HeadWeights = outcome.weights;
    head = {
      layers: weights.layers.map((l) => ({
        kernel: tf.tensor2d(l.kernel, [l.inputs, l.units]),
        bias: l.bias ? tf.tensor1d(l.bias) : null,
      })),
    };
    return { classCount: weights.classCount, hiddenUnits: weights.hiddenUnits };
  },

  /** Opens the (fake) camera in a video element on the page. */
  async startCamera() {
    if (video) return { width: video.videoWidth, height: video.videoHeight };
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { width: { ideal: 640 }, height: { ideal: 480 } },
    });
    video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    document.body.append(video);
    await video.play();
    while (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const settings = stream.getVideoTracks()[0]!.getSettings();
    return { width: video.videoWidth, height: video.videoHeight, fps: settings.frameRate ?? 0 };
  },

  /**
   * One live-prediction frame the app's way (useLivePrediction): platform.captureFrame (centre
   * square, no thumbnail) → engine.classify in the worker (spec preprocessing → backbone → head).
   * `thumbnail: true` times the old loop, which made a thumbnail per frame and threw it away.
   */
  async appFrame(thumbnail = false) {
    const t0 = performance.now();
    const image = await captureFrame(video!, false, {
      thumbnail,
      ...(thumbnail ? {} : { side: liveSide }),
    });
    if (thumbnail) URL.revokeObjectURL(image.thumbnail);
    const t1 = performance.now();
    const result = await liveEngine().classify(image.pixels);
    const t2 = performance.now();
    if (!result.probabilities) throw new Error('no head in the engine');
    return { ms: t2 - t0, captureMs: t1 - t0, classifyMs: t2 - t1, workerMs: result.latencyMs };
  },

  /**
   * One frame the bare way, to probabilities read with data(). 'tensor': fromPixels(video) →
   * crop → resizeBilinear on the backend; 'canvas' (Teachable Machine's webcam): the centred
   * square drawn at S×S on a canvas → fromPixels(canvas). Then backbone → head.
   */
  async bareFrame(mode: 'tensor' | 'canvas') {
    const net = liveNet();
    const size = net.spec.inputSize;
    const t0 = performance.now();
    if (mode === 'canvas') {
      const v = video!;
      const side = Math.min(v.videoWidth, v.videoHeight);
      frameCanvas ??= new OffscreenCanvas(size, size);
      const context = frameCanvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(
        v,
        Math.floor((v.videoWidth - side) / 2),
        Math.floor((v.videoHeight - side) / 2),
        side,
        side,
        0,
        0,
        size,
        size,
      );
      const pixels = context.getImageData(0, 0, size, size);
      const out = tf.tidy(() =>
        bareHead(net.run(tf.expandDims(tf.browser.fromPixels(pixels), 0) as tf.Tensor4D)),
      );
      await out.data();
      out.dispose();
      return { ms: performance.now() - t0 };
    }
    const out = tf.tidy(() => {
      const frame = tf.browser.fromPixels(video!);
      const [h, w] = frame.shape;
      const side = Math.min(h, w);
      const square = tf.slice(
        frame,
        [Math.floor((h - side) / 2), Math.floor((w - side) / 2), 0],
        [side, side, 3],
      );
      const input = tf.image.resizeBilinear(square, [size, size], false, true);
      return bareHead(net.run(tf.expandDims(input, 0) as tf.Tensor4D));
    });
    await out.data();
    out.dispose();
    return { ms: performance.now() - t0 };
  },

  /**
   * The live loop's pattern (useLivePrediction: capture without thumbnail → classify → wait for
   * the next video frame, one classification in flight) run for `ms`: how many camera frames arrived, how many
   * classifications ran on how many distinct frames, and whether latency grows (it would if
   * frames queued).
   */
  async liveLoop(ms: number) {
    const v = video!;
    let arrived = 0;
    let latest = -1;
    let counting = true;
    const onFrame: VideoFrameRequestCallback = (_now, metadata) => {
      arrived++;
      latest = metadata.presentedFrames;
      if (counting) v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
    const latencies: number[] = [];
    const seen = new Set<number>();
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const t0 = performance.now();
      seen.add(latest);
      const image = await captureFrame(v, false, { thumbnail: false, side: liveSide });
      await liveEngine().classify(image.pixels);
      latencies.push(performance.now() - t0);
      await new Promise((r) => v.requestVideoFrameCallback(() => r(null)));
    }
    counting = false;
    const half = Math.floor(latencies.length / 2);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      arrived,
      classified: latencies.length,
      distinct: seen.size,
      firstHalfMs: mean(latencies.slice(0, half)),
      secondHalfMs: mean(latencies.slice(half)),
    };
  },

  /** Where decoding time goes: each step of readImageFiles, one file at a time (ms per file). */
  async decodeSteps() {
    const totals = { header: 0, bitmap: 0, pixels: 0, thumbnail: 0, all: 0 };
    for (const file of files) {
      const t0 = performance.now();
      await file.slice(0, 64 * 1024).arrayBuffer();
      const t1 = performance.now();
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      const t2 = performance.now();
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      context.drawImage(bitmap, 0, 0);
      context.getImageData(0, 0, bitmap.width, bitmap.height);
      bitmap.close();
      const t3 = performance.now();
      URL.revokeObjectURL(await makeThumbnail(canvas, canvas.width, canvas.height));
      const t4 = performance.now();
      totals.header += t1 - t0;
      totals.bitmap += t2 - t1;
      totals.pixels += t3 - t2;
      totals.thumbnail += t4 - t3;
      totals.all += t4 - t0;
    }
    const t = performance.now();
    await readImageFiles(files);
    const parallel = (performance.now() - t) / files.length;
    const lanes = async (k: number) => {
      const t = performance.now();
      const part = Math.ceil(files.length / k);
      await Promise.all(
        Array.from({ length: k }, (_, i) => readImageFiles(files.slice(i * part, (i + 1) * part))),
      );
      return (performance.now() - t) / files.length;
    };
    const more = { lanes4: await lanes(2), lanes8: await lanes(4), lanes16: await lanes(8) };
    const n = files.length;
    const perFile = {
      header: totals.header / n,
      bitmap: totals.bitmap / n,
      pixels: totals.pixels / n,
      thumbnail: totals.thumbnail / n,
      all: totals.all / n,
    };
    return { ...perFile, readImageFiles: parallel, ...more };
  },

  /** Tensors alive in the engine worker, the bare worker and on this thread. */
  async memory() {
    return {
      engine: (await liveEngine().memory()).numTensors,
      bare: await callBare<number>({ op: 'memory' }),
      main: tf.engine().backendName ? tf.memory().numTensors : 0,
    };
  },

  dispose() {
    disposeLive();
    engine?.dispose();
    engine = null;
    bareWorker?.terminate();
    bareWorker = null;
    const stream = video?.srcObject;
    if (stream instanceof MediaStream) stream.getTracks().forEach((t) => t.stop());
    video?.remove();
    video = null;
  },
};

/** What the Node side drives through `page.evaluate`. */
export type PerfHarness = typeof harness;

(window as unknown as { perfHarness: PerfHarness }).perfHarness = harness;
