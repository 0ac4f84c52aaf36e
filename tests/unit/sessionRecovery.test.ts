/**
 * The session when its engine lost the GPU and moved to another backend mid-training: the user
 * is told, the backend shown is the new one, the run's chart starts over, nothing is lost.
 */
import { describe, expect, it } from 'vitest';
import type { BackendRecovery } from '../../src/core/engine/engine';
import { createSession } from '../../src/core/session/session';
import type { IncomingImage } from '../../src/core/session/sessionTypes';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

const images = (n: number, rgb: [number, number, number]): IncomingImage[] =>
  Array.from({ length: n }, (_, i) => ({
    pixels: solidImage(8, 8, [rgb[0] + i, rgb[1], rgb[2] - i]),
    thumbnail: `blob:${rgb.join('-')}-${i}`,
  }));

/** A fake engine whose first training run is interrupted by a recovery after 3 epochs. */
function recoveringFake(recovery: BackendRecovery) {
  const fake = createFakeEngine();
  const listeners = new Set<(r: BackendRecovery) => void>();
  let interrupted = false;
  const engine = {
    ...fake,
    onRecovered(listener: (r: BackendRecovery) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async train(...args: Parameters<typeof fake.train>) {
      if (!interrupted) {
        interrupted = true;
        for (let epoch = 1; epoch <= 3; epoch++) args[2]?.onEpoch?.({ epoch, loss: 1, acc: 0.5 });
        for (const listener of listeners) listener(recovery);
      }
      return fake.train(...args);
    },
  };
  return { engine, listeners };
}

const LOST: BackendRecovery = {
  lost: 'webgl',
  reason: 'the WebGL context was lost',
  backend: { active: 'wasm', forced: false, skipped: [{ name: 'webgl', reason: 'lost' }] },
};

describe('session after a lost GPU', () => {
  it('says the training started again on WASM, shows WASM, restarts the chart and keeps every image', async () => {
    const { engine, listeners } = recoveringFake(LOST);
    const session = createSession({
      engine,
      startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
      headOptions: { epochs: 6, smallData: null, earlyStopping: null, validationFraction: 0 },
    });
    await session.start();
    const [a, b] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(a!, images(5, [220, 30, 30]), 'upload');
    await session.addImages(b!, images(5, [30, 30, 220]), 'webcam');

    await session.train();

    const snap = session.getSnapshot();
    expect(snap.training.phase).toBe('trained');
    expect(snap.training.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(snap.engine.backend?.active).toBe('wasm');
    expect(snap.notices.map((n) => [n.level, n.text])).toEqual([
      [
        'warning',
        'The graphics processor stopped working for Glimpse (the WebGL context was lost). ' +
          'Glimpse switched from WebGL to WebAssembly (WASM) and started the training again ' +
          'there. Your classes and images are unchanged; it may run more slowly.',
      ],
    ]);
    expect(snap.classes.map((c) => c.sampleIds.length)).toEqual([5, 5]);
    session.dispose();
    expect(listeners.size).toBe(0);
  });

  it('says the images are kept and what to do when no other backend starts', async () => {
    const { engine } = recoveringFake({ ...LOST, backend: null, error: 'wasm: broken' });
    const session = createSession({ engine, startOptions: { backboneId: 'x' } });
    await session.start();
    const [a, b] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(a!, images(3, [220, 30, 30]), 'upload');
    await session.addImages(b!, images(3, [30, 30, 220]), 'upload');
    await session.train();
    const snap = session.getSnapshot();
    expect(snap.engine.phase).toBe('failed');
    expect(snap.notices.at(-1)).toMatchObject({ level: 'error' });
    expect(snap.notices.at(-1)!.text).toContain(
      'Your classes and images are kept: save the project, then reload the page.',
    );
    expect(snap.classes.map((c) => c.sampleIds.length)).toEqual([3, 3]);
    session.dispose();
  });
});
