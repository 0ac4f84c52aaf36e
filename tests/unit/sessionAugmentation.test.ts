import { describe, expect, it } from 'vitest';
import type { TrainingData } from '../../src/core/training/trainHead';
import { createSession } from '../../src/core/session/session';
import {
  augmentationSeed,
  embedFromThumbnails,
  embedWithVariants,
} from '../../src/core/session/augmentSamples';
import type { IncomingImage, SessionStore } from '../../src/core/session/sessionTypes';
import type { AugmentationOptions } from '../../src/core/preprocess/augment';
import { createFakeEngine } from '../support/fakeEngine';
import { createFakeExtractor } from '../support/fakeExtractor';
import { paintImage, solidImage } from '../support/pixels';

/** A left-to-right gradient: its mirror image embeds differently. */
const gradientImage = (w: number, h: number) => paintImage(w, h, (x, y) => [x * 20, y * 20, 100]);

const FLIP_CROP_LIGHT: AugmentationOptions = { flip: true, crops: 1, lights: 1 };

function images(n: number, rgb: readonly [number, number, number], tag: string): IncomingImage[] {
  return Array.from({ length: n }, (_, i) => ({
    pixels: solidImage(8, 8, [rgb[0] + i, rgb[1], rgb[2] - i]),
    thumbnail: `blob:${tag}-${i}`,
  }));
}

async function startedSession(augmentation?: AugmentationOptions) {
  const engine = createFakeEngine();
  const embedded: number[] = [];
  const trained: TrainingData[] = [];
  const embed = engine.embed.bind(engine);
  engine.embed = (pixels, options) => (embedded.push(pixels.length), embed(pixels, options));
  const train = engine.train.bind(engine);
  engine.train = (data, options, callbacks) => (
    trained.push(data),
    train(data, options, callbacks)
  );
  const decoded: string[] = [];
  const session = createSession({
    engine,
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    decodeThumbnail: async (url) => (decoded.push(url), gradientImage(10, 8)),
    readThumbnail: async () => new Uint8Array([1]),
    headOptions: { epochs: 3, ...(augmentation ? { augmentation } : {}) },
  });
  await session.start();
  return { session, engine, embedded, trained, decoded };
}

async function settled(session: SessionStore): Promise<void> {
  for (let i = 0; i < 200 && session.getSnapshot().ingest.active; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(session.getSnapshot().ingest.active).toBe(false);
}

const variantsOf = async (session: SessionStore) =>
  (await session.exportProject())!.samples.map((s) => s.augmented);

describe('augmented variants in the session', () => {
  it('seeds a sample’s variants from its id, so making them again gives the same embeddings', async () => {
    expect(augmentationSeed('s1')).toBe(augmentationSeed('s1'));
    expect(augmentationSeed('s1')).not.toBe(augmentationSeed('s2'));
    const extractor = createFakeExtractor();
    const engine = { embed: (p: Parameters<typeof extractor.embed>[0]) => extractor.embed(p) };
    const once = await embedWithVariants(
      engine,
      [{ id: 'a', pixels: gradientImage(10, 8) }],
      FLIP_CROP_LIGHT,
    );
    const again = await embedFromThumbnails(engine, ['a'], FLIP_CROP_LIGHT, {
      decode: async () => gradientImage(10, 8),
      originals: false,
    });
    expect(once.augmented[0]).toHaveLength(3);
    expect(again.embeddings.size).toBe(0);
    expect(again.augmented.get('a')).toEqual(once.augmented[0]);
  });

  it('embeds each added image’s variants in the same engine call and keeps them with the sample', async () => {
    const { session, embedded } = await startedSession(FLIP_CROP_LIGHT);
    const [red] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(red!, images(2, [200, 20, 20], 'r'), 'upload');
    expect(embedded).toEqual([2 * 4]);
    const variants = await variantsOf(session);
    expect(variants.map((v) => v?.length)).toEqual([3, 3]);
  });

  it('adds no variants with augmentation off (the default)', async () => {
    const { session, embedded } = await startedSession();
    const [red] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(red!, images(2, [200, 20, 20], 'r'), 'upload');
    expect(embedded).toEqual([2]);
    expect(await variantsOf(session)).toEqual([undefined, undefined]);
    expect(session.getSnapshot().headOptions.augmentation).toEqual({
      flip: false,
      crops: 0,
      lights: 0,
    });
  });

  it('makes the variants of existing samples from their thumbnails when augmentation is turned on, and drops them when it is turned off', async () => {
    const { session, decoded } = await startedSession();
    const [red, blue] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(red!, images(2, [200, 20, 20], 'r'), 'upload');
    await session.addImages(blue!, images(1, [20, 20, 200], 'b'), 'upload');
    const progress: number[] = [];
    const stop = session.subscribe(() => progress.push(session.getSnapshot().ingest.total));
    session.setHeadOptions({ augmentation: { flip: true, crops: 2, lights: 0 } });
    await settled(session);
    stop();
    expect(progress).toContain(3); // shown as images being added
    expect(decoded.sort()).toEqual(['blob:b-0', 'blob:r-0', 'blob:r-1']);
    expect((await variantsOf(session)).map((v) => v?.length)).toEqual([3, 3, 3]);

    session.setHeadOptions({ augmentation: { flip: false, crops: 0, lights: 0 } });
    await settled(session);
    expect(await variantsOf(session)).toEqual([undefined, undefined, undefined]);
  });

  it('trains with the variants of every sample, and makes them again after an image-model switch', async () => {
    const { session, trained } = await startedSession({ flip: true, crops: 0, lights: 0 });
    const [red, blue] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(red!, images(3, [200, 20, 20], 'r'), 'upload');
    await session.addImages(blue!, images(3, [20, 20, 200], 'b'), 'upload');
    await session.train();
    expect(session.getSnapshot().training.phase).toBe('trained');
    expect(trained[0]!.augmented?.map((v) => v.length)).toEqual([1, 1, 1, 1, 1, 1]);

    const before = await variantsOf(session);
    await session.setBackbone('mobilenet-v1-0.25-224');
    await settled(session);
    const after = await variantsOf(session);
    expect(after.map((v) => v?.length)).toEqual([1, 1, 1, 1, 1, 1]);
    after.forEach((v, i) => expect(v).not.toBe(before[i]));
  });

  it('Stop ends the making of variants for existing samples: none of that run are kept, with a notice', async () => {
    const engine = createFakeEngine();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const session = createSession({
      engine,
      startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
      decodeThumbnail: async () => (await held, gradientImage(10, 8)),
      readThumbnail: async () => new Uint8Array([1]),
    });
    await session.start();
    const [red] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(red!, images(20, [200, 20, 20], 'r'), 'upload');
    session.setHeadOptions({ augmentation: FLIP_CROP_LIGHT });
    expect(session.getSnapshot().ingest.active).toBe(true);
    session.cancelIngest();
    release();
    await settled(session);
    expect((await variantsOf(session)).every((v) => v === undefined)).toBe(true);
    expect(
      session
        .getSnapshot()
        .notices.map((n) => n.text)
        .join(' '),
    ).toContain('Stopped making image variants');
  });
});
