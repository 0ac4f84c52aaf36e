/**
 * The classification head: Dense(hidden, relu) → Dropout → Dense(classes) → softmax, or a single
 * Dense(classes) → softmax when `hiddenUnits` is 0. Weights live in TF variables owned by the
 * head; embeddings and probabilities cross the boundary as Float32Arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { DimensionMismatchError, DisposedError } from '../errors';

/** One dense layer's weights as plain arrays. `kernel` is row-major [inputs, units]. */
export interface DenseWeights {
  inputs: number;
  units: number;
  kernel: Float32Array;
  bias: Float32Array | null;
}

/** A head's weights, plain and serialisable. */
export interface HeadWeights {
  inputDim: number;
  hiddenUnits: number;
  classCount: number;
  /** One layer (linear head) or two (hidden, output). */
  layers: DenseWeights[];
}

/** Shape of a head to build. */
export interface HeadShape {
  inputDim: number;
  hiddenUnits: number;
  classCount: number;
  outputBias: boolean;
}

/**
 * x @ w whose weight gradient is computed as transpose(x) @ dy: tfjs-backend-wasm's matMul with
 * transposeA is far slower than an explicit transpose (see TOOLCHAIN.md); results are identical.
 */
const denseMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(sw)),
        tf.matMul(tf.transpose(sx), dy as tf.Tensor2D),
      ];
    },
  };
});

/**
 * The same for the first layer, whose input (the embeddings) is data, not a variable: its input
 * gradient — the costliest product of a step, [batch, hidden] @ [hidden, inputDim] — is never
 * used, so zeros stand in for it.
 */
const inputDenseMatMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx] = saved as [tf.Tensor2D];
      return [tf.zerosLike(sx), tf.matMul(tf.transpose(sx), dy as tf.Tensor2D)];
    },
  };
});

interface LayerVars {
  kernel: tf.Variable;
  bias: tf.Variable | null;
}

/** Variance-scaling (fan-in, truncated normal) initialisation, as Keras/Teachable Machine. */
function initKernel(inputs: number, units: number, seed: number): tf.Tensor2D {
  return tf.truncatedNormal(
    [inputs, units],
    0,
    Math.sqrt(1 / inputs) / 0.87962566,
    'float32',
    seed,
  );
}

/** The head network. Create with {@link createHeadModel} or {@link headModelFromWeights}. */
export class HeadModel {
  private layers: LayerVars[] | null;
  readonly shape: HeadShape;

  constructor(shape: HeadShape, layers: LayerVars[]) {
    this.shape = shape;
    this.layers = layers;
  }

  /** The trainable variables. */
  variables(): tf.Variable[] {
    return this.live().flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]));
  }

  /** Logits for a [N, inputDim] batch. Call inside tidy. */
  logits(x: tf.Tensor2D, dropout: number, seed?: number): tf.Tensor2D {
    const layers = this.live();
    let h: tf.Tensor = x;
    layers.forEach((layer, i) => {
      h = (i === 0 ? inputDenseMatMul : denseMatMul)(h, layer.kernel);
      if (layer.bias) h = tf.add(h, layer.bias);
      if (i < layers.length - 1) {
        h = tf.relu(h);
        if (dropout > 0) h = tf.dropout(h, dropout, undefined, seed);
      }
    });
    return h as tf.Tensor2D;
  }

  /** Class probabilities for each embedding. */
  async predict(embeddings: readonly Float32Array[]): Promise<Float32Array[]> {
    const { inputDim, classCount } = this.shape;
    if (embeddings.length === 0) return [];
    const flat = packRows(embeddings, inputDim);
    const probs = tf.tidy(() =>
      tf.softmax(this.logits(tf.tensor2d(flat, [embeddings.length, inputDim]), 0)),
    );
    let data: Float32Array;
    try {
      data = (await probs.data()) as Float32Array;
    } finally {
      probs.dispose();
    }
    return embeddings.map((_, i) => data.slice(i * classCount, (i + 1) * classCount));
  }

  /** Copies the weights out as plain arrays (fresh copies the caller owns). */
  async weights(): Promise<HeadWeights> {
    const layers = await Promise.all(
      this.live().map(async (l) => ({
        inputs: l.kernel.shape[0]!,
        units: l.kernel.shape[1]!,
        // Copies: GPU backends hand out their own cached arrays, which must never be transferred.
        kernel: Float32Array.from((await l.kernel.data()) as Float32Array),
        bias: l.bias ? Float32Array.from((await l.bias.data()) as Float32Array) : null,
      })),
    );
    const { inputDim, hiddenUnits, classCount } = this.shape;
    return { inputDim, hiddenUnits, classCount, layers };
  }

  /** Snapshot of the current values (caller disposes), for restoring the best epoch. */
  snapshot(): tf.Tensor[] {
    return this.variables().map((v) => tf.keep(v.clone()));
  }

  /** Writes a snapshot back. */
  restore(values: readonly tf.Tensor[]): void {
    this.variables().forEach((v, i) => v.assign(values[i]!));
  }

  dispose(): void {
    for (const v of this.layers ?? []) {
      v.kernel.dispose();
      v.bias?.dispose();
    }
    this.layers = null;
  }

  get disposed(): boolean {
    return this.layers === null;
  }

  private live(): LayerVars[] {
    if (!this.layers) throw new DisposedError('The trained model');
    return this.layers;
  }
}

/** Packs equal-length rows into one Float32Array, checking their length. */
export function packRows(rows: readonly Float32Array[], dim: number): Float32Array {
  const flat = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    if (row.length !== dim) throw new DimensionMismatchError(dim, row.length);
    flat.set(row, i * dim);
  });
  return flat;
}

/** A freshly initialised head. */
export function createHeadModel(shape: HeadShape, seed: number): HeadModel {
  const sizes =
    shape.hiddenUnits > 0
      ? [shape.inputDim, shape.hiddenUnits, shape.classCount]
      : [shape.inputDim, shape.classCount];
  const layers: LayerVars[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const isOutput = i + 2 === sizes.length;
    const inputs = sizes[i]!;
    const units = sizes[i + 1]!;
    const initial = initKernel(inputs, units, seed + i);
    const kernel = tf.variable(initial);
    initial.dispose();
    let bias: tf.Variable | null = null;
    if (!isOutput || shape.outputBias) {
      const zeros = tf.zeros([units]);
      bias = tf.variable(zeros);
      zeros.dispose();
    }
    layers.push({ kernel, bias });
  }
  return new HeadModel(shape, layers);
}

/** A head rebuilt from plain weights. */
export function headModelFromWeights(weights: HeadWeights): HeadModel {
  const layers = weights.layers.map((l) => {
    const k = tf.tensor2d(l.kernel, [l.inputs, l.units]);
    const kernel = tf.variable(k);
    k.dispose();
    let bias: tf.Variable | null = null;
    if (l.bias) {
      const b = tf.tensor1d(l.bias);
      bias = tf.variable(b);
      b.dispose();
    }
    return { kernel, bias };
  });
  const last = weights.layers[weights.layers.length - 1];
  return new HeadModel(
    {
      inputDim: weights.inputDim,
      hiddenUnits: weights.hiddenUnits,
      classCount: weights.classCount,
      outputBias: Boolean(last?.bias),
    },
    layers,
  );
}
