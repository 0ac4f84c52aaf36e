/**
 * Hostile input through the real trainer (production build, WASM, real rock-paper-scissors
 * photos): the whole generated hostile set (support/hostileImages.ts) uploaded into a class among
 * good photos, and class names carrying markup, scripts, right-to-left text, emoji, 1,000
 * characters, duplicates and nothing at all. Nothing may crash, run, inject or get lost.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';
import { TrainerPage } from './pages/TrainerPage';
import { startApp, type AppServer } from './support/appServer';
import { hostileFiles, type HostileFile } from './support/hostileImages';

const sharedReady = haveShared();
const chromiumPath = haveChromium();
const PER_CLASS = 6;
const mimeOf = (path: string) => (/\.jpe?g$/i.test(path) ? 'image/jpeg' : 'image/png');

/** Class names that would run script or inject elements if rendered as HTML. */
const IMG_PAYLOAD = '<img src=x onerror="window.__pwned=\'img\'">';
const SCRIPT_PAYLOAD = '<script>window.__pwned="script"</script>';
const RTL_EMOJI = 'حجر 🪨 <b>ورقة</b> &amp; ✂️';

describe.skipIf(!sharedReady || !chromiumPath)('hostile input in the trainer (WASM)', () => {
  let app: AppServer;
  let browser: Browser;
  let page: TrainerPage;
  let hostile: HostileFile[];
  const dialogs: string[] = [];
  const data = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: PER_CLASS })
    : null;
  const train = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);

  const card = (index: number) => page.cards().nth(index);
  const names = () => page.classNames();

  /** Clicks the name of the class at `index`, types `name` and presses Enter. */
  const rename = async (index: number, name: string) => {
    await card(index).locator('.class-name-button').click();
    const input = card(index).locator('.class-name-input');
    await input.fill(name);
    await input.press('Enter');
    await input.waitFor({ state: 'detached' });
  };

  /** Uploads files (paths or generated) to the class at `index` and waits for `expected` thumbnails. */
  const upload = async (index: number, files: (string | HostileFile)[], expected: number) => {
    await card(index)
      .getByTestId('upload-input')
      .setInputFiles(
        files.map((file) =>
          typeof file === 'string'
            ? { name: basename(file), mimeType: mimeOf(file), buffer: readFileSync(file) }
            : { name: file.name, mimeType: file.type, buffer: file.bytes },
        ),
      );
    await card(index)
      .getByTestId('sample-thumb')
      .nth(expected - 1)
      .waitFor({ timeout: 120_000 });
    await page.page.getByTestId('ingest-progress').waitFor({ state: 'detached', timeout: 120_000 });
  };

  beforeAll(async () => {
    [app, browser, hostile] = await Promise.all([
      startApp(MODELS_DIR),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
      hostileFiles(),
    ]);
    page = await TrainerPage.open(browser, app.url, '?backend=wasm');
    page.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await app?.close();
  });

  it('shows hostile class names as text and refuses empty, duplicate and over-long ones', async () => {
    await rename(0, IMG_PAYLOAD);
    await rename(1, SCRIPT_PAYLOAD);
    await page.page.getByTestId('add-class').click();
    await card(2).waitFor();
    expect((await names())[2]).toBe('Class 3');

    // 1,000 characters: the field takes 60, and the card shows them on one (ellipsised) line.
    await rename(2, 'x'.repeat(1000));
    expect((await names())[2]).toBe('x'.repeat(60));
    const nameBox = await card(2).locator('.class-name-button').boundingBox();
    const cardBox = await card(2).boundingBox();
    expect(nameBox!.x + nameBox!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);

    // Another class's name (in other case and spacing) and an empty name keep the old name.
    await rename(2, `  ${SCRIPT_PAYLOAD.toUpperCase()} `);
    expect((await names())[2]).toBe('x'.repeat(60));
    expect(await card(2).getByTestId('class-name-problem').innerText()).toBe(
      `Another class is already called “${SCRIPT_PAYLOAD.toUpperCase()}”. It stays “${'x'.repeat(60)}”.`,
    );
    await rename(2, '   ');
    expect(await card(2).getByTestId('class-name-problem').innerText()).toBe(
      `A class needs a name. It stays “${'x'.repeat(60)}”.`,
    );

    await rename(2, RTL_EMOJI);
    expect(await card(2).getByTestId('class-name-problem').count()).toBe(0);
    expect(await names()).toEqual([IMG_PAYLOAD, SCRIPT_PAYLOAD, RTL_EMOJI]);
    // Each heading holds its button and nothing else: the markup stayed text.
    expect(
      await page.page
        .locator('h3.class-name')
        .evaluateAll((hs) => hs.map((h) => h.children.length)),
    ).toEqual([1, 1, 1]);
    expect(
      await page.page.evaluate(() => document.querySelectorAll('img[onerror], b').length),
    ).toBe(0);
  });

  it('keeps every good photo and valid image, names each bad file with its reason, and still trains', async () => {
    const kept = hostile.filter((file) => 'kept' in file.outcome);
    const bad = hostile.filter((file) => 'reason' in file.outcome);
    // The hostile set among the good rock photos: good, hostile, good, hostile…
    const rocks = train('rock');
    const mixed = hostile.flatMap((file, i) => (i < rocks.length ? [rocks[i]!, file] : [file]));
    const t0 = Date.now();
    await upload(0, mixed, rocks.length + kept.length);
    console.info(
      `${mixed.length} files (${hostile.length} hostile) read and embedded in ${Date.now() - t0} ms`,
    );
    expect(await page.rejectedFiles()).toEqual(
      bad.map((file) => `${file.name}: ${(file.outcome as { reason: string }).reason}`),
    );
    await upload(1, train('paper'), PER_CLASS);
    await upload(2, train('scissors'), PER_CLASS);
    // 0 samples lost: every good photo and every valid hostile image is in its class.
    expect(await page.classCounts()).toEqual([
      [IMG_PAYLOAD, rocks.length + kept.length],
      [SCRIPT_PAYLOAD, PER_CLASS],
      [RTL_EMOJI, PER_CLASS],
    ]);

    await expect.poll(() => page.trainButton().isEnabled()).toBe(true);
    await page.train();
    const heldOut = data!.test.find((image) => image.className === 'paper')!;
    await page.classify(heldOut.path);
    const top = await page.topClassName();
    expect([IMG_PAYLOAD, SCRIPT_PAYLOAD, RTL_EMOJI]).toContain(top);
    expect(
      await page.page.getByTestId('prediction-bar').locator('.bar-label').allInnerTexts(),
    ).toEqual(expect.arrayContaining([expect.stringContaining(SCRIPT_PAYLOAD)]));
    expect((await page.classCounts()).map(([, n]) => n)).toEqual([
      rocks.length + kept.length,
      PER_CLASS,
      PER_CLASS,
    ]);
  });

  it('ran no script, opened no dialog, injected no element and logged no error', async () => {
    const injected = await page.page.evaluate(() => ({
      pwned: (window as { __pwned?: unknown }).__pwned ?? null,
      svg: 'svgScriptRan' in window,
      elements: document.querySelectorAll('img[onerror], img[src="x"], b, svg script').length,
      inlineScripts: [...document.scripts].filter((s) => s.textContent?.includes('__pwned')).length,
    }));
    expect(injected).toEqual({ pwned: null, svg: false, elements: 0, inlineScripts: 0 });
    expect(dialogs).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(page.externalRequests()).toEqual([]);
  });
});
