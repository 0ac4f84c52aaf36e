/**
 * The standalone example inside the head-export zip (issue 4c) in Chromium: Glimpse trains a head
 * on real rock-paper-scissors photos (in Node, with the core), the export zip is unpacked into a
 * temp folder with a local copy of TF.js and the backbone under `backbones/`, the folder is
 * served on 127.0.0.1 and index.html (`?models=./backbones/`) classifies uploaded photos. Its
 * label must be Glimpse's. (The example resizes through a canvas, not Glimpse's exact filter, so
 * labels are compared on photos Glimpse is sure of, not probabilities.)
 */
import { cp, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import { exportHeadZip, summarizeTraining } from '../../src/core/io/headExport';
import { readZip } from '../../src/core/io/zip';
import { headModelFromWeights } from '../../src/core/training/headModel';
import { TEACHABLE_MACHINE_RECIPE } from '../../src/core/training/headOptions';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset, type DatasetImage } from '../support/datasets';
import { serveFolder, type StaticServer } from '../support/modelServer';
import { haveShared, MODELS_DIR } from '../support/shared';
import { trainOnSharedPhotos } from '../support/sharedHead';

const chromiumPath = haveChromium();
const require = createRequire(import.meta.url);

describe.skipIf(!chromiumPath || !haveShared())('head export example page (Chromium)', () => {
  const dataset = loadDataset('rock-paper-scissors', { perClassTrain: 8 });
  let server: StaticServer;
  let dir: string;
  let browser: Browser;
  let page: Page;
  /** Test photos Glimpse is sure of (top probability ≥ 0.9), with Glimpse's label. */
  const cases: { photo: DatasetImage; label: string }[] = [];
  let zipNames: string[] = [];

  beforeAll(async () => {
    let extractor: FeatureExtractor | undefined;
    try {
      const trained = await trainOnSharedPhotos(dataset);
      extractor = trained.extractor;
      const weights = trained.weights;
      const candidates = dataset.classes.flatMap((c) =>
        dataset.test.filter((d) => d.className === c).slice(0, 3),
      );
      const photos = await Promise.all(candidates.map((d) => decodeImageFile(d.path)));
      const head = headModelFromWeights(weights);
      const probs = await head.predict(await extractor.embed(photos));
      head.dispose();
      probs.forEach((p, i) => {
        const top = Math.max(...p);
        if (top >= 0.9)
          cases.push({ photo: candidates[i]!, label: dataset.classes[p.indexOf(top)]! });
      });

      const zip = exportHeadZip({
        weights,
        labels: dataset.classes,
        backbone: TM_MOBILENET_V2,
        training: { settings: TEACHABLE_MACHINE_RECIPE, metrics: summarizeTraining([]) },
        appVersion: '0.1.0',
      });
      const files = readZip(zip, 'model.zip');
      zipNames = files.map((f) => f.path);
      dir = await mkdtemp(join(tmpdir(), 'glimpse-head-example-'));
      await Promise.all(files.map((f) => writeFile(join(dir, f.path), f.bytes)));
      await copyFile(
        join(dirname(require.resolve('@tensorflow/tfjs')), 'tf.min.js'),
        join(dir, 'tf.min.js'),
      );
      await mkdir(join(dir, 'backbones'));
      await cp(join(MODELS_DIR, TM_MOBILENET_V2.id), join(dir, 'backbones', TM_MOBILENET_V2.id), {
        recursive: true,
      });
    } finally {
      extractor?.dispose();
    }
    server = await serveFolder(dir);
    browser = await chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] });
    page = await browser.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('ships index.html and example.js next to the model files', () => {
    expect(zipNames).toEqual([
      'model.json',
      'weights.bin',
      'metadata.json',
      'index.html',
      'example.js',
    ]);
  });

  it('labels uploaded photos as Glimpse does, loading everything from 127.0.0.1', async () => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.url}index.html?models=./backbones/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await expect(page.locator('#status').textContent()).resolves.toBe(
      `Ready: ${dataset.classes.join(', ')}.`,
    );
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
    expect(requests.every((u) => u.startsWith(server.url))).toBe(true);
    expect(requests).toContain(`${server.url}backbones/${TM_MOBILENET_V2.id}/model.json`);
  }, 120_000);
});
