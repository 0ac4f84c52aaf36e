/**
 * The project file (format "glimpse-project", version 1): one zip holding
 *
 * - `manifest.json`: format name and version, the app that wrote it, classes, samples (each
 *   naming its image), backbone id, head options, the trained head's shape and class order,
 *   and a training summary;
 * - `images/<class folder>/<sample file>.jpg`: each sample's thumbnail (224×224 centre-crop JPEG);
 * - `embeddings.bin`: float32 little-endian, one row of `embeddingDim` values per sample, in
 *   manifest sample order;
 * - `head/weights.bin` (when trained): float32 little-endian, per layer kernel [inputs, units]
 *   row-major then bias.
 *
 * Augmentation (the setting in `headOptions.augmentation`, each sample's variant embeddings in
 * `augmented.bin` with per-sample counts in the manifest's `augmented`) is additive too: see
 * augmentedFormat.ts.
 *
 * The manifest's `evaluation` (per-class accuracy, confusion matrix with the sample ids of each
 * cell, misclassified samples, basis) is optional: it was added to version 1 without a version
 * bump because it is purely additive. Files without it still load (with no evaluation), and
 * readers that ignore it lose nothing else.
 *
 * Pure data ↔ bytes: no DOM, no tensors, no storage. Reading checks the archive before
 * unzipping (see zip.ts), validates everything and migrates older versions.
 */
import { InvalidFileError } from '../errors';
import type { HeadOptions } from '../training/headOptions';
import { DEFAULT_HEAD_OPTIONS } from '../training/headOptions';
import type { HeadWeights } from '../training/headModel';
import type { EpochLog } from '../training/trainHead';
import type { Evaluation } from '../evaluation/evaluate';
import type { ClassInfo, SampleSource } from '../types';
import {
  readAugmentation,
  readAugmented,
  writeAugmented,
  type AugmentedManifest,
} from './augmentedFormat';
import { allFinite, bytesToFloat32, float32ToBytes } from './binary';
import { uniqueSegments } from './folderNames';
import { assertHeadWeights } from './headExport';
import { checkFormat, isObject, parseJsonFile, type Json } from './jsonFile';
import { DEFAULT_ZIP_LIMITS, readZip, utf8, writeZip, type FileEntry, type ZipLimits } from './zip';

/** Format name in manifest.json. */
export const PROJECT_FORMAT = 'glimpse-project';
/** Version written now, and the newest one this code reads. */
export const PROJECT_FORMAT_VERSION = 1;

/** One sample with everything needed to restore it. */
export interface ProjectSample {
  id: string;
  classId: string;
  source: SampleSource;
  name?: string;
  /** Thumbnail JPEG bytes (224×224 centre crop), made by the platform layer. */
  image: Uint8Array;
  embedding: Float32Array;
  /** Embeddings of the image's augmented variants (training rows only); absent when none. */
  augmented?: Float32Array[];
}

/** The trained head and the class order of its outputs. */
export interface ProjectHead {
  weights: HeadWeights;
  /** Class ids in output order. */
  classIds: string[];
}

/** What the last training run did. */
export interface ProjectTraining {
  history: EpochLog[];
  plannedEpochs: number;
  stoppedEarly: boolean;
  trainMs: number | null;
  /** True when classes or samples changed after training. */
  stale: boolean;
}

/** The evaluation of the trained model, with class ids in matrix order. */
export interface ProjectEvaluation extends Evaluation {
  classIds: string[];
  /** Which samples were scored: the held-out validation samples, or the training samples. */
  basis: 'validation' | 'cross-validation' | 'training';
}

/** A whole project as plain data. */
export interface ProjectData {
  name: string;
  /** App and version that wrote the file, e.g. "Glimpse 0.1.0". */
  createdWith: string;
  backboneId: string;
  /** Length of every embedding (the backbone's). */
  embeddingDim: number;
  headOptions: HeadOptions;
  classes: ClassInfo[];
  samples: ProjectSample[];
  head: ProjectHead | null;
  training: ProjectTraining | null;
  /** The trained model's evaluation; absent or null when there is none (or it is stale). */
  evaluation?: ProjectEvaluation | null;
}

