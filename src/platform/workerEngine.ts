/**
 * The app's Engine: TF.js in a module Web Worker (engine.worker.ts), reached through engineRpc.
 *
 * If the worker fails (it cannot load, or code inside throws outside any engine call), the
 * worker's `error` event rejects every pending call with {@link EngineCrashedError}, the worker
 * is terminated, and later calls reject with the same error: create a new engine to go on.
 *
 * If the worker's GPU device is lost (WebGL context lost, WebGPU device lost), the worker says so
 * and is replaced by a new one on the next backend, which carries on (recoveringEngine.ts).
 */
import type { Engine } from '../core/engine/engine';
import { connectEngine } from '../core/engine/engineRpc';
import { createRecoveringEngine, type DeviceLoss } from '../core/engine/recoveringEngine';
import { DisposedError } from '../core/errors';

/** What the worker posts, outside any call, when its GPU device is lost. */
export interface DeviceLostMessage extends DeviceLoss {
  type: 'device-lost';
}

/** The engine's worker stopped working; every call on that engine now fails with this. */
export class EngineCrashedError extends Error {
  readonly code = 'engine-crashed';
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The image engine stopped working (${detail}). Reload the page to start it again.`,
      options,
    );
    this.name = 'EngineCrashedError';
  }
}

/**
 * Starts the engine worker and returns an Engine that talks to it, and that moves to a new
 * worker on the next backend if the GPU device is lost.
 */
export function createWorkerEngine(): Engine {
  return createRecoveringEngine(() => {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'glimpse-engine',
    });
    return {
      engine: connectWorkerEngine(worker),
      onLost(listener) {
        worker.addEventListener('message', (event: MessageEvent<unknown>) => {
          const data = event.data as Partial<DeviceLostMessage> | null;
          if (data?.type === 'device-lost' && data.backend && data.reason) {
            listener({ backend: data.backend, reason: data.reason });
          }
        });
      },
    };
  }, 'browser');
}

/**
 * An Engine over an already started worker that runs `serveEngine`; it owns the worker and
 * terminates it on dispose or crash. (Separate from {@link createWorkerEngine} so tests can feed
 * it a worker that fails.)
 */
export function connectWorkerEngine(worker: Worker): Engine {
  const inner = connectEngine(worker, () => worker.terminate());
  const pending = new Set<(error: Error) => void>();
  let failure: Error | null = null;

  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    worker.removeEventListener('error', onError);
    worker.removeEventListener('messageerror', onMessageError);
    for (const reject of pending) reject(error);
    pending.clear();
    inner.dispose(); // terminates the worker; its own pending calls are already settled here
  };
  const onError = (event: Event) =>
    fail(new EngineCrashedError(describeError(event), { cause: event }));
  const onMessageError = () => fail(new EngineCrashedError('a message could not be read'));
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);

  /** Runs `call` unless the engine failed or was disposed; a crash rejects it. */
  const guard = <T>(call: () => Promise<T>): Promise<T> => {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      pending.add(reject);
      call()
        .then(resolve, reject)
        .finally(() => pending.delete(reject));
    });
  };

  return {
    start: (options) => guard(() => inner.start(options)),
    setBackend: (name) => guard(() => inner.setBackend(name)),
    loadBackbone: (options) => guard(() => inner.loadBackbone(options)),
    embed: (images, options) => guard(() => inner.embed(images, options)),
    train: (data, options, callbacks) => guard(() => inner.train(data, options, callbacks)),
    setHead: (weights) => guard(() => inner.setHead(weights)),
    predict: (embeddings) => guard(() => inner.predict(embeddings)),
    classify: (image) => guard(() => inner.classify(image)),
    memory: () => guard(() => inner.memory()),
    dispose: () => {
      if (failure) return;
      failure = new DisposedError('The image engine');
      worker.removeEventListener('error', onError);
      worker.removeEventListener('messageerror', onMessageError);
      inner.dispose(); // rejects pending calls with CancelledError and terminates the worker
    },
  };
}

/** What a worker `error` event says: the uncaught error's message and place, if any. */
function describeError(event: Event): string {
  if (event instanceof ErrorEvent && event.message) {
    const where = event.filename ? ` at ${event.filename}:${event.lineno}` : '';
    return `${event.message}${where}`;
  }
  return 'the engine worker could not be started or failed without a message';
}
