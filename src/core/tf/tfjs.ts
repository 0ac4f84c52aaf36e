/**
 * What the app gets for `import * as tf from '@tensorflow/tfjs'` (vite.config.ts points that
 * name here, for the app and the tests): TF.js core with gradients and chained ops, and layers.
 *
 * Left out, so that start-up fetches only what it runs:
 * - the CPU and WebGL backends, which the real package registers as it loads (~110 KB gzip,
 *   fetched and run even when WASM or WebGPU is chosen): initBackend (backends.ts) imports the
 *   backend it starts;
 * - the graph-model converter (~25 KB gzip): only TF-Hub graph backbones need it, and
 *   @tensorflow-models/mobilenet, loaded with them, imports it itself;
 * - tf.data, which Glimpse does not use.
 * Plain Node (tsx scripts) still resolves the real package; both behave the same here.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { version_core } from '@tensorflow/tfjs-core';
import { version_layers } from '@tensorflow/tfjs-layers';
import { version as version_union } from '@tensorflow/tfjs/dist/version.js';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';

/** Versions of the parts included, keyed as the real package's `tf.version`. */
export const version = {
  'tfjs-core': version_core,
  'tfjs-layers': version_layers,
  tfjs: version_union,
};
