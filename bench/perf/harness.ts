/**
 * Runs IN THE PAGE for `npm run bench:perf` (built for production by bench/perf/server.ts).
 * Exposes `window.perfHarness`: the app's own pipeline (platform decoding on this thread, the
 * engine in its Web Worker) next to bare TF.js on this page's thread, on the same backend, so
 * the Node side can time both in the same run and compare.
 *
 * Bare TF.js is what a tutorial would write: the backbone loaded with tf.loadLayersModel /
 * tf.loadGraphModel, fed tensors that were decoded, centre-cropped and resized to 224×224
 * before timing, normalised and run with `predict` / `execute`, the result read with `data()`.
 */
import * as tf from '@tensorflow/tfjs';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { findBackbone, type BackboneSpec } from '../../src/core/features/catalog';
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
import { FILE_INPUT_ID } from './pageIds';

/** The graph node @tensorflow-models/mobilenet reads embeddings from (v1 and v2). */
const EMBEDDING_NODES: Record<number, string> = {
  1: 'module_apply_default/MobilenetV1/Logits/global_pool',
  2: 'module_apply_default/MobilenetV2/Logits/AvgPool',
};

interface Bare {
  spec: BackboneSpec;
  /** Normalised [N,S,S,3] → [N,dim]; call inside tidy. */
  run(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

let files: File[] = [];
let labels: number[] = [];
let classCount = 0;
let engine: Engine | null = null;
let engineStarted = false;
let backendName: BackendName = 'wasm';
let bare: Bare | null = null;
/** Pre-decoded, centre-cropped, 224×224 RGB tensors with values 0..255, one per photo. */
let bareImages: tf.Tensor3D[] = [];
/** The same images stacked in batches, for batched bare inference. */
let bareBatches: tf.Tensor4D[] = [];
/** What readImageFiles made of the photos (the worker consumes copies). */
let decoded: PixelBuffer[] = [];
let head: { layers: { kernel: tf.Tensor2D; bias: tf.Tensor1D | null }[] } | null = null;
let video: HTMLVideoElement | null = null;
let lastEmbeddings: Float32Array[] = [];
let frameCanvas: OffscreenCanvas | null = null;

function liveEngine(): Engine {
  if (!engine) throw new Error('call setup() first');
  return engine;
}

function liveBare(): Bare {
  if (!bare) throw new Error('call loadBackbone() first');
  return bare;
}

function normalise(spec: BackboneSpec, x: tf.Tensor): tf.Tensor {
  // Layers models get the catalog's normalisation; the TF-Hub graphs want x/255 (inputRange [0,1]).
  const { scale, offset } =
    spec.loader.kind === 'layers' ? spec.normalization : { scale: 1 / 255, offset: 0 };
  return tf.add(tf.mul(x, scale), offset);
}

async function loadBare(spec: BackboneSpec): Promise<Bare> {
  const url = `/models/${spec.id}/model.json`;
  if (spec.loader.kind === 'layers') {
    const model = await tf.loadLayersModel(url);
    return {
      spec,
      run: (batch) => {
        const out = model.predict(normalise(spec, batch)) as tf.Tensor;
        return (out.rank === 4 ? tf.mean(out, [1, 2]) : out) as tf.Tensor2D;
      },
      dispose: () => model.dispose(),
    };
  }
  if (spec.loader.kind !== 'mobilenet-package') throw new Error(`no bare loader for ${spec.id}`);
  const model = await loadGraphModel(url);
  const node = EMBEDDING_NODES[spec.loader.version]!;
  return {
    spec,
    run: (batch) => {
      const out = model.execute(normalise(spec, batch), node) as tf.Tensor;
      return tf.squeeze(out, [1, 2]) as tf.Tensor2D;
    },
    dispose: () => model.dispose(),
  };
}

/** Decodes a photo and draws its centred square at S×S: the bare reference's input. */
async function decodeForBare(file: File, size: number): Promise<tf.Tensor3D> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const side = Math.min(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.imageSmoothingQuality = 'high';
    const x = Math.floor((bitmap.width - side) / 2);
    const y = Math.floor((bitmap.height - side) / 2);
    context.drawImage(bitmap, x, y, side, side, 0, 0, size, size);
    const { data } = context.getImageData(0, 0, size, size);
    const rgb = new Float32Array(size * size * 3);
    for (let i = 0; i < size * size; i++) {
      rgb[i * 3] = data[i * 4]!;
      rgb[i * 3 + 1] = data[i * 4 + 1]!;
      rgb[i * 3 + 2] = data[i * 4 + 2]!;
    }
    return tf.tensor3d(rgb, [size, size, 3]);
  } finally {
    bitmap.close();
  }
}

function clonePixels(images: readonly PixelBuffer[]): PixelBuffer[] {
  return images.map((p) => ({ width: p.width, height: p.height, data: p.data.slice() }));
}

function disposeBare(): void {
  bare?.dispose();
  bare = null;
  tf.dispose([...bareImages, ...bareBatches]);
  bareImages = [];
  bareBatches = [];
  disposeHead();
}

function disposeHead(): void {
  if (head) for (const l of head.layers) tf.dispose([l.kernel, ...(l.bias ? [l.bias] : [])]);
  head = null;
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
   * Starts TF.js on this thread and the engine worker on `backend`. The photos are the files
   * Node put in the page's file input (as a user's pick); `classNames` gives each one's class.
   */
  async setup(options: { backend: BackendName; classNames: string[] }) {
    const main = await initBackend({
      runtime: 'browser',
      force: options.backend,
      wasmPaths: wasmPaths(),
      wasmThreads: false,
    });
    const input = document.getElementById(FILE_INPUT_ID) as HTMLInputElement;
    files = [...(input.files ?? [])];
    if (files.length !== options.classNames.length) throw new Error('photos and classes differ');
    const classes = [...new Set(options.classNames)];
    labels = options.classNames.map((name) => classes.indexOf(name));
    classCount = classes.length;
    engine = createWorkerEngine();
    engineStarted = false;
    backendName = options.backend;
    return { mainBackend: main.active, userAgent: navigator.userAgent };
  },

