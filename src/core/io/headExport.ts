/**
 * Model export of the trained head (format "glimpse-head", version 1): three files any TF.js
 * app can use.
 *
 * - `model.json`: a standard TF.js layers model (Keras `Sequential` of Dense layers: hidden relu,
 *   output softmax; dropout is left out because inference ignores it). Its one weights group
 *   reads `weights.bin`.
 * - `weights.bin`: float32 little-endian values in manifest order (kernel, then bias, per layer).
 * - `metadata.json`: labels in output order, the backbone that makes the embeddings (id,
 *   version, alpha, input size, normalisation, crop), training settings and metrics, versions.
 *
 * The model's input is the backbone's embedding ([null, embeddingDim]), its output one
 * probability per label. Built as plain JSON: no tensors here.
 */
// Only the version file: the main thread exports models without loading TF.js itself.
import { version as tfjsVersion } from '@tensorflow/tfjs/dist/version.js';
import { InvalidFileError } from '../errors';
import type { BackboneSpec } from '../features/catalog';
import { describeBackbone, type BackboneDescription } from './backboneDescription';
import type { HeadOptions } from '../training/headOptions';
import type { DenseWeights, HeadWeights } from '../training/headModel';
import type { EpochLog } from '../training/trainHead';
import { allFinite, bytesToFloat32, float32ToBytes } from './binary';
import { headExampleFiles, type ExampleRuntime } from './headExample';
import { checkFormat, isObject, parseJsonFile, type Json } from './jsonFile';
import { readWeightsManifest } from './weightsManifest';
import { readZip, utf8, writeZip, type FileEntry } from './zip';

export { describeBackbone, type BackboneDescription } from './backboneDescription';

/** Format name written into metadata.json. */
export const HEAD_FORMAT = 'glimpse-head';
/** Current (and newest readable) version of the head export. */
export const HEAD_FORMAT_VERSION = 1;

/** TF.js version the export was made with. */
export const TFJS_VERSION: string = tfjsVersion;

/** Training metrics stored with an export or project. Absent values are null. */
export interface TrainingMetrics {
  epochsRun: number;
  /** Epoch (1-based) whose weights were kept. */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  trainMs: number | null;
  /** The kept epoch's log. */
  best: EpochLog | null;
  /** Accuracy on the evaluation set, if evaluated. */
  evaluation: {
    basis: 'validation' | 'cross-validation' | 'training';
    accuracy: number;
    /** Per label, in output order. */
    perClassAccuracy: number[];
  } | null;
}

/** Settings and metrics of the training run that produced the head. */
export interface TrainingRecord {
  settings: HeadOptions;
  metrics: TrainingMetrics;
}

/** Contents of metadata.json. */
export interface HeadMetadata {
  format: typeof HEAD_FORMAT;
  version: typeof HEAD_FORMAT_VERSION;
  /** Class names in output order. */
  labels: string[];
  backbone: BackboneDescription;
  head: { inputDim: number; hiddenUnits: number; classCount: number; outputBias: boolean };
  training: TrainingRecord;
  appName: 'Glimpse';
  appVersion: string;
  tfjsVersion: string;
  /** ISO 8601. */
  createdAt: string;
}

/** What {@link exportHead} needs. */
export interface HeadExportInput {
  weights: HeadWeights;
  /** Class names in output order. */
  labels: readonly string[];
  backbone: BackboneSpec;
  training: TrainingRecord;
  appVersion: string;
  /** Export time (default: now). */
  createdAt?: Date;
}

/** A parsed head export. */
export interface ParsedHeadExport {
  weights: HeadWeights;
  labels: string[];
  metadata: HeadMetadata;
}

