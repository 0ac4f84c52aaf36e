/** Vitest setup: every Node test runs TF.js on the WASM backend, as the app does in Node. */
import { initBackend } from '../../src/core/tf/backends';

const report = await initBackend({ runtime: 'node' });
if (report.active !== 'wasm') {
  throw new Error(
    `Tests expect the WASM backend; got ${report.active}: ${JSON.stringify(report.skipped)}`,
  );
}