  /**
   * Loads `backboneId` in the worker (as the app does) and on this thread (bare), decodes the
   * photos for both, and warms both up on every batch shape the run uses.
   */
  async loadBackbone(backboneId: string, batchSize: number) {
    const spec = findBackbone(backboneId);
    if (!spec) throw new Error(`unknown backbone ${backboneId}`);
    disposeBare();
    const t0 = performance.now();
    const startOptions = { backboneId, modelsBaseUrl: '/models/', tryOfficial: false };
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
    if (loaded.report.loadedId !== backboneId || loaded.report.source !== 'self-hosted') {
      throw new Error(
        `the worker loaded ${loaded.report.loadedId} from ${loaded.report.source}, not ` +
          `${backboneId} from the models folder: ${JSON.stringify(loaded.report.attempts)}`,
      );
    }
    bare = await loadBare(spec);
    const size = spec.inputSize;
    bareImages = await Promise.all(files.map((f) => decodeForBare(f, size)));
    for (let i = 0; i < bareImages.length; i += batchSize) {
      bareBatches.push(tf.stack(bareImages.slice(i, i + batchSize)) as tf.Tensor4D);
    }
    decoded = (await readImageFiles(files)).images.map((image) => {
      URL.revokeObjectURL(image.thumbnail);
      return image.pixels;
    });
    // Warm-up: every batch shape once, on both sides (WebGL/WebGPU compile shaders per shape).
    await harness.bareEmbed(1, 1);
    await harness.bareEmbed(batchSize, 1);
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
   * Bare TF.js on this thread: ms for all photos (or the first `limit` images / batches) at
   * `batchSize`, on the pre-decoded tensors.
   */
  async bareEmbed(batchSize: number, limit = Infinity): Promise<number> {
    const net = liveBare();
    const t0 = performance.now();
    if (batchSize === 1) {
      for (const image of bareImages.slice(0, limit)) {
        const out = tf.tidy(() => net.run(tf.expandDims(image, 0) as tf.Tensor4D));
        await out.data();
        out.dispose();
      }
    } else {
      for (const batch of bareBatches.slice(0, limit)) {
        const out = tf.tidy(() => net.run(batch));
        await out.data();
        out.dispose();
      }
    }
    return performance.now() - t0;
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
   * What-if, not the app today: the same calls with decoding and embedding overlapped — files
   * read in chunks of `batchSize`, each chunk handed to engine.embed while the next is decoded.
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

  /** GFLOP/s of one n×n by n×n matMul on this thread's backend (median of `reps`). */
  async matMulGflops(n: number, reps: number): Promise<number> {
    const a = tf.randomNormal([n, n]);
    const b = tf.randomNormal([n, n]);
    const times: number[] = [];
    try {
      for (let r = 0; r <= reps; r++) {
        const t0 = performance.now();
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
        if (r > 0) times.push(performance.now() - t0); // r = 0 warms up
      }
    } finally {
      tf.dispose([a, b]);
    }
    times.sort((x, y) => x - y);
    const ms = times[Math.floor(times.length / 2)]!;
    return (2 * n * n * n) / (ms * 1e6);
  },

  /** Trains a small head in the worker on the last pipeline's embeddings; copies it here too. */
  async trainHead() {
    const outcome = await liveEngine().train(
      { embeddings: lastEmbeddings, labels, classCount },
      { epochs: 5, validationFraction: 0, earlyStopping: null },
    );
    disposeHead();
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
   * square, thumbnail) → engine.classify in the worker (spec preprocessing → backbone → head).
   * `thumbnail: false` is the what-if of a live loop that skips the thumbnail it throws away.
   */
  async appFrame(thumbnail = true) {
    const t0 = performance.now();
    const image = await captureFrame(video!, false, { thumbnail });
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
    const net = liveBare();
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
   * The live loop's pattern (useLivePrediction: capture → classify → next animation frame, one
   * classification in flight) run for `ms`: how many camera frames arrived, how many
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
      const image = await captureFrame(v, false);
      URL.revokeObjectURL(image.thumbnail);
      await liveEngine().classify(image.pixels);
      latencies.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => r(null)));
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

  /** Tensors alive on this thread and in the worker (leak check between phases). */
  async memory() {
    return { main: tf.memory().numTensors, worker: (await liveEngine().memory()).numTensors };
  },

  dispose() {
    disposeBare();
    engine?.dispose();
    engine = null;
    const stream = video?.srcObject;
    if (stream instanceof MediaStream) stream.getTracks().forEach((t) => t.stop());
    video?.remove();
    video = null;
  },
};

/** What the Node side drives through `page.evaluate`. */
export type PerfHarness = typeof harness;

(window as unknown as { perfHarness: PerfHarness }).perfHarness = harness;
