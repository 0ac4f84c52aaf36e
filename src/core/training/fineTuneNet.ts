/**
 * The part of a MobileNetV2 layers model that fine-tuning trains: its last inverted-residual
 * blocks, the final 1×1 convolution and the global pooling, rebuilt from plain tf ops on copies
 * of the base's weights (the base model itself is never modified), followed by the head.
 *
 * Built by hand because tfjs-backend-wasm has no convolution gradient kernels
 * (Conv2DBackpropFilter, DepthwiseConv2dNativeBackprop*): 1×1 convolutions run as matrix
 * products and the 3×3 depthwise convolution as a sum of nine shifted slices, all of which have
 * gradients on every backend. Batch normalisation stays in inference mode (the base's moving
 * statistics), as is usual when fine-tuning on little data; its scale and offset train.
 * Private to src/core/training: fineTune.ts is the public face.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors';
import type { HeadWeights } from './headModel';

/** One step of the rebuilt top, in topological order; `inputs` name earlier steps or the cut. */
export interface TopOp {
  layer: string;
  kind: 'conv1x1' | 'depthwise' | 'batchNorm' | 'relu6' | 'add' | 'pool';
  inputs: string[];
  /** Batch-norm epsilon, depthwise kernel size. */
  epsilon?: number;
  kernelSize?: number;
}

/** The rebuilt top: where it starts, what it runs, which layers carry weights. */
export interface TopNet {
  blocks: number;
  /** The frozen layer whose output feeds the first unfrozen block. */
  cutLayer: string;
  /** [height, width, channels] of the cut layer's output. */
  inputShape: [number, number, number];
  ops: TopOp[];
  /** Layers with weights, in order. */
  weightLayers: string[];
}

/** One weight of an unfrozen layer, named as in the base's weights manifest. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Variables of the top (copies of the base's weights) and of the head. */
export interface TopParams {
  /** Per weight layer, its weights in the layer's own order (Conv: kernel[, bias]; BN: γ, β, μ, σ²). */
  layers: Map<string, tf.Tensor[]>;
  trainable: tf.Variable[];
  head: { kernel: tf.Variable; bias: tf.Variable | null }[];
}

const KINDS: Record<string, TopOp['kind']> = {
  Conv2D: 'conv1x1',
  DepthwiseConv2D: 'depthwise',
  BatchNormalization: 'batchNorm',
  ReLU: 'relu6',
  Add: 'add',
  GlobalAveragePooling2D: 'pool',
};