/** manifest.json of version 1. */
export interface ProjectManifestV1 {
  format: typeof PROJECT_FORMAT;
  version: 1;
  name: string;
  createdWith: string;
  backboneId: string;
  headOptions: HeadOptions;
  classes: { id: string; name: string; folder: string }[];
  samples: { id: string; classId: string; source: SampleSource; name?: string; image: string }[];
  embeddings: { file: string; dtype: 'float32'; count: number; dim: number };
  head: {
    file: string;
    classIds: string[];
    inputDim: number;
    hiddenUnits: number;
    classCount: number;
    layers: { inputs: number; units: number; bias: boolean }[];
  } | null;
  training: ProjectTraining | null;
  /** Optional, additive (older version-1 files lack it; see the file comment). */
  evaluation?: ProjectEvaluation | null;
  /** The samples' augmented variants (`augmented.bin`); optional, additive. */
  augmented?: AugmentedManifest | null;
}

const EMBEDDINGS_FILE = 'embeddings.bin';
const HEAD_FILE = 'head/weights.bin';
const SOURCES: readonly SampleSource[] = ['webcam', 'upload', 'import', 'dataset'];

/** Writes a project into zip bytes. */
export function serializeProject(project: ProjectData): Uint8Array {
  const folders = uniqueSegments(project.classes.map((c) => c.name));
  const folderOf = new Map(project.classes.map((c, i) => [c.id, folders[i]!]));
  const fileNames = uniqueSegments(
    project.samples.map((s) => s.id),
    'sample',
  );
  const entries: FileEntry[] = [];
  const samples = project.samples.map((s, i) => {
    const folder = folderOf.get(s.classId);
    if (folder === undefined) {
      throw new InvalidFileError(
        'project',
        'invalid-value',
        `the image "${s.id}" belongs to a class that does not exist.`,
      );
    }
    if (s.embedding.length !== project.embeddingDim) {
      throw new InvalidFileError(
        'project',
        'size-mismatch',
        `the image "${s.id}" has ${s.embedding.length} features where ${project.embeddingDim} are expected.`,
      );
    }
    const image = `images/${folder}/${fileNames[i]!}.jpg`;
    entries.push({ path: image, bytes: s.image });
    return {
      id: s.id,
      classId: s.classId,
      source: s.source,
      ...(s.name !== undefined ? { name: s.name } : {}),
      image,
    };
  });
  let head: ProjectManifestV1['head'] = null;
  if (project.head) {
    const w = project.head.weights;
    assertHeadWeights(w, 'project');
    head = {
      file: HEAD_FILE,
      classIds: [...project.head.classIds],
      inputDim: w.inputDim,
      hiddenUnits: w.hiddenUnits,
      classCount: w.classCount,
      layers: w.layers.map((l) => ({ inputs: l.inputs, units: l.units, bias: l.bias !== null })),
    };
    entries.push({
      path: HEAD_FILE,
      bytes: float32ToBytes(w.layers.flatMap((l) => (l.bias ? [l.kernel, l.bias] : [l.kernel]))),
    });
  }
  const augmented = writeAugmented(project.samples, project.embeddingDim);
  if (augmented) entries.push(augmented.entry);
  const manifest: ProjectManifestV1 = {
    format: PROJECT_FORMAT,
    version: 1,
    name: project.name,
    createdWith: project.createdWith,
    backboneId: project.backboneId,
    headOptions: project.headOptions,
    classes: project.classes.map((c, i) => ({ id: c.id, name: c.name, folder: folders[i]! })),
    samples,
    embeddings: {
      file: EMBEDDINGS_FILE,
      dtype: 'float32',
      count: project.samples.length,
      dim: project.embeddingDim,
    },
    head,
    training: project.training,
    ...(project.evaluation ? { evaluation: project.evaluation } : {}),
    ...(augmented ? { augmented: augmented.manifest } : {}),
  };
  entries.unshift({ path: 'manifest.json', bytes: utf8(JSON.stringify(manifest, null, 2)) });
  entries.push({
    path: EMBEDDINGS_FILE,
    bytes: float32ToBytes(project.samples.map((s) => s.embedding)),
  });
  return writeZip(entries);
}

// ---------------------------------------------------------------------------------------------
// Migration

/**
 * Version 0 (early development builds): `backbone` instead of `backboneId`, partial `options`,
 * samples without `source`, no head and no training summary. Kept as the example migration.
 */
export interface ProjectManifestV0 {
  format: typeof PROJECT_FORMAT;
  version: 0;
  name?: string;
  backbone: string;
  embeddingDim: number;
  options?: Partial<HeadOptions>;
  classes: { id: string; name: string; folder: string }[];
  samples: { id: string; classId: string; image: string }[];
}

/**
 * Brings a manifest of any readable version up to the current one. Assumes the format name and
 * version were checked; the result is validated afterwards.
 */
