/**
 * Fine-tuning: after the head has converged on frozen embeddings, unfreeze the last blocks of
 * the Teachable Machine base (a MobileNetV2 layers model) and train them together with the head
 * at a low learning rate.
 *
 * The frozen part of the base runs once per image: {@link activationsAt} caches the activations
 * at the input of the first unfrozen block (7×7×56 values per image on the TM base), and every
 * epoch trains only the unfrozen blocks and the head on those. The base model is never modified:
 * the result is new values for the unfrozen layers' weights and for the head, as plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { CancelledError, InvalidArgumentError, TooFewClassesError } from '../errors';
import { createRng, shuffleInPlace } from '../dataset/random';
import { balancedClassWeights, stratifiedSplit } from '../dataset/split';
import type { HeadWeights } from './headModel';
import type { EpochLog, TrainCallbacks } from './trainHead';
import {
  createParams,
  describeTop,
  disposeParams,
  batchLoss,
  headForward,
  topForward,
  readParams,
  type NamedWeight,
  type TopNet,
  type TopParams,
} from './fineTuneNet';

export type { NamedWeight } from './fineTuneNet';

/** Settings for {@link fineTune}. */
export interface FineTuneOptions {
  /** Inverted-residual blocks to unfreeze, counted from the end (1–3); the final 1×1 conv always trains. */
  blocks: number;
  /** Adam learning rate (low: the base's weights should move a little). */
  learningRate: number;
  /** Maximum passes over the training images. */
  epochs: number;
  batchSize: number;
  /**
   * Share of each class held out for early stopping. With the same seed and fraction as the
   * head's training, it is the head's own hold-out, so fine-tuning never sees those images.
   */
  validationFraction: number;
  /** Stop when validation loss has not improved for `patience` epochs; keep the best epoch. */
  earlyStopping: { patience: number; minDelta: number } | null;
  /** As for the head: below this many images in a class, no hold-out and every epoch runs. */
  smallData: { belowPerClass: number } | null;
  /** Dropout after the head's hidden layer while fine-tuning. */
  dropout: number;
  classWeighting: 'balanced' | 'none';
  /** L2 penalty on the head's kernels. */
  weightDecay: number;
  seed: number;
}

/**
 * Defaults, as `npm run bench:finetune` measures them: Adam 1e-4, batch 16, up to 8 epochs,
 * patience 3, the head's 15 % hold-out.
 */
export const DEFAULT_FINE_TUNE_OPTIONS: FineTuneOptions = {
  blocks: 1,
  learningRate: 1e-4,
  epochs: 8,
  batchSize: 16,
  validationFraction: 0.15,
  earlyStopping: { patience: 3, minDelta: 1e-4 },
  smallData: { belowPerClass: 30 },
  dropout: 0.25,
  classWeighting: 'balanced',
  weightDecay: 1e-4,
  seed: 42,
};

/** The fine-tuned model as plain arrays: new weights for the unfrozen layers and the head. */
export interface FineTunedWeights {
  blocks: number;
  /** The frozen layer whose output the unfrozen blocks take (e.g. `block_15_add`). */
  cutLayer: string;
  /** Every weight of every unfrozen layer, named as in the base's weights manifest. */
  layers: { layer: string; weights: NamedWeight[] }[];
  head: HeadWeights;
}

/** What fine-tuning produced. */
export interface FineTuneResult {
  weights: FineTunedWeights;
  /** Epoch 0 is the starting point (the converged head on the original base). */
  history: EpochLog[];
  /** Epoch whose weights were kept (0: fine-tuning never beat the start on validation). */
  bestEpoch: number;
  stoppedEarly: boolean;
  validationIndices: number[];
  options: FineTuneOptions;
  /** Time spent training (activations excluded), ms. */
  trainMs: number;
}

/** Training data as activations at the cut (from {@link activationsAt}). */
export interface ActivationData {
  activations: readonly Float32Array[];
  labels: readonly number[];
  classCount: number;
}

/** Training data as preprocessed images (S×S×3 each, normalised for the backbone). */
export interface PixelData {
  pixels: readonly Float32Array[];
  labels: readonly number[];
  classCount: number;
}

const cuts = new WeakMap<tf.LayersModel, Map<string, tf.LayersModel>>();

/** The frozen layer whose output feeds the first of the last `blocks` blocks. */
export function cutLayerFor(base: tf.LayersModel, blocks: number): string {
  return describeTop(base, blocks).cutLayer;
}

/**
 * Runs the base once on a batch of preprocessed images and returns, for each named layer, each
 * image's activations there (global pooling not applied). Name the base's output layer to get
 * the frozen embeddings from the same pass.
 */
