/**
 * Stopping a bulk upload in real Chromium (production build, WASM, real photos): 40 photos are
 * being embedded, the user presses "Stop adding images". It stops promptly, the notice's counts
 * match what the class shows, the engine worker holds no more tensors than before, and the app
 * goes on working.
 */
import { describe, expect, it } from 'vitest';
import { haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared } from '../support/shared';
import type { TrainerPage } from './pages/TrainerPage';
import { useTrainerApp } from './support/trainerApp';

const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('stopping a bulk upload (Chromium)', () => {
  const e2e = useTrainerApp();
  let page: TrainerPage | undefined;
  const data = sharedReady ? loadDataset('rock-paper-scissors', { perClassTrain: 40 }) : null;
  const photos = (c: string, n: number) =>
    data!.train
      .filter((i) => i.className === c)
      .map((i) => i.path)
      .slice(0, n);

  /** The engine worker's tensor count, as the debug drawer shows it after a refresh. */
  const workerTensors = async (trainer: TrainerPage) => {
    const memory = trainer.page.getByTestId('tensor-memory');
    await memory.getByRole('button', { name: 'Refresh' }).click();
    await trainer.page.waitForTimeout(500);
    const text = await memory.innerText();
    const match = /(\d+) tensors/.exec(text);
    if (!match) throw new Error(`No tensor count in "${text}"`);
    return Number(match[1]);
  };

  it('stops promptly, keeps exactly the images it says it kept, leaks no tensors and keeps working', async () => {
    page = await e2e.open('?backend=wasm');
    const { page: p } = page;
    await p.getByTestId('debug-drawer').locator('summary').click();
    const tensorsBefore = await workerTensors(page);

    await page.card('Class 1').getByTestId('upload-input').setInputFiles(photos('rock', 40));
    await page.card('Class 1').getByTestId('sample-thumb').first().waitFor({ timeout: 60_000 });
    const stop = p.getByTestId('stop-adding-button');
    const pressedAt = Date.now();
    await stop.click();
    await p.getByTestId('stop-adding').waitFor({ state: 'detached', timeout: 10_000 });
    const stoppedMs = Date.now() - pressedAt;

    const notice = page.notice('Stopped adding images:');
    await notice.waitFor({ timeout: 10_000 });
    const text = await notice.innerText();
    const notAdded = Number(/(\d+) images? not added/.exec(text)?.[1]);
    const kept = Number(
      /The (\d+) images? added before you pressed Stop are kept/.exec(text)?.[1] ?? 0,
    );
    console.info(`stopped ${stoppedMs} ms after the press: ${kept} kept, ${notAdded} not added`);
    expect(stoppedMs).toBeLessThan(3_000);
    expect(kept + notAdded).toBe(40);
    expect(notAdded).toBeGreaterThan(0);
    expect(await page.sampleCount('Class 1')).toBe(kept);
    expect(await page.thumbCount('Class 1')).toBe(kept);
    // Nothing trickles in afterwards.
    await p.waitForTimeout(2_000);
    expect(await page.sampleCount('Class 1')).toBe(kept);
    await page.screenshot('fault-upload-stopped', false);

    expect(await workerTensors(page)).toBe(tensorsBefore);

    // The app goes on: new images, training, a prediction.
    await page.upload('Class 1', photos('rock', 40).slice(kept, kept + 3));
    await page.upload('Class 2', photos('paper', 4));
    await page.train();
    expect(await page.sampleCount('Class 1')).toBe(kept + 3);
    await page.waitForQuietPrediction();
    const rock = data!.test.find((i) => i.className === 'rock')!.path;
    expect(await page.classify(rock)).toBe(await page.classId('Class 1'));
    expect(page.errors).toEqual([]);
  });
});
