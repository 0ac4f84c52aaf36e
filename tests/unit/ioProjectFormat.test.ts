import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { float32ToBytes } from '../../src/core/io/binary';
import {
  migrateProject,
  parseProject,
  serializeProject,
  type ProjectData,
  type ProjectEvaluation,
} from '../../src/core/io/projectFormat';
import { readZip, writeZip, type FileEntry } from '../../src/core/io/zip';
import {
  DEFAULT_HEAD_OPTIONS,
  TEACHABLE_MACHINE_RECIPE,
} from '../../src/core/training/headOptions';

const DIM = 6;

function bytes(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 255);
}

function makeProject(withHead: boolean): ProjectData {
  const classes = [
    { id: 'c-a', name: 'Cats' },
    { id: 'c-b', name: 'Dogs / puppies' },
    { id: 'c-c', name: 'cats' },
  ];
  const samples = Array.from({ length: 7 }, (_, i) => ({
    id: `s${i}`,
    classId: classes[i % 3]!.id,
    source: (['webcam', 'upload', 'dataset'] as const)[i % 3]!,
    ...(i % 2 === 0 ? { name: `photo ${i}.png` } : {}),
    image: bytes(100 + i, i),
    embedding: Float32Array.from({ length: DIM }, (_, j) => Math.sin(i * DIM + j)),
  }));
  return {
    name: 'Pets',
    createdWith: 'Glimpse 0.1.0',
    backboneId: 'mobilenet-v2-0.35-224-tm',
    embeddingDim: DIM,
    headOptions: { ...TEACHABLE_MACHINE_RECIPE, hiddenUnits: 4 },
    classes,
    samples,
    head: withHead
      ? {
          classIds: ['c-a', 'c-b', 'c-c'],
          weights: {
            inputDim: DIM,
            hiddenUnits: 4,
            classCount: 3,
            layers: [
              {
                inputs: DIM,
                units: 4,
                kernel: Float32Array.from({ length: 24 }, (_, k) => k / 10 - 1),
                bias: new Float32Array(4).fill(0.5),
              },
              {
                inputs: 4,
                units: 3,
                kernel: Float32Array.from({ length: 12 }, (_, k) => k / 7),
                bias: null,
              },
            ],
          },
        }
      : null,
    training: withHead
      ? {
          history: [
            { epoch: 1, loss: 1.2, acc: 0.4, valLoss: 1.3, valAcc: 0.3 },
            { epoch: 2, loss: 0.7, acc: 0.8, valLoss: 0.8, valAcc: 0.7 },
          ],
          plannedEpochs: 50,
          stoppedEarly: false,
          trainMs: 321,
          stale: false,
        }
      : null,
  };
}

/** An evaluation of makeProject's 7 samples: s0–s6 in classes c-a, c-b, c-c by i % 3. */
function makeEvaluation(): ProjectEvaluation {
  return {
    total: 7,
    correct: 5,
    accuracy: 5 / 7,
    perClass: [
      { classIndex: 0, total: 3, correct: 2, accuracy: 2 / 3 },
      { classIndex: 1, total: 2, correct: 1, accuracy: 0.5 },
      { classIndex: 2, total: 2, correct: 2, accuracy: 1 },
    ],
    confusion: [
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 2],
    ],
    cellIds: [
      [['s0', 's3'], ['s6'], []],
      [[], ['s1'], ['s4']],
      [[], [], ['s2', 's5']],
    ],
    misclassified: [
      { id: 's6', trueClass: 0, predictedClass: 1, confidence: 0.75 },
      { id: 's4', trueClass: 1, predictedClass: 2, confidence: 0.625 },
    ],
    classIds: ['c-a', 'c-b', 'c-c'],
    basis: 'validation',
  };
}

function entriesOf(zip: Uint8Array): FileEntry[] {
  return readZip(zip, 'test.zip');
}

function rezip(zip: Uint8Array, edit: (files: FileEntry[]) => FileEntry[]): Uint8Array {
  return writeZip(edit(entriesOf(zip)));
}

