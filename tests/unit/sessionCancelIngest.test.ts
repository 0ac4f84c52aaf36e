/**
 * Stopping images being added: a 40-image upload handed over in chunks (as the uploader does),
 * stopped while its second chunk is embedded.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors';
import { INGEST_CANCEL_GRACE_MS } from '../../src/core/session/ingestCanceller';
import { createSession } from '../../src/core/session/session';
import type { IncomingImage } from '../../src/core/session/sessionTypes';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

const images = (n: number, tag: string): IncomingImage[] =>
  Array.from({ length: n }, (_, i) => ({
    pixels: solidImage(8, 8, [200, 20 + i, 20]),
    thumbnail: `blob:${tag}-${i}`,
  }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A session whose engine holds each embed until `release()` and honours the abort signal. */
async function gatedSession() {
  const fake = createFakeEngine();
  const waiting: (() => void)[] = [];
  const engine = {
    ...fake,
    async embed(...[pixels, options]: Parameters<typeof fake.embed>) {
      await new Promise<void>((resolve) => waiting.push(resolve));
      if (options?.signal?.aborted) throw new CancelledError('Adding images');
      return fake.embed(pixels, options);
    },
  };
  const released: string[] = [];
  const session = createSession({
    engine,
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    releaseThumbnail: (url) => released.push(url),
  });
  await session.start();
  const release = async () => {
    while (!waiting.length) await sleep(1);
    waiting.shift()!();
  };
  return { session, release, released };
}

describe('stopping images being added', () => {
  it('keeps the chunk already added, drops the one in flight and the rest, and says how many', async () => {
    const { session, release, released } = await gatedSession();
    const classId = session.getSnapshot().classes[0]!.id;
    const chunks = [images(16, 'a'), images(16, 'b'), images(8, 'c')];
    const results: string[][] = [];
    let upload = Promise.resolve();
    for (const chunk of chunks) {
      upload = upload.then(async () => {
        results.push(await session.addImages(classId, chunk, 'upload'));
      });
    }
    await release(); // chunk a is embedded
    while (results.length < 1) await sleep(1);
    expect(session.getSnapshot().classes[0]!.sampleIds).toHaveLength(16);

    session.cancelIngest(); // while chunk b waits in the engine
    expect(session.getSnapshot().ingest).toMatchObject({ active: true, cancelling: true });
    await release();
    await upload;
    expect(results.map((ids) => ids.length)).toEqual([16, 0, 0]);
    expect(session.getSnapshot().notices).toEqual([]);

    await sleep(INGEST_CANCEL_GRACE_MS + 100);
    const snap = session.getSnapshot();
    expect(snap.classes[0]!.sampleIds).toHaveLength(16);
    expect(snap.ingest).toEqual({ active: false, done: 0, total: 0, rejected: [] });
    expect(snap.notices.map((n) => [n.level, n.text])).toEqual([
      [
        'info',
        'Stopped adding images: 24 images not added. The 16 images added before you pressed Stop are kept.',
      ],
    ]);
    expect(released.sort()).toEqual(
      [...chunks[1]!, ...chunks[2]!].map((img) => img.thumbnail).sort(),
    );

    // New images are taken again.
    const adding = session.addImages(classId, images(2, 'd'), 'upload');
    await release();
    expect(await adding).toHaveLength(2);
    expect(session.getSnapshot().classes[0]!.sampleIds).toHaveLength(18);
    session.dispose();
  });

  it('does nothing when no images are being added', async () => {
    const { session, release } = await gatedSession();
    session.cancelIngest();
    const classId = session.getSnapshot().classes[0]!.id;
    const adding = session.addImages(classId, images(3, 'a'), 'upload');
    await release();
    expect(await adding).toHaveLength(3);
    expect(session.getSnapshot().notices).toEqual([]);
    expect(session.getSnapshot().ingest.cancelling).toBeUndefined();
    session.dispose();
  });
});