/** Summarises a training history into {@link TrainingMetrics}. */
export function summarizeTraining(
  history: readonly EpochLog[],
  extra: Partial<Omit<TrainingMetrics, 'epochsRun' | 'best'>> = {},
): TrainingMetrics {
  const bestEpoch = extra.bestEpoch ?? (history.length > 0 ? history.length : null);
  const best = bestEpoch !== null ? (history[bestEpoch - 1] ?? null) : null;
  return {
    epochsRun: history.length,
    bestEpoch,
    stoppedEarly: extra.stoppedEarly ?? false,
    trainMs: extra.trainMs ?? null,
    best: best ? { ...best } : null,
    evaluation: extra.evaluation ?? null,
  };
}

/** A Keras Dense layer's config as TF.js layers writes it. */
export function denseLayerJson(
  name: string,
  units: number,
  activation: 'relu' | 'softmax' | 'linear',
  useBias: boolean,
  batchInputShape?: (number | null)[],
): Record<string, unknown> {
  return {
    class_name: 'Dense',
    config: {
      units,
      activation,
      use_bias: useBias,
      kernel_initializer: {
        class_name: 'VarianceScaling',
        config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null },
      },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name,
      trainable: true,
      ...(batchInputShape ? { batch_input_shape: batchInputShape, dtype: 'float32' } : {}),
    },
  };
}

/** Weight entry of a TF.js weights manifest. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** The head's layer names in model.json, hidden first. */
function layerNames(layerCount: number): string[] {
  return layerCount === 2 ? ['glimpse_hidden', 'glimpse_output'] : ['glimpse_output'];
}

/** Dense layer JSON, weight specs and values of a head, for embedding in a larger model too. */
export function headLayers(
  weights: HeadWeights,
  batchInputShape?: (number | null)[],
): { layers: Record<string, unknown>[]; specs: WeightSpec[]; values: Float32Array[] } {
  assertHeadWeights(weights, 'the trained model');
  const names = layerNames(weights.layers.length);
  const layers: Record<string, unknown>[] = [];
  const specs: WeightSpec[] = [];
  const values: Float32Array[] = [];
  weights.layers.forEach((layer, i) => {
    const name = names[i]!;
    const last = i === weights.layers.length - 1;
    layers.push(
      denseLayerJson(
        name,
        layer.units,
        last ? 'softmax' : 'relu',
        layer.bias !== null,
        i === 0 ? batchInputShape : undefined,
      ),
    );
    specs.push({ name: `${name}/kernel`, shape: [layer.inputs, layer.units], dtype: 'float32' });
    values.push(layer.kernel);
    if (layer.bias) {
      specs.push({ name: `${name}/bias`, shape: [layer.units], dtype: 'float32' });
      values.push(layer.bias);
    }
  });
  return { layers, specs, values };
}

/** Builds model.json, weights.bin and metadata.json (in that order). */
export function exportHead(input: HeadExportInput): FileEntry[] {
  const { weights, labels, backbone } = input;
  if (labels.length !== weights.classCount) {
    throw new InvalidFileError(
      'model.json',
      'size-mismatch',
      `there are ${labels.length} class names for a model with ${weights.classCount} outputs.`,
    );
  }
  const { layers, specs, values } = headLayers(weights, [null, weights.inputDim]);
  const modelJson = {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'glimpse_head', layers },
      keras_version: `tfjs-layers ${TFJS_VERSION}`,
      backend: 'tensor_flow.js',
    },
    format: 'layers-model',
    generatedBy: `Glimpse ${input.appVersion} (TensorFlow.js tfjs-layers v${TFJS_VERSION})`,
    convertedBy: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  const metadata: HeadMetadata = {
    format: HEAD_FORMAT,
    version: HEAD_FORMAT_VERSION,
    labels: [...labels],
    backbone: describeBackbone(backbone),
    head: {
      inputDim: weights.inputDim,
      hiddenUnits: weights.hiddenUnits,
      classCount: weights.classCount,
      outputBias: weights.layers[weights.layers.length - 1]!.bias !== null,
    },
    training: input.training,
    appName: 'Glimpse',
    appVersion: input.appVersion,
    tfjsVersion: TFJS_VERSION,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
  };
  return [
    { path: 'model.json', bytes: utf8(JSON.stringify(modelJson, null, 2)) },
    { path: 'weights.bin', bytes: float32ToBytes(values) },
    { path: 'metadata.json', bytes: utf8(JSON.stringify(metadata, null, 2)) },
  ];
}

