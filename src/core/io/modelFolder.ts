/**
 * A TF.js model's files repacked as one folder: `<folder>/model.json` whose weights manifest is
 * one group reading `weights.bin`, and `<folder>/weights.bin` (every weight file concatenated in
 * manifest order, which is how TF.js reads a group). Used to ship the backbone inside the model
 * export so its example page runs with no other download.
 */
import { InvalidFileError } from '../errors';
import { isObject, type Json } from './jsonFile';
import type { BaseModelFiles } from './tmExport';
import { utf8, type FileEntry } from './zip';

const BYTES_PER_VALUE: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

function bytesOfSpec(spec: Json): number | null {
  const shape = spec.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    return null;
  }
  const quantization = isObject(spec.quantization) ? spec.quantization : null;
  const dtype = quantization ? quantization.dtype : spec.dtype;
  const size = typeof dtype === 'string' ? BYTES_PER_VALUE[dtype] : undefined;
  if (size === undefined) return null;
  return (shape as number[]).reduce((a, b) => a * b, 1) * size;
}

/** The model's files as one folder with a single weights file; checks the byte count. */
export function modelFolderFiles(model: BaseModelFiles, folder: string): FileEntry[] {
  const manifest = model.modelJson.weightsManifest;
  const specs: Json[] = [];
  if (Array.isArray(manifest)) {
    for (const group of manifest) {
      if (isObject(group) && Array.isArray(group.weights)) {
        specs.push(...(group.weights as unknown[]).filter(isObject));
      }
    }
  }
  let expected = 0;
  for (const spec of specs) {
    const bytes = bytesOfSpec(spec);
    if (bytes === null) {
      throw new InvalidFileError(
        'model.json',
        'invalid-value',
        `its weights manifest lists "${String(spec.name)}", a weight it cannot describe.`,
      );
    }
    expected += bytes;
  }
  if (specs.length === 0 || expected !== model.weights.length) {
    throw new InvalidFileError(
      'weights.bin',
      'size-mismatch',
      `the model's weight files hold ${model.weights.length} bytes but its model.json ` +
        `describes ${expected}.`,
    );
  }
  const modelJson = {
    ...model.modelJson,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  return [
    { path: `${folder}/model.json`, bytes: utf8(JSON.stringify(modelJson)) },
    { path: `${folder}/weights.bin`, bytes: model.weights },
  ];
}
