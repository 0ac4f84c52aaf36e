/**
 * Teachable-Machine-compatible export of the full model, for the Teachable Machine base
 * backbone only: one TF.js layers model that takes a 224×224×3 image (x/127 − 1) and returns
 * class probabilities, laid out as Teachable Machine's own exports are:
 *
 *   Sequential [ base (functional Model ending in GlobalAveragePooling2D) → Dense relu →
 *   Dense softmax ]
 *
 * saved as `model.json` (one weights group, path exactly "weights.bin"), `weights.bin` (base
 * weights as the base model stores them, then the head's) and `metadata.json` with Teachable
 * Machine's fields. Only layer types tfjs-layers 1.x knows are used: the base's own
 * (Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Add, ZeroPadding2D,
 * GlobalAveragePooling2D) and Dense. Built as plain JSON from the base model's files: no tensors.
 */
import { InvalidArgumentError, InvalidFileError } from '../errors';
import { TM_MOBILENET_V2 } from '../features/catalog';
import type { HeadWeights } from '../training/headModel';
import { float32ToBytes } from './binary';
import { headLayers, TFJS_VERSION, type WeightSpec } from './headExport';
import { isObject, type Json } from './jsonFile';
import { utf8, writeZip, type FileEntry } from './zip';

/** Teachable Machine's metadata.json (as @teachablemachine/image 0.8 reads and writes it). */
export interface TeachableMachineMetadata {
  tfjsVersion: string;
  packageVersion: string;
  packageName: string;
  /** ISO 8601. */
  timeStamp: string;
  userMetadata: Record<string, unknown>;
  modelName: string;
  labels: string[];
  imageSize: number;
}

/** The base model as files: its model.json (parsed) and its weights in manifest order. */
export interface BaseModelFiles {
  modelJson: Json;
  /** Weight files concatenated in manifest order. */
  weights: Uint8Array;
}

/** What {@link exportTeachableMachine} needs. */
export interface TeachableMachineExportInput {
  base: BaseModelFiles;
  head: HeadWeights;
  /** Class names in output order. */
  labels: readonly string[];
  /** Id of the backbone the head was trained on; must be the Teachable Machine base. */
  backboneId: string;
  appVersion: string;
  modelName?: string;
  createdAt?: Date;
}

/** Ids for which a Teachable-Machine-compatible export is possible. */
export function canExportTeachableMachine(backboneId: string): boolean {
  return backboneId === TM_MOBILENET_V2.id;
}

function baseTopology(base: BaseModelFiles): { config: Json; specs: WeightSpec[] } {
  const topology = base.modelJson.modelTopology;
  const config = isObject(topology) ? topology.config : undefined;
  const manifest = base.modelJson.weightsManifest;
  if (
    !isObject(topology) ||
    topology.class_name !== 'Model' ||
    !isObject(config) ||
    !Array.isArray(manifest)
  ) {
    throw new InvalidFileError(
      'model.json',
      'wrong-format',
      'the base image model is not a layers model.',
    );
  }
  const specs = manifest.flatMap((group: unknown) =>
    isObject(group) && Array.isArray(group.weights) ? (group.weights as WeightSpec[]) : [],
  );
  const bytes = specs.reduce(
    (n, s) => n + s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'float32' ? 4 : NaN),
    0,
  );
  if (bytes !== base.weights.length) {
    throw new InvalidFileError(
      'weights.bin',
      'size-mismatch',
      `the base image model's weights hold ${base.weights.length} bytes where ${bytes} are described.`,
    );
  }
  return { config, specs };
}

/** Builds model.json, weights.bin and metadata.json of the full Teachable-Machine-style model. */
export function exportTeachableMachine(input: TeachableMachineExportInput): FileEntry[] {
  if (!canExportTeachableMachine(input.backboneId)) {
    throw new InvalidArgumentError(
      'A Teachable Machine model can only be exported when the project uses the Teachable ' +
        `Machine base image model (${TM_MOBILENET_V2.label}).`,
    );
  }
  if (input.labels.length !== input.head.classCount) {
    throw new InvalidArgumentError(
      `There are ${input.labels.length} class names for a model with ${input.head.classCount} outputs.`,
    );
  }
  const { config, specs: baseSpecs } = baseTopology(input.base);
  const head = headLayers(input.head);
  const modelJson = {
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'glimpse_teachable_machine',
        layers: [{ class_name: 'Model', config }, ...head.layers],
      },
      keras_version: `tfjs-layers ${TFJS_VERSION}`,
      backend: 'tensor_flow.js',
    },
    format: 'layers-model',
    generatedBy: `Glimpse ${input.appVersion} (TensorFlow.js tfjs-layers v${TFJS_VERSION})`,
    convertedBy: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: [...baseSpecs, ...head.specs] }],
  };
  const headBytes = float32ToBytes(head.values);
  const weights = new Uint8Array(input.base.weights.length + headBytes.length);
  weights.set(input.base.weights);
  weights.set(headBytes, input.base.weights.length);
  const metadata: TeachableMachineMetadata = {
    tfjsVersion: TFJS_VERSION,
    packageVersion: '0.8.5',
    packageName: '@teachablemachine/image',
    timeStamp: (input.createdAt ?? new Date()).toISOString(),
    userMetadata: { exportedBy: `Glimpse ${input.appVersion}` },
    modelName: input.modelName ?? 'glimpse-image-model',
    labels: [...input.labels],
    imageSize: TM_MOBILENET_V2.inputSize,
  };
  return [
    { path: 'model.json', bytes: utf8(JSON.stringify(modelJson)) },
    { path: 'weights.bin', bytes: weights },
    { path: 'metadata.json', bytes: utf8(JSON.stringify(metadata, null, 2)) },
  ];
}

/** The three files in one zip. */
export function exportTeachableMachineZip(input: TeachableMachineExportInput): Uint8Array {
  return writeZip(exportTeachableMachine(input));
}