/** The number of the last inverted-residual block (`block_16` in MobileNetV2). */
function lastBlock(base: tf.LayersModel): number {
  const numbers = base.layers
    .map((l) => /^block_(\d+)_expand$/.exec(l.name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  if (numbers.length === 0)
    throw new InvalidArgumentError('This image model is not a MobileNetV2.');
  return Math.max(...numbers);
}

function same(a: unknown, b: number[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Whether a layer's settings are the ones {@link topForward} implements. */
function supported(kind: TopOp['kind'], c: Record<string, unknown>): boolean {
  const k = (c.kernelSize as number[] | undefined)?.[0] ?? 0;
  const plain = same(c.strides, [1, 1]) && c.activation === 'linear';
  switch (kind) {
    case 'conv1x1':
      return plain && same(c.kernelSize, [1, 1]);
    case 'depthwise':
      return (
        plain &&
        same(c.kernelSize, [k, k]) &&
        k % 2 === 1 &&
        c.padding === 'same' &&
        (c.depthMultiplier ?? 1) === 1 &&
        !c.useBias
      );
    case 'relu6':
      return c.maxValue === 6;
    case 'batchNorm':
      return Boolean(c.center && c.scale);
    default:
      return true;
  }
}

/** Reads the last `blocks` blocks of a MobileNetV2 base (up to its pooled output) as a {@link TopNet}. */
export function describeTop(base: tf.LayersModel, blocks: number): TopNet {
  const last = lastBlock(base);
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > 3) {
    throw new InvalidArgumentError('Fine-tuning unfreezes 1, 2 or 3 blocks.');
  }
  const first = base.getLayer(`block_${last - blocks + 1}_expand`);
  const cutLayer = first.inboundNodes[0]!.inboundLayers[0]!.name;
  const start = base.layers.findIndex((l) => l.name === cutLayer);
  const known = new Set([cutLayer]);
  const ops: TopOp[] = [];
  for (const layer of base.layers.slice(start + 1)) {
    const kind = KINDS[layer.getClassName()];
    const inputs = layer.inboundNodes[0]!.inboundLayers.map((l) => l.name);
    const c = layer.getConfig() as Record<string, unknown>;
    if (!kind || inputs.some((n) => !known.has(n)) || !supported(kind, c)) {
      throw new InvalidArgumentError(`Fine-tuning cannot rebuild layer "${layer.name}".`);
    }
    ops.push({
      layer: layer.name,
      kind,
      inputs,
      ...(kind === 'batchNorm' ? { epsilon: c.epsilon as number } : {}),
      ...(kind === 'depthwise' ? { kernelSize: (c.kernelSize as number[])[0]! } : {}),
    });
    known.add(layer.name);
  }
  if (ops[ops.length - 1]?.kind !== 'pool') {
    throw new InvalidArgumentError('The image model does not end in global average pooling.');
  }
  const shape = base.getLayer(cutLayer).outputShape as (number | null)[];
  return {
    blocks,
    cutLayer,
    inputShape: [shape[1]!, shape[2]!, shape[3]!],
    ops,
    weightLayers: ops
      .filter((o) => o.kind === 'conv1x1' || o.kind === 'depthwise' || o.kind === 'batchNorm')
      .map((o) => o.layer),
  };
}

/** A variable holding `value`, which it takes over (the plain tensor is disposed). */
function toVariable(value: tf.Tensor): tf.Variable {
  const variable = tf.variable(value);
  value.dispose();
  return variable;
}

/** Copies of the top's weights (from the base, or from saved values) and the head's, as variables. */
export function createParams(
  base: tf.LayersModel,
  net: TopNet,
  head: HeadWeights,
  saved?: readonly { layer: string; weights: readonly NamedWeight[] }[],
): TopParams {
  const layers = new Map<string, tf.Tensor[]>();
  const trainable: tf.Variable[] = [];
  for (const name of net.weightLayers) {
    const layer = base.getLayer(name);
    const own = saved?.find((s) => s.layer === name)?.weights;
    const values = own
      ? own.map((w) => tf.tensor(w.values, w.shape))
      : layer.getWeights().map((w) => w.clone());
    const isBn = layer.getClassName() === 'BatchNormalization';
    layers.set(
      name,
      values.map((v, i) => {
        // BN: gamma and beta train; the moving statistics stay constants.
        if (isBn && i >= 2) return v;
        const variable = toVariable(v);
        trainable.push(variable);
        return variable;
      }),
    );
  }
  const headVars = head.layers.map((l) => {
    const kernel = toVariable(tf.tensor2d(l.kernel, [l.inputs, l.units]));
    const bias = l.bias ? toVariable(tf.tensor1d(l.bias)) : null;
    trainable.push(...(bias ? [kernel, bias] : [kernel]));
    return { kernel, bias };
  });
  return { layers, trainable, head: headVars };
}

/** Frees every tensor of `params`. */
export function disposeParams(params: TopParams): void {
  for (const values of params.layers.values()) tf.dispose(values);
  for (const l of params.head) tf.dispose([l.kernel, ...(l.bias ? [l.bias] : [])]);
}

/** x @ w whose weight gradient is transpose(x) @ dy (the WASM backend's transposeA is slow). */
const matMulT = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(sw)),
        tf.matMul(tf.transpose(sx), dy as tf.Tensor2D),
      ];
    },
  };
});

function conv1x1(x: tf.Tensor4D, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const units = kernel.shape[3]!;
  let y: tf.Tensor = matMulT(tf.reshape(x, [n * h * w, c]), tf.reshape(kernel, [c, units]));
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [n, h, w, units]);
}

/** 'same' depthwise convolution, stride 1, as a sum of k×k shifted slices times the kernel taps. */
function depthwise(x: tf.Tensor4D, kernel: tf.Tensor, k: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const p = (k - 1) / 2;
  const padded = tf.pad(x, [
    [0, 0],
    [p, p],
    [p, p],
    [0, 0],
  ]);
  const taps = tf.reshape(kernel, [k * k, c]);
  const terms: tf.Tensor[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const tap = tf.reshape(tf.slice(taps, [i * k + j, 0], [1, c]), [c]);
      terms.push(tf.mul(tf.slice(padded, [0, i, j, 0], [n, h, w, c]), tap));
    }
  }
  return tf.addN(terms) as tf.Tensor4D;
}

