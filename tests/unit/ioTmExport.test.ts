import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidFileError } from '../../src/core/errors';
import { MOBILENET_V1_025, TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import {
  canExportTeachableMachine,
  exportTeachableMachine,
  type TeachableMachineExportInput,
} from '../../src/core/io/tmExport';

const head = {
  inputDim: 2,
  hiddenUnits: 0,
  classCount: 2,
  layers: [{ inputs: 2, units: 2, kernel: new Float32Array(4), bias: null }],
};
const base = {
  modelJson: {
    modelTopology: { class_name: 'Model', config: { name: 'base', layers: [] } },
    weightsManifest: [
      { paths: ['weights.bin'], weights: [{ name: 'k', shape: [2], dtype: 'float32' }] },
    ],
  },
  weights: new Uint8Array(8),
};
const input: TeachableMachineExportInput = {
  base,
  head,
  labels: ['a', 'b'],
  backboneId: TM_MOBILENET_V2.id,
  appVersion: '0.1.0',
};

describe('Teachable Machine export (checks)', () => {
  it('is offered only for the Teachable Machine base', () => {
    expect(canExportTeachableMachine(TM_MOBILENET_V2.id)).toBe(true);
    expect(canExportTeachableMachine(MOBILENET_V1_025.id)).toBe(false);
    expect(() => exportTeachableMachine({ ...input, backboneId: MOBILENET_V1_025.id })).toThrow(
      InvalidArgumentError,
    );
  });

  it('refuses a label count that does not match the outputs', () => {
    expect(() => exportTeachableMachine({ ...input, labels: ['a'] })).toThrow(
      /1 class names for a model with 2 outputs/,
    );
  });

  it('refuses base weights whose size does not match their manifest', () => {
    expect(() =>
      exportTeachableMachine({ ...input, base: { ...base, weights: new Uint8Array(4) } }),
    ).toThrow(InvalidFileError);
  });

  it('appends the head after the base in one weights group named weights.bin', () => {
    const [model, weights] = exportTeachableMachine(input);
    const json = JSON.parse(new TextDecoder().decode(model!.bytes)) as {
      modelTopology: { config: { layers: { class_name: string }[] } };
      weightsManifest: { paths: string[]; weights: { name: string }[] }[];
    };
    expect(json.modelTopology.config.layers.map((l) => l.class_name)).toEqual(['Model', 'Dense']);
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0]!.weights.map((w) => w.name)).toEqual([
      'k',
      'glimpse_output/kernel',
    ]);
    expect(weights!.bytes.length).toBe(8 + 16);
  });
});
