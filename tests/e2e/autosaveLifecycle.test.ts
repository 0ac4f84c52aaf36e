/**
 * Autosave at the edges of a page's life, in real Chromium (WASM, production build):
 * - a change made just before a reload (inside the autosave delay) is written on the way out;
 * - the saved project is back while the image model still loads, and images added then join it;
 * - a full browser storage (a tiny quota set through the DevTools protocol) is a clear message
 *   with a Save project button, and nothing leaves the page.
 */
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOSAVE_DELAY_MS } from '../../src/core/session/autosave';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TrainerPage } from './pages/TrainerPage';
import { startApp, type AppServer } from './support/appServer';
import { storedProjects } from './support/storedProjects';

const sharedReady = haveShared();
const chromiumPath = haveChromium();

/** The latest save time, or 0 when nothing is stored. */
const lastSave = async (page: Page) =>
  Math.max(0, ...(await storedProjects(page)).map((p) => p.savedAt));

const engineReady = (page: Page) =>
  page.locator('[data-testid=engine-phase][data-phase=ready]').waitFor({ timeout: 60_000 });

describe.skipIf(!sharedReady || !chromiumPath)('Autosave lifecycle in Chromium (WASM)', () => {
  let app: AppServer;
  let browser: Browser;
  const opened: TrainerPage[] = [];
  const photos = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: 3 })
        .train.filter((i) => i.className === 'rock')
        .map((i) => i.path)
    : [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      startApp(MODELS_DIR),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
    ]);
  });

  afterAll(async () => {
    for (const page of opened) await page.close();
    await browser?.close();
    await app?.close();
  });

  async function open(): Promise<TrainerPage> {
    const page = await TrainerPage.open(browser, app.url, '?backend=wasm');
    opened.push(page);
    return page;
  }

  it('keeps a change made just before a reload, and restores before the model loads', async () => {
    const page = await open();
    await page.upload('Class 1', photos.slice(0, 2));
    // Images, then a rename, then at once a reload: well inside the autosave delay.
    const changedAt = await page.page.evaluate(() => Date.now());
    await page.rename('Class 2', 'Quick');
    expect(await lastSave(page.page)).toBeLessThan(changedAt); // not saved yet...
    const sinceChange = (await page.page.evaluate(() => Date.now())) - changedAt;
    expect(sinceChange).toBeLessThan(AUTOSAVE_DELAY_MS);

    // ...and the image model is held back after the reload, to see the restore come first.
    let releaseModel!: () => void;
    const modelHeld = new Promise<void>((resolve) => (releaseModel = resolve));
    const modelJson = /\/models\/.*model\.json$/;
    const holdModel = async (route: Route) => {
      await modelHeld;
      await route.continue();
    };
    await page.context.route(modelJson, holdModel);
    await page.page.reload();
    await page.card('Quick').waitFor({ timeout: 20_000 });
    expect(await page.page.getByTestId('engine-phase').getAttribute('data-phase')).toBe('starting');
    expect(await page.classNames()).toEqual(['Class 1', 'Quick']);
    expect(await page.thumbCount('Class 1')).toBe(2);

    // An image added while the model loads waits for it and joins the restored project.
    await page.card('Quick').getByTestId('upload-input').setInputFiles([photos[2]!]);
    releaseModel();
    await engineReady(page.page);
    await page.waitForThumbs('Quick', 1);
    expect([await page.sampleCount('Class 1'), await page.sampleCount('Quick')]).toEqual([2, 1]);
    await page.context.unroute(modelJson, holdModel);

    // That image is saved too: it survives the next reload.
    await expect.poll(() => lastSave(page.page), { timeout: 10_000 }).toBeGreaterThan(changedAt);
    await page.page.reload();
    await page.card('Quick').waitFor({ timeout: 20_000 });
    await page.waitForThumbs('Quick', 1);
    expect([await page.thumbCount('Class 1'), await page.thumbCount('Quick')]).toEqual([2, 1]);
    expect((await storedProjects(page.page)).length).toBe(1);
  });

  it('on a full storage shows what to do, keeps the images and offers Save project', async () => {
    const page = await open();
    const cdp = await page.context.newCDPSession(page.page);
    const origin = new URL(app.url).origin;
    // Far less than one project file (images + embeddings): every IndexedDB write fails.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 });
    await page.upload('Class 1', photos.slice(0, 3));
    const notice = page.page.getByTestId('notice').filter({ hasText: 'storage is full' });
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute('data-level')).toBe('error');
    expect(await notice.innerText()).toMatch(/Nothing is lost.*press Save project/s);
    expect(await storedProjects(page.page)).toEqual([]);
    // Everything is still in the page.
    expect(await page.thumbCount('Class 1')).toBe(3);
    expect(await page.sampleCount('Class 1')).toBe(3);

    // The notice's button downloads the project, as the Project menu's Save project does.
    const [download] = await Promise.all([
      page.page.waitForEvent('download'),
      notice.getByRole('button', { name: 'Save project', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Untitled project.glimpse.zip');
    const path = await download.path();
    expect(path).toBeTruthy();

    // With room again (quota override removed), the next change is saved and says so.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await page.rename('Class 1', 'Rock');
    await page.page
      .getByTestId('notice')
      .filter({ hasText: 'Autosave works again' })
      .waitFor({ timeout: 15_000 });
    expect((await storedProjects(page.page)).map((p) => p.name)).toEqual(['Untitled project']);
  });
});
