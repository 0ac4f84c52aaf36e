/**
 * The browser platform (src/platform/browserPlatform) and the worker engine in real headless
 * Chromium: the Vite dev server serves the modules, a blank page loads a harness
 * (support/platformHarness.ts) and the tests drive it. Files are built in Node (sharp) or in the
 * page (canvas); the camera is Chromium's fake device.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type JSHandle } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { FileSpec, PlatformHarness } from './support/platformHarness';
import {
  animatedGif,
  avif,
  bmp,
  exifJpeg,
  heicStart,
  pngClaiming,
  SVG_WITH_SCRIPT,
  tiff,
  truncatedPng,
  webp,
} from './support/platformFixtures';
import { openHarness, startPlatformServer } from './support/platformServer';
import type { AppServer } from './support/appServer';

const chromiumPath = haveChromium();
const sharedReady = chromiumPath !== null && haveShared();

const FAKE_CAMERA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
const HINT = 'use JPEG, PNG, WebP, AVIF, GIF or BMP';

const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

/** Red on the left, blue on the right: the halves pattern, upright. */
const HALVES = { left: 'red', right: 'blue' };

describe.skipIf(!chromiumPath)('browser platform in Chromium', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let harness: JSHandle<PlatformHarness>;
  let pageErrors: string[];

  const launch = (args: string[]) =>
    chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS, ...args] });

  const readFiles = (specs: FileSpec[]) =>
    harness.evaluate((h, specs) => h.readFiles(specs), specs);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startPlatformServer(sharedReady ? MODELS_DIR : undefined),
      launch(FAKE_CAMERA),
    ]);
    context = await browser.newContext();
    ({ harness, errors: pageErrors } = await openHarness(context, server));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('readFiles', () => {
    it('decodes every supported format (AVIF too) and rejects bad files with a specific reason', async () => {
      const specs: FileSpec[] = [
        {
          name: 'canvas.png',
          type: 'image/png',
          halves: { width: 64, height: 48, format: 'image/png' },
        },
        {
          name: 'canvas.jpg',
          type: 'image/jpeg',
          halves: { width: 80, height: 40, format: 'image/jpeg' },
        },
        { name: 'lossless.webp', type: 'image/webp', base64: base64(await webp(50, 30)) },
        { name: 'animated.gif', type: 'image/gif', base64: base64(await animatedGif()) },
        { name: 'old.bmp', type: 'image/bmp', base64: base64(bmp(30, 20)) },
        { name: 'empty.png', type: 'image/png', zeros: 0 },
        { name: 'notes.jpg', type: 'image/jpeg', base64: base64('these are notes, not pixels') },
        { name: 'cut.png', type: 'image/png', base64: base64(await truncatedPng()) },
        { name: 'drawing.svg', type: 'image/svg+xml', base64: base64(SVG_WITH_SCRIPT) },
        { name: 'sneaky.png', type: 'image/png', base64: base64(SVG_WITH_SCRIPT) },
        { name: 'IMG_0001.heic', type: '', base64: base64('junk junk junk junk') },
        { name: 'IMG_0002.HEIC', type: 'image/heic', base64: base64(heicStart()) },
        { name: 'scan.tiff', type: 'image/tiff', base64: base64(await tiff(8, 8)) },
        { name: 'modern.avif', type: 'image/avif', base64: base64(await avif(8, 8)) },
        { name: 'readme.txt', type: 'text/plain', base64: base64('hello') },
        { name: 'report.pdf', type: 'application/pdf', base64: base64('%PDF-1.7\n%junk') },
      ];
      const result = await readFiles(specs);

      expect(result.images.map((image) => image.name)).toEqual([
        'canvas.png',
        'canvas.jpg',
        'lossless.webp',
        'animated.gif',
        'old.bmp',
        'modern.avif',
      ]);
      expect(result.rejected).toEqual([
        { name: 'empty.png', reason: 'empty file (0 bytes)' },
        { name: 'notes.jpg', reason: 'not an image: the file holds text, not JPEG data' },
        { name: 'cut.png', reason: 'could not be decoded: the PNG data is damaged or incomplete' },
        { name: 'drawing.svg', reason: `unsupported format (SVG); ${HINT}` },
        { name: 'sneaky.png', reason: `unsupported format (SVG); ${HINT}` },
        { name: 'IMG_0001.heic', reason: `unsupported format (.heic); ${HINT}` },
        { name: 'IMG_0002.HEIC', reason: `unsupported format (HEIC); ${HINT}` },
        { name: 'scan.tiff', reason: `unsupported format (TIFF); ${HINT}` },
        { name: 'readme.txt', reason: `unsupported format (text/plain); ${HINT}` },
        { name: 'report.pdf', reason: `unsupported format (PDF); ${HINT}` },
      ]);
      const [png, jpeg, webpImage, gif, bmpImage, avifImage] = result.images;
      expect(png).toMatchObject({ width: 64, height: 48, colours: HALVES });
      expect(jpeg).toMatchObject({ width: 80, height: 40, colours: HALVES });
      expect(webpImage).toMatchObject({ width: 50, height: 30, colours: HALVES });
      expect(bmpImage).toMatchObject({ width: 30, height: 20, colours: HALVES });
      expect(avifImage).toMatchObject({ width: 8, height: 8, colours: HALVES });
      // The first frame of the GIF is red, the second blue.
      expect(gif).toMatchObject({ width: 40, height: 30, colours: { left: 'red', right: 'red' } });
      for (const image of result.images) {
        expect(image.thumbnail).toEqual({ width: 224, height: 224, type: 'image/jpeg' });
      }
      expect(result.progress).toEqual(
        specs.map((_, i) => [i, specs.length]).concat([[specs.length, specs.length]]),
      );
      // The SVG was never rendered, so its script never ran.
      expect(await harness.evaluate(() => 'svgScriptRan' in window)).toBe(false);
    });

    it('downscales a 6000×4000 photo while decoding (short side 448)', async () => {
      const { images, rejected, ms } = await readFiles([
        {
          name: 'huge.jpg',
          type: 'image/jpeg',
          halves: { width: 6000, height: 4000, format: 'image/jpeg' },
        },
      ]);
      expect(rejected).toEqual([]);
      expect(images[0]).toMatchObject({
        width: 672,
        height: 448,
        colours: HALVES,
        thumbnail: { width: 224, height: 224 },
      });
      console.info(`6000×4000 JPEG read in ${Math.round(ms)} ms`);
    });

    it('turns EXIF-rotated photos upright, also when downscaling them', async () => {
      // Stored red-left/blue-right; orientation 6 shows them rotated: red on top, blue below.
      const { images } = await readFiles([
        { name: 'small.jpg', type: 'image/jpeg', base64: base64(await exifJpeg(64, 32, 6)) },
        { name: 'large.jpg', type: 'image/jpeg', base64: base64(await exifJpeg(1200, 800, 6)) },
      ]);
      expect(images[0]).toMatchObject({
        width: 32,
        height: 64,
        colours: { top: 'red', bottom: 'blue' },
      });
      expect(images[1]).toMatchObject({
        width: 448,
        height: 672,
        colours: { top: 'red', bottom: 'blue' },
      });
    });

    it('refuses files over 50 MB and images over 100 megapixels without decoding them', async () => {
      const { rejected, images } = await readFiles([
        { name: 'video.jpg', type: 'image/jpeg', zeros: 51 * 1024 * 1024 },
        {
          name: 'panorama.png',
          type: 'image/png',
          base64: base64(await pngClaiming(20_000, 6_000)),
        },
      ]);
      expect(images).toEqual([]);
      expect(rejected).toEqual([
        { name: 'video.jpg', reason: 'too large (51.0 MB; the limit is 50 MB)' },
        {
          name: 'panorama.png',
          reason: 'too large (20000×6000 pixels, 120 megapixels; the limit is 100)',
        },
      ]);
    });

    it('releaseThumbnail revokes the thumbnail URL', async () => {
      const fetchable = await harness.evaluate(async (h) => {
        const file = await h.makeFile({
          name: 'a.png',
          type: 'image/png',
          halves: { width: 8, height: 8, format: 'image/png' },
        });
        const { images } = await h.platform.readFiles([file]);
        const url = images[0]!.thumbnail;
        const before = (await fetch(url)).ok;
        h.platform.releaseThumbnail(url);
        const after = await fetch(url).then(
          (response) => response.ok,
          () => false,
        );
        return { before, after };
      });
      expect(fetchable).toEqual({ before: true, after: false });
    });
  });

  describe('filesFromDataTransfer', () => {
    it('walks dropped folders to any depth, in batches, skipping hidden files', async () => {
      const names = await harness.evaluate(async (h) => {
        // A stand-in for a dropped folder: readEntries hands out two entries per call.
        const file = (name: string) => ({
          name,
          fullPath: `/${name}`,
          isFile: true,
          isDirectory: false,
          file: (ok: (f: File) => void) => ok(new File(['x'], name, { type: 'image/png' })),
        });
        const folder = (name: string, children: object[]) => ({
          name,
          fullPath: `/${name}`,
          isFile: false,
          isDirectory: true,
          createReader: () => {
            let at = 0;
            return {
              readEntries: (ok: (entries: object[]) => void) => {
                ok(children.slice(at, at + 2));
                at += 2;
              },
            };
          },
        });
        const tree = folder('cats', [
          file('c10.png'),
          file('.DS_Store'),
          file('c2.png'),
          folder('.git', [file('HEAD')]),
          folder('more', [file('c1.png'), folder('deeper', [file('c0.png')])]),
          folder('__MACOSX', [file('._c2.png')]),
          file('c3.png'),
        ]);
        const loose = new File(['x'], 'dog.jpg', { type: 'image/jpeg' });
        const data = {
          items: [
            { kind: 'file', webkitGetAsEntry: () => tree, getAsFile: () => null },
            { kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => loose },
            { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null },
          ],
          files: [],
        } as unknown as DataTransfer;
        return (await h.platform.filesFromDataTransfer(data)).map((f) => f.name);
      });
      expect(names).toEqual(['c2.png', 'c3.png', 'c10.png', 'c1.png', 'c0.png', 'dog.jpg']);
    });

    it('takes the files of a DataTransfer without folder entries (paste)', async () => {
      const names = await harness.evaluate(async (h) => {
        const data = new DataTransfer();
        data.items.add(new File(['x'], 'shot.png', { type: 'image/png' }));
        data.items.add(new File(['x'], '.DS_Store'));
        data.items.add('some text', 'text/plain');
        return (await h.platform.filesFromDataTransfer(data)).map((f) => f.name);
      });
      expect(names).toEqual(['shot.png']);
    });
  });

  describe('camera', () => {
    it('lists the fake camera and captures non-blank frames; mirror flips them', async () => {
      const capture = await harness.evaluate((h) => h.captureFromCamera());
      expect(capture.video).toEqual({ width: 640, height: 480 });
      // A live frame is the same picture drawn at the model's input size, with no thumbnail.
      expect(capture.live).toMatchObject({ width: 224, height: 224, thumbnail: '' });
      expect(capture.live.meanShift).toBeLessThan(3);
      expect(capture.plain).toMatchObject({
        width: 448,
        height: 448,
        thumbnail: { width: 224, height: 224 },
      });
      expect(capture.plain.spread).toBeGreaterThan(5);
      expect(capture.mirroredVsFlipped).toBeLessThan(0.5);
      expect(capture.mirroredVsPlain).toBeGreaterThan(1);

      const cameras = await harness.evaluate((h) => h.platform.listCameras());
      expect(cameras.length).toBeGreaterThanOrEqual(1);
      expect(cameras[0]).toMatchObject({ deviceId: expect.any(String), facing: 'unknown' });
      expect(cameras[0]!.label).not.toBe('');
    });

    it('remembers the chosen camera, and falls back to the default one when it is gone', async () => {
      const outcome = await harness.evaluate(async (h) => {
        const { platform } = h;
        const [camera] = await platform.listCameras();
        platform.rememberCamera(camera!.deviceId);
        const remembered = platform.preferredCameraId() === camera!.deviceId;
        const stored = localStorage.getItem('glimpse.camera') === camera!.deviceId;
        platform.rememberCamera('unplugged-long-ago');
        const fallback = await platform.openCamera();
        const opened = fallback.getVideoTracks()[0]!.getSettings().deviceId === camera!.deviceId;
        platform.closeCamera(fallback);
        const stopped = fallback.getTracks().every((track) => track.readyState === 'ended');
        localStorage.removeItem('glimpse.camera');
        return { remembered, stored, opened, stopped };
      });
      expect(outcome).toEqual({ remembered: true, stored: true, opened: true, stopped: true });
    });

    it('tells when the camera stops by itself, and refuses to capture without a picture', async () => {
      const outcome = await harness.evaluate(async (h) => {
        const { platform } = h;
        const stream = await platform.openCamera();
        const lost: string[] = [];
        const stopWatching = h.watchCameraLoss(stream, (error) => lost.push(error.code));
        // A camera unplugged mid-session: the browser fires 'ended' on its track.
        stream.getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
        stream.getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
        stopWatching();
        const video = document.createElement('video');
        const beforeFirstFrame = await h.cameraFailure(() => platform.captureFrame(video, false));
        video.srcObject = stream;
        platform.closeCamera(stream);
        const afterEnd = await h.cameraFailure(() => platform.captureFrame(video, false));
        return { lost, beforeFirstFrame: beforeFirstFrame.code, afterEnd: afterEnd.code };
      });
      expect(outcome).toEqual({
        lost: ['unplugged'],
        beforeFirstFrame: 'unknown',
        afterEnd: 'unplugged',
      });
    });

    it('reports a chosen camera that is gone as not-found', async () => {
      const failure = await harness.evaluate((h) =>
        h.cameraFailure(() => h.platform.openCamera('no-such-camera')),
      );
      expect(failure).toMatchObject({ resolved: false, name: 'CameraError', code: 'not-found' });
      expect(failure.message).toContain('not available any more');
    });

    it('maps browser camera failures to codes, and a missing mediaDevices to unsupported', async () => {
      const codes = await harness.evaluate(async (h) => {
        const mapped = [
          'NotAllowedError',
          'NotFoundError',
          'OverconstrainedError',
          'NotReadableError',
          'TypeError',
        ].map((name) => h.toCameraError(new DOMException('browser says no', name), false).code);
        Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true });
        try {
          const unsupported = await h.cameraFailure(() => h.platform.openCamera());
          const cameras = await h.platform.listCameras();
          return { mapped, unsupported: unsupported.code, cameras: cameras.length };
        } finally {
          delete (navigator as { mediaDevices?: unknown }).mediaDevices;
        }
      });
      expect(codes).toEqual({
        mapped: ['denied', 'not-found', 'not-found', 'in-use', 'unknown'],
        unsupported: 'unsupported',
        cameras: 0,
      });
    });

    it('reports a refused camera permission as CameraError "denied"', async () => {
      // No fake UI: the permission prompt is denied (and the context grants nothing).
      const denying = await launch([
        '--use-fake-device-for-media-stream',
        '--deny-permission-prompts',
      ]);
      try {
        const deniedContext = await denying.newContext();
        await deniedContext.grantPermissions([]);
        const { harness: deniedHarness } = await openHarness(deniedContext, server);
        const failure = await deniedHarness.evaluate((h) =>
          h.cameraFailure(() => h.platform.openCamera()),
        );
        expect(failure).toEqual({
          resolved: false,
          name: 'CameraError',
          code: 'denied',
          message:
            "Glimpse is not allowed to use the camera. Allow camera access in the browser's address bar, or upload images instead.",
        });
      } finally {
        await denying.close();
      }
    });
  });

  describe('worker engine', () => {
    it('rejects pending and later calls with a clear error when the worker crashes or cannot load', async () => {
      const outcome = await harness.evaluate(async (h) => {
        const crashing = new Worker(
          URL.createObjectURL(
            new Blob(
              ["self.onmessage = () => setTimeout(() => { throw new Error('out of cheese'); });"],
              {
                type: 'text/javascript',
              },
            ),
          ),
        );
        const engine = h.connectWorkerEngine(crashing);
        const explain = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`;
        const pending = await engine.memory().then(() => 'resolved', explain);
        const later = await engine.memory().then(() => 'resolved', explain);
        engine.dispose();
        const missing = h.connectWorkerEngine(new Worker('/no-such-worker.js', { type: 'module' }));
        const notLoaded = await missing.memory().then(() => 'resolved', explain);
        const disposed = h.createWorkerEngine();
        disposed.dispose();
        const afterDispose = await disposed.memory().then(() => 'resolved', explain);
        return { pending, later, notLoaded, afterDispose };
      });
      expect(outcome.pending).toMatch(
        /^EngineCrashedError: The image engine stopped working \(.*out of cheese/,
      );
      expect(outcome.later).toBe(outcome.pending);
      expect(outcome.notLoaded).toMatch(/^EngineCrashedError: .*could not be started/);
      expect(outcome.afterDispose).toMatch(/^DisposedError: /);
    });

    it.skipIf(!sharedReady)(
      'on WASM: starts with the self-hosted TM base, embeds decoded photos, trains and classifies',
      async () => {
        const ds = loadDataset('rock-paper-scissors', { perClassTrain: 6 });
        const spec = (path: string): FileSpec => ({
          name: path.split('/').pop()!,
          type: 'image/png',
          base64: base64(readFileSync(path)),
        });
        const test = ds.classes.map((c) => ds.test.find((d) => d.className === c)!);
        const run = await harness.evaluate(
          async (h, { train, labels, test, backboneId }) => {
            const times: Record<string, number> = {};
            let t = performance.now();
            const lap = (name: string) => {
              times[name] = Math.round(performance.now() - t);
              t = performance.now();
            };
            const trainImages = await h.pixelsOf(train);
            const testImages = await h.pixelsOf(test);
            lap('decode');
            const engine = h.createWorkerEngine();
            try {
              const started = await engine.start({
                backend: 'wasm',
                backboneId,
                modelsBaseUrl: '/models/',
                tryOfficial: false,
              });
              lap('start');
              const progress: number[] = [];
              const embeddings = await engine.embed(trainImages.pixels, {
                batchSize: 6,
                onProgress: (done) => progress.push(done),
              });
              lap('embed');
              const epochs: number[] = [];
              const outcome = await engine.train(
                { embeddings, labels, classCount: 3 },
                { epochs: 30, validationFraction: 0, earlyStopping: null },
                { onEpoch: (log) => epochs.push(log.acc) },
              );
              lap('train');
              const classified = [];
              for (const image of testImages.pixels) classified.push(await engine.classify(image));
              lap('classify');
              const memory = await engine.memory();
              return {
                backend: started.backend.active,
                backbone: { dim: started.backbone.dim, source: started.backbone.report.source },
                rejected: [...trainImages.rejected, ...testImages.rejected],
                embeddings: embeddings.map((e) => e.length),
                progress,
                epochs: epochs.length,
                finalAccuracy: epochs.at(-1),
                trainMs: outcome.trainMs,
                predictions: classified.map((c) => {
                  const p = Array.from(c.probabilities ?? []);
                  return { top: p.indexOf(Math.max(...p)), sum: p.reduce((a, b) => a + b, 0) };
                }),
                latencies: classified.map((c) => Math.round(c.latencyMs)),
                memory,
                times,
              };
            } finally {
              engine.dispose();
            }
          },
          {
            train: ds.train.map((d) => spec(d.path)),
            labels: ds.train.map((d) => ds.classes.indexOf(d.className)),
            test: test.map((d) => spec(d.path)),
            backboneId: TM_MOBILENET_V2.id,
          },
        );
        console.info(
          `worker engine on WASM: ${JSON.stringify(run.times)}, classify ms ${run.latencies}`,
        );
        expect(run.backend).toBe('wasm');
        expect(run.backbone).toEqual({ dim: 1280, source: 'self-hosted' });
        expect(run.rejected).toEqual([]);
        expect(run.embeddings).toEqual(new Array(18).fill(1280));
        expect(run.progress).toEqual([6, 12, 18]);
        expect(run.epochs).toBe(30);
        expect(run.finalAccuracy).toBeGreaterThan(0.9);
        expect(run.memory).toMatchObject({ backend: 'wasm', numTensors: expect.any(Number) });
        for (const prediction of run.predictions) expect(prediction.sum).toBeCloseTo(1, 4);
        // Held-out photos: at least two of the three classes right (chance is one in three).
        const right = run.predictions.filter((p, i) => p.top === i).length;
        expect(right).toBeGreaterThanOrEqual(2);
      },
    );
  });

  it('left no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