/**
 * The three export files in one zip, with a standalone example (index.html + example.js +
 * README.txt) that classifies an image or the webcam, and what it runs on when given: TF.js
 * (tf.min.js) and the backbone's files (backbone/).
 */
export function exportHeadZip(input: HeadExportInput, runtime: ExampleRuntime = {}): Uint8Array {
  return writeZip([...exportHead(input), ...headExampleFiles(runtime, input.backbone.id)]);
}

// ---------------------------------------------------------------------------------------------
// Reading

function invalid(fileName: string, problem: string): InvalidFileError {
  return new InvalidFileError(fileName, 'invalid-value', problem);
}

/** Checks that plain head weights are consistent (shapes chain, values finite). */
export function assertHeadWeights(weights: HeadWeights, fileName: string): void {
  const { layers, inputDim, classCount, hiddenUnits } = weights;
  const expected = hiddenUnits > 0 ? 2 : 1;
  if (layers.length !== expected) {
    throw invalid(fileName, `it has ${layers.length} layers where ${expected} are expected.`);
  }
  let inputs = inputDim;
  layers.forEach((l, i) => {
    const units = i === layers.length - 1 ? classCount : hiddenUnits;
    if (l.inputs !== inputs || l.units !== units) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `layer ${i + 1} is ${l.inputs}×${l.units} where ${inputs}×${units} is expected.`,
      );
    }
    if (l.kernel.length !== l.inputs * l.units || (l.bias && l.bias.length !== l.units)) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `layer ${i + 1}'s weights have the wrong size.`,
      );
    }
    if (!allFinite(l.kernel) || (l.bias && !allFinite(l.bias))) {
      throw invalid(fileName, 'some weights are not finite numbers (NaN or infinity).');
    }
    inputs = l.units;
  });
}

function positiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/** Reads weights from a TF.js model.json (Sequential of Dense layers) plus its weights.bin. */
export function readDenseModel(model: Json, weightsBin: Uint8Array): DenseWeights[] {
  const topology = model.modelTopology;
  const config = isObject(topology) ? topology.config : undefined;
  const layerList = isObject(config) ? config.layers : undefined;
  if (
    model.format !== 'layers-model' ||
    !isObject(topology) ||
    topology.class_name !== 'Sequential' ||
    !Array.isArray(layerList)
  ) {
    throw new InvalidFileError(
      'model.json',
      'wrong-format',
      'it is not a TF.js layers model made of one Sequential stack.',
    );
  }
  const { specs, byteLength } = readWeightsManifest(model);
  if (weightsBin.length !== byteLength) {
    throw new InvalidFileError(
      'weights.bin',
      'size-mismatch',
      `it holds ${weightsBin.length} bytes but model.json describes ${byteLength}.`,
    );
  }
  const values = bytesToFloat32(weightsBin);
  if (!allFinite(values)) {
    throw invalid('weights.bin', 'some weights are not finite numbers (NaN or infinity).');
  }
  const take = (name: string, shape: number[]): Float32Array | null => {
    const s = specs.get(name);
    if (!s) return null;
    if (s.shape.join('x') !== shape.join('x')) {
      throw new InvalidFileError(
        'model.json',
        'size-mismatch',
        `the weight "${name}" has shape [${s.shape.join(', ')}] where [${shape.join(', ')}] is expected.`,
      );
    }
    const n = shape.reduce((a, b) => a * b, 1);
    return values.slice(s.offset, s.offset + n);
  };

  const dense: DenseWeights[] = [];
  let inputs: number | null = null;
  layerList.forEach((layer: unknown, i: number) => {
    const cfg = isObject(layer) ? layer.config : undefined;
    if (!isObject(layer) || layer.class_name !== 'Dense' || !isObject(cfg)) {
      throw invalid('model.json', 'only Dense layers are supported in a Glimpse head.');
    }
    const last = i === layerList.length - 1;
    if (cfg.activation !== (last ? 'softmax' : 'relu')) {
      throw invalid('model.json', `layer ${i + 1} has activation ${String(cfg.activation)}.`);
    }
    if (i === 0) {
      const shape = cfg.batch_input_shape;
      const dim: unknown = Array.isArray(shape) ? shape[1] : undefined;
      if (!positiveInt(dim)) throw invalid('model.json', 'its input size is missing.');
      inputs = dim;
    }
    const units = cfg.units;
    if (!positiveInt(units) || typeof cfg.name !== 'string' || inputs === null) {
      throw invalid('model.json', `layer ${i + 1} has no valid size or name.`);
    }
    const kernel = take(`${cfg.name}/kernel`, [inputs, units]);
    const bias = cfg.use_bias === false ? null : take(`${cfg.name}/bias`, [units]);
    if (!kernel || (cfg.use_bias !== false && !bias)) {
      throw new InvalidFileError(
        'model.json',
        'missing-file',
        `the weights of layer "${cfg.name}" are not listed in its manifest.`,
      );
    }
    dense.push({ inputs, units, kernel, bias });
    inputs = units;
  });
  return dense;
}

