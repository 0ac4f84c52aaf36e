import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/**
 * Runs `fn` and asserts that `tf.memory().numTensors` is back where it started afterwards.
 * Returns what `fn` returned.
 */
export async function expectNoLeaks<T>(fn: () => Promise<T> | T, extraAllowed = 0): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors - before, 'tensors left behind').toBeLessThanOrEqual(extraAllowed);
  return result;
}
