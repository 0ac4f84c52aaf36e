/**
 * Bounded, seeded fuzzing of every import format: byte flips anywhere and in the zip's headers,
 * truncations, and mutations of the files inside (JSON values, JSON text, binary data, entry
 * paths) re-zipped with valid checksums so they reach the format's own validation. Every
 * mutation must either give a usable result or be refused with an InvalidFileError whose
 * message is a sentence; anything else (TypeError, RangeError, ...) is a crash.
 * (The Teachable Machine export is write-only, so it has no parser to fuzz.)
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { createRng } from '../../src/core/dataset/random';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import { datasetFromZip, datasetToZip, type DatasetImport } from '../../src/core/io/datasetFolders';
import {
  assertHeadWeights,
  exportHeadZip,
  parseHeadExportZip,
  summarizeTraining,
  type ParsedHeadExport,
} from '../../src/core/io/headExport';
import { projectFromHeadExport } from '../../src/core/io/headImport';
import {
  parseProject,
  serializeProject,
  type ProjectData,
  type ProjectEvaluation,
} from '../../src/core/io/projectFormat';
import { fromUtf8, readZip, utf8, writeZip, type FileEntry } from '../../src/core/io/zip';
import type { HeadWeights } from '../../src/core/training/headModel';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';

type Rng = () => number;

/** Mutations per format, by kind (400 per format). */
const RUNS = { flipAnywhere: 120, flipHeaders: 80, truncate: 50, inner: 150 };

const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;

// ---------------------------------------------------------------------------------------------
// Fixtures

/** A tiny fake JPEG (the parsers never decode images). */
function image(n: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  const bytes = Uint8Array.from({ length: n }, () => int(rng, 256));
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes;
}

function weightsOf(inputDim: number, hidden: number, classes: number, seed: number): HeadWeights {
  const rng = createRng(seed);
  const values = (n: number) => Float32Array.from({ length: n }, () => rng() - 0.5);
  return {
    inputDim,
    hiddenUnits: hidden,
    classCount: classes,
    layers: [
      { inputs: inputDim, units: hidden, kernel: values(inputDim * hidden), bias: values(hidden) },
      { inputs: hidden, units: classes, kernel: values(hidden * classes), bias: null },
    ],
  };
}

const DIM = 5;

function project(): ProjectData {
  const classes = [
    { id: 'c-a', name: 'Cats' },
    { id: 'c-b', name: 'Dögs / puppies' },
    { id: 'c-c', name: 'cats' },
  ];
  const samples = Array.from({ length: 6 }, (_, i) => ({
    id: `s${i}`,
    classId: classes[i % 3]!.id,
    source: (['webcam', 'upload', 'dataset'] as const)[i % 3]!,
    ...(i % 2 === 0 ? { name: `photo ${i}.jpg` } : {}),
    image: image(40 + i, i),
    embedding: Float32Array.from({ length: DIM }, (_, j) => Math.sin(i * DIM + j)),
  }));
  // s0..s5 are in classes 0,1,2,0,1,2; s3 (class 0) was predicted as class 1.
  const evaluation: ProjectEvaluation = {
    total: 6,
    correct: 5,
    accuracy: 5 / 6,
    perClass: [
      { classIndex: 0, total: 2, correct: 1, accuracy: 0.5 },
      { classIndex: 1, total: 2, correct: 2, accuracy: 1 },
      { classIndex: 2, total: 2, correct: 2, accuracy: 1 },
    ],
    confusion: [
      [1, 1, 0],
      [0, 2, 0],
      [0, 0, 2],
    ],
    cellIds: [
      [['s0'], ['s3'], []],
      [[], ['s1', 's4'], []],
      [[], [], ['s2', 's5']],
    ],
    misclassified: [{ id: 's3', trueClass: 0, predictedClass: 1, confidence: 0.75 }],
    classIds: ['c-a', 'c-b', 'c-c'],
    basis: 'validation',
  };
  return {
    name: 'Pets',
    createdWith: 'Glimpse 0.1.0',
    backboneId: TM_MOBILENET_V2.id,
    embeddingDim: DIM,
    headOptions: { ...DEFAULT_HEAD_OPTIONS, hiddenUnits: 4 },
    classes,
    samples,
    head: { classIds: ['c-a', 'c-b', 'c-c'], weights: weightsOf(DIM, 4, 3, 1) },
    training: {
      history: [
        { epoch: 1, loss: 1.2, acc: 0.4, valLoss: 1.3, valAcc: 0.3 },
        { epoch: 2, loss: 0.7, acc: 0.8, valLoss: 0.8, valAcc: 0.7 },
      ],
      plannedEpochs: 20,
      stoppedEarly: false,
      trainMs: 321,
      stale: false,
    },
    evaluation,
  };
}

