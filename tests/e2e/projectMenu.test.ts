/**
 * The Project toolbar in real Chromium (WASM, production build), driven as a user would: file
 * choosers and downloads. Open model: a model trained on real rock-paper-scissors photos and
 * downloaded with "Export model" opens in a fresh browser and gives the same answers; damaged
 * model files become messages and leave the project as it was. Dataset import/export: a zip with
 * a folder per class (plus a damaged image and a text file) becomes classes, the bad files are
 * reported, and "Export dataset" writes the folders back.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TrainerPage } from './pages/TrainerPage';
import { startApp, type AppServer } from './support/appServer';

const PER_CLASS = 4;
const CLASSES = ['rock', 'paper', 'scissors'] as const;

const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('Project toolbar in Chromium (WASM)', () => {
  let app: AppServer;
  let browser: Browser;
  let tmp: string;
  const pages: TrainerPage[] = [];
  const data = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: PER_CLASS })
    : null;
  const train = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);
  /** One held-out photo per class. */
  const testPhotos = () => CLASSES.map((c) => data!.test.find((i) => i.className === c)!.path);

  const open = async () => {
    const page = await TrainerPage.open(browser, app.url, '?backend=wasm');
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'glimpse-project-menu-e2e-'));
    [app, browser] = await Promise.all([
      startApp(MODELS_DIR),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
    ]);
  });

  afterEach(() => {
    for (const page of pages) expect(page.externalRequests()).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** The trained page and what it answered for the test photos, made once and shared. */
  let trained: Promise<{
    page: TrainerPage;
    modelZip: string;
    answers: { top: string | null; bars: { name: string; p: number }[] }[];
  }> | null = null;

  /** Reads the shown prediction as class names and probabilities. */
  const answer = async (page: TrainerPage) => {
    const { bars } = await page.prediction();
    const names = await page.page
      .locator('[data-testid=prediction-bar] .bar-label')
      .allInnerTexts();
    return {
      top: await page.topClassName(),
      bars: bars.map((b, i) => ({ name: names[i]!.replace(/\s*\(most likely\)$/, ''), p: b.p })),
    };
  };

  const classifyAll = async (page: TrainerPage) => {
    const answers = [];
    await page.waitForQuietPrediction();
    for (const photo of testPhotos()) {
      await page.classify(photo);
      answers.push(await answer(page));
    }
    return answers;
  };

  const trainAndExport = () =>
    (trained ??= (async () => {
      const page = await open();
      await page.rename('Class 1', 'rock');
      await page.rename('Class 2', 'paper');
      await page.addClass('scissors');
      for (const c of CLASSES) await page.upload(c, train(c));
      await page.train();
      const answers = await classifyAll(page);
      await expect.poll(() => page.projectButton('Export model').isEnabled()).toBe(true);
      const modelZip = await page.download('Export model', tmp);
      return { page, modelZip, answers };
    })());

  it('Open model in a fresh browser shows the exported classes and gives the same answers', async () => {
    const { modelZip, answers } = await trainAndExport();
    expect(basename(modelZip)).toBe('Untitled project-model.zip');
    const entries = Object.keys(unzipSync(await readFile(modelZip))).sort();
    // The head's three files and a standalone example with what it runs on: TF.js, fetched
    // from the app's own assets, and the backbone, fetched from the self-hosted models folder.
    expect(entries).toEqual([
      'README.txt',
      'backbone/model.json',
      'backbone/weights.bin',
      'example.js',
      'index.html',
      'metadata.json',
      'model.json',
      'tf.min.js',
      'weights.bin',
    ]);
    console.info(`answers in the training page: ${JSON.stringify(answers.map((a) => a.top))}`);
    // The model was trained on a few photos only, yet each held-out photo should come out right.
    expect(answers.map((a) => a.top)).toEqual([...CLASSES]);

    // A new context: no shared storage with the training page.
    const fresh = await open();
    expect(await fresh.classNames()).toEqual(['Class 1', 'Class 2']);
    await fresh.chooseFiles('Open model', [modelZip]);
    await fresh.notice('Opened “Untitled project”.').waitFor({ timeout: 30_000 });
    expect(await fresh.classCounts()).toEqual(CLASSES.map((c) => [c, 0]));
    expect(await fresh.projectButton('Export model').isEnabled()).toBe(true);

    const again = await classifyAll(fresh);
    expect(await fresh.page.getByTestId('prediction').getAttribute('data-mode')).toBe('model');
    expect(again.map((a) => a.top)).toEqual(answers.map((a) => a.top));
    again.forEach((a, i) => {
      expect(a.bars.map((b) => b.name)).toEqual(answers[i]!.bars.map((b) => b.name));
      a.bars.forEach((b, j) => expect(b.p).toBeCloseTo(answers[i]!.bars[j]!.p, 2));
    });
    expect(fresh.errors).toEqual([]);
  });

  it('a text file named .zip, or a model whose labels do not match it, is refused and the project kept', async () => {
    const { page, modelZip } = await trainAndExport();
    const before = await page.classCounts();
    expect(before).toEqual(CLASSES.map((c) => [c, PER_CLASS]));

    const notZip = join(tmp, 'notes.zip');
    await writeFile(notZip, 'These are my notes, not a model.\n');
    await page.chooseFiles('Open model', [notZip]);
    await page
      .notice(/Opening the model failed: "notes\.zip" cannot be opened: it is not a complete zip/)
      .waitFor({ timeout: 10_000 });

    // The real export with one class name dropped from metadata.json.
    const files = unzipSync(await readFile(modelZip));
    const metadata = JSON.parse(strFromU8(files['metadata.json']!)) as { labels: string[] };
    expect(metadata.labels).toEqual([...CLASSES]);
    metadata.labels = metadata.labels.slice(0, 2);
    files['metadata.json'] = strToU8(JSON.stringify(metadata));
    const mismatched = join(tmp, 'mismatched-model.zip');
    await writeFile(mismatched, zipSync(files));
    await page.chooseFiles('Open model', [mismatched]);
    const refused = page.notice(/Opening the model failed: .*names 2 classes but the model has 3/);
    await refused.waitFor({ timeout: 10_000 });
    console.info(`notice for the mismatched model: ${await refused.innerText()}`);

    await page.waitForProjectIdle();
    expect(await page.classCounts()).toEqual(before);
    expect(await page.notice(/^Opened/).count()).toBe(0);
    // Still the trained model: the same photo gets the same answer.
    await page.page.getByTestId('training-done').waitFor({ timeout: 1_000 });
    await page.waitForQuietPrediction();
    await page.classify(testPhotos()[1]!);
    expect(await page.topClassName()).toBe('paper');
    expect(await page.page.getByTestId('prediction').getAttribute('data-mode')).toBe('model');
  });

  it('imports a dataset zip (one folder per class), reports the bad files, and exports it back', async () => {
    const counts: Record<string, number> = { paper: 2, rock: 3, scissors: 4 };
    const zip: Record<string, Uint8Array> = {};
    for (const [c, n] of Object.entries(counts)) {
      for (const photo of train(c).slice(0, n)) {
        zip[`hands/${c}/${basename(photo)}`] = await readFile(photo);
      }
    }
    // A JPEG name on bytes that are no image, and a text file among the paper photos.
    zip['hands/rock/broken.jpg'] = Uint8Array.from({ length: 2048 }, (_, i) => (i * 37) % 251);
    zip['hands/paper/notes.txt'] = strToU8('taken on a sunny day\n');
    const datasetZip = join(tmp, 'hands.zip');
    await writeFile(datasetZip, zipSync(zip));

    const page = await open();
    await page.chooseFiles('Import dataset (.zip)', [datasetZip]);
    await page.waitForThumbs('scissors', counts.scissors!);
    await page.waitForProjectIdle();
    // Folders become classes (sorted by name); the empty starter classes are gone.
    expect(await page.classCounts()).toEqual([
      ['paper', 2],
      ['rock', 3],
      ['scissors', 4],
    ]);
    expect(await page.thumbCount('rock')).toBe(3);
    const rejected = await page.rejectedFiles();
    console.info(`rejected: ${JSON.stringify(rejected)}`);
    expect(rejected).toHaveLength(2);
    // Both named by their path inside the zip.
    expect(rejected.find((r) => r.includes('notes.txt'))).toMatch(
      /^hands\/paper\/notes\.txt: .*not an image file/,
    );
    expect(rejected.find((r) => r.includes('broken.jpg'))).toMatch(/^hands\/rock\/broken\.jpg: \S/);

    const exported = await page.download('Export dataset', tmp);
    expect(basename(exported)).toBe('Untitled project-dataset.zip');
    const entries = Object.entries(unzipSync(await readFile(exported)));
    const byFolder: Record<string, string[]> = {};
    for (const [path, bytes] of entries) {
      const [folder, name, ...rest] = path.split('/');
      expect(rest, path).toEqual([]);
      expect(extname(name!), path).toBe('.jpg');
      expect([bytes[0], bytes[1]], `${path} is a JPEG`).toEqual([0xff, 0xd8]);
      (byFolder[folder!] ??= []).push(name!);
    }
    expect(Object.keys(byFolder).sort()).toEqual(['paper', 'rock', 'scissors']);
    for (const [c, n] of Object.entries(counts)) {
      const stems = train(c)
        .slice(0, n)
        .map((p) => basename(p, extname(p)));
      expect(byFolder[c]!.map((f) => basename(f, '.jpg')).sort(), c).toEqual(stems.sort());
    }
  });
});