export function migrateProject(manifest: Json): Json {
  let m = manifest;
  if (m.version === 0) {
    const v0 = m as unknown as ProjectManifestV0;
    const samples = Array.isArray(v0.samples) ? v0.samples : [];
    m = {
      format: PROJECT_FORMAT,
      version: 1,
      name: typeof v0.name === 'string' ? v0.name : 'Untitled project',
      createdWith: 'Glimpse (format version 0)',
      backboneId: v0.backbone,
      headOptions: { ...DEFAULT_HEAD_OPTIONS, ...(isObject(v0.options) ? v0.options : {}) },
      classes: v0.classes,
      samples: samples.map((s) => ({ ...s, source: 'import' })),
      embeddings: {
        file: EMBEDDINGS_FILE,
        dtype: 'float32',
        count: samples.length,
        dim: v0.embeddingDim,
      },
      head: null,
      training: null,
      evaluation: null,
      augmented: null,
    } satisfies Record<keyof ProjectManifestV1, unknown>;
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Reading

const MANIFEST = 'manifest.json';

function bad(problem: string): InvalidFileError {
  return new InvalidFileError(MANIFEST, 'invalid-value', problem);
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw bad(`${what} is missing or not text.`);
  return v;
}

function count(v: unknown, what: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw bad(`${what} is not a valid number.`);
  }
  return v;
}

function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw bad(`${what} is missing.`);
  return v;
}

function obj(v: unknown, what: string): Json {
  if (!isObject(v)) throw bad(`${what} is missing.`);
  return v;
}

function finiteNumbers(v: unknown, what: string): void {
  const check = (x: unknown): void => {
    if (typeof x === 'number' && !Number.isFinite(x))
      throw bad(`${what} holds a non-finite number.`);
    if (Array.isArray(x)) x.forEach(check);
    else if (isObject(x)) Object.values(x).forEach(check);
  };
  check(v);
}

function readHeadOptions(v: unknown): HeadOptions {
  const o = obj(v, 'The training settings ("headOptions")');
  const merged = { ...DEFAULT_HEAD_OPTIONS, ...o } as HeadOptions;
  for (const [key, value] of Object.entries(DEFAULT_HEAD_OPTIONS)) {
    const actual: unknown = merged[key as keyof HeadOptions];
    const same = value === null || actual === null ? true : typeof actual === typeof value;
    if (!same) throw bad(`The training setting "${key}" has the wrong type.`);
  }
  // Files from before augmentation have none: it stays off.
  return { ...merged, augmentation: readAugmentation(o.augmentation, bad) };
}

function readTraining(v: unknown): ProjectTraining | null {
  if (v === null || v === undefined) return null;
  const t = obj(v, 'The training summary');
  const history = list(t.history, 'The training history').map((e) => {
    const log = obj(e, 'An epoch of the training history');
    if (
      typeof log.epoch !== 'number' ||
      typeof log.loss !== 'number' ||
      typeof log.acc !== 'number'
    ) {
      throw bad('An epoch of the training history is incomplete.');
    }
    return log as unknown as EpochLog;
  });
  return {
    history,
    plannedEpochs: count(t.plannedEpochs, 'The planned epochs'),
    stoppedEarly: t.stoppedEarly === true,
    trainMs: typeof t.trainMs === 'number' ? t.trainMs : null,
    stale: t.stale === true,
  };
}

/**
 * Checks an evaluation against the project's classes and sample ids: `classIds` are the
 * project's classes (each once), the matrix is classCount×classCount of non-negative integers,
 * each cell lists that many distinct, existing sample ids, and the totals agree. Returns a fresh
 * copy; throws what `fail` makes for the first problem.
 */
