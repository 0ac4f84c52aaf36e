/**
 * Backbone networks as the extractor sees them: a batch tensor in, a [N, dim] tensor out.
 * Private to src/core/features; nothing outside sees a tensor.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackboneSpec } from './catalog';

/** A loaded backbone network. `infer` must be called inside a tidy scope. */
export interface Network {
  infer(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

function globalPool(t: tf.Tensor): tf.Tensor2D {
  return (t.rank === 4 ? tf.mean(t, [1, 2]) : t) as tf.Tensor2D;
}

/** Wraps a layers model: uses its output if already pooled, else cuts at `featureLayer`. */
export function layersNetwork(model: tf.LayersModel, featureLayer: string, dim: number): Network {
  const out = model.outputs[0];
  const pooledOutput =
    model.outputs.length === 1 && out?.shape.length === 2 && out.shape[1] === dim;
  const cut = pooledOutput
    ? model
    : tf.model({ inputs: model.inputs, outputs: model.getLayer(featureLayer).output });
  return {
    infer: (batch) => globalPool(cut.predict(batch) as tf.Tensor),
    dispose: () => model.dispose(),
  };
}

/** The part of @tensorflow-models/mobilenet's model object we rely on. */
export interface MobileNetPackageModel {
  infer(img: tf.Tensor, embedding: boolean): tf.Tensor;
  model?: { dispose(): void };
}

/** Wraps a model loaded by @tensorflow-models/mobilenet. */
export function packageNetwork(model: MobileNetPackageModel): Network {
  return {
    infer: (batch) => {
      const out = model.infer(batch, true);
      return (out.rank === 1 ? tf.expandDims(out, 0) : out) as tf.Tensor2D;
    },
    dispose: () => model.model?.dispose(),
  };
}

/**
 * Wraps nsfwjs's MobileNetV2: each named layer globally pooled, the parts concatenated and the
 * whole vector L2-normalised (the late layers are NSFW-tuned, so early ones carry the signal).
 */
export function multiLayerNetwork(model: tf.LayersModel, layers: readonly string[]): Network {
  const cut = tf.model({
    inputs: model.inputs,
    outputs: layers.map((name) => model.getLayer(name).output as tf.SymbolicTensor),
  });
  return {
    infer: (batch) => {
      const outs = cut.predict(batch);
      const parts = (Array.isArray(outs) ? outs : [outs]).map(globalPool);
      const joined = parts.length === 1 ? parts[0]! : tf.concat(parts, 1);
      return tf.div(joined, tf.add(tf.norm(joined, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
    },
    dispose: () => model.dispose(),
  };
}

/** Embedding length a network produces, checked once on load with a blank image. */
export function probeDim(network: Network, spec: BackboneSpec): number {
  return tf.tidy(() => {
    const out = network.infer(tf.zeros([1, spec.inputSize, spec.inputSize, 3]));
    return out.shape[1];
  });
}
