/**
 * Bare TF.js for `npm run bench:perf`, as a tutorial would write it: the backbone loaded with
 * tf.loadLayersModel / tf.loadGraphModel, fed tensors that were decoded, centre-cropped and
 * resized to 224×224 before timing, normalised and run with `predict` / `execute`, the result
 * read with `data()`. Used in the bare-reference worker (bareWorker.ts) and, for live frames,
 * on the page.
 */
import * as tf from '@tensorflow/tfjs';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import type { BackboneSpec } from '../../src/core/features/catalog';

/** The graph node @tensorflow-models/mobilenet reads embeddings from (v1 and v2). */
const EMBEDDING_NODES: Record<number, string> = {
  1: 'module_apply_default/MobilenetV1/Logits/global_pool',
  2: 'module_apply_default/MobilenetV2/Logits/AvgPool',
};

/** A loaded backbone. */
export interface Bare {
  spec: BackboneSpec;
  /** [N,S,S,3] with values 0..255 → [N,dim]; normalises first. Call inside tidy. */
  run(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

function normalise(spec: BackboneSpec, x: tf.Tensor): tf.Tensor {
  // Layers models get the catalog's normalisation; the TF-Hub graphs want x/255 (inputRange [0,1]).
  const { scale, offset } =
    spec.loader.kind === 'layers' ? spec.normalization : { scale: 1 / 255, offset: 0 };
  return tf.add(tf.mul(x, scale), offset);
}

/** Loads the backbone from the models folder the page is served with. */
export async function loadBare(spec: BackboneSpec): Promise<Bare> {
  const url = new URL(`/models/${spec.id}/model.json`, location.href).href;
  if (spec.loader.kind === 'layers') {
    const model = await tf.loadLayersModel(url);
    return {
      spec,
      run: (batch) => {
        const out = model.predict(normalise(spec, batch)) as tf.Tensor;
        return (out.rank === 4 ? tf.mean(out, [1, 2]) : out) as tf.Tensor2D;
      },
      dispose: () => model.dispose(),
    };
  }
  if (spec.loader.kind !== 'mobilenet-package') throw new Error(`no bare loader for ${spec.id}`);
  const model = await loadGraphModel(url);
  const node = EMBEDDING_NODES[spec.loader.version]!;
  return {
    spec,
    run: (batch) => {
      const out = model.execute(normalise(spec, batch), node) as tf.Tensor;
      return tf.squeeze(out, [1, 2]) as tf.Tensor2D;
    },
    dispose: () => model.dispose(),
  };
}

/** Decodes a photo and draws its centred square at S×S: the bare reference's input. */
export async function decodeForBare(file: Blob, size: number): Promise<tf.Tensor3D> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const side = Math.min(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.imageSmoothingQuality = 'high';
    const x = Math.floor((bitmap.width - side) / 2);
    const y = Math.floor((bitmap.height - side) / 2);
    context.drawImage(bitmap, x, y, side, side, 0, 0, size, size);
    const { data } = context.getImageData(0, 0, size, size);
    const rgb = new Float32Array(size * size * 3);
    for (let i = 0; i < size * size; i++) {
      rgb[i * 3] = data[i * 4]!;
      rgb[i * 3 + 1] = data[i * 4 + 1]!;
      rgb[i * 3 + 2] = data[i * 4 + 2]!;
    }
    return tf.tensor3d(rgb, [size, size, 3]);
  } finally {
    bitmap.close();
  }
}

/** Pre-decoded photos: one tensor each, and the same stacked in batches. */
export interface BareInputs {
  images: tf.Tensor3D[];
  batches: tf.Tensor4D[];
}

export async function decodeAll(
  files: readonly Blob[],
  size: number,
  batchSize: number,
): Promise<BareInputs> {
  const images = await Promise.all(files.map((f) => decodeForBare(f, size)));
  const batches: tf.Tensor4D[] = [];
  for (let i = 0; i < images.length; i += batchSize) {
    batches.push(tf.stack(images.slice(i, i + batchSize)) as tf.Tensor4D);
  }
  return { images, batches };
}

/** ms for all images (or the first `limit` images / batches) at batch 1 or batched. */
export async function timeBare(
  net: Bare,
  inputs: BareInputs,
  batched: boolean,
  limit = Infinity,
): Promise<number> {
  const t0 = performance.now();
  const list: tf.Tensor[] = batched ? inputs.batches : inputs.images;
  for (const x of list.slice(0, limit)) {
    const out = tf.tidy(() => net.run((x.rank === 3 ? tf.expandDims(x, 0) : x) as tf.Tensor4D));
    await out.data();
    out.dispose();
  }
  return performance.now() - t0;
}

/** GFLOP/s of one n×n by n×n matMul on the current backend (median of `reps`). */
export async function matMulGflops(n: number, reps: number): Promise<number> {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const times: number[] = [];
  try {
    for (let r = 0; r <= reps; r++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      if (r > 0) times.push(performance.now() - t0); // r = 0 warms up
    }
  } finally {
    tf.dispose([a, b]);
  }
  times.sort((x, y) => x - y);
  const ms = times[Math.floor(times.length / 2)]!;
  return (2 * n * n * n) / (ms * 1e6);
}
