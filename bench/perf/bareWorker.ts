/**
 * The bare TF.js reference of `npm run bench:perf`, in its own module worker: the same kind of
 * thread as the app's engine (WebGL on an OffscreenCanvas there too), and the page's main
 * thread stays as free as the app's while the app's pipeline is timed. Timings are taken in
 * here, so messaging is not in them.
 */
import * as tf from '@tensorflow/tfjs';
import { findBackbone } from '../../src/core/features/catalog';
import type { BackendName } from '../../src/core/tf/backendOrder';
import { initBackend } from '../../src/core/tf/backends';
import { wasmPaths } from '../../src/platform/wasmPaths';
import { decodeAll, loadBare, matMulGflops, timeBare, type Bare, type BareInputs } from './bare';

/** Requests the page sends. */
export type BareRequest =
  | { op: 'init'; backend: BackendName }
  | { op: 'load'; backboneId: string; files: Blob[]; batchSize: number }
  | { op: 'embed'; batched: boolean; limit?: number }
  | { op: 'matMul'; n: number; reps: number }
  | { op: 'memory' };

let bare: Bare | null = null;
let inputs: BareInputs | null = null;

function drop(): void {
  bare?.dispose();
  bare = null;
  if (inputs) tf.dispose([...inputs.images, ...inputs.batches]);
  inputs = null;
}

async function handle(request: BareRequest): Promise<unknown> {
  switch (request.op) {
    case 'init': {
      const report = await initBackend({
        runtime: 'browser',
        force: request.backend,
        wasmPaths: wasmPaths(),
        wasmThreads: false,
      });
      return report.active;
    }
    case 'load': {
      drop();
      const spec = findBackbone(request.backboneId);
      if (!spec) throw new Error(`unknown backbone ${request.backboneId}`);
      bare = await loadBare(spec);
      inputs = await decodeAll(request.files, spec.inputSize, request.batchSize);
      // Warm-up: both batch shapes once (WebGL/WebGPU compile shaders per shape).
      await timeBare(bare, inputs, false, 1);
      await timeBare(bare, inputs, true, 1);
      return inputs.images.length;
    }
    case 'embed':
      if (!bare || !inputs) throw new Error('load a backbone first');
      return timeBare(bare, inputs, request.batched, request.limit);
    case 'matMul':
      return matMulGflops(request.n, request.reps);
    case 'memory':
      return tf.memory().numTensors;
  }
}

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ id: number; request: BareRequest }>) => void) | null;
  postMessage(message: unknown): void;
};
scope.onmessage = (event) => {
  const { id, request } = event.data;
  handle(request).then(
    (value) => scope.postMessage({ id, value }),
    (error: unknown) =>
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
};