function findFile(files: readonly FileEntry[], name: string): Uint8Array {
  const found = files.find((f) => f.path === name || f.path.endsWith(`/${name}`));
  if (!found) {
    throw new InvalidFileError(
      name,
      'missing-file',
      `the file is missing from the exported model.`,
    );
  }
  return found.bytes;
}

/**
 * Reads and validates exported head files (model.json, weights.bin, metadata.json; matched by
 * name, folders ignored). Throws {@link InvalidFileError} when anything is off.
 */
export function parseHeadExport(files: readonly FileEntry[]): ParsedHeadExport {
  const metaJson = parseJsonFile(findFile(files, 'metadata.json'), 'metadata.json');
  checkFormat(metaJson, 'metadata.json', HEAD_FORMAT, HEAD_FORMAT_VERSION, 'Glimpse model');
  const model = parseJsonFile(findFile(files, 'model.json'), 'model.json');
  const layers = readDenseModel(model, findFile(files, 'weights.bin'));
  if (layers.length < 1 || layers.length > 2) {
    throw invalid('model.json', `it has ${layers.length} layers; a Glimpse head has 1 or 2.`);
  }
  const labels = metaJson.labels;
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string')) {
    throw invalid('metadata.json', 'its class names ("labels") are missing.');
  }
  const first = layers[0]!;
  const last = layers[layers.length - 1]!;
  if (labels.length !== last.units) {
    throw new InvalidFileError(
      'metadata.json',
      'size-mismatch',
      `it names ${labels.length} classes but the model has ${last.units} outputs.`,
    );
  }
  const backbone = metaJson.backbone;
  if (!isObject(backbone) || backbone.embeddingDim !== first.inputs) {
    throw new InvalidFileError(
      'metadata.json',
      'size-mismatch',
      `the image model's feature size does not match the model's input (${first.inputs}).`,
    );
  }
  const weights: HeadWeights = {
    inputDim: first.inputs,
    hiddenUnits: layers.length === 2 ? first.units : 0,
    classCount: last.units,
    layers,
  };
  return { weights, labels: labels as string[], metadata: metaJson as unknown as HeadMetadata };
}

/** Reads an exported head from its zip. */
export function parseHeadExportZip(bytes: Uint8Array, fileName = 'model.zip'): ParsedHeadExport {
  return parseHeadExport(readZip(bytes, fileName));
}
