// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { datasetToZip } from '../../src/core/io/datasetFolders';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import {
  exportHead,
  exportHeadZip,
  parseHeadExport,
  parseHeadExportZip,
} from '../../src/core/io/headExport';
import { parseProject, serializeProject, type ProjectData } from '../../src/core/io/projectFormat';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';
import { readZip } from '../../src/core/io/zip';
import type { TrainedHead } from '../../src/core/session/sessionTypes';
import { renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

/** The fake backbone's embedding size. */
const DIM = 1280;

function project(): ProjectData {
  return {
    name: 'My pets',
    createdWith: 'Glimpse test',
    backboneId: 'mobilenet-v2-0.35-224-tm',
    embeddingDim: DIM,
    headOptions: { ...DEFAULT_HEAD_OPTIONS },
    classes: [
      { id: 'a', name: 'Cats' },
      { id: 'b', name: 'Dogs' },
    ],
    samples: [
      {
        id: 's1',
        classId: 'a',
        source: 'upload',
        name: 'tom.png',
        image: Uint8Array.of(1, 2),
        embedding: new Float32Array(DIM),
      },
      {
        id: 's2',
        classId: 'b',
        source: 'webcam',
        image: Uint8Array.of(3, 4),
        embedding: new Float32Array(DIM),
      },
    ],
    head: null,
    training: null,
  };
}

function head(): TrainedHead {
  return {
    weights: {
      inputDim: DIM,
      hiddenUnits: 0,
      classCount: 2,
      layers: [
        {
          inputs: DIM,
          units: 2,
          kernel: new Float32Array(DIM * 2).fill(0.5),
          bias: new Float32Array(2),
        },
      ],
    },
    classIds: ['class-1', 'class-2'],
    labels: ['Class 1', 'Class 2'],
    backboneId: 'mobilenet-v2-0.35-224-tm',
    training: {
      settings: { ...DEFAULT_HEAD_OPTIONS },
      metrics: {
        epochsRun: 3,
        bestEpoch: 3,
        stoppedEarly: false,
        trainMs: 10,
        best: null,
        evaluation: null,
      },
    },
  };
}

const zipFile = (bytes: Uint8Array, name: string) =>
  new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/zip' });

describe('project menu', () => {
  test('explains why model exports are unavailable before training', () => {
    renderTrainer({ snapshot: { backboneId: 'mobilenet-v1-0.25-224-graph' } });
    expect(screen.getByTestId<HTMLButtonElement>('export-model').disabled).toBe(true);
    expect(screen.getByTestId('export-model-reason').textContent).toBe('Train a model first.');
    expect(screen.getByTestId('export-tm-reason').textContent).toMatch(/Teachable Machine base/);
    expect(screen.getByTestId('export-dataset-reason').textContent).toBe('Add images first.');
    expect(screen.getByTestId<HTMLButtonElement>('save-project').disabled).toBe(false);
  });

  test('Save project downloads <name>.glimpse.zip that opens again', async () => {
    const { store, platform, user } = renderTrainer();
    store.nextProject = project();
    await user.click(screen.getByTestId('save-project'));
    await waitFor(() => expect(platform.saved).toHaveLength(1));
    const [saved] = platform.saved;
    expect(saved!.fileName).toBe('My pets.glimpse.zip');
    const back = parseProject(saved!.bytes);
    expect(back.classes).toEqual(project().classes);
    expect(back.samples.map((s) => s.id)).toEqual(['s1', 's2']);
  });

  test('Open project reads the file and hands it to the session', async () => {
    const { store, user } = renderTrainer();
    await user.upload(
      screen.getByTestId('open-project-input'),
      zipFile(serializeProject(project()), 'pets.glimpse.zip'),
    );
    await waitFor(() => expect(store.callsOf('openProject')).toHaveLength(1));
    const [opened] = store.callsOf('openProject')[0]! as [ProjectData];
    expect(opened.name).toBe('My pets');
    expect(opened.samples).toHaveLength(2);
  });

  test('a damaged project file becomes a notice and the session is not asked to open it', async () => {
    const { store, user } = renderTrainer();
    await user.upload(
      screen.getByTestId('open-project-input'),
      zipFile(Uint8Array.of(1, 2, 3), 'bad.zip'),
    );
    const alert = await screen.findByText(/Opening the project failed: "bad.zip" cannot be opened/);
    expect(alert).toBeTruthy();
    expect(store.callsOf('openProject')).toHaveLength(0);
    expect(store.getSnapshot().classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
  });

  test('Export model downloads the head, the example page, TF.js and the backbone in one zip', async () => {
    const backboneJson = {
      format: 'layers-model',
      modelTopology: {},
      weightsManifest: [
        { paths: ['a.bin', 'b.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] },
      ],
    };
    const { store, platform, user } = renderTrainer({
      snapshot: { hasModel: true },
      platform: {
        async fetchModelFiles(url) {
          platform.fetchedModels.push(url);
          return { modelJson: backboneJson, weights: new Uint8Array(8) };
        },
      },
    });
    store.head = head();
    await user.click(screen.getByTestId('export-model'));
    await waitFor(() => expect(platform.saved).toHaveLength(1));
    expect(platform.saved[0]!.fileName).toBe('Untitled project-model.zip');
    expect(platform.fetchedModels).toEqual([store.getSnapshot().engine.backbone!.report.url]);
    const entries = readZip(platform.saved[0]!.bytes, 'x');
    expect(entries.map((e) => e.path).sort()).toEqual([
      'README.txt',
      'backbone/model.json',
      'backbone/weights.bin',
      'example.js',
      'index.html',
      'metadata.json',
      'model.json',
      'tf.min.js',
      'weights.bin',
    ]);
    expect(parseHeadExportZip(platform.saved[0]!.bytes).labels).toEqual(['Class 1', 'Class 2']);
    const readme = new TextDecoder().decode(entries.find((e) => e.path === 'README.txt')!.bytes);
    expect(readme).not.toMatch(/Missing from this zip/);
    expect(store.getSnapshot().notices).toEqual([]);
  });

  test('Export model still downloads when the backbone cannot be fetched, and says what the example lacks', async () => {
    const { store, platform, user } = renderTrainer({ snapshot: { hasModel: true } });
    store.head = head();
    await user.click(screen.getByTestId('export-model'));
    await waitFor(() => expect(platform.saved).toHaveLength(1));
    const entries = readZip(platform.saved[0]!.bytes, 'x');
    expect(entries.some((e) => e.path.startsWith('backbone/'))).toBe(false);
    expect(entries.some((e) => e.path === 'tf.min.js')).toBe(true);
    const readme = new TextDecoder().decode(entries.find((e) => e.path === 'README.txt')!.bytes);
    expect(readme).toMatch(/The image model "mobilenet-v2-0.35-224-tm" is not included/);
    expect(await screen.findByText(/exported without the image model/)).toBeTruthy();
  });

  test('Export model as separate files downloads model.json, weights.bin and metadata.json', async () => {
    const { store, platform, user } = renderTrainer({ snapshot: { hasModel: true } });
    store.head = head();
    await user.click(screen.getByTestId('export-model-files'));
    expect(platform.saved.map((s) => s.fileName)).toEqual([
      'model.json',
      'weights.bin',
      'metadata.json',
    ]);
    expect(platform.saved.map((s) => s.type)).toEqual([
      'application/json',
      'application/octet-stream',
      'application/json',
    ]);
    const files = platform.saved.map((s) => ({ path: s.fileName, bytes: s.bytes }));
    const parsed = parseHeadExport(files);
    expect(parsed.labels).toEqual(['Class 1', 'Class 2']);
    expect(parsed.weights.layers[0]!.kernel).toEqual(head().weights.layers[0]!.kernel);
  });

  test('Export model as separate files is unavailable before training', () => {
    renderTrainer();
    expect(screen.getByTestId<HTMLButtonElement>('export-model-files').disabled).toBe(true);
    expect(screen.getByTestId('export-model-files-reason').textContent).toBe(
      'Train a model first.',
    );
  });

  test('Open model turns an exported head zip into a preview project', async () => {
    const { store, user } = renderTrainer();
    const { weights, labels, training } = head();
    const zip = exportHeadZip({
      weights,
      labels,
      backbone: TM_MOBILENET_V2,
      training,
      appVersion: '0.1.0',
    });
    await user.upload(screen.getByTestId('open-model-input'), zipFile(zip, 'Hands-model.zip'));
    await waitFor(() => expect(store.callsOf('openProject')).toHaveLength(1));
    const [opened] = store.callsOf('openProject')[0]! as [ProjectData];
    expect(opened.name).toBe('Hands');
    expect(opened.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
    expect(opened.samples).toEqual([]);
    expect(opened.head!.weights).toEqual(weights);
    expect(opened.head!.classIds).toEqual(opened.classes.map((c) => c.id));
  });

  test('Open model also takes the three files picked together', async () => {
    const { store, user } = renderTrainer();
    const { weights, labels, training } = head();
    const files = exportHead({
      weights,
      labels,
      backbone: TM_MOBILENET_V2,
      training,
      appVersion: '0.1.0',
    }).map((f) => new File([f.bytes as Uint8Array<ArrayBuffer>], f.path));
    await user.upload(screen.getByTestId('open-model-input'), files);
    await waitFor(() => expect(store.callsOf('openProject')).toHaveLength(1));
    const [opened] = store.callsOf('openProject')[0]! as [ProjectData];
    expect(opened.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
  });

  test('a file that is not an exported model becomes a notice; the project is untouched', async () => {
    const { store, user } = renderTrainer();
    await user.upload(
      screen.getByTestId('open-model-input'),
      zipFile(serializeProject(project()), 'pets.glimpse.zip'),
    );
    await screen.findByText(/Opening the model failed: .*metadata\.json/);
    expect(store.callsOf('openProject')).toHaveLength(0);
    expect(store.getSnapshot().classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
  });

  test('Export for Teachable Machine fetches the base model from the URL the engine used', async () => {
    const { store, platform, user } = renderTrainer({ snapshot: { hasModel: true } });
    store.head = head();
    await user.click(screen.getByTestId('export-tm'));
    await screen.findByText(/Exporting for Teachable Machine failed: no model at/);
    expect(platform.fetchedModels).toEqual(['/models/mobilenet-v2-0.35-224-tm/model.json']);
  });

  test('Import dataset turns the zip folders into classes of images', async () => {
    const { store, user } = renderTrainer();
    const zip = datasetToZip([
      {
        className: 'Apples',
        images: [
          { name: 'a1.jpg', bytes: Uint8Array.of(1) },
          { name: 'a2.png', bytes: Uint8Array.of(2) },
        ],
      },
      { className: 'Pears', images: [{ name: 'p1.jpg', bytes: Uint8Array.of(3) }] },
    ]);
    await user.upload(screen.getByTestId('import-dataset-input'), zipFile(zip, 'fruit.zip'));
    await waitFor(() => expect(store.callsOf('addImages')).toHaveLength(2));
    expect(store.getSnapshot().classes.map((c) => [c.name, c.sampleIds.length])).toEqual([
      ['Apples', 2],
      ['Pears', 1],
    ]);
    expect(store.callsOf('addImages').map((c) => c[2])).toEqual(['dataset', 'dataset']);
  });
});
