/**
 * Autosave in real Chromium (WASM, production build): train two classes from real photos, wait
 * for the project to reach IndexedDB, reload the page, and find the same project — classes,
 * images and the trained head (the same photo gets the same answer).
 */
import { describe, expect, it } from 'vitest';
import { haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared } from '../support/shared';
import type { TrainerPage } from './pages/TrainerPage';
import { useTrainerApp } from './support/trainerApp';
import { storedProjects } from './support/storedProjects';

const PER_CLASS = 6;
const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('Autosave in Chromium (WASM)', () => {
  const e2e = useTrainerApp();
  let page: TrainerPage | undefined;
  const data = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: PER_CLASS })
    : null;
  const train = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);

  it('restores classes, images and the trained model after a reload', async () => {
    page = await e2e.open('?backend=wasm');
    await page.rename('Class 1', 'Rock');
    await page.rename('Class 2', 'Paper');
    await page.upload('Rock', train('rock'));
    await page.upload('Paper', train('paper'));
    await page.train();
    const trainedAt = await page.page.evaluate(() => Date.now());
    const photo = data!.test.find((i) => i.className === 'rock')!.path;
    await page.waitForQuietPrediction();
    const top = await page.classify(photo);
    const before = await page.prediction();
    expect(top).toBe(await page.classId('Rock'));

    // The save after training lands about a second after it ends.
    await expect
      .poll(async () => (await storedProjects(page!.page)).map((p) => p.savedAt >= trainedAt), {
        timeout: 15_000,
      })
      .toEqual([true]);

    await page.page.reload();
    await page.waitUntilReady();
    await page.page
      .getByTestId('notice')
      .filter({ hasText: 'Restored your project “Untitled project”.' })
      .waitFor({ timeout: 20_000 });
    expect(await page.classNames()).toEqual(['Rock', 'Paper']);
    expect([await page.sampleCount('Rock'), await page.sampleCount('Paper')]).toEqual([
      PER_CLASS,
      PER_CLASS,
    ]);
    expect(await page.thumbCount('Rock')).toBe(PER_CLASS);
    await page.waitForTrained(5_000);
    await page.waitForQuietPrediction();
    expect(await page.classify(photo)).toBe(top);
    const after = await page.prediction();
    expect(after.mode).toBe('model');
    expect(after.bars.map((b) => b.classId)).toEqual(before.bars.map((b) => b.classId));
    after.bars.forEach((b, i) => expect(b.p).toBeCloseTo(before.bars[i]!.p, 3));
    expect(page.externalRequests()).toEqual([]);
  });
});
