/**
 * The engine that survives a lost GPU device: fake engines (fake extractor, real heads on WASM)
 * stand in for the worker engines; one of them can "lose its device" while a call hangs, as
 * TF.js's WebGL backend does after a lost context.
 */
import { describe, expect, it } from 'vitest';
import type { BackendRecovery, Engine } from '../../src/core/engine/engine';
import { createRecoveringEngine, type DeviceLoss } from '../../src/core/engine/recoveringEngine';
import { BackendUnavailableError } from '../../src/core/errors';
import type { BackendName } from '../../src/core/tf/backendOrder';
import type { HeadWeights } from '../../src/core/training/headModel';
import { createFakeEngine } from '../support/fakeEngine';
import { expectNoLeaks } from '../support/noLeaks';
import { solidImage } from '../support/pixels';

interface Spawned {
  engine: Engine;
  backend: BackendName | null;
  starts: (BackendName | undefined)[];
  heads: (HeadWeights | null)[];
  disposed: boolean;
  /** Makes the device lost (the listener runs). */
  lose(reason?: string): void;
  /** Resolves when a call that hangs on this engine has started. */
  hanging: Promise<string>;
}

/** Spawns fake engines; `hang` lists calls that never settle on the first engine. */
function spawner(options: { hang?: string[]; failing?: BackendName[] } = {}) {
  const spawned: Spawned[] = [];
  const spawn = () => {
    const fake = createFakeEngine();
    const first = spawned.length === 0;
    let lostListener: ((loss: DeviceLoss) => void) | null = null;
    let markHanging!: (method: string) => void;
    const record: Spawned = {
      engine: fake,
      backend: null,
      starts: [],
      heads: [],
      disposed: false,
      lose: (reason = 'the WebGL context was lost') =>
        lostListener?.({ backend: record.backend!, reason }),
      hanging: new Promise((resolve) => (markHanging = resolve)),
    };
    const hangs = (method: string) => first && (options.hang ?? []).includes(method);
    const never = (method: string) => {
      markHanging(method);
      return new Promise<never>(() => undefined);
    };
    record.engine = {
      ...fake,
      async start(o) {
        record.starts.push(o.backend);
        const name = o.backend ?? 'webgl';
        if (options.failing?.includes(name)) throw new Error(`${name} is broken too`);
        record.backend = name;
        const started = await fake.start(o);
        return { ...started, backend: { active: name, forced: !!o.backend, skipped: [] } };
      },
      setHead(weights) {
        record.heads.push(weights);
        return fake.setHead(weights);
      },
      embed: (images, o) => (hangs('embed') ? never('embed') : fake.embed(images, o)),
      train: (data, o, c) => (hangs('train') ? never('train') : fake.train(data, o, c)),
      dispose() {
        record.disposed = true;
        fake.dispose();
      },
    };
    spawned.push(record);
    return { engine: record.engine, onLost: (l: (loss: DeviceLoss) => void) => (lostListener = l) };
  };
  return { spawn, spawned };
}

const START = { backboneId: 'mobilenet-v2-0.35-224-tm' };
const red = () => solidImage(8, 8, [220, 30, 30]);
const blue = () => solidImage(8, 8, [30, 30, 220]);

async function someEmbeddings(engine: Engine) {
  const reds = await engine.embed([red(), red(), red()]);
  const blues = await engine.embed([blue(), blue(), blue()]);
  return { embeddings: [...reds, ...blues], labels: [0, 0, 0, 1, 1, 1], classCount: 2 };
}
const TRAIN = { epochs: 5, validationFraction: 0, smallData: null, earlyStopping: null };

describe('recovering engine', () => {
  it('starts again on WASM when the WebGL context is lost mid-training and finishes the training there', async () => {
    await expectNoLeaks(async () => {
      const { spawn, spawned } = spawner({ hang: ['train'] });
      const engine = createRecoveringEngine(spawn, 'browser');
      const recoveries: BackendRecovery[] = [];
      engine.onRecovered!((r) => recoveries.push(r));
      expect((await engine.start(START)).backend.active).toBe('webgl');
      const data = await someEmbeddings(engine);

      const training = engine.train(data, TRAIN);
      expect(await spawned[0]!.hanging).toBe('train');
      spawned[0]!.lose();
      const outcome = await training;

      expect(outcome.history).toHaveLength(5);
      expect(spawned[0]!.disposed).toBe(true);
      expect(spawned[1]!.starts).toEqual(['wasm']);
      expect(recoveries).toEqual([
        {
          lost: 'webgl',
          reason: 'the WebGL context was lost',
          backend: {
            active: 'wasm',
            forced: false,
            skipped: [{ name: 'webgl', reason: 'the WebGL context was lost' }],
          },
        },
      ]);
      const result = await engine.classify(red());
      expect(result.probabilities![0]).toBeGreaterThan(0.5);
      engine.dispose();
    });
  });

  it('puts the trained head back and embeds again the pixels that were on their way to the lost GPU', async () => {
    const { spawn, spawned } = spawner();
    const engine = createRecoveringEngine(spawn, 'browser');
    await engine.start(START);
    const outcome = await engine.train(await someEmbeddings(engine), TRAIN);
    const expected = await engine.embed([blue()]);

    // The next embed hangs on the lost context.
    spawned[0]!.engine.embed = () => new Promise<never>(() => undefined);
    const image = blue();
    const embedding = engine.embed([image]);
    await Promise.resolve();
    spawned[0]!.lose();

    expect(await embedding).toEqual(expected);
    expect(spawned[1]!.heads).toEqual([outcome.weights]);
    expect((await engine.classify(blue())).probabilities![1]).toBeGreaterThan(0.5);
    engine.dispose();
  });

  it('tries each later backend in order and, when none starts, says so and fails the waiting call', async () => {
    const { spawn, spawned } = spawner({ hang: ['train'], failing: ['wasm', 'cpu'] });
    const engine = createRecoveringEngine(spawn, 'browser');
    const recoveries: BackendRecovery[] = [];
    engine.onRecovered!((r) => recoveries.push(r));
    await engine.start({ ...START, backend: 'webgl' });
    const training = engine.train(await someEmbeddings(engine), TRAIN);
    await spawned[0]!.hanging;
    spawned[0]!.lose();

    await expect(training).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(spawned.slice(1).map((s) => s.starts)).toEqual([['wasm'], ['cpu']]);
    expect(spawned.every((s) => s.disposed)).toBe(true);
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]).toMatchObject({ lost: 'webgl', backend: null });
    expect(recoveries[0]!.error).toContain('wasm: wasm is broken too');
    await expect(engine.memory()).rejects.toBeInstanceOf(BackendUnavailableError);
    engine.dispose();
  });

  it('ignores a loss reported by an engine it already replaced, and one after dispose', async () => {
    const { spawn, spawned } = spawner();
    const engine = createRecoveringEngine(spawn, 'browser');
    await engine.start(START);
    spawned[0]!.lose();
    await engine.memory();
    spawned[0]!.lose('again');
    await engine.memory();
    expect(spawned).toHaveLength(2);
    engine.dispose();
    spawned[1]!.lose();
    expect(spawned).toHaveLength(2);
    engine.dispose();
  });
});
