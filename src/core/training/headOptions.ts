import { NO_AUGMENTATION, type AugmentationOptions } from '../preprocess/augment';

/** Settings for training a head. Every field is a knob the Advanced panel can show. */
export interface HeadOptions {
  /** Units in the hidden layer; 0 trains a linear softmax classifier (a "linear probe"). */
  hiddenUnits: number;
  /** Dropout rate after the hidden layer, in [0, 1). */
  dropout: number;
  /** Maximum passes over the training samples. */
  epochs: number;
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** Share of each class held out to validate, in [0, 1). Split is stratified and seeded. */
  validationFraction: number;
  /**
   * Stop when the monitored loss (validation loss, or training loss without validation) has not
   * improved by `minDelta` for `patience` epochs, then restore the best epoch's weights.
   */
  earlyStopping: { patience: number; minDelta: number } | null;
  /** 'balanced' weighs each sample by n / (classes × n_class) so small classes count as much. */
  classWeighting: 'balanced' | 'none';
  /** L2 penalty on kernels (0 = none). */
  weightDecay: number;
  /** Whether the output layer has a bias (Teachable Machine's does not). */
  outputBias: boolean;
  /** Reshuffle every epoch, or shuffle once and keep that order (Teachable Machine). */
  shuffle: 'each-epoch' | 'once';
  /**
   * Tiny data: when the smallest class has fewer than `belowPerClass` images, nothing is held out
   * and early stopping is off — every image trains for `epochs` epochs (a 15 % hold-out of 5
   * photos is one photo: it costs accuracy and measures nothing). Null: always as configured.
   */
  smallData: { belowPerClass: number } | null;
  /** Seeds the split, the initial weights, shuffling and dropout. */
  seed: number;
  /**
   * Variants of each image (mirror, crops, lighting) embedded when it is added and used as extra
   * training rows, never for validation. Off by default: on the shared datasets it changed
   * accuracy by at most 1 point (bench/results/head-study.md).
   */
  augmentation: AugmentationOptions;
}

/**
 * Glimpse's defaults, chosen by `npm run bench:heads` (bench/results/head-study.md): large
 * batches at a higher learning rate train in about a quarter of the Teachable Machine recipe's
 * time at equal or better held-out accuracy; tiny data trains on every image.
 */
export const DEFAULT_HEAD_OPTIONS: HeadOptions = {
  hiddenUnits: 128,
  dropout: 0.25,
  epochs: 80,
  batchSize: 128,
  learningRate: 3e-3,
  validationFraction: 0.15,
  earlyStopping: { patience: 10, minDelta: 1e-4 },
  classWeighting: 'balanced',
  weightDecay: 1e-4,
  outputBias: true,
  shuffle: 'each-epoch',
  smallData: { belowPerClass: 30 },
  seed: 42,
  augmentation: NO_AUGMENTATION,
};

/**
 * Teachable Machine's own recipe, as its image library trains: Dense 100 relu → Dense softmax
 * without bias, Adam 1e-3, batch 16, 50 epochs, 15 % per-class hold-out, shuffled once.
 */
export const TEACHABLE_MACHINE_RECIPE: HeadOptions = {
  hiddenUnits: 100,
  dropout: 0,
  epochs: 50,
  batchSize: 16,
  learningRate: 1e-3,
  validationFraction: 0.15,
  earlyStopping: null,
  classWeighting: 'none',
  weightDecay: 0,
  outputBias: false,
  shuffle: 'once',
  smallData: null,
  seed: 42,
  augmentation: NO_AUGMENTATION,
};