/** A head on the real backbone's feature size, so that opening it for preview can succeed. */
function headZip(): Uint8Array {
  const history = [{ epoch: 1, loss: 0.9, acc: 0.6, valLoss: 1, valAcc: 0.5 }];
  return exportHeadZip({
    weights: weightsOf(TM_MOBILENET_V2.embeddingDim, 3, 2, 2),
    labels: ['rock', 'paper'],
    backbone: TM_MOBILENET_V2,
    training: {
      settings: DEFAULT_HEAD_OPTIONS,
      metrics: summarizeTraining(history, { stoppedEarly: false, trainMs: 10 }),
    },
    appVersion: '0.1.0',
    createdAt: new Date('2025-01-02T03:04:05Z'),
  });
}

function datasetZip(): Uint8Array {
  return datasetToZip([
    { className: 'cat', images: [0, 1].map((i) => ({ name: `${i}.jpg`, bytes: image(30, i) })) },
    { className: 'dog', images: [{ name: 'a.png', bytes: image(30, 9) }] },
    { className: 'bird', images: [{ name: 'x', bytes: image(20, 5) }] },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Mutations of the zip bytes

function flip(bytes: Uint8Array, rng: Rng, positions: () => number): Uint8Array {
  const out = bytes.slice();
  const n = 1 + int(rng, 8);
  for (let i = 0; i < n; i++) {
    const at = positions();
    out[at] = out[at]! ^ (1 + int(rng, 255));
  }
  return out;
}

/** Byte positions of the zip's structure: local headers, central directory and end record. */
function headerPositions(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  const start = view.getUint32(end + 16, true);
  const positions: number[] = [];
  for (let i = start; i < zip.length; i++) positions.push(i);
  let o = start;
  for (let e = 0; e < count; e++) {
    const local = view.getUint32(o + 42, true);
    const size = 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    for (let i = local; i < local + size; i++) positions.push(i);
    o +=
      46 +
      view.getUint16(o + 28, true) +
      view.getUint16(o + 30, true) +
      view.getUint16(o + 32, true);
  }
  return positions;
}

// ---------------------------------------------------------------------------------------------
// Mutations of the files inside (re-zipped, so checksums are valid)

/** Stands for an array nested 20,000 deep (spliced into the text: JSON.stringify cannot write it). */
const DEEP = 'DEEP-NESTING';
const DEEP_TEXT = '['.repeat(20_000) + ']'.repeat(20_000);

const WEIRD: readonly unknown[] = [
  DEEP,
  null,
  true,
  false,
  0,
  -1,
  0.5,
  1e9,
  2 ** 53,
  -1e300,
  '',
  'x',
  '../x',
  'manifest.json',
  'weights.bin',
  [],
  {},
  [1, 2],
  [[]],
  { a: 1 },
  ['x'],
];

/** Every value inside `root` with the container and key holding it. */
function slots(
  root: unknown,
): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k });
        walk(x);
      }
    }
  };
  walk(root);
  return out;
}

/** Changes one value of a JSON document: a weird value, a nearby number, another value, or removal. */
function mutateJsonValue(text: string, rng: Rng): string {
  const root = JSON.parse(text) as unknown;
  const all = slots(root);
  const { parent, key } = pick(rng, all);
  const current = (parent as Record<string | number, unknown>)[key];
  const op = int(rng, 5);
  let next: unknown;
  if (op === 0) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
    return JSON.stringify(root);
  } else if (op === 1 && typeof current === 'number') {
    next = pick(rng, [current + 1, current - 1, -current, current * 1000, current + 0.5]);
  } else if (op === 2) {
    // Type and reference confusion: another value of the same document.
    const other = pick(rng, all);
    next = structuredClone((other.parent as Record<string | number, unknown>)[other.key]);
  } else if (op === 3 && Array.isArray(current) && current.length > 0) {
    next = [...current, structuredClone(current[int(rng, current.length)])];
  } else {
    next = structuredClone(pick(rng, WEIRD));
  }
  (parent as Record<string | number, unknown>)[key] = next;
  return JSON.stringify(root).replace(`"${DEEP}"`, DEEP_TEXT);
}

