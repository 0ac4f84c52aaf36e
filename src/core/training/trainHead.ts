/**
 * Trains a head on cached embeddings. All embeddings go to the backend once as one tensor;
 * batches are gathered from it, so nothing is re-embedded or re-uploaded per epoch.
 */
import * as tf from '@tensorflow/tfjs';
import { CancelledError, InvalidArgumentError, TooFewClassesError } from '../errors';
import { createRng, shuffleInPlace } from '../dataset/random';
import { balancedClassWeights, stratifiedSplit } from '../dataset/split';
import { DEFAULT_HEAD_OPTIONS, type HeadOptions } from './headOptions';
import { createHeadModel, packRows, type HeadModel } from './headModel';
import { trainingRows } from './trainingRows';

/** Metrics after one epoch. Validation fields are absent when nothing was held out. */
export interface EpochLog {
  epoch: number;
  loss: number;
  acc: number;
  valLoss?: number;
  valAcc?: number;
}

/** Labelled embeddings to train on. `labels[i]` is a class index in [0, classCount). */
export interface TrainingData {
  embeddings: readonly Float32Array[];
  labels: readonly number[];
  classCount: number;
  /**
   * Per sample (parallel to `embeddings`), the embeddings of its augmented variants: extra rows
   * for a sample on the training side, never used when the sample is held out.
   */
  augmented?: readonly (readonly Float32Array[])[];
}

/** Callbacks and cancellation for {@link trainHead}. */
export interface TrainCallbacks {
  onEpoch?: (log: EpochLog) => void;
  signal?: AbortSignal;
}

/** What training produced. The caller owns `model` and disposes it. */
export interface TrainResult {
  model: HeadModel;
  history: EpochLog[];
  /** Epoch (1-based) whose weights were kept. */
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Indices (into the training data) used for validation. */
  validationIndices: number[];
  options: HeadOptions;
  /** Rows trained on per epoch: the training samples plus their augmented variants. */
  trainingRowCount: number;
}

function validate(data: TrainingData, o: HeadOptions): void {
  const { embeddings, labels, classCount } = data;
  if (embeddings.length !== labels.length) {
    throw new InvalidArgumentError('Every embedding needs exactly one label.');
  }
  if (data.augmented && data.augmented.length !== embeddings.length) {
    throw new InvalidArgumentError('The augmented variants must be given per sample.');
  }
  const present = new Set(labels);
  if (classCount < 2 || present.size < 2) throw new TooFewClassesError(present.size);
  for (const l of labels) {
    if (!Number.isInteger(l) || l < 0 || l >= classCount) {
      throw new InvalidArgumentError(`Label ${l} is outside the ${classCount} classes.`);
    }
  }
  if (!(
    o.epochs >= 1 &&
    o.batchSize >= 1 &&
    o.learningRate > 0 &&
    o.dropout >= 0 &&
    o.dropout < 1
  )) {
    throw new InvalidArgumentError(
      'Epochs and batch size must be at least 1, the learning rate positive and dropout in [0, 1).',
    );
  }
}

/**
 * The options training really uses: with {@link HeadOptions.smallData} and a class smaller than
 * its threshold, no hold-out and no early stopping. Validates the data and options.
 */