/** Pooled embeddings [N, dim] for activations at the cut [N, h, w, c]. Call inside tidy. */
export function topForward(net: TopNet, params: TopParams, input: tf.Tensor4D): tf.Tensor2D {
  const out = new Map<string, tf.Tensor>([[net.cutLayer, input]]);
  for (const op of net.ops) {
    const x = out.get(op.inputs[0]!) as tf.Tensor4D;
    const weights = params.layers.get(op.layer) ?? [];
    let y: tf.Tensor;
    switch (op.kind) {
      case 'conv1x1':
        y = conv1x1(x, weights[0]!, weights[1]);
        break;
      case 'depthwise':
        y = depthwise(x, weights[0]!, op.kernelSize!);
        break;
      case 'batchNorm': {
        const [gamma, beta, mean, variance] = weights as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
        ];
        const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, op.epsilon!)));
        y = tf.add(tf.mul(x, scale), tf.sub(beta, tf.mul(mean, scale)));
        break;
      }
      case 'relu6':
        y = tf.relu6(x);
        break;
      case 'add':
        y = tf.addN(op.inputs.map((n) => out.get(n)!));
        break;
      case 'pool':
        y = tf.mean(x, [1, 2]);
        break;
    }
    out.set(op.layer, y);
  }
  return out.get(net.ops[net.ops.length - 1]!.layer) as tf.Tensor2D;
}

/** Head logits for embeddings, dropout after the hidden layer. Call inside tidy. */
export function headForward(
  params: TopParams,
  x: tf.Tensor2D,
  dropout: number,
  seed?: number,
): tf.Tensor2D {
  let h: tf.Tensor = x;
  params.head.forEach((layer, i) => {
    h = matMulT(h as tf.Tensor2D, layer.kernel);
    if (layer.bias) h = tf.add(h, layer.bias);
    if (i < params.head.length - 1) {
      h = tf.relu(h);
      if (dropout > 0) h = tf.dropout(h, dropout, undefined, seed);
    }
  });
  return h as tf.Tensor2D;
}

/**
 * Loss (class-weighted cross-entropy + L2 on the head's kernels) and the number of correct
 * answers for the rows `rows` of the data. Call inside tidy or minimize.
 */
export function batchLoss(
  net: TopNet,
  params: TopParams,
  data: { x: tf.Tensor4D; y: tf.Tensor1D; sw: tf.Tensor1D },
  rows: Int32Array,
  o: { classCount: number; weightDecay: number },
  dropout: number,
  seed?: number,
): { loss: tf.Scalar; hits: tf.Scalar } {
  const idx = tf.tensor1d(rows, 'int32');
  const logits = headForward(
    params,
    topForward(net, params, tf.gather(data.x, idx)),
    dropout,
    seed,
  );
  const yb = tf.gather(data.y, idx);
  const wb = tf.gather(data.sw, idx);
  const picked = tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(yb, o.classCount)), 1);
  let loss = tf.div(tf.neg(tf.sum(tf.mul(picked, wb))), tf.sum(wb)) as tf.Scalar;
  if (o.weightDecay > 0) {
    const l2 = tf.addN(params.head.map((l) => tf.sum(tf.square(l.kernel))));
    loss = tf.add(loss, tf.mul(o.weightDecay / 2, l2));
  }
  const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), yb), 'float32')) as tf.Scalar;
  return { loss, hits };
}

/** Reads the top's and the head's current values out as plain arrays (fresh copies). */
export async function readParams(
  base: tf.LayersModel,
  net: TopNet,
  params: TopParams,
  head: HeadWeights,
): Promise<{ layers: { layer: string; weights: NamedWeight[] }[]; head: HeadWeights }> {
  const layers = await Promise.all(
    net.weightLayers.map(async (name) => {
      const specs = base.getLayer(name).weights;
      const values = params.layers.get(name)!;
      return {
        layer: name,
        weights: await Promise.all(
          values.map(async (v, i) => ({
            name: specs[i]!.originalName,
            shape: v.shape.slice(),
            values: Float32Array.from((await v.data()) as Float32Array),
          })),
        ),
      };
    }),
  );
  const headLayers = await Promise.all(
    params.head.map(async (l, i) => ({
      inputs: head.layers[i]!.inputs,
      units: head.layers[i]!.units,
      kernel: Float32Array.from((await l.kernel.data()) as Float32Array),
      bias: l.bias ? Float32Array.from((await l.bias.data()) as Float32Array) : null,
    })),
  );
  return { layers, head: { ...head, layers: headLayers } };
}
