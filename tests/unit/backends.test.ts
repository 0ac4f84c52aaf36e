import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND_ORDER, initBackend } from '../../src/core/tf/backends';
import { BackendUnavailableError } from '../../src/core/errors';

describe('backend selection in Node', () => {
  afterAll(async () => {
    await initBackend({ runtime: 'node' });
  });

  it('prefers WASM, then CPU', async () => {
    expect(BACKEND_ORDER.node).toEqual(['wasm', 'cpu']);
    const report = await initBackend({ runtime: 'node' });
    expect(report).toMatchObject({ active: 'wasm', forced: false });
    expect(report.skipped).toEqual([
      { name: 'cpu', reason: 'not tried: wasm comes first and works' },
    ]);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('can be forced to CPU and says the others were not chosen', async () => {
    const report = await initBackend({ runtime: 'node', force: 'cpu' });
    expect(report.active).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.skipped).toEqual([{ name: 'wasm', reason: 'not chosen (forced)' }]);
  });

  it('explains why a forced backend cannot run here', async () => {
    const attempt = initBackend({ runtime: 'node', force: 'webgl' });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(initBackend({ runtime: 'node', force: 'webgpu' })).rejects.toThrow(/WebGPU/);
  });
});