export function checkEvaluation(
  v: unknown,
  classIds: readonly string[],
  sampleIds: ReadonlySet<string>,
  fail: (problem: string) => Error,
): ProjectEvaluation {
  const what = 'The saved evaluation';
  const isCount = (x: unknown): x is number =>
    typeof x === 'number' && Number.isInteger(x) && x >= 0;
  const isRate = (x: unknown): x is number =>
    typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 1;
  if (!isObject(v)) throw fail(`${what} is not valid.`);
  if (v.basis !== 'validation' && v.basis !== 'cross-validation' && v.basis !== 'training') {
    throw fail(`${what} has an unknown basis.`);
  }
  const basis = v.basis;
  if (!Array.isArray(v.classIds) || !v.classIds.every((c) => typeof c === 'string')) {
    throw fail(`${what} has no valid class list.`);
  }
  const ids = v.classIds as string[];
  const known = new Set(classIds);
  if (
    ids.length !== classIds.length ||
    new Set(ids).size !== ids.length ||
    ids.some((id) => !known.has(id))
  ) {
    throw fail(`${what} does not match the project's classes.`);
  }
  const n = ids.length;
  const square = (x: unknown): x is unknown[][] =>
    Array.isArray(x) && x.length === n && x.every((row) => Array.isArray(row) && row.length === n);
  if (!square(v.confusion) || !v.confusion.every((row) => row.every(isCount))) {
    throw fail(`${what} has a confusion matrix of the wrong shape or with invalid counts.`);
  }
  const confusion = v.confusion as number[][];
  if (!square(v.cellIds)) throw fail(`${what} has sample lists of the wrong shape.`);
  const seen = new Set<string>();
  const cellIds = v.cellIds.map((row, t) =>
    row.map((cell, p) => {
      if (!Array.isArray(cell) || cell.length !== confusion[t]![p]) {
        throw fail(`${what} has sample lists that do not match its counts.`);
      }
      return cell.map((id) => {
        if (typeof id !== 'string' || !sampleIds.has(id)) {
          throw fail(`${what} names an image that does not exist.`);
        }
        if (seen.has(id)) throw fail(`${what} names the image "${id}" twice.`);
        seen.add(id);
        return id;
      });
    }),
  );
  if (!Array.isArray(v.perClass) || v.perClass.length !== n) {
    throw fail(`${what} has per-class results of the wrong size.`);
  }
  const perClass = v.perClass.map((c, i) => {
    const row = confusion[i]!;
    const total = row.reduce((a, b) => a + b, 0);
    if (
      !isObject(c) ||
      c.classIndex !== i ||
      c.total !== total ||
      c.correct !== row[i] ||
      !isRate(c.accuracy)
    ) {
      throw fail(`${what} has per-class results that do not match its confusion matrix.`);
    }
    return { classIndex: i, total, correct: row[i]!, accuracy: c.accuracy };
  });
  const total = perClass.reduce((a, c) => a + c.total, 0);
  const correct = perClass.reduce((a, c) => a + c.correct, 0);
  if (v.total !== total || v.correct !== correct || !isRate(v.accuracy)) {
    throw fail(`${what} has totals that do not match its confusion matrix.`);
  }
  if (!Array.isArray(v.misclassified)) throw fail(`${what} has no list of mistakes.`);
  const misclassified = v.misclassified.map((x) => {
    if (
      !isObject(x) ||
      typeof x.id !== 'string' ||
      !sampleIds.has(x.id) ||
      !isCount(x.trueClass) ||
      x.trueClass >= n ||
      !isCount(x.predictedClass) ||
      x.predictedClass >= n ||
      !isRate(x.confidence)
    ) {
      throw fail(`${what} has an invalid or unknown mistaken image.`);
    }
    return {
      id: x.id,
      trueClass: x.trueClass,
      predictedClass: x.predictedClass,
      confidence: x.confidence,
    };
  });
  return {
    total,
    correct,
    accuracy: v.accuracy,
    perClass,
    confusion: confusion.map((row) => [...row]),
    cellIds,
    misclassified,
    classIds: [...ids],
    basis,
  };
}

/**
 * Reads project zip bytes. Throws {@link InvalidFileError} (code 'invalid-file') for damaged,
 * unsafe, oversized, inconsistent or newer-version files; nothing else is touched.
 */