/** Replaces 1–8 characters of JSON text with JSON-ish characters (often still valid JSON). */
function mutateJsonText(text: string, rng: Rng): string {
  const chars = text.split('');
  const n = 1 + int(rng, 8);
  for (let i = 0; i < n; i++)
    chars[int(rng, chars.length)] = pick(rng, [...'0123456789-.e"{}[],: ntu']);
  return chars.join('');
}

function mutateBinary(bytes: Uint8Array, rng: Rng): Uint8Array {
  const op = int(rng, 3);
  if (op === 0) return bytes.slice(0, int(rng, bytes.length));
  if (op === 1) {
    const out = new Uint8Array(bytes.length + 1 + int(rng, 8));
    out.set(bytes);
    return out;
  }
  // NaN, ±infinity or a huge value in a few floats.
  const out = bytes.slice();
  for (let i = 0, n = 1 + int(rng, 4); i < n; i++) {
    const at = int(rng, out.length >> 2) * 4;
    out.set(
      pick(rng, [
        [0, 0, 0xc0, 0x7f],
        [0, 0, 0x80, 0x7f],
        [0, 0, 0x80, 0xff],
        [int(rng, 256), 0, 0, 0x4f],
      ]),
      at,
    );
  }
  return out;
}

/** Re-zips `entries` with one file's bytes replaced. */
function rezip(entries: readonly FileEntry[], path: string, bytes: Uint8Array): Uint8Array {
  return writeZip(entries.map((e) => (e.path === path ? { path, bytes } : e)));
}

function mutateInner(
  entries: readonly FileEntry[],
  rng: Rng,
  jsonFiles: string[],
  binFiles: string[],
) {
  const roll = rng();
  if (roll < 0.65 || binFiles.length === 0) {
    const path = pick(rng, jsonFiles);
    const text = fromUtf8(entries.find((e) => e.path === path)!.bytes);
    return rezip(entries, path, utf8(mutateJsonValue(text, rng)));
  }
  if (roll < 0.85) {
    const path = pick(rng, jsonFiles);
    const text = fromUtf8(entries.find((e) => e.path === path)!.bytes);
    return rezip(entries, path, utf8(mutateJsonText(text, rng)));
  }
  const path = pick(rng, binFiles);
  return rezip(entries, path, mutateBinary(entries.find((e) => e.path === path)!.bytes, rng));
}

const ODD_SEGMENTS = [
  '..',
  '.',
  '',
  '.hidden',
  '__MACOSX',
  'Thumbs.db',
  'C:',
  'a\\b',
  ' ',
  'ü',
  'x.txt',
  'X.JPG',
  '\0',
];

/** Renames, drops or adds dataset entries, with odd path segments. */
function mutatePaths(entries: readonly FileEntry[], rng: Rng): Uint8Array {
  const files = entries.map((e) => ({ ...e }));
  for (let i = 0, n = 1 + int(rng, 3); i < n; i++) {
    const f = pick(rng, files);
    const segments = f.path.split('/');
    const op = int(rng, 6);
    if (op === 0) segments[int(rng, segments.length)] = pick(rng, ODD_SEGMENTS);
    else if (op === 1) segments.splice(int(rng, segments.length + 1), 0, pick(rng, ODD_SEGMENTS));
    else if (op === 2 && segments.length > 1) segments.splice(int(rng, segments.length), 1);
    else if (op === 3) segments[0] = pick(rng, ['/', './', '../']) + segments[0]!;
    else if (op === 4) files.splice(files.indexOf(f), 1);
    else files.push({ path: f.path, bytes: f.bytes });
    f.path = segments.join('/');
  }
  const tree: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const f of files) tree[f.path] = [f.bytes, { level: 0 }];
  return zipSync(tree);
}

// ---------------------------------------------------------------------------------------------
// The run

interface Target<T> {
  zip: Uint8Array;
  parse(bytes: Uint8Array): T;
  /** Throws (an assertion) when an accepted result is not usable. */
  check(result: T): void;
  inner(entries: readonly FileEntry[], rng: Rng): Uint8Array;
}

