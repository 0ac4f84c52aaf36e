/**
 * The engine's Web Worker (module worker): TF.js runs here, off the UI thread, and answers the
 * calls that `createWorkerEngine` (workerEngine.ts) sends. WASM threads stay off (they need
 * COOP/COEP headers and gave no gain on small machines).
 */
import { serveEngine, type PortLike } from '../core/engine/engineRpc';
import { createLocalEngine } from '../core/engine/localEngine';
import { wasmPaths } from './wasmPaths';

// The project compiles against the DOM library, where `self` is typed as a Window; in a
// worker it is the DedicatedWorkerGlobalScope, which has exactly the PortLike methods.
serveEngine(
  self as unknown as PortLike,
  createLocalEngine({ runtime: 'browser', wasmPaths: wasmPaths(), wasmThreads: false }),
);
