import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { parseProject, serializeProject, type ProjectData } from '../../src/core/io/projectFormat';
import { readZip, utf8, writeZip } from '../../src/core/io/zip';
import { NO_AUGMENTATION } from '../../src/core/preprocess/augment';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';

const DIM = 4;
const row = (seed: number) => Float32Array.from({ length: DIM }, (_, j) => Math.sin(seed + j));

function project(variants: boolean): ProjectData {
  return {
    name: 'Augmented',
    createdWith: 'Glimpse test',
    backboneId: 'mobilenet-v2-0.35-224-tm',
    embeddingDim: DIM,
    headOptions: {
      ...DEFAULT_HEAD_OPTIONS,
      augmentation: variants ? { flip: true, crops: 2, lights: 0 } : NO_AUGMENTATION,
    },
    classes: [
      { id: 'a', name: 'A' },
      { id: 'b', name: 'B' },
    ],
    samples: [0, 1, 2].map((i) => ({
      id: `s${i}`,
      classId: i % 2 ? 'b' : 'a',
      source: 'upload' as const,
      image: Uint8Array.from([i, 1, 2]),
      embedding: row(i),
      ...(variants && i !== 1 ? { augmented: [row(10 + i), row(20 + i), row(30 + i)] } : {}),
    })),
    head: null,
    training: null,
  };
}

/** The file with its manifest changed by `edit` (and files replaced or added from `extra`). */
function edited(
  zip: Uint8Array,
  edit: (manifest: Record<string, unknown>) => void,
  extra: Record<string, Uint8Array> = {},
): Uint8Array {
  const entries = readZip(zip, 'p.zip').map((e) => {
    if (e.path !== 'manifest.json') return extra[e.path] ? { ...e, bytes: extra[e.path]! } : e;
    const manifest = JSON.parse(new TextDecoder().decode(e.bytes)) as Record<string, unknown>;
    edit(manifest);
    return { ...e, bytes: utf8(JSON.stringify(manifest)) };
  });
  return writeZip(entries);
}

const settingsOf = (m: Record<string, unknown>) => m.headOptions as Record<string, unknown>;

describe('project files with augmentation', () => {
  it('saves the setting and every sample’s variants (augmented.bin with per-sample counts) and reads them back', () => {
    const original = project(true);
    const zip = serializeProject(original);
    const files = new Map(readZip(zip, 'p.zip').map((e) => [e.path, e.bytes]));
    const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')));
    expect(manifest.augmented).toEqual({
      file: 'augmented.bin',
      dtype: 'float32',
      dim: DIM,
      counts: [3, 0, 3],
    });
    expect(files.get('augmented.bin')!.length).toBe(6 * DIM * 4);
    expect(parseProject(zip)).toEqual(original);
  });

  it('writes no variant file for a project without variants', () => {
    const zip = serializeProject(project(false));
    expect(readZip(zip, 'p.zip').map((e) => e.path)).not.toContain('augmented.bin');
    expect(parseProject(zip)).toEqual(project(false));
  });

  it('opens a file from before augmentation with augmentation off and no variants', () => {
    const old = edited(serializeProject(project(false)), (m) => {
      delete settingsOf(m).augmentation;
      delete m.augmented;
    });
    const opened = parseProject(old);
    expect(opened.headOptions.augmentation).toEqual(NO_AUGMENTATION);
    expect(opened.samples.every((s) => s.augmented === undefined)).toBe(true);
  });

  it('reads the golden augmented file (tests/fixtures/project-v1-augmented.zip)', () => {
    const zip = new Uint8Array(
      readFileSync(new URL('../fixtures/project-v1-augmented.zip', import.meta.url)),
    );
    const opened = parseProject(zip, { fileName: 'project-v1-augmented.zip' });
    expect(opened.headOptions.augmentation).toEqual({ flip: true, crops: 1, lights: 0 });
    expect(opened.samples.map((s) => s.augmented?.map((v) => Array.from(v)))).toEqual([
      [
        [1.5, 2, 3],
        [1, 2.5, 3],
      ],
      undefined,
      [[0, 0.5, 1]],
    ]);
    expect(parseProject(serializeProject(opened))).toEqual(opened);
  });

  it.each([
    ['too many crops', { flip: false, crops: 5, lights: 0 }],
    ['a negative lighting count', { flip: false, crops: 0, lights: -1 }],
    ['a fractional count', { flip: true, crops: 1.5, lights: 0 }],
    ['a mirror setting that is not on or off', { flip: 'yes', crops: 0, lights: 0 }],
    ['no setting at all', null],
  ])('refuses an augmentation setting with %s', (_, augmentation) => {
    const bad = edited(serializeProject(project(false)), (m) => {
      settingsOf(m).augmentation = augmentation;
    });
    expect(() => parseProject(bad)).toThrow(InvalidFileError);
    expect(() => parseProject(bad)).toThrow(/augmentation setting/);
  });

  it('refuses variant counts that do not match the images or the stored variants', () => {
    const zip = serializeProject(project(true));
    const counts = (counts: unknown) =>
      edited(zip, (m) => ((m.augmented as Record<string, unknown>).counts = counts));
    expect(() => parseProject(counts([3, 0]))).toThrow(/variants/);
    expect(() => parseProject(counts([3, 0, 2]))).toThrow(/size|variants/);
    expect(() => parseProject(counts([3, 0, 'x']))).toThrow(/variants/);
    const short = edited(zip, () => undefined, { 'augmented.bin': new Uint8Array(8) });
    expect(() => parseProject(short)).toThrow(/variants/);
    const missing = writeZip(readZip(zip, 'p.zip').filter((e) => e.path !== 'augmented.bin'));
    expect(() => parseProject(missing)).toThrow(/augmented\.bin/);
  });
});