function fuzz<T>(target: Target<T>, seed: number) {
  const rng = createRng(seed);
  const { zip } = target;
  const entries = readZip(zip, 'fixture.zip');
  const headers = headerPositions(zip);
  const cases: { kind: string; make: () => Uint8Array }[] = [];
  const add = (kind: string, n: number, make: () => Uint8Array) => {
    for (let i = 0; i < n; i++) cases.push({ kind, make });
  };
  add('flip', RUNS.flipAnywhere, () => flip(zip, rng, () => int(rng, zip.length)));
  add('flip-header', RUNS.flipHeaders, () => flip(zip, rng, () => pick(rng, headers)));
  add('truncate', RUNS.truncate, () => zip.slice(0, int(rng, zip.length)));
  add('inner', RUNS.inner, () => target.inner(entries, rng));

  const crashes: string[] = [];
  const outcomes = new Map<string, number>();
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  cases.forEach(({ kind, make }, i) => {
    const bytes = make();
    let result: T;
    try {
      result = target.parse(bytes);
    } catch (error) {
      const clear =
        error instanceof InvalidFileError &&
        error.code === 'invalid-file' &&
        /^".*" cannot be opened: \S.*\.$/s.test(error.message);
      if (clear) count(error.reason);
      else crashes.push(`#${i} (${kind}): ${String(error)}`);
      return;
    }
    try {
      target.check(result);
      count('accepted');
    } catch (error) {
      crashes.push(`#${i} (${kind}) accepted an unusable result: ${String(error)}`);
    }
  });
  return { crashes, outcomes, total: cases.length };
}

function expectClean(run: ReturnType<typeof fuzz>, reasons: number): void {
  expect(run.total).toBe(400);
  expect(run.crashes).toEqual([]);
  // The mutations reach past the zip layer: some files are accepted, several reasons refused.
  expect(run.outcomes.get('accepted') ?? 0).toBeGreaterThan(0);
  expect(run.outcomes.size).toBeGreaterThanOrEqual(reasons + 1);
}

/**
 * Runs `open`; a refusal must be an InvalidFileError, an opened project must save and reopen
 * (compared as saved bytes: a deep compare of 1280-feature weights is slow).
 */
function opensOrIsRefused(open: () => ProjectData): void {
  let opened: ProjectData;
  try {
    opened = open();
  } catch (error) {
    if (error instanceof InvalidFileError) return;
    throw error;
  }
  const saved = serializeProject(opened);
  const savedAgain = serializeProject(parseProject(saved));
  expect(Buffer.from(savedAgain).equals(Buffer.from(saved))).toBe(true);
}

describe('import fuzzing (seeded; 400 mutations per format)', () => {
  it('found: JSON nested thousands deep overflowed the stack; now it is refused clearly', () => {
    const manifest = `{"format":"glimpse-project","version":1,"extra":${DEEP_TEXT}}`;
    const zip = writeZip([{ path: 'manifest.json', bytes: utf8(manifest) }]);
    expect(() => parseProject(zip)).toThrow(InvalidFileError);
    expect(() => parseProject(zip)).toThrow(
      /^"manifest\.json" cannot be opened: its data is nested more than 100 levels deep/,
    );
  });

  it('project file: parseProject', () => {
    const run = fuzz<ProjectData>(
      {
        zip: serializeProject(project()),
        parse: (bytes) => parseProject(bytes),
        // An accepted project saves and reopens to the same data.
        check: (p) => expect(parseProject(serializeProject(p))).toEqual(p),
        inner: (entries, rng) =>
          mutateInner(entries, rng, ['manifest.json'], ['embeddings.bin', 'head/weights.bin']),
      },
      1,
    );
    expectClean(run, 4);
  });

  it('head export zip: parseHeadExportZip (and opening it for preview)', () => {
    const run = fuzz<ParsedHeadExport>(
      {
        zip: headZip(),
        parse: (bytes) => parseHeadExportZip(bytes),
        check: (parsed) => {
          assertHeadWeights(parsed.weights, 'model.json');
          expect(parsed.labels).toHaveLength(parsed.weights.classCount);
          opensOrIsRefused(() => projectFromHeadExport(parsed, 'Preview'));
        },
        inner: (entries, rng) =>
          mutateInner(entries, rng, ['metadata.json', 'model.json'], ['weights.bin']),
      },
      2,
    );
    expectClean(run, 4);
  });

  it('dataset zip: datasetFromZip', () => {
    const run = fuzz<DatasetImport>(
      {
        zip: datasetZip(),
        parse: (bytes) => datasetFromZip(bytes),
        check: ({ classes }) => {
          expect(classes.length).toBeGreaterThan(0);
          for (const c of classes) {
            expect(c.className).not.toBe('');
            expect(c.files.length).toBeGreaterThan(0);
            for (const f of c.files) {
              expect(f.path).toMatch(/\.(jpe?g|png|webp|gif|bmp)$/i);
              expect(f.path.startsWith('/') || f.path.split('/').includes('..')).toBe(false);
            }
          }
        },
        inner: (entries, rng) => mutatePaths(entries, rng),
      },
      3,
    );
    expectClean(run, 2);
  });
});
