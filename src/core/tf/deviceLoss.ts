/**
 * Notices when the active GPU backend loses its device: a WebGL context lost (the GPU process
 * crashed or was reset, the driver was updated, the OS reclaimed the GPU) or a WebGPU device
 * lost. TF.js does not recover from either: on WebGL its next read polls a fence that never
 * passes, so the call hangs. The engine's host reacts by starting again on another backend.
 */
import * as tf from '@tensorflow/tfjs';

/** The parts of TF.js's WebGL and WebGPU backends that tell about a lost device. */
interface GpuBackendLike {
  gpgpu?: {
    gl?: {
      canvas?: {
        addEventListener?(type: string, listener: () => void): void;
        removeEventListener?(type: string, listener: () => void): void;
      };
    };
  };
  device?: { lost?: Promise<{ message?: string }> };
}

/**
 * Calls `onLost` once, with a reason, if the active backend's GPU device is lost. Returns a
 * function that stops watching. On WASM and CPU nothing can be lost and nothing is watched.
 */
export function watchDeviceLoss(onLost: (reason: string) => void): () => void {
  const backend = tf.backend() as unknown as GpuBackendLike;
  let watching = true;
  const lost = (reason: string) => {
    if (!watching) return;
    watching = false;
    onLost(reason);
  };
  const canvas = backend.gpgpu?.gl?.canvas;
  if (canvas?.addEventListener) {
    const listener = () => lost('the WebGL context was lost');
    canvas.addEventListener('webglcontextlost', listener);
    return () => {
      watching = false;
      canvas.removeEventListener?.('webglcontextlost', listener);
    };
  }
  backend.device?.lost?.then(
    (info) => lost(`the WebGPU device was lost${info.message ? ` (${info.message})` : ''}`),
    () => undefined,
  );
  return () => {
    watching = false;
  };
}
