/**
 * The Embedding map in real headless Chromium (WASM backend, production build): real rock, paper
 * and scissors photos land as dots in three colours, the classes separate on the map, and the
 * live webcam frame (a fake camera alternating rock and paper photos) is a marker that moves.
 */
import { describe, expect, it } from 'vitest';
import { haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared } from '../support/shared';
import { EmbeddingMapView } from './pages/EmbeddingMapView';
import type { TrainerPage } from './pages/TrainerPage';
import { useTrainerApp } from './support/trainerApp';

const PER_CLASS = 8;
const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('Embedding map in Chromium (WASM)', () => {
  const data = sharedReady
    ? loadDataset('rock-paper-scissors', { perClassTrain: PER_CLASS })
    : null;
  const train = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);
  const test = (c: string) => data!.test.filter((i) => i.className === c).map((i) => i.path);

  const e2e = useTrainerApp({
    // The camera alternates held-out rock and paper photos, about a second each.
    cameraPhotos: () => [0, 1, 2].flatMap((k) => [test('rock')[k * 5]!, test('paper')[k * 5]!]),
  });
  let page: TrainerPage | null = null;

  it('shows every photo as a dot in its class colour, separates the classes, and moves the live dot with the webcam', async () => {
    page = await e2e.open('?backend=wasm');
    const map = new EmbeddingMapView(page.page);
    await page.rename('Class 1', 'rock');
    await page.rename('Class 2', 'paper');
    await page.addClass('scissors');
    for (const c of ['rock', 'paper', 'scissors']) await page.upload(c, train(c));

    // N dots in C colours: what the panel says, and what its canvas shows.
    await expect
      .poll(() => map.counts(), { timeout: 20_000 })
      .toEqual({ dots: 3 * PER_CLASS, classes: 3 });
    expect(await map.summary()).toBe(`2-D map of ${3 * PER_CLASS} images in 3 classes.`);
    const colours = await map.legendColours();
    expect(new Set(colours).size).toBe(3);
    const blobs = await map.blobs(colours);
    for (const blob of blobs) expect(blob.pixels, blob.color).toBeGreaterThan(20);

    // Real photos separate: each pair of class centres is farther apart than the classes' spread.
    const pairs = [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const;
    const gaps = pairs.map(([a, b]) => {
      const [p, q] = [blobs[a]!, blobs[b]!];
      return { gap: Math.hypot(p.cx - q.cx, p.cy - q.cy), spread: (p.spread + q.spread) / 2 };
    });
    console.info(`map class gaps vs spread (px): ${JSON.stringify(gaps)}`);
    for (const { gap, spread } of gaps) expect(gap).toBeGreaterThan(spread);

    // The live webcam: a marker appears on the map and moves as the camera changes photos.
    await page.page.getByTestId('live-toggle').click();
    await expect.poll(() => map.live(), { timeout: 30_000 }).not.toBeNull();
    const seen: { x: number; y: number; drawn: boolean }[] = [];
    const until = Date.now() + 8_000;
    while (Date.now() < until) {
      const at = await map.live();
      if (at) seen.push(at);
      await page.page.waitForTimeout(250);
    }
    expect(seen.every((s) => s.drawn)).toBe(true);
    const xs = seen.map((s) => s.x);
    const ys = seen.map((s) => s.y);
    const travel = Math.hypot(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
    console.info(`live dot: ${seen.length} readings, travelled ${travel.toFixed(1)} px`);
    expect(travel).toBeGreaterThan(10);
    expect(await map.summary()).toMatch(
      /; the live frame is closest to “(rock|paper|scissors)”\.$/,
    );
    await page.screenshot('embedding-map');
    await page.page.getByTestId('live-toggle').click();
  });
});