export async function activationsAt(
  base: tf.LayersModel,
  layerNames: readonly string[],
  batch: Float32Array,
  count: number,
): Promise<Float32Array[][]> {
  const key = layerNames.join(',');
  const byKey = cuts.get(base) ?? new Map<string, tf.LayersModel>();
  cuts.set(base, byKey);
  let cut = byKey.get(key);
  if (!cut) {
    const outputs = layerNames.map((n) => base.getLayer(n).output as tf.SymbolicTensor);
    cut = tf.model({ inputs: base.inputs, outputs });
    byKey.set(key, cut);
  }
  const [, h, w, c] = base.inputs[0]!.shape as number[];
  const outs = tf.tidy(() => {
    const y = cut.predict(
      tf.tensor4d(batch.subarray(0, count * h! * w! * c!), [count, h!, w!, c!]),
    );
    return Array.isArray(y) ? y : [y];
  });
  try {
    const flats = (await Promise.all(outs.map((o) => o.data()))) as Float32Array[];
    return flats.map((flat) => {
      const size = flat.length / count;
      return Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size));
    });
  } finally {
    tf.dispose(outs);
  }
}

function packed(rows: readonly Float32Array[], size: number): Float32Array {
  const flat = new Float32Array(rows.length * size);
  rows.forEach((r, i) => {
    if (r.length !== size) throw new InvalidArgumentError('Activations have the wrong size.');
    flat.set(r, i * size);
  });
  return flat;
}

function checkData(data: ActivationData, head: HeadWeights, o: FineTuneOptions): void {
  if (data.activations.length !== data.labels.length) {
    throw new InvalidArgumentError('Every image needs exactly one label.');
  }
  if (data.classCount !== head.classCount) {
    throw new InvalidArgumentError('The head was trained for a different number of classes.');
  }
  if (new Set(data.labels).size < 2) throw new TooFewClassesError(new Set(data.labels).size);
  if (data.labels.some((l) => !Number.isInteger(l) || l < 0 || l >= data.classCount)) {
    throw new InvalidArgumentError('A label is outside the classes.');
  }
  if (!(o.epochs >= 1 && o.batchSize >= 1 && o.learningRate > 0)) {
    throw new InvalidArgumentError('Epochs and batch size must be at least 1, the rate positive.');
  }
}

/** Fine-tunes on activations cached at the cut of `options.blocks` (see {@link activationsAt}). */
export async function fineTuneOnActivations(
  base: tf.LayersModel,
  head: HeadWeights,
  data: ActivationData,
  options: Partial<FineTuneOptions> = {},
  callbacks: TrainCallbacks = {},
): Promise<FineTuneResult> {
  let o: FineTuneOptions = { ...DEFAULT_FINE_TUNE_OPTIONS, ...options };
  checkData(data, head, o);
  const counts = data.labels.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map());
  if (o.smallData && Math.min(...counts.values()) < o.smallData.belowPerClass) {
    o = { ...o, validationFraction: 0, earlyStopping: null };
  }
  const started = performance.now();
  const net = describeTop(base, o.blocks);
  const [h, w, c] = net.inputShape;
  const { labels, classCount } = data;
  const split = stratifiedSplit(labels, o.validationFraction, o.seed);
  const classWeights =
    o.classWeighting === 'balanced'
      ? balancedClassWeights(
          split.train.map((i) => labels[i]!),
          classCount,
        )
      : new Array<number>(classCount).fill(1);
  const x = tf.tensor4d(packed(data.activations, h * w * c), [labels.length, h, w, c]);
  const y = tf.tensor1d(Int32Array.from(labels), 'int32');
  const sw = tf.tensor1d(Float32Array.from(labels, (l) => classWeights[l]!));
  const params = createParams(base, net, head);
  const optimizer = tf.train.adam(o.learningRate);
  const rng = createRng(o.seed ^ 0xf17e);
  const order = shuffleInPlace([...split.train], rng);
  const history: EpochLog[] = [];
  let best: { loss: number; epoch: number; values: tf.Tensor[] | null } = {
    loss: Infinity,
    epoch: 0,
    values: null,
  };
  let stoppedEarly = false;
  const loss = { classCount, weightDecay: o.weightDecay };
  const evaluate = async (indices: readonly number[]) => {
    let total = 0;
    let correct = 0;
    for (let s = 0; s < indices.length; s += 64) {
      const part = indices.slice(s, s + 64);
      const stats = tf.tidy(() => {
        const r = batchLoss(net, params, { x, y, sw }, Int32Array.from(part), loss, 0);
        return tf.stack([r.loss, r.hits]);
      });
      const [l, hit] = (await stats.data()) as Float32Array;
      stats.dispose();
      total += l! * part.length;
      correct += hit!;
    }
    return { loss: total / indices.length, acc: correct / indices.length };
  };
  const snapshot = () => params.trainable.map((v) => tf.keep(v.clone()));

  try {
    const start = await evaluate(order);
    const log0: EpochLog = { epoch: 0, loss: start.loss, acc: start.acc };
    if (split.validation.length) {
      const v = await evaluate(split.validation);
      Object.assign(log0, { valLoss: v.loss, valAcc: v.acc });
      best = { loss: v.loss, epoch: 0, values: snapshot() };
    }
    history.push(log0);
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      if (epoch > 1) shuffleInPlace(order, rng);
      let lossSum = 0;
      let correct = 0;
      for (let s = 0; s < order.length; s += o.batchSize) {
        if (callbacks.signal?.aborted) throw new CancelledError('Fine-tuning');
        const batch = order.slice(s, s + o.batchSize);
        let hits: tf.Tensor | null = null;
        const cost = optimizer.minimize(
          () => {
            const seed = Math.floor(rng() * 2 ** 31);
            const r = batchLoss(
              net,
              params,
              { x, y, sw },
              Int32Array.from(batch),
              loss,
              o.dropout,
              seed,
            );
            hits = tf.keep(r.hits);
            return r.loss;
          },
          true,
          params.trainable,
        )!;
        const [l, hit] = await Promise.all([cost.data(), hits!.data()]);
        tf.dispose([cost, hits!]);
        lossSum += l[0]! * batch.length;
        correct += hit[0]!;
      }
      const log: EpochLog = { epoch, loss: lossSum / order.length, acc: correct / order.length };
      if (split.validation.length) {
        const v = await evaluate(split.validation);
        Object.assign(log, { valLoss: v.loss, valAcc: v.acc });
      }
      history.push(log);
      callbacks.onEpoch?.(log);
      await new Promise((resolve) => setTimeout(resolve, 0)); // lets a worker see a cancel
      if (o.earlyStopping && log.valLoss !== undefined) {
        if (log.valLoss < best.loss - o.earlyStopping.minDelta) {
          tf.dispose(best.values ?? []);
          best = { loss: log.valLoss, epoch, values: snapshot() };
        } else if (epoch - best.epoch >= o.earlyStopping.patience) {
          stoppedEarly = true;
          break;
        }
      }
    }
    if (best.values && o.earlyStopping) {
      params.trainable.forEach((v, i) => v.assign(best.values![i]!));
    }
    const values = await readParams(base, net, params, head);
    return {
      weights: { blocks: o.blocks, cutLayer: net.cutLayer, ...values },
      history,
      bestEpoch: o.earlyStopping && best.values ? best.epoch : history.length - 1,
      stoppedEarly,
      validationIndices: split.validation,
      options: o,
      trainMs: performance.now() - started,
    };
  } finally {
    tf.dispose([x, y, sw, ...(best.values ?? [])]);
    disposeParams(params);
    optimizer.dispose();
  }
}

