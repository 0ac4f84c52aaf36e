import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import {
  exportHead,
  exportHeadZip,
  parseHeadExport,
  parseHeadExportZip,
  summarizeTraining,
  type HeadExportInput,
} from '../../src/core/io/headExport';
import { float32ToBytes } from '../../src/core/io/binary';
import { fromUtf8, utf8, type FileEntry } from '../../src/core/io/zip';
import { headModelFromWeights, type HeadWeights } from '../../src/core/training/headModel';
import {
  DEFAULT_HEAD_OPTIONS,
  TEACHABLE_MACHINE_RECIPE,
} from '../../src/core/training/headOptions';
import { createRng } from '../../src/core/dataset/random';
import { expectNoLeaks } from '../support/noLeaks';

function randomArray(n: number, rng: () => number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rng() * 2 - 1) * scale);
}

function randomWeights(
  inputDim: number,
  hidden: number,
  classes: number,
  outputBias: boolean,
  seed = 1,
): HeadWeights {
  const rng = createRng(seed);
  const sizes = hidden > 0 ? [inputDim, hidden, classes] : [inputDim, classes];
  const layers = sizes.slice(1).map((units, i) => {
    const inputs = sizes[i]!;
    const last = i === sizes.length - 2;
    return {
      inputs,
      units,
      kernel: randomArray(inputs * units, rng, 1 / Math.sqrt(inputs)),
      bias: last && !outputBias ? null : randomArray(units, rng, 0.1),
    };
  });
  return { inputDim, hiddenUnits: hidden, classCount: classes, layers };
}

function input(weights: HeadWeights, labels?: string[]): HeadExportInput {
  return {
    weights,
    labels: labels ?? Array.from({ length: weights.classCount }, (_, i) => `class ${i}`),
    backbone: { ...TM_MOBILENET_V2, embeddingDim: weights.inputDim },
    training: {
      settings: DEFAULT_HEAD_OPTIONS,
      metrics: summarizeTraining(
        [
          { epoch: 1, loss: 1, acc: 0.5, valLoss: 1.1, valAcc: 0.4 },
          { epoch: 2, loss: 0.5, acc: 0.9, valLoss: 0.6, valAcc: 0.8 },
        ],
        { stoppedEarly: false, trainMs: 1234 },
      ),
    },
    appVersion: '0.1.0',
    createdAt: new Date('2025-01-02T03:04:05Z'),
  };
}

/** Loads exported files the way any TF.js app would (fromMemory = model.json + weights.bin). */
async function loadExported(files: FileEntry[]): Promise<tf.LayersModel> {
  const byName = new Map(files.map((f) => [f.path, f.bytes]));
  const model = JSON.parse(fromUtf8(byName.get('model.json')!)) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  expect(model.weightsManifest).toHaveLength(1);
  expect(model.weightsManifest[0]!.paths).toEqual(['weights.bin']);
  const bin = byName.get('weights.bin')!;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: model.modelTopology,
      weightSpecs: model.weightsManifest[0]!.weights,
      weightData: bin.slice().buffer,
    }),
  );
}

function replace(files: FileEntry[], path: string, bytes: Uint8Array): FileEntry[] {
  return files.map((f) => (f.path === path ? { path, bytes } : f));
}

function editJson(
  files: FileEntry[],
  path: string,
  edit: (json: Record<string, unknown>) => void,
): FileEntry[] {
  const json = JSON.parse(fromUtf8(files.find((f) => f.path === path)!.bytes)) as Record<
    string,
    unknown
  >;
  edit(json);
  return replace(files, path, utf8(JSON.stringify(json)));
}

function expectInvalid(fn: () => unknown, reason: string, text: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFileError);
    const e = error as InvalidFileError;
    expect(e.code).toBe('invalid-file');
    expect(e.reason).toBe(reason);
    expect(e.message).toMatch(text);
    return;
  }
  throw new Error('expected an InvalidFileError');
}