export function effectiveOptions(o: HeadOptions, data: TrainingData): HeadOptions {
  validate(data, o);
  if (!o.smallData) return o;
  const counts = new Map<number, number>();
  for (const l of data.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const smallest = Math.min(...counts.values());
  return smallest < o.smallData.belowPerClass
    ? { ...o, validationFraction: 0, earlyStopping: null }
    : o;
}

/** Trains a head with early stopping, class weights and per-epoch progress. */
export async function trainHead(
  data: TrainingData,
  options: Partial<HeadOptions> = {},
  callbacks: TrainCallbacks = {},
): Promise<TrainResult> {
  const o: HeadOptions = effectiveOptions({ ...DEFAULT_HEAD_OPTIONS, ...options }, data);
  const { labels, classCount } = data;
  const dim = data.embeddings[0]!.length;
  const split = stratifiedSplit(labels, o.validationFraction, o.seed);
  // Variants join the training side only: validation rows are the held-out samples alone.
  const rows = trainingRows(data, split.train);
  const sampleWeights =
    o.classWeighting === 'balanced'
      ? balancedClassWeights(
          rows.train.map((i) => rows.labels[i]!),
          classCount,
        )
      : new Array<number>(classCount).fill(1);

  // Packed before the model exists: a variant of the wrong length throws with nothing to free.
  const flat = packRows(rows.embeddings, dim);
  const model = createHeadModel(
    { inputDim: dim, hiddenUnits: o.hiddenUnits, classCount, outputBias: o.outputBias },
    o.seed,
  );
  const x = tf.tensor2d(flat, [rows.labels.length, dim]);
  const y = tf.tensor1d(Int32Array.from(rows.labels), 'int32');
  const w = tf.tensor1d(Float32Array.from(rows.labels, (l) => sampleWeights[l]!));
  const valIdx = split.validation.length
    ? tf.tensor1d(Int32Array.from(split.validation), 'int32')
    : null;
  const optimizer = tf.train.adam(o.learningRate);
  const rng = createRng(o.seed ^ 0x5eed);
  const order = shuffleInPlace([...rows.train], rng);
  const history: EpochLog[] = [];
  let best = { loss: Infinity, epoch: 0, weights: null as tf.Tensor[] | null };
  let stoppedEarly = false;
  let lossSum: tf.Tensor = tf.scalar(0);
  let correctSum: tf.Tensor = tf.scalar(0);

  const lossOf = (logits: tf.Tensor2D, yb: tf.Tensor1D, wb: tf.Tensor1D): tf.Scalar => {
    const logp = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logp, tf.oneHot(yb, classCount)), 1);
    let loss = tf.div(tf.neg(tf.sum(tf.mul(picked, wb))), tf.sum(wb)) as tf.Scalar;
    if (o.weightDecay > 0) {
      const kernels = model.variables().filter((v) => v.rank === 2);
      loss = tf.add(
        loss,
        tf.mul(o.weightDecay / 2, tf.addN(kernels.map((k) => tf.sum(tf.square(k))))),
      ) as tf.Scalar;
    }
    return loss;
  };
  const correctOf = (logits: tf.Tensor2D, yb: tf.Tensor1D) =>
    tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), yb), 'float32'));

  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      if (o.shuffle === 'each-epoch' && epoch > 1) shuffleInPlace(order, rng);
      if (epoch > 1) {
        lossSum = tf.scalar(0);
        correctSum = tf.scalar(0);
      }
      for (let start = 0; start < order.length; start += o.batchSize) {
        if (callbacks.signal?.aborted) throw new CancelledError('Training');
        const batch = order.slice(start, start + o.batchSize);
        const idx = tf.tensor1d(Int32Array.from(batch), 'int32');
        let correct: tf.Tensor | null = null;
        const cost = optimizer.minimize(
          () => {
            const xb = tf.gather(x, idx) as tf.Tensor2D;
            const yb = tf.gather(y, idx) as tf.Tensor1D;
            const logits = model.logits(xb, o.dropout, Math.floor(rng() * 2 ** 31));
            correct = tf.keep(correctOf(logits, yb));
            return lossOf(logits, yb, tf.gather(w, idx) as tf.Tensor1D);
          },
          true,
          model.variables(),
        )!;
        idx.dispose();
        const [prevLoss, prevCorrect] = [lossSum, correctSum];
        lossSum = tf.tidy(() => tf.add(prevLoss, tf.mul(cost, batch.length)));
        correctSum = tf.add(prevCorrect, correct!);
        tf.dispose([prevLoss, prevCorrect, cost, correct!]);
      }
      const valStats = valIdx
        ? tf.tidy(() => {
            const logits = model.logits(tf.gather(x, valIdx) as tf.Tensor2D, 0);
            const yv = tf.gather(y, valIdx) as tf.Tensor1D;
            return tf.stack([
              lossOf(logits, yv, tf.gather(w, valIdx) as tf.Tensor1D),
              correctOf(logits, yv),
            ]);
          })
        : null;
      const [lossTotal, correctTotal, valPair] = await Promise.all([
        lossSum.data(),
        correctSum.data(),
        valStats?.data(),
      ]);
      tf.dispose([lossSum, correctSum, valStats ?? []]);
      const log: EpochLog = {
        epoch,
        loss: lossTotal[0]! / order.length,
        acc: correctTotal[0]! / order.length,
      };
      if (valPair) {
        log.valLoss = valPair[0]!;
        log.valAcc = valPair[1]! / split.validation.length;
      }
      history.push(log);
      callbacks.onEpoch?.(log);
      const monitored = log.valLoss ?? log.loss;
      if (o.earlyStopping) {
        if (monitored < best.loss - o.earlyStopping.minDelta) {
          if (best.weights) tf.dispose(best.weights);
          best = { loss: monitored, epoch, weights: model.snapshot() };
        } else if (epoch - best.epoch >= o.earlyStopping.patience) {
          stoppedEarly = true;
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (best.weights) model.restore(best.weights);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    if (best.weights) tf.dispose(best.weights);
    tf.dispose([x, y, w, valIdx ?? [], lossSum, correctSum]);
    optimizer.dispose();
  }
  return {
    model,
    history,
    bestEpoch: o.earlyStopping && best.epoch > 0 ? best.epoch : history.length,
    stoppedEarly,
    validationIndices: split.validation,
    options: o,
    trainingRowCount: rows.train.length,
  };
}
