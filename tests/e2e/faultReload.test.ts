/**
 * Fault: the page is reloaded (closed, crashed, refreshed) in the middle of work, in real
 * Chromium (production build, WASM, real photos). After the reload the autosaved project is
 * whole: every image saved before is back with its picture, nothing half-written shows, and the
 * trained model is the one from before (never a half-trained or broken one); the app works on.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TrainerPage } from './pages/TrainerPage';
import { startApp, type AppServer } from './support/appServer';
import { storedContents, storedProjects } from './support/storedProjects';

const sharedReady = haveShared();
const chromiumPath = haveChromium();
const PROJECT = 'Untitled project';

describe.skipIf(!sharedReady || !chromiumPath)('reload in the middle of work (Chromium)', () => {
  let app: AppServer;
  let browser: Browser;
  const pages: TrainerPage[] = [];
  const data = sharedReady ? loadDataset('rock-paper-scissors', { perClassTrain: 40 }) : null;
  const photos = (c: string, n: number) =>
    data!.train
      .filter((i) => i.className === c)
      .map((i) => i.path)
      .slice(0, n);
  const rockPhoto = () => data!.test.find((i) => i.className === 'rock')!.path;

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(MODELS_DIR),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
    ]);
  });

  afterAll(async () => {
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
    await app?.close();
  });

  const open = async () => {
    const page = await TrainerPage.open(browser, app.url, '?backend=wasm');
    pages.push(page);
    return page;
  };
  /** Waits until the autosave written after `since` (page clock) is in IndexedDB. */
  const savedAfter = (page: TrainerPage, since: number) =>
    expect
      .poll(async () => Math.max(0, ...(await storedProjects(page.page)).map((p) => p.savedAt)), {
        timeout: 20_000,
      })
      .toBeGreaterThan(since);
  const now = (page: TrainerPage) => page.page.evaluate(() => Date.now());
  /** After a reload: the engine is ready and the saved project is back. */
  const reloadAndRestore = async (page: TrainerPage) => {
    await page.page.reload();
    await page.waitUntilReady();
    await page.notice(`Restored your project “${PROJECT}”.`).waitFor({ timeout: 30_000 });
  };
  /** Every thumbnail shown has decoded to a picture (none broken or half-written). */
  const brokenThumbs = (page: TrainerPage) =>
    page.page
      .getByTestId('sample-thumb')
      .locator('img')
      .evaluateAll(
        (imgs) =>
          imgs.filter(
            (img) => !(img as HTMLImageElement).complete || !(img as HTMLImageElement).naturalWidth,
          ).length,
      );

  it('during training: comes back with every image and the model trained before, and trains again', async () => {
    const page = await open();
    await page.rename('Class 1', 'rock');
    await page.rename('Class 2', 'paper');
    await page.upload('rock', photos('rock', 6));
    await page.upload('paper', photos('paper', 6));
    const trained = await now(page);
    await page.train();
    await page.waitForQuietPrediction();
    const rockId = await page.classId('rock');
    expect(await page.classify(rockPhoto())).toBe(rockId);
    const before = await page.prediction();
    await savedAfter(page, trained);

    const added = await now(page);
    await page.upload('rock', photos('rock', 8).slice(6));
    await savedAfter(page, added);
    await page.recordChartPoints();
    await page.trainButton().click();
    await expect
      .poll(async () => (await page.chartPoints())['chart-loss']!.at(-1) ?? 0, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    expect(await page.page.getByTestId('training-progress').count()).toBe(1);
    await reloadAndRestore(page);

    expect(await page.classCounts()).toEqual([
      ['rock', 8],
      ['paper', 6],
    ]);
    expect(await page.thumbCount('rock')).toBe(8);
    expect(await brokenThumbs(page)).toBe(0);
    // The model from before the interrupted run: same answers, marked as out of date.
    await page.waitForTrained(10_000);
    await page.page.getByTestId('stale-warning').waitFor();
    await page.waitForQuietPrediction();
    expect(await page.classify(rockPhoto())).toBe(rockId);
    const after = await page.prediction();
    expect(after.mode).toBe('model');
    after.bars.forEach((bar, i) => expect(bar.p).toBeCloseTo(before.bars[i]!.p, 4));

    await page.train();
    await page.waitForQuietPrediction();
    expect(await page.classify(rockPhoto())).toBe(rockId);
    expect(page.errors).toEqual([]);
  });

  it('during a 40-photo upload: every image saved before is back with its picture, and the project trains', async () => {
    const page = await open();
    const start = await now(page);
    await page.upload('Class 2', photos('paper', 3));
    await savedAfter(page, start);

    // 40 photos at once; reload once the first chunk is in.
    await page.card('Class 1').getByTestId('upload-input').setInputFiles(photos('rock', 40));
    await page.card('Class 1').getByTestId('sample-thumb').nth(15).waitFor({ timeout: 60_000 });
    const saved = (await storedContents(page.page, PROJECT))!.samples;
    expect(saved).toBeGreaterThanOrEqual(3);
    expect(await page.page.getByTestId('ingest-progress').count(), 'still uploading').toBe(1);
    await reloadAndRestore(page);

    const counts = await page.classCounts();
    const rock = counts[0]![1];
    expect(counts[1]).toEqual(['Class 2', 3]);
    expect(rock + 3).toBeGreaterThanOrEqual(saved);
    expect(rock).toBeLessThanOrEqual(40);
    expect(await page.thumbCount('Class 1')).toBe(rock);
    expect(await brokenThumbs(page)).toBe(0);
    // What the page shows is what is stored: nothing half-written is left behind.
    await expect
      .poll(async () => (await storedContents(page.page, PROJECT))!.samples, { timeout: 20_000 })
      .toBe(rock + 3);
    console.info(`reload during upload: ${saved} images saved before, ${rock + 3} back`);

    await page.train();
    expect(await page.sampleCount('Class 1')).toBe(rock);
    expect(page.errors).toEqual([]);
  });
});
