import { describe, expect, it } from 'vitest';
import { MOBILENET_V1_025, TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import {
  exportHead,
  exportHeadZip,
  parseHeadExport,
  parseHeadExportZip,
  summarizeTraining,
} from '../../src/core/io/headExport';
import { projectFromHeadExport } from '../../src/core/io/headImport';
import { parseProject, serializeProject } from '../../src/core/io/projectFormat';
import { fromUtf8, utf8 } from '../../src/core/io/zip';
import { storeFromProject } from '../../src/core/session/sessionProject';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';
import type { HeadWeights } from '../../src/core/training/headModel';

function weights(inputDim: number, hidden: number, classes: number): HeadWeights {
  const fill = (n: number, seed: number) =>
    Float32Array.from({ length: n }, (_, i) => ((i * seed) % 7) / 10 - 0.3);
  const layers =
    hidden > 0
      ? [
          {
            inputs: inputDim,
            units: hidden,
            kernel: fill(inputDim * hidden, 3),
            bias: fill(hidden, 5),
          },
          {
            inputs: hidden,
            units: classes,
            kernel: fill(hidden * classes, 2),
            bias: fill(classes, 1),
          },
        ]
      : [{ inputs: inputDim, units: classes, kernel: fill(inputDim * classes, 3), bias: null }];
  return { inputDim, hiddenUnits: hidden, classCount: classes, layers };
}

const exported = (w: HeadWeights, labels: string[], backbone = TM_MOBILENET_V2) =>
  exportHeadZip({
    weights: w,
    labels,
    backbone,
    training: {
      settings: {
        ...DEFAULT_HEAD_OPTIONS,
        hiddenUnits: w.hiddenUnits,
        epochs: 40,
        learningRate: 0.01,
      },
      metrics: summarizeTraining([]),
    },
    appVersion: '0.1.0',
  });

describe('projectFromHeadExport (opening an exported model for preview)', () => {
  it('makes one empty class per label, in output order, with the head installed', () => {
    const w = weights(TM_MOBILENET_V2.embeddingDim, 16, 3);
    const parsed = parseHeadExportZip(exported(w, ['rock', 'paper', 'scissors']));
    const project = projectFromHeadExport(parsed, 'Hands');
    expect(project.name).toBe('Hands');
    expect(project.backboneId).toBe(TM_MOBILENET_V2.id);
    expect(project.embeddingDim).toBe(1280);
    expect(project.classes.map((c) => c.name)).toEqual(['rock', 'paper', 'scissors']);
    expect(project.samples).toEqual([]);
    expect(project.head!.classIds).toEqual(project.classes.map((c) => c.id));
    expect(project.head!.weights).toEqual(w);
    expect(project.headOptions).toMatchObject({ hiddenUnits: 16, epochs: 40, learningRate: 0.01 });
    // The session accepts it as a project, and it survives a project file round trip.
    const store = storeFromProject(project);
    expect(store.classes.map((c) => c.name)).toEqual(['rock', 'paper', 'scissors']);
    const back = parseProject(serializeProject(project));
    expect(back.head!.weights).toEqual(w);
    expect(back.classes).toEqual(project.classes);
  });

  it('keeps the backbone a head was trained on', () => {
    const w = weights(MOBILENET_V1_025.embeddingDim, 0, 2);
    const project = projectFromHeadExport(
      parseHeadExportZip(exported(w, ['cat', 'dog'], MOBILENET_V1_025)),
      'Pets',
    );
    expect(project.backboneId).toBe(MOBILENET_V1_025.id);
    expect(project.headOptions.hiddenUnits).toBe(0);
    expect(project.headOptions.outputBias).toBe(false);
  });

  it('refuses a head for an image model this Glimpse does not know', () => {
    const files = exportHead({
      weights: weights(TM_MOBILENET_V2.embeddingDim, 0, 2),
      labels: ['a', 'b'],
      backbone: TM_MOBILENET_V2,
      training: { settings: DEFAULT_HEAD_OPTIONS, metrics: summarizeTraining([]) },
      appVersion: '0.1.0',
    });
    const meta = JSON.parse(fromUtf8(files[2]!.bytes)) as { backbone: { id: string } };
    meta.backbone.id = 'someone-elses-net';
    files[2] = { path: 'metadata.json', bytes: utf8(JSON.stringify(meta)) };
    expect(() => projectFromHeadExport(parseHeadExport(files), 'x', 'net.zip')).toThrow(
      /"net.zip".*someone-elses-net/,
    );
  });

  it('uses default settings where metadata.json has none or garbled ones', () => {
    const files = exportHead({
      weights: weights(TM_MOBILENET_V2.embeddingDim, 0, 2),
      labels: ['a', 'b'],
      backbone: TM_MOBILENET_V2,
      training: { settings: DEFAULT_HEAD_OPTIONS, metrics: summarizeTraining([]) },
      appVersion: '0.1.0',
    });
    const meta = JSON.parse(fromUtf8(files[2]!.bytes)) as Record<string, unknown>;
    meta.training = { settings: { epochs: 'many', batchSize: 8 } };
    files[2] = { path: 'metadata.json', bytes: utf8(JSON.stringify(meta)) };
    const project = projectFromHeadExport(parseHeadExport(files), 'x');
    expect(project.headOptions).toMatchObject({
      epochs: DEFAULT_HEAD_OPTIONS.epochs,
      batchSize: 8,
      hiddenUnits: 0,
    });
  });
});
