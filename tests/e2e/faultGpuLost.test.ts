/**
 * Fault: the GPU goes away in the middle of training. Real Chromium, production build, WebGL in
 * the engine worker (an OffscreenCanvas on SwiftShader); the GPU process is crashed through the
 * DevTools protocol (`Browser.crashGpuProcess`), which loses every WebGL context, the worker's
 * included — the same event a driver reset or a GPU crash fires. No test hook in the app.
 */
import { describe, expect, it } from 'vitest';
import { haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared } from '../support/shared';
import type { TrainerPage } from './pages/TrainerPage';
import { useTrainerApp } from './support/trainerApp';

const PER_CLASS = 6;
const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('GPU lost during training (Chromium, WebGL)', () => {
  const e2e = useTrainerApp();
  let page: TrainerPage | undefined;
  const data = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: PER_CLASS })
    : null;
  const photos = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);

  it('moves to WASM, says so, finishes the training and keeps every class and image', async () => {
    page = await e2e.open('?backend=webgl');
    const { page: p } = page;
    expect(await p.getByTestId('backend-active').getAttribute('data-backend')).toBe('webgl');
    await page.rename('Class 1', 'rock');
    await page.rename('Class 2', 'paper');
    await page.upload('rock', photos('rock'));
    await page.upload('paper', photos('paper'));
    const rockId = await page.classId('rock');

    await page.trainButton().click();
    // Some epochs are done on WebGL: the GPU goes away now.
    await expect
      .poll(() => p.getByTestId('chart-loss').getAttribute('data-points'), { timeout: 60_000 })
      .toMatch(/^([3-9]|\d\d+)$/);
    expect(await p.getByTestId('training-done').count()).toBe(0);
    const cdp = await e2e.browser.newBrowserCDPSession();
    await cdp.send('Browser.crashGpuProcess');
    await cdp.detach();

    await page
      .notice('Glimpse switched from WebGL to WebAssembly (WASM) and started the training again')
      .waitFor({ timeout: 60_000 });
    await page.waitForTrained(120_000);
    const notice = (await page.notices()).find((text) => text.includes('switched from WebGL'));
    expect(notice).toContain('the WebGL context was lost');
    expect(notice).toContain('Your classes and images are unchanged');
    await page.screenshot('fault-gpu-lost', false);

    expect(await p.getByTestId('backend-active').getAttribute('data-backend')).toBe('wasm');
    expect(await page.classCounts()).toEqual([
      ['rock', PER_CLASS],
      ['paper', PER_CLASS],
    ]);
    expect(await page.thumbCount('rock')).toBe(PER_CLASS);
    // The model trained on WASM works, and so do new images.
    await page.waitForQuietPrediction();
    const rockPhoto = data!.test.find((i) => i.className === 'rock')!.path;
    expect(await page.classify(rockPhoto)).toBe(rockId);
    await page.upload(
      'rock',
      data!.test
        .filter((i) => i.className === 'rock')
        .map((i) => i.path)
        .slice(1, 3),
    );
    expect(await page.sampleCount('rock')).toBe(PER_CLASS + 2);
    await p.getByTestId('debug-drawer').locator('summary').click();
    await expect
      .poll(() => p.getByTestId('tensor-memory').innerText())
      .toMatch(/tensors, .* MB on wasm/);
    expect(page.errors).toEqual([]);
    expect(page.externalRequests()).toEqual([]);
  });
});
