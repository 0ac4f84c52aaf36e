/**
 * Hostile image files through the browser platform's readFiles in real Chromium (the harness of
 * platform.test.ts): every kind of support/hostileImages.ts is kept or refused with its own
 * reason, and what is kept is the same upright picture as Node's decoder (src/node) gives, in
 * the pixels that get embedded and in the thumbnail.
 */
import { chromium, type Browser, type JSHandle } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, haveChromium } from '../support/chromium';
import { preprocess } from '../../src/core/preprocess/preprocess';
import type { PixelBuffer } from '../../src/core/types';
import { decodeImageBytes } from '../../src/node/decodeImageFile';
import type { AppServer } from './support/appServer';
import { hostileFiles, orientedJpeg, QUADRANTS, type HostileFile } from './support/hostileImages';
import type { FileSpec, PlatformHarness } from './support/platformHarness';
import { openHarness, startPlatformServer } from './support/platformServer';

const chromiumPath = haveChromium();

/** Where the four quadrants are probed, as fractions of width and height. */
const SPOTS = {
  topLeft: [0.25, 0.25],
  topRight: [0.75, 0.25],
  bottomLeft: [0.25, 0.75],
  bottomRight: [0.75, 0.75],
} as const;
type Spot = keyof typeof SPOTS;
type Probes = Record<Spot, number[]>;

/** A kept image as the page reports it: its pixels, and RGBA probes of its thumbnail. */
interface ReadBack {
  name: string;
  width: number;
  height: number;
  data: number[];
  thumbnail: Probes;
}

/** RGBA at the four quadrant spots of `image`. */
function probe(image: { width: number; height: number; data: ArrayLike<number> }): Probes {
  const at = ([fx, fy]: readonly [number, number]) => {
    const i = (Math.floor(image.height * fy) * image.width + Math.floor(image.width * fx)) * 4;
    return [0, 1, 2, 3].map((c) => image.data[i + c]!);
  };
  return {
    topLeft: at(SPOTS.topLeft),
    topRight: at(SPOTS.topRight),
    bottomLeft: at(SPOTS.bottomLeft),
    bottomRight: at(SPOTS.bottomRight),
  };
}

/** Largest per-channel difference (RGB) between two probe sets. */
function maxDifference(a: Probes, b: Probes): number {
  return Math.max(
    ...(Object.keys(SPOTS) as Spot[]).flatMap((spot) =>
      [0, 1, 2].map((c) => Math.abs(a[spot][c]! - b[spot][c]!)),
    ),
  );
}

const upright: Probes = {
  topLeft: [...QUADRANTS.topLeft, 255],
  topRight: [...QUADRANTS.topRight, 255],
  bottomLeft: [...QUADRANTS.bottomLeft, 255],
  bottomRight: [...QUADRANTS.bottomRight, 255],
};

const spec = (file: Pick<HostileFile, 'name' | 'type' | 'bytes'>): FileSpec => ({
  name: file.name,
  type: file.type,
  base64: file.bytes.toString('base64'),
});

