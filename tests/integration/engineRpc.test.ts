/**
 * The engine over a message port, as the app runs it in a Web Worker: a MessageChannel stands in
 * for the worker boundary; the engine on the far side is the real one with real weights.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectEngine, serveEngine, type PortLike } from '../../src/core/engine/engineRpc';
import { createLocalEngine } from '../../src/core/engine/localEngine';
import type { Engine } from '../../src/core/engine/engine';
import { CancelledError } from '../../src/core/errors';
import type { EpochLog } from '../../src/core/training/trainHead';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { loadDataset } from '../support/datasets';
import { serveFolder, type StaticServer } from '../support/modelServer';
import { haveShared, MODELS_DIR } from '../support/shared';

/** Node's MessagePort delivers `message` events with the payload as the event itself. */
function portOf(port: MessagePort): PortLike {
  const wrapped = new Map<(e: { data: unknown }) => void, (data: unknown) => void>();
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer as never),
    addEventListener: (_type, listener) => {
      const fn = (data: unknown) => listener({ data });
      wrapped.set(listener, fn);
      port.on('message', fn);
    },
    removeEventListener: (_type, listener) => {
      const fn = wrapped.get(listener);
      if (fn) port.off('message', fn);
    },
  };
}

describe.skipIf(!haveShared())('engine across a message port', () => {
  let server: StaticServer;
  let engine: Engine;
  let channel: MessageChannel;
  beforeAll(async () => {
    server = await serveFolder(MODELS_DIR);
    channel = new MessageChannel();
    serveEngine(portOf(channel.port1), createLocalEngine({ runtime: 'node' }));
    engine = connectEngine(portOf(channel.port2), () => {
      channel.port1.close();
      channel.port2.close();
    });
  });
  afterAll(async () => {
    engine?.dispose();
    await server?.close();
  });

  it('starts, embeds with progress, trains with epoch events and classifies a new photo', async () => {
    const { backend, backbone } = await engine.start({
      backboneId: 'mobilenet-v1-0.25-224-graph',
      modelsBaseUrl: server.url,
      tryOfficial: false,
    });
    expect(backend.active).toBe('wasm');
    expect(backbone).toMatchObject({ dim: 256, report: { source: 'self-hosted' } });
    // It ran one inference before reporting ready (shader compilation on GPU backends).
    expect(backbone.warmupMs).toBeGreaterThan(0);

    const ds = loadDataset('rock-paper-scissors', { perClassTrain: 8 });
    const pixels = await Promise.all(ds.train.map((d) => decodeImageFile(d.path)));
    const progress: number[] = [];
    const embeddings = await engine.embed(pixels, {
      batchSize: 8,
      onProgress: (done) => progress.push(done),
    });
    expect(embeddings).toHaveLength(24);
    expect(embeddings[0]).toBeInstanceOf(Float32Array);
    expect(progress).toEqual([8, 16, 24]);

    const epochs: EpochLog[] = [];
    const labels = ds.train.map((d) => ds.classes.indexOf(d.className));
    const outcome = await engine.train(
      { embeddings, labels, classCount: 3 },
      { epochs: 20 },
      { onEpoch: (l) => epochs.push(l) },
    );
    expect(epochs.length).toBe(outcome.history.length);
    expect(outcome.weights.classCount).toBe(3);

    const testImage = ds.test.find((d) => d.className === 'rock')!;
    const result = await engine.classify(await decodeImageFile(testImage.path));
    expect(result.embedding).toHaveLength(256);
    expect(result.probabilities).toHaveLength(3);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect((await engine.memory()).numTensors).toBeGreaterThan(0);
  });

  it('cancels training from this side of the port', async () => {
    const controller = new AbortController();
    const ds = loadDataset('rock-paper-scissors', { perClassTrain: 4 });
    const embeddings = await engine.embed(
      await Promise.all(ds.train.map((d) => decodeImageFile(d.path))),
    );
    const labels = ds.train.map((d) => ds.classes.indexOf(d.className));
    const run = engine.train(
      { embeddings, labels, classCount: 3 },
      { epochs: 10_000, earlyStopping: null },
      { signal: controller.signal, onEpoch: (l) => l.epoch === 3 && controller.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('brings back the core error with its code and message', async () => {
    await expect(engine.loadBackbone({ backboneId: 'no-such-model' })).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('no-such-model'),
    });
  });
});