function editManifest(zip: Uint8Array, edit: (m: Record<string, unknown>) => void): Uint8Array {
  return rezip(zip, (files) =>
    files.map((f) => {
      if (f.path !== 'manifest.json') return f;
      const m = JSON.parse(new TextDecoder().decode(f.bytes)) as Record<string, unknown>;
      edit(m);
      return { path: f.path, bytes: strToU8(JSON.stringify(m)) };
    }),
  );
}

/** Overwrites the uncompressed size of every entry in the local and central headers. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

function expectInvalid(fn: () => unknown, reason: string, text: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidFileError);
  const e = caught as InvalidFileError;
  expect(e.code).toBe('invalid-file');
  expect(e.reason).toBe(reason);
  expect(e.message).toMatch(text);
  expect(e.message).toMatch(/^".+" cannot be opened: /);
}

describe('project file', () => {
  it.each([true, false])('round-trips exactly (trained head: %s)', (withHead) => {
    const project = makeProject(withHead);
    const zip = serializeProject(project);
    expect(parseProject(zip)).toEqual(project);
  });

  it('round-trips the evaluation exactly', () => {
    const project = { ...makeProject(true), evaluation: makeEvaluation() };
    const parsed = parseProject(serializeProject(project));
    expect(parsed.evaluation).toEqual(makeEvaluation());
    expect(parsed).toEqual(project);
  });

  it('round-trips a cross-validated evaluation with its basis', () => {
    const evaluation = { ...makeEvaluation(), basis: 'cross-validation' as const };
    const parsed = parseProject(serializeProject({ ...makeProject(true), evaluation }));
    expect(parsed.evaluation).toEqual(evaluation);
  });

  it('reads a version 1 manifest without the optional evaluation', () => {
    const zip = editManifest(serializeProject(makeProject(true)), (m) => delete m.evaluation);
    expect(parseProject(zip).evaluation).toBeUndefined();
    const withNull = editManifest(
      serializeProject(makeProject(true)),
      (m) => (m.evaluation = null),
    );
    expect(parseProject(withNull).evaluation).toBeUndefined();
  });

  it('lays out manifest.json, images per class folder, embeddings.bin and head/weights.bin', () => {
    const project = makeProject(true);
    const files = entriesOf(serializeProject(project));
    const paths = files.map((f) => f.path);
    expect(paths[0]).toBe('manifest.json');
    expect(paths).toContain('images/Cats/s0.jpg');
    expect(paths).toContain('images/Dogs _ puppies/s1.jpg');
    expect(paths).toContain('images/cats-2/s2.jpg');
    expect(paths).toContain('embeddings.bin');
    expect(paths).toContain('head/weights.bin');
    const manifest = JSON.parse(new TextDecoder().decode(files[0]!.bytes)) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({
      format: 'glimpse-project',
      version: 1,
      createdWith: 'Glimpse 0.1.0',
      embeddings: { file: 'embeddings.bin', dtype: 'float32', count: 7, dim: DIM },
      head: { file: 'head/weights.bin', classIds: ['c-a', 'c-b', 'c-c'], hiddenUnits: 4 },
    });
    const emb = files.find((f) => f.path === 'embeddings.bin')!.bytes;
    expect(emb).toEqual(float32ToBytes(project.samples.map((s) => s.embedding)));
  });

  it('migrates the version 0 golden file (tests/fixtures/project-v0.zip)', () => {
    const zip = new Uint8Array(
      readFileSync(new URL('../fixtures/project-v0.zip', import.meta.url)),
    );
    const project = parseProject(zip, { fileName: 'project-v0.zip' });
    expect(project.name).toBe('Version 0 project');
    expect(project.backboneId).toBe('mobilenet-v2-0.35-224-tm');
    expect(project.headOptions).toEqual({ ...DEFAULT_HEAD_OPTIONS, hiddenUnits: 16, epochs: 20 });
    expect(project.classes).toEqual([
      { id: 'c1', name: 'Thumbs up' },
      { id: 'c2', name: 'Thumbs down' },
    ]);
    expect(project.samples.map((s) => [s.id, s.classId, s.source])).toEqual([
      ['s1', 'c1', 'import'],
      ['s2', 'c1', 'import'],
      ['s3', 'c2', 'import'],
    ]);
    expect(Array.from(project.samples[2]!.embedding)).toEqual([-1, 2, 0, 0.5]);
    expect(project.samples[0]!.image.subarray(0, 2)).toEqual(Uint8Array.from([0xff, 0xd8]));
    expect(project.head).toBeNull();
    expect(project.training).toBeNull();
    // Saving the migrated project writes version 1 and reads back the same.
    expect(parseProject(serializeProject(project))).toEqual(project);
  });

  it('migrateProject leaves a current manifest alone', () => {
    const m = { format: 'glimpse-project', version: 1, name: 'x' };
    expect(migrateProject(m)).toBe(m);
  });

  describe('bad files are refused with InvalidFileError and a readable message', () => {
    const good = serializeProject(makeProject(true));

    it('not a zip at all', () => {
      expectInvalid(
        () => parseProject(strToU8('hello, I am a text file')),
        'corrupt',
        /not a complete zip/,
      );
    });

    it('truncated zip', () => {
      expectInvalid(
        () => parseProject(good.slice(0, Math.floor(good.length / 2))),
        'corrupt',
        /damaged or only partly downloaded/,
      );
      expectInvalid(
        () => parseProject(good.slice(0, good.length - 30)),
        'corrupt',
        /not a complete zip/,
      );
    });

    it('corrupt compressed data', () => {
      const zip = zipSync({
        'manifest.json': [strToU8('{"format":"glimpse-project"}'.repeat(50)), { level: 9 }],
      });
      const broken = zip.slice();
      for (let i = 40; i < 80; i++) broken[i] = 0xff;
      expectInvalid(() => parseProject(broken), 'corrupt', /not a complete zip/);
    });

    it('an entry with ../ in its path', () => {
      const zip = zipSync({ 'manifest.json': strToU8('{}'), '../../evil.sh': strToU8('rm -rf ~') });
      expectInvalid(
        () => parseProject(zip),
        'unsafe-path',
        /"\.\.\/\.\.\/evil\.sh" that points outside/,
      );
      const nested = zipSync({ 'images/a/../../../x.jpg': strToU8('x') });
      expectInvalid(() => parseProject(nested), 'unsafe-path', /outside the archive/);
    });

    it('an absolute path', () => {
      expectInvalid(
        () => parseProject(zipSync({ '/etc/passwd': strToU8('x') })),
        'unsafe-path',
        /\/etc\/passwd/,
      );
      expectInvalid(
        () => parseProject(zipSync({ 'C:\\Windows\\x.dll': strToU8('x') })),
        'unsafe-path',
        /outside/,
      );
    });

    it('a huge declared size (zip bomb) is refused before unzipping', () => {
      expectInvalid(
        () => parseProject(declareSize(good, 0xfffffff0)),
        'too-large',
        /would unpack to 4096 MB/,
      );
      const many = zipSync(
        Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, strToU8('x')])),
      );
      const limits = { maxEntries: 20, maxEntryBytes: 1e6, maxTotalBytes: 1e7 };
      expectInvalid(() => parseProject(many, { limits }), 'too-large', /more than 20 files/);
      const total = { maxEntries: 100, maxEntryBytes: 1e6, maxTotalBytes: 500 };
      expectInvalid(
        () => parseProject(good, { limits: total }),
        'too-large',
        /more than 500 bytes/,
      );
    });

    it('a declared size that does not match the data', () => {
      expectInvalid(() => parseProject(declareSize(good, 3)), 'corrupt', /not a complete zip/);
    });

    it('invalid JSON in manifest.json', () => {
      const zip = rezip(good, (files) =>
        files.map((f) =>
          f.path === 'manifest.json' ? { path: f.path, bytes: strToU8('{"format": ') } : f,
        ),
      );
      expectInvalid(() => parseProject(zip), 'invalid-json', /manifest\.json.*not valid JSON/);
    });

    it('a newer unknown version', () => {
      const zip = editManifest(good, (m) => (m.version = 7));
      expectInvalid(
        () => parseProject(zip),
        'newer-version',
        /newer Glimpse \(Glimpse project version 7; this Glimpse reads up to version 1\)/,
      );
    });

    it('another format', () => {
      const zip = editManifest(good, (m) => (m.format = 'tm-project'));
      expectInvalid(() => parseProject(zip), 'wrong-format', /not a Glimpse project/);
    });

    it('no manifest or a missing image', () => {
      expectInvalid(
        () => parseProject(rezip(good, (f) => f.filter((e) => e.path !== 'manifest.json'))),
        'missing-file',
        /"manifest\.json" is missing/,
      );
      expectInvalid(
        () => parseProject(rezip(good, (f) => f.filter((e) => e.path !== 'images/Cats/s3.jpg'))),
        'missing-file',
        /images\/Cats\/s3\.jpg/,
      );
    });

    it('embeddings whose size does not match the samples', () => {
      const short = rezip(good, (files) =>
        files.map((f) =>
          f.path === 'embeddings.bin'
            ? { path: f.path, bytes: f.bytes.slice(0, f.bytes.length - 4) }
            : f,
        ),
      );
      expectInvalid(
        () => parseProject(short),
        'size-mismatch',
        /image features .* do not match its 7 images of 6 features/,
      );
      const count = editManifest(good, (m) => ((m.embeddings as { count: number }).count = 6));
      expectInvalid(
        () => parseProject(count),
        'size-mismatch',
        /7 images but 6 stored feature rows/,
      );
    });

    it('head weights whose size does not match', () => {
      const zip = rezip(good, (files) =>
        files.map((f) =>
          f.path === 'head/weights.bin' ? { path: f.path, bytes: f.bytes.slice(0, 8) } : f,
        ),
      );
      expectInvalid(() => parseProject(zip), 'size-mismatch', /trained model weights/);
      const labels = editManifest(
        good,
        (m) => ((m.head as { classIds: string[] }).classIds = ['c-a']),
      );
      expectInvalid(() => parseProject(labels), 'size-mismatch', /3 outputs but names 1 classes/);
    });

    it.each<[string, (e: ProjectEvaluation) => void, RegExp]>([
      [
        'an unknown sample id',
        (e) => (e.cellIds[2]![2]![0] = 'ghost'),
        /image that does not exist/,
      ],
      ['a non-square matrix', (e) => e.confusion[1]!.pop(), /wrong shape/],
      ['a negative count', (e) => (e.confusion[0]![2] = -1), /invalid counts/],
      ['a fractional count', (e) => (e.confusion[0]![0] = 1.5), /invalid counts/],
      ['an unknown class', (e) => (e.classIds[1] = 'c-x'), /project's classes/],
      ['a missing class', (e) => e.classIds.pop(), /project's classes/],
      ['cells that disagree with the counts', (e) => e.cellIds[0]![0]!.pop(), /do not match/],
      ['a sample counted twice', (e) => (e.cellIds[1]![1]![0] = 's0'), /twice/],
      ['an unknown basis', (e) => ((e as { basis: string }).basis = 'guess'), /basis/],
    ])('an evaluation with %s', (_label, edit, text) => {
      const zip = editManifest(good, (m) => {
        const e = makeEvaluation();
        edit(e);
        m.evaluation = e;
      });
      expectInvalid(() => parseProject(zip), 'invalid-value', text);
    });

    it('a sample in a class that does not exist', () => {
      const zip = editManifest(
        good,
        (m) => ((m.samples as { classId: string }[])[0]!.classId = 'nope'),
      );
      expectInvalid(
        () => parseProject(zip),
        'invalid-value',
        /belongs to a class that does not exist/,
      );
    });
  });
});
