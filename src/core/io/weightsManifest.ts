/**
 * The weights manifest of a Glimpse head's model.json: one group reading `weights.bin`, float32
 * weights in order. Read on its own so that a separately picked weights.bin can be checked
 * against the size the manifest declares before a byte of it is read.
 */
import { InvalidFileError } from '../errors';
import { isObject, type Json } from './jsonFile';

/** Where one named weight sits in weights.bin (in float32 values) and its shape. */
export interface WeightSpec {
  offset: number;
  shape: number[];
}

/** What model.json's manifest declares: each weight by name, and weights.bin's byte length. */
export interface WeightsManifest {
  specs: Map<string, WeightSpec>;
  byteLength: number;
}

function positiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function invalid(problem: string): InvalidFileError {
  return new InvalidFileError('model.json', 'invalid-value', problem);
}

/** Reads model.json's weights manifest; throws {@link InvalidFileError} when it is not one group of float32 weights in "weights.bin". */
export function readWeightsManifest(model: Json): WeightsManifest {
  const manifest = model.weightsManifest;
  const group: unknown = Array.isArray(manifest) ? manifest[0] : undefined;
  if (
    !Array.isArray(manifest) ||
    manifest.length !== 1 ||
    !isObject(group) ||
    !Array.isArray(group.paths) ||
    group.paths.length !== 1 ||
    group.paths[0] !== 'weights.bin' ||
    !Array.isArray(group.weights)
  ) {
    throw invalid('its weights manifest must name one file, "weights.bin".');
  }
  const specs = new Map<string, WeightSpec>();
  let offset = 0;
  for (const spec of group.weights as unknown[]) {
    if (
      !isObject(spec) ||
      typeof spec.name !== 'string' ||
      spec.dtype !== 'float32' ||
      !Array.isArray(spec.shape) ||
      !spec.shape.every(positiveInt)
    ) {
      throw invalid('its weights manifest lists a weight it cannot describe.');
    }
    const shape = spec.shape as number[];
    specs.set(spec.name, { offset, shape });
    offset += shape.reduce((a, b) => a * b, 1);
  }
  return { specs, byteLength: offset * 4 };
}
