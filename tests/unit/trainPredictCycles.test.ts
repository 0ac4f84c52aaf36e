/**
 * Long-running use: 1,000 train + predict cycles through the session (fake extractor, real head
 * on the WASM backend) leave the tensor count where it started and the JS heap bounded.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/core/session/session';
import type { IncomingImage } from '../../src/core/session/sessionTypes';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

const CYCLES = 1000;
const WARM_UP = 20;
/** Heap growth allowed over the 1,000 cycles after a forced collection. */
const HEAP_SLACK_MB = 8;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function images(n: number, rgb: [number, number, number], tag: string): IncomingImage[] {
  return Array.from({ length: n }, (_, i) => ({
    pixels: solidImage(8, 8, [rgb[0] + (i % 7), rgb[1] + (i % 3), rgb[2] - (i % 5)]),
    thumbnail: `blob:${tag}-${i}`,
    name: `${tag}-${i}.png`,
  }));
}

describe('1,000 train and predict cycles', () => {
  it('keep the tensor count flat and the JS heap bounded', async () => {
    const engine = createFakeEngine();
    const session = createSession({
      engine,
      startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
      // A few epochs, a held-out set (so every cycle also evaluates), no cross-validation.
      headOptions: { epochs: 3, hiddenUnits: 16, smallData: null, earlyStopping: null },
    });
    await session.start();
    const [red, blue] = session.getSnapshot().classes.map((c) => c.id);
    await session.addImages(red!, images(20, [220, 30, 30], 'r'), 'upload');
    await session.addImages(blue!, images(20, [30, 30, 220], 'b'), 'upload');

    const cycle = async (i: number) => {
      await session.train();
      const snap = session.getSnapshot();
      if (snap.training.phase !== 'trained') {
        throw new Error(
          `cycle ${i}: training ended ${snap.training.phase}: ${snap.training.error}`,
        );
      }
      const prediction = await session.classify(solidImage(8, 8, [210, 40, 40]));
      if (prediction?.mode !== 'model') throw new Error(`cycle ${i}: no model prediction`);
      return prediction.probabilities[0]!;
    };

    for (let i = 0; i < WARM_UP; i++) await cycle(i);
    const tensorsBefore = tf.memory().numTensors;
    const heapBefore = heapMb();
    const t0 = performance.now();
    let redProbability = 0;
    for (let i = 0; i < CYCLES; i++) redProbability = await cycle(i);
    const seconds = (performance.now() - t0) / 1000;
    const heapAfter = heapMb();

    expect(tf.memory().numTensors, 'tensors after 1,000 cycles').toBe(tensorsBefore);
    expect(heapAfter - heapBefore, 'heap growth (MB)').toBeLessThan(HEAP_SLACK_MB);
    expect(redProbability).toBeGreaterThan(0.5);
    expect(session.getSnapshot().notices).toEqual([]);
    console.info(
      `${CYCLES} cycles in ${seconds.toFixed(1)} s; tensors ${tensorsBefore} → ` +
        `${tf.memory().numTensors}; heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB`,
    );
    session.dispose();
  }, 90_000);
});
