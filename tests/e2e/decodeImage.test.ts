/**
 * src/platform/decodeImage in real Chromium: the Vite dev server serves the module and a blank
 * page imports it, so no app start-up (and no TF.js) is involved.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { startDevServer, type AppServer } from './support/appServer';

const chromiumPath = haveChromium();

/** What the page sends back: the pixels, or the error's name, code and message. */
type Decoded =
  | { ok: true; width: number; height: number; data: number[] }
  | { ok: false; name: string; code: string; message: string };

/** An RGB image, `width`×`height`, red in its left half and blue in its right half. */
function halves(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      pixels.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
    }
  }
  return pixels;
}

type DecodeForTest = (bytes: number[], name: string, type: string) => Promise<Decoded>;

/**
 * A blank same-origin page that imports the module under test and exposes `decodeForTest`.
 * (Inline so that Vitest does not rewrite its dynamic import.)
 */
const PAGE = `<!doctype html><title>decodeImage</title>
<script type="module">
  import { decodeImage } from '/src/platform/decodeImage.ts';
  window.decodeForTest = async (bytes, name, type) => {
    try {
      const image = await decodeImage(new File([new Uint8Array(bytes)], name, { type }));
      return { ok: true, width: image.width, height: image.height, data: Array.from(image.data) };
    } catch (error) {
      return { ok: false, name: error.name, code: error.code ?? '', message: error.message };
    }
  };
</script>`;

/** RGBA of pixel (x, y). */
function at(image: Extract<Decoded, { ok: true }>, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return image.data.slice(i, i + 4);
}

describe.skipIf(!chromiumPath)('decodeImage in Chromium', () => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;

  /** Decodes `bytes` as a File named `name` in the page (see PAGE). */
  const decode = (bytes: Uint8Array, name: string, type: string): Promise<Decoded> =>
    page.evaluate(
      ({ bytes, name, type }) =>
        (window as unknown as { decodeForTest: DecodeForTest }).decodeForTest(bytes, name, type),
      { bytes: Array.from(bytes), name, type },
    );

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startDevServer(),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
    ]);
    page = await browser.newPage();
    // A same-origin page of our own: the app itself is not started.
    const url = `${server.url}__decode-test.html`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
    await page.goto(url);
    await page.waitForFunction(() => 'decodeForTest' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('decodes a PNG into exact RGBA pixels', async () => {
    const png = await sharp(halves(4, 2), { raw: { width: 4, height: 2, channels: 3 } })
      .png()
      .toBuffer();
    const image = await decode(png, 'halves.png', 'image/png');
    expect(image).toMatchObject({ ok: true, width: 4, height: 2 });
    if (!image.ok) return;
    expect(image.data).toHaveLength(4 * 2 * 4);
    expect(at(image, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(at(image, 3, 1)).toEqual([0, 0, 255, 255]);
  });

  it('turns a photo upright as its EXIF orientation says', async () => {
    // Stored 32×16, red left and blue right; orientation 6 means "rotate 90° clockwise to view",
    // so the upright image is 16×32 with red on top and blue at the bottom.
    const jpeg = await sharp(halves(32, 16), { raw: { width: 32, height: 16, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const image = await decode(jpeg, 'rotated.jpg', 'image/jpeg');
    expect(image).toMatchObject({ ok: true, width: 16, height: 32 });
    if (!image.ok) return;
    const [topRed, , topBlue] = at(image, 8, 2);
    const [bottomRed, , bottomBlue] = at(image, 8, 29);
    expect(topRed).toBeGreaterThan(200);
    expect(topBlue).toBeLessThan(60);
    expect(bottomBlue).toBeGreaterThan(200);
    expect(bottomRed).toBeLessThan(60);
  });

  it('rejects a file that is not an image with an UndecodableImageError naming the file', async () => {
    const text = new TextEncoder().encode('these are notes, not pixels');
    const result = await decode(text, 'notes.txt', 'image/png');
    expect(result).toMatchObject({
      ok: false,
      name: 'UndecodableImageError',
      code: 'undecodable-image',
    });
    if (result.ok) return;
    expect(result.message).toContain('"notes.txt"');
  });
});
