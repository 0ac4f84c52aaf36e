/**
 * The reference: bare TF.js, as a tutorial would write it, on tensors decoded before timing.
 * Layers models: resizeBilinear → normalise → predict. Package models: mobilenet.infer(img, true).
 */
import * as tf from '@tensorflow/tfjs';
import * as mobilenet from '@tensorflow-models/mobilenet';
import { findBackbone } from '../src/core/features/catalog';
import { decodeImageBytes } from '../src/node/decodeImageFile';
import { median } from './stats';

/** Median ms per image of bare inference (batch 1, result read back) over `reps` passes. */
export async function measureBareInference(
  backboneId: string,
  modelsUrl: string,
  images: readonly Uint8Array[],
  reps: number,
): Promise<number> {
  const spec = findBackbone(backboneId)!;
  const url = `${modelsUrl}${backboneId}/model.json`;
  const tensors = await Promise.all(
    images.map(async (bytes) => {
      const p = await decodeImageBytes(bytes);
      return tf.tidy(() =>
        tf.slice(
          tf.tensor3d(Int32Array.from(p.data), [p.height, p.width, 4], 'int32'),
          [0, 0, 0],
          [-1, -1, 3],
        ),
      );
    }),
  );
  let run: (t: tf.Tensor3D) => tf.Tensor;
  let dispose: () => void;
  if (spec.loader.kind === 'mobilenet-package') {
    const model = await mobilenet.load({
      version: spec.loader.version,
      alpha: spec.loader.alpha,
      modelUrl: url,
      inputRange: spec.loader.inputRange,
    });
    run = (t) => model.infer(t, true);
    dispose = () => (model as unknown as { model: tf.GraphModel }).model.dispose();
  } else {
    const model = await tf.loadLayersModel(url);
    const { scale, offset } = spec.normalization;
    const size = spec.inputSize;
    run = (t) =>
      tf.tidy(() => {
        const x = tf.image.resizeBilinear(t, [size, size]).mul(scale).add(offset).expandDims(0);
        return model.predict(x) as tf.Tensor;
      });
    dispose = () => model.dispose();
  }
  const timings: number[] = [];
  await run(tensors[0]!).data(); // warm-up
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (const t of tensors) {
      const out = run(t);
      await out.data();
      out.dispose();
    }
    timings.push((performance.now() - t0) / tensors.length);
  }
  dispose();
  tf.dispose(tensors);
  return median(timings);
}