export function parseProject(
  bytes: Uint8Array,
  options: { fileName?: string; limits?: ZipLimits } = {},
): ProjectData {
  const fileName = options.fileName ?? 'project.zip';
  const entries = readZip(bytes, fileName, options.limits ?? DEFAULT_ZIP_LIMITS);
  const files = new Map(entries.map((e) => [e.path, e.bytes]));
  const need = (path: string): Uint8Array => {
    const data = files.get(path);
    if (!data) {
      throw new InvalidFileError(
        fileName,
        'missing-file',
        `the file "${path}" is missing from the project.`,
      );
    }
    return data;
  };

  const raw = parseJsonFile(need(MANIFEST), MANIFEST);
  checkFormat(raw, MANIFEST, PROJECT_FORMAT, PROJECT_FORMAT_VERSION, 'Glimpse project');
  const m = migrateProject(raw);
  finiteNumbers(m, 'The project description');

  const classes = list(m.classes, 'The list of classes').map((c) => {
    const o = obj(c, 'A class');
    return { id: str(o.id, 'A class id'), name: str(o.name, 'A class name') };
  });
  const classIds = new Set(classes.map((c) => c.id));
  if (classIds.size !== classes.length) throw bad('Two classes have the same id.');

  const emb = obj(m.embeddings, 'The embeddings description');
  const dim = count(emb.dim, 'The embedding size', 1);
  const sampleList = list(m.samples, 'The list of images');
  if (emb.dtype !== 'float32' || emb.count !== sampleList.length) {
    throw new InvalidFileError(
      MANIFEST,
      'size-mismatch',
      `it lists ${sampleList.length} images but ${String(emb.count)} stored feature rows.`,
    );
  }
  const embBytes = need(str(emb.file, 'The embeddings file name'));
  if (embBytes.length !== sampleList.length * dim * 4) {
    throw new InvalidFileError(
      fileName,
      'size-mismatch',
      `its stored image features (${embBytes.length} bytes) do not match its ` +
        `${sampleList.length} images of ${dim} features each.`,
    );
  }
  const embeddings = bytesToFloat32(embBytes);
  if (!allFinite(embeddings)) {
    throw new InvalidFileError(
      fileName,
      'invalid-value',
      'some image features are not finite numbers.',
    );
  }

  const variants = readAugmented(m.augmented, sampleList.length, dim, need, fileName, bad);
  const sampleIds = new Set<string>();
  const samples: ProjectSample[] = sampleList.map((s, i) => {
    const o = obj(s, 'An image');
    const id = str(o.id, 'An image id');
    if (sampleIds.has(id)) throw bad(`Two images have the id "${id}".`);
    sampleIds.add(id);
    const classId = str(o.classId, 'An image class');
    if (!classIds.has(classId))
      throw bad(`The image "${id}" belongs to a class that does not exist.`);
    const source = o.source as SampleSource;
    if (!SOURCES.includes(source)) throw bad(`The image "${id}" has an unknown source.`);
    const sample: ProjectSample = {
      id,
      classId,
      source,
      image: need(str(o.image, 'An image file name')),
      embedding: embeddings.slice(i * dim, (i + 1) * dim),
    };
    if (o.name !== undefined) sample.name = str(o.name, 'An image name');
    if (variants[i]!.length) sample.augmented = variants[i]!;
    return sample;
  });

  let head: ProjectHead | null = null;
  if (m.head !== null && m.head !== undefined) {
    const h = obj(m.head, 'The trained model');
    const layersDesc = list(h.layers, 'The trained model layers').map((l) => {
      const o = obj(l, 'A model layer');
      return {
        inputs: count(o.inputs, 'A layer size', 1),
        units: count(o.units, 'A layer size', 1),
        bias: o.bias === true,
      };
    });
    const bin = need(str(h.file, 'The model weights file name'));
    const expected = layersDesc.reduce(
      (n, l) => n + l.inputs * l.units + (l.bias ? l.units : 0),
      0,
    );
    if (bin.length !== expected * 4) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `its trained model weights (${bin.length} bytes) do not match the model described (${expected * 4} bytes).`,
      );
    }
    const values = bytesToFloat32(bin);
    let offset = 0;
    const take = (n: number) => values.slice(offset, (offset += n));
    const weights: HeadWeights = {
      inputDim: count(h.inputDim, 'The model input size', 1),
      hiddenUnits: count(h.hiddenUnits, 'The hidden layer size'),
      classCount: count(h.classCount, 'The model output size', 1),
      layers: layersDesc.map((l) => ({
        inputs: l.inputs,
        units: l.units,
        kernel: take(l.inputs * l.units),
        bias: l.bias ? take(l.units) : null,
      })),
    };
    assertHeadWeights(weights, fileName);
    const outputIds = list(h.classIds, "The model's classes").map((c) => str(c, 'A class id'));
    if (outputIds.length !== weights.classCount) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `its trained model has ${weights.classCount} outputs but names ${outputIds.length} classes.`,
      );
    }
    if (weights.inputDim !== dim) {
      throw new InvalidFileError(
        fileName,
        'size-mismatch',
        `its trained model takes ${weights.inputDim} features but the images have ${dim}.`,
      );
    }
    head = { weights, classIds: outputIds };
  }

  return {
    name: str(m.name, 'The project name'),
    createdWith: str(m.createdWith, 'The app that made the project'),
    backboneId: str(m.backboneId, 'The image model id'),
    embeddingDim: dim,
    headOptions: readHeadOptions(m.headOptions),
    classes,
    samples,
    head,
    training: readTraining(m.training),
    ...(m.evaluation === null || m.evaluation === undefined
      ? {}
      : {
          evaluation: checkEvaluation(
            m.evaluation,
            classes.map((c) => c.id),
            sampleIds,
            bad,
          ),
        }),
  };
}