/** Activations at `cutLayer` for preprocessed images, in batches. */
async function activationsFor(
  base: tf.LayersModel,
  cutLayer: string,
  pixels: readonly Float32Array[],
) {
  const size = pixels[0]?.length ?? 0;
  const out: Float32Array[] = [];
  for (let s = 0; s < pixels.length; s += 16) {
    const part = pixels.slice(s, s + 16);
    out.push(...(await activationsAt(base, [cutLayer], packed(part, size), part.length))[0]!);
  }
  return out;
}

/**
 * Fine-tunes the last `options.blocks` blocks of `base` and the head on preprocessed images:
 * runs the frozen part once per image, then trains on the cached activations.
 */
export async function fineTune(
  base: tf.LayersModel,
  head: HeadWeights,
  data: PixelData,
  options: Partial<FineTuneOptions> = {},
  callbacks: TrainCallbacks = {},
): Promise<FineTuneResult & { activationMs: number }> {
  const t0 = performance.now();
  const blocks = options.blocks ?? DEFAULT_FINE_TUNE_OPTIONS.blocks;
  const activations = await activationsFor(base, cutLayerFor(base, blocks), data.pixels);
  const activationMs = performance.now() - t0;
  const result = await fineTuneOnActivations(
    base,
    head,
    { activations, labels: data.labels, classCount: data.classCount },
    options,
    callbacks,
  );
  return { ...result, activationMs };
}

/** The starting point as {@link FineTunedWeights}: the base's own unfrozen-layer values and `head`. */
export async function startingWeights(
  base: tf.LayersModel,
  head: HeadWeights,
  blocks: number,
): Promise<FineTunedWeights> {
  const net = describeTop(base, blocks);
  const params = createParams(base, net, head);
  try {
    return { blocks, cutLayer: net.cutLayer, ...(await readParams(base, net, params, head)) };
  } finally {
    disposeParams(params);
  }
}

/** Class probabilities of the fine-tuned model for activations at `weights.cutLayer`. */
export async function predictFineTuned(
  base: tf.LayersModel,
  weights: FineTunedWeights,
  activations: readonly Float32Array[],
): Promise<Float32Array[]> {
  const net: TopNet = describeTop(base, weights.blocks);
  const [h, w, c] = net.inputShape;
  const params: TopParams = createParams(base, net, weights.head, weights.layers);
  const k = weights.head.classCount;
  const out: Float32Array[] = [];
  try {
    for (let s = 0; s < activations.length; s += 64) {
      const part = activations.slice(s, s + 64);
      const probs = tf.tidy(() => {
        const xb = tf.tensor4d(packed(part, h * w * c), [part.length, h, w, c]);
        return tf.softmax(headForward(params, topForward(net, params, xb), 0));
      });
      const flat = (await probs.data()) as Float32Array;
      probs.dispose();
      part.forEach((_, i) => out.push(flat.slice(i * k, (i + 1) * k)));
    }
  } finally {
    disposeParams(params);
  }
  return out;
}
