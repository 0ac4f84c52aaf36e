import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import {
  MOBILENET_V1_025,
  MOBILENET_V2_100,
  OFFLINE_FALLBACK,
  TM_MOBILENET_V2,
} from '../../src/core/features/catalog';
import { describeBackbone } from '../../src/core/io/backboneDescription';
import { modelFolderFiles } from '../../src/core/io/modelFolder';
import { fromUtf8 } from '../../src/core/io/zip';
import { expectNoLeaks } from '../support/noLeaks';

/** A two-layer layers model saved the way TF.js saves it, then split into two weight groups. */
async function twoGroupModel(): Promise<{
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
  model: tf.LayersModel;
}> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(
      async (a) => ((saved = a), { modelArtifactsInfo: {} as tf.io.ModelArtifactsInfo }),
    ),
  );
  const specs = saved!.weightSpecs!;
  const modelJson = {
    format: 'layers-model',
    modelTopology: saved!.modelTopology,
    weightsManifest: [
      { paths: ['group1-shard1of1'], weights: specs.slice(0, 2) },
      { paths: ['group2-shard1of1'], weights: specs.slice(2) },
    ],
  };
  return { modelJson, weights: new Uint8Array(saved!.weightData as ArrayBuffer), model };
}

describe('modelFolderFiles', () => {
  it('repacks a model with several weight groups into one folder that TF.js loads unchanged', async () => {
    const { modelJson, weights, model } = await twoGroupModel();
    const files = modelFolderFiles({ modelJson, weights }, 'backbone');
    expect(files.map((f) => f.path)).toEqual(['backbone/model.json', 'backbone/weights.bin']);
    const json = JSON.parse(fromUtf8(files[0]!.bytes)) as {
      modelTopology: unknown;
      weightsManifest: { paths: string[]; weights: unknown[] }[];
    };
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0]!.weights).toHaveLength(4);

    const bin = files[1]!.bytes;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology as tf.io.ModelJSON['modelTopology'],
        weightSpecs: json.weightsManifest[0]!.weights as tf.io.WeightsManifestEntry[],
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
      } as tf.io.ModelArtifacts),
    );
    await expectNoLeaks(async () => {
      const [a, b] = tf.tidy(() => {
        const x = tf.tensor2d([[0.5, -1, 2]]);
        return [
          (model.predict(x) as tf.Tensor).dataSync(),
          (loaded.predict(x) as tf.Tensor).dataSync(),
        ];
      });
      expect(Array.from(b!)).toEqual(Array.from(a!));
    });
    model.dispose();
    loaded.dispose();
  });

  it('counts quantized weights at their stored size', () => {
    const modelJson = {
      format: 'graph-model',
      weightsManifest: [
        {
          paths: ['a'],
          weights: [
            {
              name: 'q',
              shape: [2, 3],
              dtype: 'float32',
              quantization: { dtype: 'uint8', min: 0, scale: 1 },
            },
            { name: 'f', shape: [2], dtype: 'float32' },
          ],
        },
      ],
    };
    const files = modelFolderFiles({ modelJson, weights: new Uint8Array(6 + 8) }, 'b');
    expect(files[1]!.bytes).toHaveLength(14);
  });

  it('refuses weights whose byte count does not match the manifest, with a clear message', () => {
    const modelJson = {
      weightsManifest: [{ paths: ['a'], weights: [{ name: 'w', shape: [4], dtype: 'float32' }] }],
    };
    expect(() => modelFolderFiles({ modelJson, weights: new Uint8Array(12) }, 'b')).toThrow(
      InvalidFileError,
    );
    expect(() => modelFolderFiles({ modelJson, weights: new Uint8Array(12) }, 'b')).toThrow(
      /hold 12 bytes but its model.json describes 16/,
    );
  });

  it('refuses a manifest entry it cannot size, naming it', () => {
    const modelJson = {
      weightsManifest: [
        { paths: ['a'], weights: [{ name: 'odd', shape: [2], dtype: 'complex64' }] },
      ],
    };
    expect(() => modelFolderFiles({ modelJson, weights: new Uint8Array(8) }, 'b')).toThrow(/"odd"/);
  });
});

describe('describeBackbone', () => {
  it('names the embedding output each kind of backbone needs so another app can repeat it', () => {
    expect(describeBackbone(TM_MOBILENET_V2).features).toEqual({
      kind: 'layers-model',
      layer: 'out_relu',
    });
    expect(describeBackbone(MOBILENET_V1_025).features).toEqual({
      kind: 'graph-model',
      node: 'module_apply_default/MobilenetV1/Logits/global_pool',
    });
    expect(describeBackbone(MOBILENET_V2_100).features).toEqual({
      kind: 'graph-model',
      node: 'module_apply_default/MobilenetV2/Logits/AvgPool',
    });
    expect(describeBackbone(OFFLINE_FALLBACK).features).toEqual({
      kind: 'nsfwjs-offline',
      layers: ['block_10_project_BN', 'out_relu'],
    });
  });
});
