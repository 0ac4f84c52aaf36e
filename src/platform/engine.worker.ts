/**
 * The engine's Web Worker (module worker): TF.js runs here, off the UI thread, and answers the
 * calls that `createWorkerEngine` (workerEngine.ts) sends. WASM threads stay off (they need
 * COOP/COEP headers and gave no gain on small machines).
 */
import * as tf from '@tensorflow/tfjs';
import { serveEngine, type PortLike } from '../core/engine/engineRpc';
import { createLocalEngine } from '../core/engine/localEngine';
import type { BackendName } from '../core/tf/backendOrder';
import { watchDeviceLoss } from '../core/tf/deviceLoss';
import { wasmPaths } from './wasmPaths';
import type { DeviceLostMessage } from './workerEngine';

const engine = createLocalEngine({
  runtime: 'browser',
  wasmPaths: wasmPaths(),
  wasmThreads: false,
});

// No backend is loaded until `start` picks one (see src/core/tf/tfjs.ts); asked for its memory
// before that (the debug drawer opened during start-up), the engine has nothing to report yet
// rather than an error.
const memory = engine.memory.bind(engine);
engine.memory = async () =>
  tf.engine().backendName ? memory() : { numTensors: 0, numBytes: 0, backend: 'none yet' };

// A lost GPU device (WebGL context lost, WebGPU device lost) leaves TF.js hanging: tell the page,
// which replaces this worker with one on the next backend (recoveringEngine.ts).
let stopWatching = () => {};
const watchBackend = () => {
  stopWatching();
  const backend = tf.getBackend() as BackendName;
  stopWatching = watchDeviceLoss((reason) =>
    self.postMessage({ type: 'device-lost', backend, reason } satisfies DeviceLostMessage),
  );
};
const start = engine.start.bind(engine);
engine.start = async (options) => {
  const started = await start(options);
  watchBackend();
  return started;
};
const setBackend = engine.setBackend.bind(engine);
engine.setBackend = async (name) => {
  const report = await setBackend(name);
  watchBackend();
  return report;
};

// The project compiles against the DOM library, where `self` is typed as a Window; in a
// worker it is the DedicatedWorkerGlobalScope, which has exactly the PortLike methods.
serveEngine(self as unknown as PortLike, engine);
