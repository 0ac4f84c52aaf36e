import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

it('runs every Node test on the WASM backend with SIMD, as the bench does', () => {
  expect(tf.getBackend()).toBe('wasm');
  expect(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')).toBe(true);
});
