/**
 * End-to-end trainer flows in real headless Chromium on the WASM backend: a production build
 * served on 127.0.0.1 with ../shared/models, real rock-paper-scissors photos, and a fake camera
 * that plays rock photos (a Y4M file). Every request is recorded (the engine worker's too) and
 * any that would leave 127.0.0.1 is aborted and fails the test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset, type DatasetImage } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TrainerPage, type AxeViolation } from './pages/TrainerPage';
import { startApp, type AppServer } from './support/appServer';
import { writeY4m } from './support/y4m';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AXE_SCRIPT = join(ROOT, 'node_modules/axe-core/axe.min.js');
const PER_CLASS = 12;
const FAKE_CAMERA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('Glimpse trainer in Chromium (WASM)', () => {
  let app: AppServer;
  /** Its fake camera plays rock photos. */
  let browser: Browser;
  let tmp: string;
  const pages: TrainerPage[] = [];
  const data = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: PER_CLASS })
    : null;
  const train = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);
  /** Held-out photos, `n` per class, interleaved rock, paper, scissors, rock… */
  const heldOut = (n: number): DatasetImage[] => {
    const byClass = data!.classes.map((c) => data!.test.filter((i) => i.className === c));
    return Array.from({ length: n }, (_, k) => byClass.map((list) => list[k * 7]!)).flat();
  };

  const launch = (args: string[]) =>
    chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS, ...args] });

  const open = async (inBrowser = browser) => {
    const page = await TrainerPage.open(inBrowser, app.url, '?backend=wasm');
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'glimpse-trainer-e2e-'));
    const camera = join(tmp, 'rock.y4m');
    await writeY4m(train('rock'), camera, { width: 320, height: 240, framesPerPhoto: 6 });
    [app, browser] = await Promise.all([
      startApp(MODELS_DIR),
      launch([...FAKE_CAMERA, `--use-file-for-fake-video-capture=${camera}`]),
    ]);
  });

  afterEach(() => {
    // Every run, the worker's requests included: nothing may leave this machine.
    for (const page of pages) expect(page.externalRequests()).toEqual([]);
  });

  afterAll(async () => {
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const expectNoSeriousViolations = (state: string, violations: AxeViolation[]) =>
    expect(violations, `axe-core on the ${state} page`).toEqual([]);

  it('trains rock, paper and scissors from a webcam, a file chooser and a drop, then recognises new photos', async () => {
    const page = await open();
    expect(await page.classNames()).toEqual(['Class 1', 'Class 2']);
    await page.screenshot('trainer-1-empty');
    await expect.poll(() => page.trainButton().isDisabled()).toBe(true);
    expect(await page.page.getByTestId('train-reason').innerText()).not.toBe('');

    await page.rename('Class 1', 'rock');
    await page.rename('Class 2', 'paper');
    const scissorsId = await page.addClass('scissors');
    expect(await page.classNames()).toEqual(['rock', 'paper', 'scissors']);
    const rockId = await page.classId('rock');
    const paperId = await page.classId('paper');

    // rock: the fake camera shows rock photos; hold "Hold to record" until 12 frames are in.
    const webcam = await page.openWebcam('rock');
    await page.waitForVideo(webcam);
    await page.holdToRecord('rock', webcam, PER_CLASS);
    const recorded = await page.thumbCount('rock');
    expect(recorded).toBeGreaterThanOrEqual(PER_CLASS);
    expect(await webcam.getByTestId('webcam-added').innerText()).toContain(`${recorded} photos`);
    await webcam.getByRole('button', { name: 'Close webcam for rock' }).click();
    await webcam.waitFor({ state: 'detached' });

    // paper: the file chooser; scissors: dropped onto the card.
    await page.upload('paper', train('paper'));
    await page.drop('scissors', train('scissors'));
    expect(await page.sampleCount('rock')).toBe(recorded);
    expect(await page.sampleCount('paper')).toBe(PER_CLASS);
    expect(await page.sampleCount('scissors')).toBe(PER_CLASS);
    await page.screenshot('trainer-2-images-added');

    // Train, and watch both charts gain one point per epoch.
    await expect.poll(() => page.trainButton().isEnabled()).toBe(true);
    await page.recordChartPoints();
    await page.train();
    const points = await page.chartPoints();
    const epochs = Number(
      /over (\d+) epoch/.exec(await page.page.getByTestId('training-done').innerText())?.[1],
    );
    for (const chart of ['chart-loss', 'chart-accuracy']) {
      const seen = points[chart]!;
      expect(seen.length, `${chart} grew in steps: ${seen.join(', ')}`).toBeGreaterThanOrEqual(3);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      expect(seen.at(-1)).toBe(epochs);
    }
    console.info(`chart points seen: ${JSON.stringify(points)}`);
    await page.page.getByTestId('confusion-matrix').waitFor();
    await page.screenshot('trainer-3-trained');

    // Live webcam preview: bars for all three classes from the trained model; rock on top.
    await page.page.getByTestId('live-toggle').click();
    await expect.poll(async () => (await page.prediction()).top, { timeout: 20_000 }).toBe(rockId);
    const live = await page.prediction();
    expect(live.mode).toBe('model');
    expect(live.bars.map((b) => b.classId)).toEqual([rockId, paperId, scissorsId]);
    expect(await page.page.getByTestId('prediction-mode').innerText()).toBe('Trained model');
    await page.screenshot('trainer-4-live-preview', false);
    await page.page.getByTestId('live-toggle').click();
    // A webcam frame may still be in flight: let its answer land before classifying files.
    await page.waitForQuietPrediction();

    // Held-out photos through "Classify an image": nearly all come out right.
    const idOf: Record<string, string> = { rock: rockId, paper: paperId, scissors: scissorsId };
    const results: string[] = [];
    let correct = 0;
    for (const photo of heldOut(2)) {
      const top = await page.classify(photo.path);
      if (top === idOf[photo.className]) correct += 1;
      results.push(`${photo.file} → ${top}`);
    }
    console.info(`held-out photos: ${correct} of ${results.length} right`);
    expect(correct, results.join('\n')).toBeGreaterThanOrEqual(5);
    await page.screenshot('trainer-5-classified', false);
  });

  it('moves a mislabelled photo to its right class from the confusion matrix', async () => {
    const page = await open();
    const { page: p } = page;
    await page.rename('Class 1', 'rock');
    await page.rename('Class 2', 'paper');
    await page.addClass('scissors');
    const rockId = await page.classId('rock');
    const paperId = await page.classId('paper');
    // One paper photo uploaded into rock by mistake.
    const [mislabelled, ...paper] = train('paper').slice(0, 11);
    const wrongName = basename(mislabelled!);
    await page.upload('rock', [...train('rock').slice(0, 10), mislabelled!]);
    await page.upload('paper', paper);
    await page.upload('scissors', train('scissors').slice(0, 10));
    // No hold-out (10 per class is small data anyway): every sample is scored by
    // cross-validation, so the mislabelled photo is in the rock row.
    await p.getByTestId('advanced-options').locator('summary').click();
    const share = p.getByRole('spinbutton', { name: /Validation share/ });
    await share.fill('0');
    await share.blur();
    await page.train();
    expect(await p.getByTestId('evaluation-basis').getAttribute('data-basis')).toBe(
      'cross-validation',
    );

    // Look through the rock row's non-empty cells for the mislabelled photo.
    const rockRow = (await page.confusion()).filter((c) => c.trueId === rockId && c.count > 0);
    expect(rockRow.reduce((n, c) => n + c.count, 0)).toBe(11);
    const wrong = p.getByTestId('cell-sample').filter({
      has: p.locator(`img[alt="rock: ${wrongName}"]`),
    });
    let found: { predId: string; count: number } | null = null;
    for (const cell of rockRow) {
      await page.cell(cell.trueId, cell.predId).click();
      await p.getByTestId('cell-samples').waitFor();
      expect(await p.getByTestId('cell-sample').count()).toBe(cell.count);
      if ((await wrong.count()) === 1) {
        found = cell;
        break;
      }
    }
    expect(found, `${wrongName} is in one of the rock row's cells`).not.toBeNull();
    console.info(
      `mislabelled ${wrongName} was predicted as ${found!.predId === paperId ? 'paper' : found!.predId === rockId ? 'rock' : 'scissors'}`,
    );

    await wrong.getByRole('combobox', { name: 'Move to' }).selectOption(paperId);
    await wrong.getByRole('button', { name: `Move rock: ${wrongName} to paper` }).click();
    await wrong.waitFor({ state: 'detached' });
    await page.screenshot('trainer-6-evaluation-moved', false);

    expect(await page.sampleCount('rock')).toBe(10);
    expect(await page.sampleCount('paper')).toBe(11);
    expect(await page.sampleCount('scissors')).toBe(10);
    expect(await page.thumbCount('rock')).toBe(10);
    expect(
      await page.card('paper').locator(`img[alt="paper: ${wrongName}"]`).count(),
      'the photo now shows in paper',
    ).toBe(1);
    await p.getByTestId('stale-warning').waitFor();
  });

  it('when the camera is blocked, says so and still takes uploads', async () => {
    // No --use-fake-ui-for-media-stream: the permission prompt is refused.
    const noCamera = await launch(['--use-fake-device-for-media-stream']);
    try {
      const page = await open(noCamera);
      const webcam = await page.openWebcam('Class 1');
      const error = webcam.getByTestId('camera-error');
      await error.waitFor({ timeout: 15_000 });
      expect(await error.innerText()).toMatch(/allow camera access|permission|denied|blocked/i);
      expect(await webcam.getByTestId('record-button').isDisabled()).toBe(true);
      await page.screenshot('trainer-camera-denied', false);

      await page.upload('Class 1', train('rock').slice(0, 3));
      expect(await page.sampleCount('Class 1')).toBe(3);
      expect(page.externalRequests()).toEqual([]);
      await page.close();
    } finally {
      await noCamera.close();
    }
  });

  it('can be used from the keyboard alone and has no serious accessibility problems in any main state', async () => {
    const page = await open();
    const { page: p } = page;
    /** Presses Tab until `target` has focus (at most 200 times). */
    const tabTo = async (target: ReturnType<typeof p.locator>) => {
      for (let i = 0; i < 200; i++) {
        if (await target.evaluate((el) => el === document.activeElement)) return;
        await p.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${target.toString()}`);
    };
    const renameByKeyboard = async (oldName: string, newName: string) => {
      await tabTo(p.getByRole('button', { name: `${oldName} (rename)` }));
      await p.keyboard.press('Enter');
      await p.keyboard.type(newName);
      await p.keyboard.press('Enter');
      await page.card(newName).waitFor();
    };

    expectNoSeriousViolations('empty', await page.axe(AXE_SCRIPT));

    await renameByKeyboard('Class 1', 'rock');
    await renameByKeyboard('Class 2', 'paper');
    await tabTo(p.getByTestId('add-class'));
    await p.keyboard.press('Enter');
    await page.cards().nth(2).waitFor();
    // The new class's name has focus: Enter renames it.
    await p.keyboard.press('Enter');
    await p.keyboard.type('scissors');
    await p.keyboard.press('Enter');
    await page.card('scissors').waitFor();
    expect(await page.classNames()).toEqual(['rock', 'paper', 'scissors']);

    for (const name of ['rock', 'paper', 'scissors']) {
      // The button opens the OS file chooser, which a test cannot drive: reach it by keyboard,
      // then hand the files to its input.
      await tabTo(p.getByRole('button', { name: `Upload images to ${name}` }));
      await page.upload(name, train(name).slice(0, 8));
    }
    expectNoSeriousViolations('images added', await page.axe(AXE_SCRIPT));

    await tabTo(page.trainButton());
    await p.keyboard.press('Enter');
    await page.waitForTrained();
    expectNoSeriousViolations('trained', await page.axe(AXE_SCRIPT));

    const cell = p.locator('[data-testid=confusion-cell]:not([disabled])').first();
    await tabTo(cell);
    await p.keyboard.press('Space');
    await p.getByTestId('cell-samples').waitFor();
    expect(await p.getByTestId('cell-sample').count()).toBeGreaterThan(0);
    // Focus moves to the drill-down's heading.
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe('H3');
    expectNoSeriousViolations('evaluation open', await page.axe(AXE_SCRIPT));
    await page.screenshot('trainer-7-keyboard-evaluation', false);
  });
});
