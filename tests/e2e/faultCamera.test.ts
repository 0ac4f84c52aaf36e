/**
 * Faults with the camera, in real Chromium (production build, WASM, Chromium's fake camera):
 * access refused, and the camera unplugged while "Hold to record" is held. Each time the page
 * says what happened and what to do, and every photo already in the project stays.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TrainerPage } from './pages/TrainerPage';
import { startApp, type AppServer } from './support/appServer';

const FAKE_CAMERA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('camera faults (Chromium)', () => {
  let app: AppServer;
  let browser: Browser;
  const pages: TrainerPage[] = [];
  const photos = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: 3 })
        .train.filter((i) => i.className === 'rock')
        .map((i) => i.path)
    : [];

  const launch = (args: string[]) =>
    chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS, ...args] });
  const open = async (inBrowser = browser) => {
    const page = await TrainerPage.open(inBrowser, app.url, '?backend=wasm');
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(MODELS_DIR), launch(FAKE_CAMERA)]);
  });

  afterAll(async () => {
    await Promise.all(pages.map((page) => page.close()));
    await browser?.close();
    await app?.close();
  });

  it('unplugged while recording: stops recording, says to plug it back in, keeps every photo taken, and records again after Try again', async () => {
    const page = await open();
    const { page: p } = page;
    const webcam = await page.openWebcam('Class 1');
    await page.waitForVideo(webcam);
    const button = webcam.getByTestId('record-button');
    await button.hover();
    await p.mouse.down();
    await button.and(p.locator('[aria-pressed=true]')).waitFor();
    await page.card('Class 1').getByTestId('sample-thumb').nth(2).waitFor({ timeout: 30_000 });

    // The camera goes away mid-hold: the browser ends its track and fires 'ended' on it.
    await webcam.getByTestId('camera-video').evaluate((video: HTMLVideoElement) => {
      const [track] = (video.srcObject as MediaStream).getVideoTracks();
      track!.stop();
      track!.dispatchEvent(new Event('ended'));
    });
    const error = webcam.getByTestId('camera-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.innerText()).toContain('The camera stopped sending pictures');
    expect(await error.innerText()).toContain('Plug the camera back in and press Try again.');
    await button.and(p.locator('[aria-pressed=false]')).waitFor();
    expect(await button.isDisabled()).toBe(true);
    await page.screenshot('fault-camera-unplugged', false);
    // Still holding the mouse: nothing more is added, and nothing recorded is lost.
    await p.waitForTimeout(300);
    const kept = await page.thumbCount('Class 1');
    await p.waitForTimeout(1_000);
    await p.mouse.up();
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(await page.thumbCount('Class 1')).toBe(kept);
    expect(await page.sampleCount('Class 1')).toBe(kept);
    expect(await webcam.getByTestId('webcam-added').innerText()).toContain(`${kept} photos added`);

    await error.getByRole('button', { name: 'Try again' }).click();
    await page.waitForVideo(webcam);
    await page.holdToRecord('Class 1', webcam, kept + 2);
    expect(await page.sampleCount('Class 1')).toBeGreaterThanOrEqual(kept + 2);
    expect(page.errors).toEqual([]);
  });

  it('access refused: explains how to allow it, keeps the images already added, and uploads still work', async () => {
    const denying = await launch([
      '--use-fake-device-for-media-stream',
      '--deny-permission-prompts',
    ]);
    try {
      const page = await open(denying);
      await page.upload('Class 1', photos.slice(0, 2));
      const webcam = await page.openWebcam('Class 1');
      const error = webcam.getByTestId('camera-error');
      await error.waitFor({ timeout: 15_000 });
      expect(await error.innerText()).toContain('Glimpse is not allowed to use the camera.');
      expect(await error.innerText()).toContain('Allow camera access for this page');
      expect(await webcam.getByTestId('record-button').isDisabled()).toBe(true);
      expect(await page.sampleCount('Class 1')).toBe(2);
      await page.upload('Class 1', photos.slice(2, 3));
      expect(await page.sampleCount('Class 1')).toBe(3);
      expect(page.errors.filter((e) => !/permission|NotAllowed/i.test(e))).toEqual([]);
      await page.close();
    } finally {
      await denying.close();
    }
  });
});
