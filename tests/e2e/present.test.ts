/**
 * Presentation mode in real headless Chromium (WASM backend, production build): Present covers
 * the screen, its large bars follow the fake webcam (alternating rock and paper photos), it reads
 * well (axe-core, reduced motion) and Escape or Exit leaves it.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared } from '../support/shared';
import type { TrainerPage } from './pages/TrainerPage';
import { useTrainerApp } from './support/trainerApp';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AXE_SCRIPT = join(ROOT, 'node_modules/axe-core/axe.min.js');
const PER_CLASS = 6;
const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('Presentation mode in Chromium (WASM)', () => {
  const data = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: PER_CLASS })
    : null;
  const photos = (c: string, split: 'train' | 'test') =>
    data![split].filter((i) => i.className === c).map((i) => i.path);

  const e2e = useTrainerApp({
    cameraPhotos: () =>
      [0, 1, 2].flatMap((k) => [photos('rock', 'test')[k * 4]!, photos('paper', 'test')[k * 4]!]),
  });
  let page: TrainerPage | null = null;

  it('covers the screen with the webcam and large live bars, and Escape or Exit leaves', async () => {
    page = await e2e.open('?backend=wasm');
    const p = page.page;
    await page.rename('Class 1', 'rock');
    await page.rename('Class 2', 'paper');
    for (const c of ['rock', 'paper']) await page.upload(c, photos(c, 'train'));

    await p.getByRole('button', { name: 'Present' }).click();
    const view = p.getByTestId('present-view');
    await view.waitFor();
    const box = (await view.boundingBox())!;
    const viewport = p.viewportSize()!;
    expect([box.x, box.y, box.width, box.height]).toEqual([0, 0, viewport.width, viewport.height]);
    const fullscreen = await view.getAttribute('data-fullscreen');
    console.info(`presentation: Fullscreen API ${fullscreen === 'true' ? 'used' : 'refused'}`);
    await expect
      .poll(() => p.evaluate(() => document.activeElement?.textContent))
      .toBe('Exit (Esc)');

    // Large bars for both classes, following the camera as it turns from rock to paper.
    const bars = view.getByTestId('present-bar');
    await expect.poll(() => bars.count(), { timeout: 30_000 }).toBe(2);
    const tops = new Set<string>();
    const readings = new Set<string>();
    const until = Date.now() + 8_000;
    while (Date.now() < until && tops.size < 2) {
      tops.add(await view.getByTestId('present-top').innerText());
      readings.add((await bars.evaluateAll((els) => els.map((e) => e.dataset.probability))).join());
      await p.waitForTimeout(200);
    }
    console.info(
      `presentation: top classes seen ${[...tops].join(', ')}; ${readings.size} readings`,
    );
    expect(tops).toEqual(new Set(['rock', 'paper']));
    const fontPx = await view
      .getByTestId('present-top')
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(40);
    expect(await page.axe(AXE_SCRIPT)).toEqual([]);
    await page.screenshot('present', false);

    await p.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
    expect(await p.evaluate(() => document.fullscreenElement)).toBeNull();

    // Again with reduced motion: the bars jump instead of gliding; Exit leaves.
    await p.emulateMedia({ reducedMotion: 'reduce' });
    await p.getByRole('button', { name: 'Present' }).click();
    await expect.poll(() => bars.count(), { timeout: 30_000 }).toBe(2);
    const transition = await view
      .locator('.present-fill')
      .first()
      .evaluate((el) => getComputedStyle(el).transitionDuration);
    expect(transition).toBe('0s');
    await p.getByRole('button', { name: 'Exit (Esc)' }).click();
    await view.waitFor({ state: 'detached' });
    expect(await p.evaluate(() => document.fullscreenElement)).toBeNull();
  });
});