describe.skipIf(!chromiumPath)('hostile image files in the browser platform', () => {
  let server: AppServer;
  let browser: Browser;
  let harness: JSHandle<PlatformHarness>;
  let pageErrors: string[];
  let hostile: HostileFile[];

  /** Reads the files with the platform; kept images come back whole, with thumbnail probes. */
  const readBack = (files: Pick<HostileFile, 'name' | 'type' | 'bytes'>[]) =>
    harness.evaluate(
      async (h, { specs, spots }) => {
        const result = await h.platform.readFiles(await Promise.all(specs.map(h.makeFile)));
        const images = [];
        for (const image of result.images) {
          const bitmap = await createImageBitmap(await (await fetch(image.thumbnail)).blob());
          const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
          context.drawImage(bitmap, 0, 0);
          const thumbnail = Object.fromEntries(
            Object.entries(spots).map(([spot, [fx, fy]]) => [
              spot,
              Array.from(context.getImageData(bitmap.width * fx, bitmap.height * fy, 1, 1).data),
            ]),
          );
          bitmap.close();
          h.platform.releaseThumbnail(image.thumbnail);
          const { width, height, data } = image.pixels;
          images.push({ name: image.name, width, height, data: Array.from(data), thumbnail });
        }
        return { images: images as ReadBack[], rejected: result.rejected };
      },
      { specs: files.map(spec), spots: SPOTS },
    );

  beforeAll(async () => {
    [server, browser, hostile] = await Promise.all([
      startPlatformServer(),
      chromium.launch({ executablePath: chromiumPath!, args: [...CHROMIUM_ARGS] }),
      hostileFiles(),
    ]);
    ({ harness, errors: pageErrors } = await openHarness(await browser.newContext(), server));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps every valid kind and refuses every bad one with its own specific reason', async () => {
    const { images, rejected } = await readBack(hostile);
    const kept = hostile.filter((file) => 'kept' in file.outcome);
    expect(images.map((image) => image.name)).toEqual(kept.map((file) => file.name));
    expect(rejected).toEqual(
      hostile.flatMap(({ name, outcome }) =>
        'reason' in outcome ? [{ name, reason: outcome.reason }] : [],
      ),
    );
    // Each refusal says what is wrong with that file: no two kinds share a vague reason.
    const reasons = new Set(rejected.map((file) => file.reason));
    expect(reasons.size).toBeGreaterThanOrEqual(9);
    for (const image of images) expect(image.width * image.height).toBeGreaterThan(0);
    // The SVGs were never rendered, so their script never ran.
    expect(await harness.evaluate(() => 'svgScriptRan' in window)).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('shows and embeds a photo stored under each EXIF orientation 1–8 as the upright picture', async () => {
    const files = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map(async (n) => ({
        name: `exif-${n}.jpg`,
        type: 'image/jpeg',
        bytes: await orientedJpeg(n),
      })),
    );
    const { images, rejected } = await readBack(files);
    expect(rejected).toEqual([]);
    for (const [i, image] of images.entries()) {
      const node = await decodeImageBytes(files[i]!.bytes);
      const label = `orientation ${i + 1}`;
      expect({ width: image.width, height: image.height }, label).toEqual({
        width: 48,
        height: 32,
      });
      expect({ width: node.width, height: node.height }, label).toEqual({ width: 48, height: 32 });
      // The pixels the model embeds, the thumbnail and Node's decode all show the upright picture.
      expect(maxDifference(probe(image), upright), `${label}: pixels`).toBeLessThan(24);
      expect(maxDifference(image.thumbnail, upright), `${label}: thumbnail`).toBeLessThan(24);
      expect(maxDifference(probe(node), upright), `${label}: Node`).toBeLessThan(24);
    }
  });

  it('decodes CMYK, 16-bit, grayscale, AVIF, WebP and animated GIF files like Node does', async () => {
    const names = [
      'print-cmyk.jpg',
      'deep-16bit.png',
      'gray.jpg',
      'gray.png',
      'modern.avif',
      'web.webp',
      'animated.gif',
    ];
    const files = names.map((name) => hostile.find((file) => file.name === name)!);
    const { images, rejected } = await readBack(files);
    expect(rejected).toEqual([]);
    expect(images.map((image) => image.name)).toEqual(names);
    for (const [i, image] of images.entries()) {
      const node = await decodeImageBytes(files[i]!.bytes);
      expect({ width: image.width, height: image.height }).toEqual({
        width: node.width,
        height: node.height,
      });
      // CMYK goes through the file's ICC profile in both, with different rendering intents.
      const tolerance = image.name === 'print-cmyk.jpg' ? 48 : 12;
      expect(maxDifference(probe(image), probe(node)), image.name).toBeLessThan(tolerance);
      expect(maxDifference(image.thumbnail, probe(node)), image.name).toBeLessThan(tolerance);
    }
    const gray = images.find((image) => image.name === 'gray.png')!;
    for (const [r, g, b] of Object.values(probe(gray))) expect(r === g && g === b).toBe(true);
    // An animated GIF is its first frame: red everywhere (the second frame is blue).
    expect(probe(images.at(-1)!).bottomRight.slice(0, 3)).toEqual([255, 0, 0]);
  });

  it('composites a transparent PNG on white, as the model input and the thumbnail, like Node', async () => {
    const file = hostile.find((f) => f.name === 'transparent.png')!;
    const { images } = await readBack([file]);
    const browserPixels: PixelBuffer = { ...images[0]!, data: Uint8Array.from(images[0]!.data) };
    const nodePixels = await decodeImageBytes(file.bytes);
    // The model input: the spec composites alpha onto white, in the browser and in Node alike.
    const identity = { scale: 1, offset: 0 };
    const inBrowser = preprocess(browserPixels, 32, identity);
    const inNode = preprocess(nodePixels, 32, identity);
    let worst = 0;
    for (let i = 0; i < inNode.length; i++) {
      worst = Math.max(worst, Math.abs(inBrowser[i]! - inNode[i]!));
    }
    expect(worst).toBeLessThanOrEqual(2);
    const at = (x: number, y: number) =>
      Array.from(inNode.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3));
    expect(at(24, 8)).toEqual([255, 255, 255]); // alpha 0: white
    expect(at(24, 24).map(Math.round)).toEqual([255, 255, 127]); // yellow at alpha 128
    // The thumbnail is composited the same way.
    const { topRight, bottomRight } = images[0]!.thumbnail;
    expect(
      maxDifference(
        { ...upright, topRight, bottomRight },
        { ...upright, topRight: [255, 255, 255], bottomRight: [255, 255, 127] },
      ),
    ).toBeLessThan(6);
  });
});
