/** Backend names and preference order, importable without loading TF.js. */

/** A TF.js backend Glimpse knows how to start. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Where the core runs, which decides the preference order. */
export type Runtime = 'browser' | 'node';

/** The preference order per runtime: fastest first. */
export const BACKEND_ORDER: Record<Runtime, readonly BackendName[]> = {
  browser: ['webgpu', 'webgl', 'wasm', 'cpu'],
  node: ['wasm', 'cpu'],
};