describe('head export', () => {
  it.each([
    ['hidden layer with output bias', 32, 16, 3, true],
    ['Teachable Machine shape (no output bias)', 24, 10, 4, false],
    ['linear probe', 20, 0, 2, true],
  ])(
    '%s: tf.loadLayersModel reproduces the head within 1e-5',
    async (_, dim, hidden, classes, bias) => {
      const weights = randomWeights(dim, hidden, classes, bias);
      const files = exportHead(input(weights));
      expect(files.map((f) => f.path)).toEqual(['model.json', 'weights.bin', 'metadata.json']);
      const rng = createRng(7);
      const embeddings = Array.from({ length: 9 }, () => randomArray(dim, rng, 2));
      await expectNoLeaks(async () => {
        const head = headModelFromWeights(weights);
        const expected = await head.predict(embeddings);
        head.dispose();
        const model = await loadExported(files);
        for (const layer of model.layers) expect(['Dense']).toContain(layer.getClassName());
        const out = tf.tidy(
          () =>
            model.predict(tf.tensor2d(Array.from(embeddings, (e) => Array.from(e)))) as tf.Tensor,
        );
        const actual = (await out.array()) as number[][];
        out.dispose();
        model.dispose();
        actual.forEach((row, i) => {
          row.forEach((p, j) => expect(Math.abs(p - expected[i]![j]!)).toBeLessThan(1e-5));
        });
      });
    },
  );

  it('writes float32 little-endian weights in manifest order and full metadata', () => {
    const weights = randomWeights(8, 4, 2, true);
    const files = exportHead(input(weights, ['cat', 'dog']));
    const bin = files[1]!.bytes;
    expect(bin).toEqual(
      float32ToBytes(weights.layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]))),
    );
    const model = JSON.parse(fromUtf8(files[0]!.bytes)) as Record<string, unknown>;
    expect(model.format).toBe('layers-model');
    expect(model.generatedBy).toMatch(/Glimpse 0\.1\.0.*tfjs-layers v4\./);
    expect(model).toHaveProperty('convertedBy', null);
    const meta = JSON.parse(fromUtf8(files[2]!.bytes)) as Record<string, unknown>;
    expect(meta).toMatchObject({
      format: 'glimpse-head',
      version: 1,
      labels: ['cat', 'dog'],
      backbone: {
        id: 'mobilenet-v2-0.35-224-tm',
        version: 2,
        alpha: 0.35,
        inputSize: 224,
        embeddingDim: 8,
        normalization: { scale: 1 / 127, offset: -1, appliedBy: 'glimpse' },
        crop: { method: 'centre-square', resize: 'bilinear-antialiased' },
      },
      head: { inputDim: 8, hiddenUnits: 4, classCount: 2, outputBias: true },
      training: {
        settings: DEFAULT_HEAD_OPTIONS,
        metrics: { epochsRun: 2, bestEpoch: 2, trainMs: 1234 },
      },
      appName: 'Glimpse',
      appVersion: '0.1.0',
      tfjsVersion: tf.version.tfjs,
      createdAt: '2025-01-02T03:04:05.000Z',
    });
  });

  it('parses its own files and zip back to the same weights and labels', () => {
    const weights = randomWeights(12, 0, 3, false, 3);
    const exported = input(weights, ['a', 'b', 'c']);
    exported.training.settings = TEACHABLE_MACHINE_RECIPE;
    const parsed = parseHeadExport(exportHead(exported));
    expect(parsed.weights).toEqual(weights);
    expect(parsed.labels).toEqual(['a', 'b', 'c']);
    expect(parsed.metadata.training.settings).toEqual(TEACHABLE_MACHINE_RECIPE);
    const fromZip = parseHeadExportZip(exportHeadZip(exported));
    expect(fromZip.weights).toEqual(weights);
  });

  it('reads the version 1 golden files (tests/fixtures/head-v1)', async () => {
    const dir = new URL('../fixtures/head-v1/', import.meta.url);
    const files = ['model.json', 'weights.bin', 'metadata.json'].map((path) => ({
      path,
      bytes: new Uint8Array(readFileSync(new URL(path, dir))),
    }));
    const parsed = parseHeadExport(files);
    expect(parsed.labels).toEqual(['rock', 'paper']);
    expect(parsed.metadata.version).toBe(1);
    expect(parsed.weights.layers[0]!.kernel[0]).toBe(0.5);
    expect(parsed.weights.layers[1]!.bias).toBeNull();
    const model = await loadExported(files);
    const out = model.predict(tf.tensor2d([[1, 2, 3, 4]])) as tf.Tensor;
    const head = headModelFromWeights(parsed.weights);
    const [expected] = await head.predict([Float32Array.from([1, 2, 3, 4])]);
    const actual = await out.data();
    tf.dispose([out]);
    model.dispose();
    head.dispose();
    expect(Array.from(actual).map((v, i) => Math.abs(v - expected![i]!))).toSatisfy((d: number[]) =>
      d.every((x) => x < 1e-6),
    );
  });

  describe('rejects bad files with a clear InvalidFileError', () => {
    const files = exportHead(input(randomWeights(8, 4, 3, true)));

    it('invalid JSON', () => {
      expectInvalid(
        () => parseHeadExport(replace(files, 'model.json', utf8('{"format": "lay'))),
        'invalid-json',
        /model\.json.*not valid JSON/,
      );
      expectInvalid(
        () => parseHeadExport(replace(files, 'metadata.json', utf8('[1, 2]'))),
        'invalid-json',
        /metadata\.json/,
      );
    });

    it('wrong format name', () => {
      const bad = editJson(files, 'metadata.json', (m) => (m.format = 'teachable-machine'));
      expectInvalid(() => parseHeadExport(bad), 'wrong-format', /not a Glimpse model/);
    });

    it('a newer unknown version', () => {
      const bad = editJson(files, 'metadata.json', (m) => (m.version = 2));
      expectInvalid(() => parseHeadExport(bad), 'newer-version', /newer Glimpse.*Update Glimpse/);
    });

    it('weights.bin size different from the manifest', () => {
      const bin = files[1]!.bytes;
      expectInvalid(
        () => parseHeadExport(replace(files, 'weights.bin', bin.slice(0, bin.length - 4))),
        'size-mismatch',
        /weights\.bin.*bytes/,
      );
      const longer = new Uint8Array(bin.length + 8);
      longer.set(bin);
      expectInvalid(
        () => parseHeadExport(replace(files, 'weights.bin', longer)),
        'size-mismatch',
        /weights\.bin/,
      );
    });

    it('label count different from the output units', () => {
      const bad = editJson(files, 'metadata.json', (m) => (m.labels = ['only', 'two']));
      expectInvalid(
        () => parseHeadExport(bad),
        'size-mismatch',
        /2 classes but the model has 3 outputs/,
      );
    });

    it('non-finite weights', () => {
      const bin = files[1]!.bytes.slice();
      new DataView(bin.buffer).setFloat32(8, Number.NaN, true);
      expectInvalid(
        () => parseHeadExport(replace(files, 'weights.bin', bin)),
        'invalid-value',
        /not finite/,
      );
    });

    it('a missing file', () => {
      expectInvalid(
        () => parseHeadExport(files.filter((f) => f.path !== 'weights.bin')),
        'missing-file',
        /weights\.bin/,
      );
    });

    it('a manifest that does not read weights.bin, or layers other than Dense', () => {
      const renamed = editJson(files, 'model.json', (m) => {
        (m.weightsManifest as { paths: string[] }[])[0]!.paths = ['group1-shard1of1.bin'];
      });
      expectInvalid(() => parseHeadExport(renamed), 'invalid-value', /weights\.bin/);
      const conv = editJson(files, 'model.json', (m) => {
        const layers = (m.modelTopology as { config: { layers: { class_name: string }[] } }).config
          .layers;
        layers[0]!.class_name = 'Conv2D';
      });
      expectInvalid(() => parseHeadExport(conv), 'invalid-value', /Dense/);
    });
  });
});
