/**
 * Chooses the TF.js backend: the best that initialises, in the order WebGPU → WebGL → WASM → CPU
 * in a browser and WASM → CPU in Node. Reports which one is active and why the others were skipped.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError } from '../errors';

import { BACKEND_ORDER, type BackendName, type Runtime } from './backendOrder';

export { BACKEND_ORDER, type BackendName, type Runtime };

/** Options for {@link initBackend}. */
export interface InitBackendOptions {
  runtime: Runtime;
  /** Use exactly this backend, or fail with BackendUnavailableError. */
  force?: BackendName;
  /**
   * Where the WASM backend's .wasm files are served (browser). In Node the package finds them.
   * Either a folder prefix or a map from file name to URL.
   */
  wasmPaths?: string | Record<string, string>;
  /** Turn off WASM threads (recommended; no gain on small machines). */
  wasmThreads?: boolean;
}

/** Result of {@link initBackend}. */
export interface BackendReport {
  active: BackendName;
  forced: boolean;
  /** Every other backend of the runtime: failed before the active one, or not tried, and why. */
  skipped: { name: BackendName; reason: string }[];
}

/**
 * Loads the backend's code. In the app, '@tensorflow/tfjs' is the backend-free ./tfjs.ts (see
 * vite.config.ts), so only the chosen backend is ever fetched; in plain Node the real package is
 * used and these imports find CPU already registered.
 */
async function register(name: BackendName, options: InitBackendOptions): Promise<void> {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths as string);
    if (options.wasmThreads === false || options.runtime === 'node') {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    }
  } else if (name === 'webgpu') {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } })
      .navigator?.gpu;
    if (!gpu) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
    if (!(await gpu.requestAdapter())) throw new Error('WebGPU found no usable graphics adapter');
    await import('@tensorflow/tfjs-backend-webgpu');
    // Reading video frames as external textures fails on some adapters; copy instead.
    tf.env().set('WEBGPU_IMPORT_EXTERNAL_TEXTURE', false);
  } else if (name === 'webgl') {
    if (options.runtime === 'node') throw new Error('WebGL needs a browser');
    await import('@tensorflow/tfjs-backend-webgl');
  }
}

async function tryBackend(name: BackendName, options: InitBackendOptions): Promise<string | null> {
  try {
    await register(name, options);
    const ok = await tf.setBackend(name);
    if (!ok) return 'it failed to initialise';
    await tf.ready();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Activates the best available backend (or the forced one) and reports the choice. */
export async function initBackend(options: InitBackendOptions): Promise<BackendReport> {
  const skipped: BackendReport['skipped'] = [];
  if (options.force) {
    const reason = await tryBackend(options.force, options);
    if (reason) throw new BackendUnavailableError(options.force, reason);
    for (const other of BACKEND_ORDER[options.runtime]) {
      if (other !== options.force) skipped.push({ name: other, reason: 'not chosen (forced)' });
    }
    return { active: options.force, forced: true, skipped };
  }
  const order = BACKEND_ORDER[options.runtime];
  for (const [i, name] of order.entries()) {
    const reason = await tryBackend(name, options);
    if (reason === null) {
      for (const later of order.slice(i + 1)) {
        skipped.push({ name: later, reason: `not tried: ${name} comes first and works` });
      }
      return { active: name, forced: false, skipped };
    }
    skipped.push({ name, reason });
  }
  throw new BackendUnavailableError('any', skipped.map((s) => `${s.name}: ${s.reason}`).join('; '));
}

/** The backend TF.js is using now. */
export function activeBackend(): string {
  return tf.getBackend();
}
