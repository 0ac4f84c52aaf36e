/** Vitest setup: every Node test runs TF.js on the WASM backend, as the app does in Node. */
import { initBackend } from '../../src/core/tf/backends';

await initBackend({ runtime: 'node' });
