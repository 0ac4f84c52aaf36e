/**
 * The standalone example inside the head-export zip (issue 4c) in Chromium. Glimpse trains heads
 * on real rock-paper-scissors photos (in Node, with the core) on the Teachable Machine base (a
 * layers model) and on MobileNet v1 0.25 (a graph model); each export zip, built with TF.js and
 * the backbone inside as the app builds it, is unpacked into a temp folder, served on 127.0.0.1,
 * and its index.html — with no query parameters — classifies uploaded photos and the (fake)
 * webcam. Its label must be Glimpse's. The example resizes through a canvas, not Glimpse's exact
 * filter, so labels are compared on photos Glimpse is sure of (top probability ≥ 0.9), not
 * probabilities.
 */
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MOBILENET_V1_025,
  OFFLINE_FALLBACK,
  TM_MOBILENET_V2,
  type BackboneSpec,
} from '../../src/core/features/catalog';
import { exportHeadZip, summarizeTraining } from '../../src/core/io/headExport';
import type { ExampleRuntime } from '../../src/core/io/headExample';
import { readZip } from '../../src/core/io/zip';
import { headModelFromWeights, type HeadWeights } from '../../src/core/training/headModel';
import { TEACHABLE_MACHINE_RECIPE } from '../../src/core/training/headOptions';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { readModelFolder } from '../../src/node/readModelFolder';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset, type DatasetImage } from '../support/datasets';
import { serveFolder, type StaticServer } from '../support/modelServer';
import { haveShared, MODELS_DIR } from '../support/shared';
import { trainOnSharedPhotos } from '../support/sharedHead';
import { writeY4m } from './support/y4m';

const chromiumPath = haveChromium();
const require = createRequire(import.meta.url);
const TFJS_BUNDLE = join(dirname(require.resolve('@tensorflow/tfjs')), 'tf.es2017.min.js');

interface Case {
  photo: DatasetImage;
  label: string;
}

interface Trained {
  weights: HeadWeights;
  /** Test photos Glimpse is sure of, with Glimpse's label. */
  cases: Case[];
}

