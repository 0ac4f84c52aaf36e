/**
 * The Teachable-Machine-compatible export (issue 4b) loaded by Teachable Machine's own library,
 * @teachablemachine/image, in Chromium. Glimpse trains a head on real rock-paper-scissors photos
 * (in Node, with the core), tmExport builds model.json + weights.bin + metadata.json, and a plain
 * page served from a temp folder on 127.0.0.1 loads them with `tmImage.loadFromFiles` (UMD
 * bundles of TF.js and the library from node_modules; no network) and classifies every test
 * photo. Its top class must match Glimpse's, each probability within 1e-3.
 *
 * Preprocessing: the library crops and resizes through a 2D canvas (`drawImage`), whose
 * resampling is not Glimpse's antialiased bilinear. So the photos are first brought to 224×224
 * (short side to 224, centre crop, in Node), which makes both crop/resize steps the identity;
 * both then map pixels as x/127 − 1.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import { exportTeachableMachine } from '../../src/core/io/tmExport';
import { headModelFromWeights } from '../../src/core/training/headModel';
import type { PixelBuffer } from '../../src/core/types';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { serveFolder, type StaticServer } from '../support/modelServer';
import { haveShared, MODELS_DIR } from '../support/shared';
import { trainOnSharedPhotos } from '../support/sharedHead';

const chromiumPath = haveChromium();
const require = createRequire(import.meta.url);
const S = TM_MOBILENET_V2.inputSize;

/** Short side to 224, centre crop 224×224, RGBA. */
async function square224(path: string): Promise<PixelBuffer> {
  const { data, info } = await sharp(path)
    .rotate()
    .resize(S, S, { fit: 'cover', position: 'centre' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

const PAGE = `<!doctype html><title>Teachable Machine export</title>
<script src="tf.min.js"></script>
<script src="teachablemachine-image.min.js"></script>
<script>
  // photos: [{ url, width, height }], each url serving raw RGBA bytes.
  window.classifyForTest = async (photos) => {
    const file = async (name, type) =>
      new File([await (await fetch(name)).blob()], name, { type });
    const model = await tmImage.loadFromFiles(
      await file('model.json', 'application/json'),
      await file('weights.bin', 'application/octet-stream'),
      await file('metadata.json', 'application/json'),
    );
    const results = [];
    for (const { url, width, height } of photos) {
      const data = new Uint8ClampedArray(await (await fetch(url)).arrayBuffer());
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      canvas.getContext('2d').putImageData(
        new ImageData(data, width, height), 0, 0);
      const prediction = await model.predict(canvas);
      results.push(prediction.map((p) => ({ className: p.className, probability: p.probability })));
    }
    return { backend: tf.getBackend(), labels: model.getClassLabels(), results };
  };
</script>`;

interface PagePrediction {
  className: string;
  probability: number;
}

describe.skipIf(!chromiumPath || !haveShared())(
  'Teachable Machine export in @teachablemachine/image (Chromium)',
  () => {
    const dataset = loadDataset('rock-paper-scissors', { perClassTrain: 8 });
    let server: StaticServer;
    let dir: string;
    let browser: Browser;
    let page: Page;
    let photos: PixelBuffer[];
    let expected: Float32Array[];

    beforeAll(async () => {
      let extractor: FeatureExtractor | undefined;
      try {
        const trained = await trainOnSharedPhotos(dataset);
        extractor = trained.extractor;
        const weights = trained.weights;
        photos = await Promise.all(dataset.test.map((d) => square224(d.path)));
        const head = headModelFromWeights(weights);
        expected = await head.predict(await extractor.embed(photos));
        head.dispose();

        const baseDir = join(MODELS_DIR, TM_MOBILENET_V2.id);
        const files = exportTeachableMachine({
          base: {
            modelJson: JSON.parse(await readFile(join(baseDir, 'model.json'), 'utf8')) as Record<
              string,
              unknown
            >,
            weights: new Uint8Array(await readFile(join(baseDir, 'weights.bin'))),
          },
          head: weights,
          labels: dataset.classes,
          backboneId: TM_MOBILENET_V2.id,
          appVersion: '0.1.0',
        });
        dir = await mkdtemp(join(tmpdir(), 'glimpse-tm-export-'));
        await Promise.all(files.map((f) => writeFile(join(dir, f.path), f.bytes)));
        await writeFile(join(dir, 'index.html'), PAGE);
        await Promise.all(photos.map((p, i) => writeFile(join(dir, `photo-${i}.rgba`), p.data)));
        await copyFile(
          join(dirname(require.resolve('@tensorflow/tfjs')), 'tf.min.js'),
          join(dir, 'tf.min.js'),
        );
        await copyFile(
          join(
            dirname(require.resolve('@teachablemachine/image')),
            'teachablemachine-image.min.js',
          ),
          join(dir, 'teachablemachine-image.min.js'),
        );
      } finally {
        extractor?.dispose();
      }
      server = await serveFolder(dir);
      browser = await chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] });
      page = await browser.newPage();
      await page.goto(`${server.url}index.html`);
      await page.waitForFunction(() => 'classifyForTest' in window && 'tmImage' in window);
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('gives the same top class as Glimpse on every test photo, probabilities within 1e-3', async () => {
      const out = await page.evaluate(
        (photos) =>
          (
            window as unknown as {
              classifyForTest(p: unknown): Promise<{
                backend: string;
                labels: string[];
                results: PagePrediction[][];
              }>;
            }
          ).classifyForTest(photos),
        photos.map((p, i) => ({ url: `photo-${i}.rgba`, width: p.width, height: p.height })),
      );
      expect(out.labels).toEqual(dataset.classes);
      expect(out.results).toHaveLength(dataset.test.length);
      // Every class is someone's answer, so agreement covers more than one output.
      const glimpseTop = expected.map((p) => p.indexOf(Math.max(...p)));
      expect(new Set(glimpseTop).size).toBe(dataset.classes.length);
      let maxDiff = 0;
      out.results.forEach((prediction, i) => {
        // predict() lists classes in label order.
        expect(prediction.map((p) => p.className)).toEqual(dataset.classes);
        const probs = prediction.map((p) => p.probability);
        probs.forEach((p, j) => {
          const diff = Math.abs(p - expected[i]![j]!);
          maxDiff = Math.max(maxDiff, diff);
          expect(diff).toBeLessThan(1e-3);
        });
        expect(probs.indexOf(Math.max(...probs))).toBe(glimpseTop[i]);
      });
      console.info(
        `@teachablemachine/image on the "${out.backend}" backend: ${out.results.length} photos, ` +
          `largest probability difference ${maxDiff.toExponential(2)}`,
      );
    }, 300_000);
  },
);
