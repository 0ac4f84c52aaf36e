import { describe, expect, it } from 'vitest';
import { fitsBasis, nearestClass, projectPoint } from '../../src/core/analysis/embeddingMap';
import { createSession } from '../../src/core/session/session';
import type { IncomingImage } from '../../src/core/session/sessionTypes';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

function images(n: number, rgb: readonly [number, number, number], tag: string): IncomingImage[] {
  return Array.from({ length: n }, (_, i) => ({
    pixels: solidImage(8, 8, [rgb[0] + (i % 5) * 3, rgb[1] + (i % 3) * 4, rgb[2] - (i % 5) * 2]),
    thumbnail: `blob:${tag}-${i}`,
    name: `${tag}-${i}.png`,
  }));
}

async function startedSession() {
  const session = createSession({
    engine: createFakeEngine(),
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    decodeThumbnail: async () => solidImage(8, 8, [100, 100, 100]),
  });
  await session.start();
  const [red, blue] = session.getSnapshot().classes.map((c) => c.id);
  return { session, red: red!, blue: blue! };
}

describe('session embedding map', () => {
  it('maps every sample with its class and recomputes only after the data changes', async () => {
    const { session, red, blue } = await startedSession();
    expect(session.embeddingMap().points).toEqual([]);
    await session.addImages(red, images(6, [220, 30, 30], 'r'), 'upload');
    await session.addImages(blue, images(5, [30, 30, 220], 'b'), 'upload');
    const map = session.embeddingMap();
    expect(map.points).toHaveLength(11);
    expect(map.points.filter((p) => p.classId === red)).toHaveLength(6);
    expect(session.embeddingMap()).toBe(map);
    session.renameClass(red, 'Red');
    expect(session.embeddingMap()).toBe(map);
    const moved = map.points.find((p) => p.classId === blue)!.sampleId;
    session.moveSample(moved, red);
    const next = session.embeddingMap();
    expect(next).not.toBe(map);
    expect(next.points.find((p) => p.sampleId === moved)!.classId).toBe(red);
  });

  it('keeps the latest classified image’s embedding for the live dot, next to the map', async () => {
    const { session, red, blue } = await startedSession();
    await session.addImages(red, images(6, [220, 30, 30], 'r'), 'upload');
    await session.addImages(blue, images(6, [30, 30, 220], 'b'), 'upload');
    expect(session.getSnapshot().liveEmbedding).toBeNull();
    await session.classify(solidImage(8, 8, [230, 25, 25]));
    const live = session.getSnapshot().liveEmbedding;
    expect(live).toBeInstanceOf(Float32Array);
    const map = session.embeddingMap();
    expect(fitsBasis(map.basis, live)).toBe(true);
    expect(nearestClass(map.points, projectPoint(map.basis!, live!))).toBe(red);
  });

  it('forgets the live embedding and the axes when the image model changes', async () => {
    const { session, red, blue } = await startedSession();
    await session.addImages(red, images(4, [220, 30, 30], 'r'), 'upload');
    await session.addImages(blue, images(4, [30, 30, 220], 'b'), 'upload');
    await session.classify(solidImage(8, 8, [230, 25, 25]));
    const before = session.embeddingMap();
    await session.setBackbone('mobilenet-v1-0.25-224-graph');
    expect(session.getSnapshot().liveEmbedding).toBeNull();
    expect(session.embeddingMap()).not.toBe(before);
    expect(session.embeddingMap().points).toHaveLength(8);
  });
});