describe.skipIf(!chromiumPath || !haveShared())('head export example page (Chromium)', () => {
  const dataset = loadDataset('rock-paper-scissors', { perClassTrain: 8 });
  const candidates = dataset.classes.flatMap((c) =>
    dataset.test.filter((d) => d.className === c).slice(0, 3),
  );
  let tmp: string;
  let browser: Browser;
  const servers: StaticServer[] = [];
  const trained = new Map<string, Trained>();

  async function train(backbone: BackboneSpec, epochs: number): Promise<Trained> {
    const { extractor, weights } = await trainOnSharedPhotos(dataset, epochs, backbone.id);
    try {
      const photos = await Promise.all(candidates.map((d) => decodeImageFile(d.path)));
      const head = headModelFromWeights(weights);
      const probs = await head.predict(await extractor.embed(photos));
      head.dispose();
      const cases: Case[] = [];
      probs.forEach((p, i) => {
        const top = Math.max(...p);
        if (top >= 0.9)
          cases.push({ photo: candidates[i]!, label: dataset.classes[p.indexOf(top)]! });
      });
      return { weights, cases };
    } finally {
      extractor.dispose();
    }
  }

  /** The export zip as the app builds it: TF.js and the backbone's files inside. */
  async function exportZip(backbone: BackboneSpec, weights: HeadWeights, runtime?: ExampleRuntime) {
    return exportHeadZip(
      {
        weights,
        labels: dataset.classes,
        backbone,
        training: { settings: TEACHABLE_MACHINE_RECIPE, metrics: summarizeTraining([]) },
        appVersion: '0.1.0',
      },
      runtime ?? {
        tfjs: new Uint8Array(await readFile(TFJS_BUNDLE)),
        backbone: await readModelFolder(join(MODELS_DIR, backbone.id, 'model.json')),
      },
    );
  }

  /** Unzips into a fresh folder and serves it; returns the example page's URL. */
  async function serveZip(zip: Uint8Array, name: string): Promise<string> {
    const dir = join(tmp, name);
    for (const f of readZip(zip, 'model.zip')) {
      await mkdir(dirname(join(dir, f.path)), { recursive: true });
      await writeFile(join(dir, f.path), f.bytes);
    }
    const server = await serveFolder(dir);
    servers.push(server);
    return server.url;
  }

  async function openExample(url: string): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${url}index.html`);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
    return { page, requests };
  }

  async function expectUploadLabels(page: Page, cases: readonly Case[]): Promise<void> {
    expect(new Set(cases.map((c) => c.label)).size).toBeGreaterThan(1);
    for (const { photo, label } of cases) {
      const name = photo.path.split('/').pop()!;
      await page.setInputFiles('#file', photo.path);
      await page.waitForFunction(
        (name) => document.getElementById('status')!.textContent === `Classified ${name}.`,
        name,
      );
      expect(await page.locator('#label').textContent(), name).toBe(label);
      await expect(page.locator('#probabilities li').count()).resolves.toBe(dataset.classes.length);
    }
  }

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'glimpse-head-example-'));
    trained.set(TM_MOBILENET_V2.id, await train(TM_MOBILENET_V2, 15));
    trained.set(MOBILENET_V1_025.id, await train(MOBILENET_V1_025, 50));
    // The fake webcam shows one photo the Teachable Machine head is sure of.
    const webcamCase = trained.get(TM_MOBILENET_V2.id)!.cases[0]!;
    const camera = join(tmp, 'camera.y4m');
    await writeY4m([webcamCase.photo.path], camera, { framesPerPhoto: 30 });
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      args: [
        ...CHROMIUM_ARGS,
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${camera}`,
      ],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  describe('on the Teachable Machine base (a layers model)', () => {
    let url: string;
    let zipNames: string[];
    beforeAll(async () => {
      const zip = await exportZip(TM_MOBILENET_V2, trained.get(TM_MOBILENET_V2.id)!.weights);
      zipNames = readZip(zip, 'model.zip').map((f) => f.path);
      url = await serveZip(zip, 'tm');
    }, 60_000);

    it('ships the model files, the example, README.txt, TF.js and the backbone in one zip', () => {
      expect(zipNames).toEqual([
        'model.json',
        'weights.bin',
        'metadata.json',
        'index.html',
        'example.js',
        'README.txt',
        'tf.min.js',
        'backbone/model.json',
        'backbone/weights.bin',
      ]);
    });

    it('labels uploaded photos as Glimpse does, loading everything from its own folder', async () => {
      const { page, requests } = await openExample(url);
      await expect(page.locator('#status').textContent()).resolves.toBe(
        `Ready: ${dataset.classes.join(', ')}.`,
      );
      await expectUploadLabels(page, trained.get(TM_MOBILENET_V2.id)!.cases);
      // The preview image is a blob: URL; every network request goes to the example's folder.
      expect(requests.filter((u) => !u.startsWith('blob:')).every((u) => u.startsWith(url))).toBe(
        true,
      );
      expect(requests).toContain(`${url}tf.min.js`);
      expect(requests).toContain(`${url}backbone/model.json`);
      await page.close();
    }, 120_000);

    it('labels the webcam as Glimpse labels the photo it shows, then stops it', async () => {
      const { page } = await openExample(url);
      await page.getByRole('button', { name: 'Start webcam' }).click();
      await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) >= 5, null, {
        timeout: 60_000,
      });
      await expect(page.locator('#status').textContent()).resolves.toBe('Classifying the webcam.');
      const shown = trained.get(TM_MOBILENET_V2.id)!.cases[0]!;
      expect(await page.locator('#label').textContent()).toBe(shown.label);
      await page.getByRole('button', { name: 'Stop webcam' }).click();
      await expect(page.locator('#status').textContent()).resolves.toBe('Webcam stopped.');
      const frames = Number(await page.evaluate(() => document.body.dataset.frames));
      await page.waitForTimeout(300);
      expect(Number(await page.evaluate(() => document.body.dataset.frames))).toBe(frames);
      await page.close();
    }, 120_000);
  });

  it('runs a graph-model backbone (MobileNet v1 0.25) and labels photos as Glimpse does', async () => {
    const zip = await exportZip(MOBILENET_V1_025, trained.get(MOBILENET_V1_025.id)!.weights);
    const { page } = await openExample(await serveZip(zip, 'v1'));
    await expect(page.locator('#status').textContent()).resolves.toBe(
      `Ready: ${dataset.classes.join(', ')}.`,
    );
    await expectUploadLabels(page, trained.get(MOBILENET_V1_025.id)!.cases);
    await page.close();
  }, 120_000);

  it('explains that it cannot run the offline fallback model instead of failing silently', async () => {
    const tm = trained.get(TM_MOBILENET_V2.id)!.weights;
    // A head of the fallback's embedding size; its values do not matter here.
    const inputs = OFFLINE_FALLBACK.embeddingDim;
    const weights: HeadWeights = {
      ...tm,
      inputDim: inputs,
      layers: tm.layers.map((l, i) =>
        i === 0 ? { ...l, inputs, kernel: new Float32Array(inputs * l.units) } : l,
      ),
    };
    const zip = await exportZip(OFFLINE_FALLBACK, weights, {
      tfjs: new Uint8Array(await readFile(TFJS_BUNDLE)),
    });
    const { page } = await openExample(await serveZip(zip, 'fallback'));
    await expect(page.locator('#status').textContent()).resolves.toMatch(
      /^Could not load the model: this example cannot run the image model "nsfwjs-mobilenet-v2-offline"/,
    );
    await expect(page.locator('#file').isDisabled()).resolves.toBe(true);
    await page.close();
  }, 60_000);
});
