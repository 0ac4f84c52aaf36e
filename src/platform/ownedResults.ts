/**
 * Guards the worker side of the engine RPC: engineRpc transfers the typed arrays of every result
 * (detaching them on the worker side), but on WebGL and WebGPU `tensor.data()` returns the
 * tensor's cached CPU copy, which TF.js keeps using. A trained head's weights come back that
 * way, and once transferred the worker's head reads as empty ("the tensor should have 163840
 * values but has 0" on the next setBackend). Copying results first keeps TF.js's arrays intact.
 */
import type { Engine } from '../core/engine/engine';

/** Copies typed arrays found in `value` (plain objects and arrays, as deep as engineRpc looks). */
export function ownArrays<T>(value: T, depth = 0): T {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    return value instanceof DataView ? value : ((value as unknown as Float32Array).slice() as T);
  }
  if (Array.isArray(value)) return value.map((item: unknown) => ownArrays(item, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, ownArrays(item, depth + 1)]),
  ) as T;
}

/** `engine` whose results own their typed arrays, safe to transfer. */
export function withOwnedResults(engine: Engine): Engine {
  const own =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> =>
      ownArrays(await call(...args));
  return {
    start: own((options) => engine.start(options)),
    setBackend: own((name) => engine.setBackend(name)),
    loadBackbone: own((options) => engine.loadBackbone(options)),
    embed: own((images, options) => engine.embed(images, options)),
    train: own((data, options, callbacks) => engine.train(data, options, callbacks)),
    setHead: (weights) => engine.setHead(weights),
    predict: own((embeddings) => engine.predict(embeddings)),
    classify: own((image) => engine.classify(image)),
    memory: () => engine.memory(),
    dispose: () => engine.dispose(),
  };
}
