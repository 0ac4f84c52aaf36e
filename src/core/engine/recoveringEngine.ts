/**
 * An Engine that survives the loss of its GPU device (a WebGL context lost, a WebGPU device
 * lost): it throws the broken engine away, starts a fresh one on the next backend in the
 * preference order (WebGL → WASM → CPU), loads the same image model there, puts the trained
 * head back from its plain weights, and runs again every call that was in flight (a training
 * run starts over from the same cached embeddings; nothing is re-embedded). Listeners hear about
 * each recovery so the user can be told.
 */
import { BackendUnavailableError, DisposedError } from '../errors';
import { BACKEND_ORDER, type BackendName, type Runtime } from '../tf/backendOrder';
import type { BackendReport } from '../tf/backends';
import type { HeadWeights } from '../training/headModel';
import type { PixelBuffer } from '../types';
import type { BackendRecovery, Engine, EngineStartOptions, LoadedBackbone } from './engine';

/** What a lost device reports. */
export interface DeviceLoss {
  backend: BackendName;
  reason: string;
}

/** A fresh engine and a way to hear that its device was lost (at most once). */
export interface LosableEngine {
  engine: Engine;
  onLost(listener: (loss: DeviceLoss) => void): void;
}

type Started = Awaited<ReturnType<Engine['start']>>;
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

const GPU_BACKENDS: readonly string[] = ['webgpu', 'webgl'];
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const clonePixels = (images: readonly PixelBuffer[]): PixelBuffer[] =>
  images.map((img) => ({ width: img.width, height: img.height, data: img.data.slice() }));

/**
 * Wraps the engines `spawn` makes (one now, one more per recovery). `runtime` decides which
 * backends come after a lost one.
 */
export function createRecoveringEngine(spawn: () => LosableEngine, runtime: Runtime): Engine {
  let current = spawn();
  let generation = 0;
  let markLost: () => void = () => undefined;
  let lost = new Promise<void>((resolve) => (markLost = resolve));
  let recovering: Promise<void> | null = null;
  let failure: Error | null = null;
  let disposed = false;
  let startOptions: EngineStartOptions | null = null;
  let started: Started | null = null;
  let active: string | null = null;
  let headWeights: HeadWeights | null = null;
  const listeners = new Set<(recovery: BackendRecovery) => void>();

  const watch = (losable: LosableEngine, gen: number) =>
    losable.onLost((loss) => {
      if (gen !== generation || disposed) return;
      const recovery = recover(loss);
      recovering = recovery;
      void recovery.finally(() => {
        if (recovering === recovery) recovering = null;
      });
    });
  watch(current, generation);

  async function recover(loss: DeviceLoss): Promise<void> {
    generation++;
    const gen = generation;
    markLost();
    lost = new Promise<void>((resolve) => (markLost = resolve));
    current.engine.dispose(); // its pending calls settle; `run` retries them below
    const order = BACKEND_ORDER[runtime];
    const skipped: BackendReport['skipped'] = [{ name: loss.backend, reason: loss.reason }];
    for (const name of order.slice(order.indexOf(loss.backend) + 1)) {
      const next = spawn();
      try {
        if (!startOptions) throw new Error('the engine was never started');
        const result = await next.engine.start({ ...startOptions, backend: name });
        if (headWeights) await next.engine.setHead(headWeights);
        if (disposed) return next.engine.dispose();
        const backend: BackendReport = { active: name, forced: false, skipped };
        current = next;
        active = name;
        started = { ...result, backend };
        watch(next, gen);
        for (const listener of [...listeners])
          listener({ lost: loss.backend, reason: loss.reason, backend });
        return;
      } catch (error) {
        next.engine.dispose();
        skipped.push({ name, reason: message(error) });
      }
    }
    const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
    failure = new BackendUnavailableError('any', reasons);
    for (const listener of [...listeners]) {
      listener({ lost: loss.backend, reason: loss.reason, backend: null, error: reasons });
    }
  }

  /** Runs `call` on the current engine; if the device is lost meanwhile, again after recovery. */
  async function run<T>(call: (engine: Engine) => Promise<T>): Promise<T> {
    for (;;) {
      if (disposed) throw new DisposedError('The image engine');
      if (recovering) await recovering;
      if (failure) throw failure;
      const gen = generation;
      const outcome = await Promise.race([
        call(current.engine).then(
          (value): Settled<T> => ({ ok: true, value }),
          (error: unknown): Settled<T> => ({ ok: false, error }),
        ),
        lost.then(() => null),
      ]);
      if (outcome && gen === generation) {
        if (outcome.ok) return outcome.value;
        throw outcome.error;
      }
    }
  }

  /** Keeps a copy of pixels sent to a GPU backend, whose loss would need them again. */
  const pixelsFor = (images: readonly PixelBuffer[]) => {
    const keep = active && GPU_BACKENDS.includes(active) ? clonePixels(images) : null;
    return () => (keep ? clonePixels(keep) : [...images]);
  };

  return {
    async start(options) {
      startOptions = { ...options };
      const gen = generation;
      const result = await run((engine) =>
        gen === generation ? engine.start(options) : Promise.resolve(started!),
      );
      started = result;
      active = result.backend.active;
      return result;
    },
    async setBackend(name) {
      const report = await run((engine) => engine.setBackend(name));
      active = report.active;
      if (startOptions) startOptions = { ...startOptions, backend: name };
      return report;
    },
    async loadBackbone(options): Promise<LoadedBackbone> {
      const loaded = await run((engine) => engine.loadBackbone(options));
      startOptions = { ...options };
      headWeights = null;
      return loaded;
    },
    embed(images, options) {
      const pixels = pixelsFor(images);
      return run((engine) => engine.embed(pixels(), options));
    },
    async train(data, options, callbacks) {
      const outcome = await run((engine) => engine.train(data, options, callbacks));
      headWeights = outcome.weights;
      return outcome;
    },
    async setHead(weights) {
      headWeights = weights;
      await run((engine) => engine.setHead(weights));
    },
    predict: (embeddings) => run((engine) => engine.predict(embeddings)),
    classify(image) {
      const pixels = pixelsFor([image]);
      return run((engine) => engine.classify(pixels()[0]!));
    },
    memory: () => run((engine) => engine.memory()),
    onRecovered(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      listeners.clear();
      markLost();
      current.engine.dispose();
    },
  };
}
