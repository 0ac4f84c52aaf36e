/**
 * The `glimpse` command line, spawned for real (node bin/glimpse.mjs, as `npx glimpse` runs it)
 * on a small dataset of real photos built in a temp folder from ../shared, with the genuine
 * Teachable Machine base from ../shared/models through --models.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeadExport } from '../../src/core/io/headExport';
import { projectFromHeadExport } from '../../src/core/io/headImport';
import { writeZip } from '../../src/core/io/zip';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';
import type { PredictJson } from '../../src/node/cli/predict';
import { loadDataset, type DatasetImage } from '../support/datasets';
import { haveShared, MODELS_DIR } from '../support/shared';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/glimpse.mjs');
const FILES = ['model.json', 'weights.bin', 'metadata.json'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in `cwd`; never rejects. */
function glimpse(args: string[], cwd: string): Promise<Run> {
  const env = { ...process.env };
  delete env.GLIMPSE_MODELS_DIR;
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A line of a stack trace ("    at f (file.ts:12:3)"), which must never reach the user. */
const STACK_LINE = /\n\s+at .+[(:]\d+/;

function expectNoStack(run: Run): void {
  expect(run.stderr).not.toMatch(STACK_LINE);
}

describe.skipIf(!haveShared())('glimpse command line (real weights and photos)', () => {
  let tmp: string;
  let data: string;
  let out: string;
  let heldOut: DatasetImage[];
  let train: Run;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'glimpse-cli-'));
    data = join(tmp, 'hands');
    out = join(tmp, 'model');
    // 8 training photos per class; the held-out photos are the dataset's test split.
    const ds = loadDataset('rock-paper-scissors', { perClassTrain: 8 });
    for (const img of ds.train) {
      mkdirSync(join(data, img.className), { recursive: true });
      cpSync(img.path, join(data, img.className, basename(img.path)));
    }
    writeFileSync(join(data, 'rock', 'broken.png'), 'this is not a PNG');
    writeFileSync(join(data, 'notes.txt'), 'loose file');
    heldOut = ds.classes.flatMap((c) => ds.test.filter((t) => t.className === c).slice(0, 10));
    train = await glimpse(['train', data, '--out', out, '--models', MODELS_DIR, '--offline'], tmp);
  });
  afterAll(() => tmp && rmSync(tmp, { recursive: true, force: true }));

  it('trains, writes the three export files and prints the summary', () => {
    expect(train.stderr).not.toContain('error');
    expect(train.code).toBe(0);
    expectNoStack(train);
    // Plain progress lines (stderr is not a terminal here).
    expect(train.stderr).toMatch(/^Embedding: +25\/25 +100%/m);
    expect(train.stderr).toMatch(/^Training: 80\/80 +100%/m);
    expect(train.stderr).toContain('self-hosted');
    const s = train.stdout;
    expect(s).toContain('Trained on 24 images in 3 classes.');
    expect(s).toMatch(/^ {2}paper +8$/m);
    expect(s).toMatch(/^ {2}rock +8$/m);
    expect(s).toMatch(/^ {2}scissors +8$/m);
    // Skipped files by path (relative to the working folder, as typed).
    expect(s).toContain(`${join('hands', 'rock', 'broken.png')}: not a readable image`);
    expect(s).toContain(`${join('hands', 'notes.txt')}: not inside a class folder`);
    // Under 30 images per class the app holds nothing out and cross-validates.
    expect(s).toMatch(/Cross-validation accuracy: \d+\.\d% \(\d+ of 24 correct/);
    for (const f of FILES) expect(s).toContain(join(out, f));
  });

  it('writes files the app opens as an exported model, with the app defaults', () => {
    const files = FILES.map((path) => ({
      path,
      bytes: new Uint8Array(readFileSync(join(out, path))),
    }));
    const parsed = parseHeadExport(files);
    expect(parsed.labels).toEqual(['paper', 'rock', 'scissors']);
    const project = projectFromHeadExport(parsed, 'cli');
    expect(project.backboneId).toBe('mobilenet-v2-0.35-224-tm');
    const { training } = parsed.metadata;
    expect(training.settings).toEqual(DEFAULT_HEAD_OPTIONS);
    expect(training.metrics.epochsRun).toBe(80);
    expect(training.metrics.evaluation?.basis).toBe('cross-validation');
    expect(training.metrics.evaluation?.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(parsed.metadata.appName).toBe('Glimpse');
  });

  it('predicts held-out photos (never trained on) mostly right', async () => {
    const run = await glimpse(
      ['predict', out, ...heldOut.map((h) => h.path), '--models', MODELS_DIR, '--offline'],
      tmp,
    );
    expect(run.code).toBe(0);
    expectNoStack(run);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(heldOut.length);
    let right = 0;
    lines.forEach((line, i) => {
      const [file, label, p] = line.trim().split(/\s+/);
      expect(file).toBe(heldOut[i]!.path);
      expect(Number(p)).toBeGreaterThan(0);
      expect(Number(p)).toBeLessThanOrEqual(1);
      if (label === heldOut[i]!.className) right += 1;
    });
    // README: the default head reaches ≈ 0.96 held-out accuracy with 5–10 photos per class on
    // this backbone; 30 photos leave room for a few misses, not for a broken pipeline (chance 0.33).
    expect(right / heldOut.length).toBeGreaterThanOrEqual(0.8);
  });

  it('predict --json on the model zip: one document, failures as entries, exit code 1', async () => {
    const zip = join(tmp, 'hands-model.zip');
    writeFileSync(
      zip,
      writeZip(FILES.map((f) => ({ path: f, bytes: new Uint8Array(readFileSync(join(out, f))) }))),
    );
    const images = heldOut.slice(0, 3).map((h) => h.path);
    const missing = join(tmp, 'no-such.png');
    const broken = join(data, 'rock', 'broken.png');
    const run = await glimpse(
      ['predict', zip, ...images, missing, broken, '--json', '--models', MODELS_DIR, '--offline'],
      tmp,
    );
    expect(run.code).toBe(1);
    expectNoStack(run);
    const doc = JSON.parse(run.stdout) as PredictJson;
    expect(doc.model).toEqual({
      path: zip,
      backbone: 'mobilenet-v2-0.35-224-tm',
      labels: ['paper', 'rock', 'scissors'],
    });
    expect(doc.predictions).toHaveLength(5);
    for (const [i, p] of doc.predictions.slice(0, 3).entries()) {
      expect(p).toMatchObject({ file: images[i] });
      if ('error' in p) throw new Error(p.error);
      expect(['paper', 'rock', 'scissors']).toContain(p.label);
      expect(Object.keys(p.probabilities)).toEqual(['paper', 'rock', 'scissors']);
      const sum = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 4);
      expect(p.probability).toBe(Math.max(...Object.values(p.probabilities)));
    }
    expect(doc.predictions[3]).toEqual({ file: missing, error: 'file not found' });
    expect(doc.predictions[4]).toMatchObject({ file: broken });
    expect((doc.predictions[4] as { error: string }).error).toMatch(/^not a readable image/);
    expect(run.stderr).toContain(`glimpse predict: ${missing}: file not found`);
  });

  it('refuses to predict with the offline fallback in place of the trained image model', async () => {
    const empty = join(tmp, 'empty-models');
    mkdirSync(empty, { recursive: true });
    const run = await glimpse(
      ['predict', out, heldOut[0]!.path, '--models', empty, '--offline'],
      tmp,
    );
    expect(run.code).toBe(1);
    expectNoStack(run);
    expect(run.stderr).toContain('cannot stand in');
    expect(run.stdout).toBe('');
  });

  describe('bad input: a specific message and a non-zero exit code', () => {
    const cases: [string, () => string[], number, RegExp][] = [
      [
        'missing folder',
        () => ['train', join(tmp, 'nope'), '--out', out],
        1,
        /dataset folder not found: .*nope/,
      ],
      [
        'a folder with one class',
        () => {
          const one = join(tmp, 'one-class', 'rock');
          mkdirSync(one, { recursive: true });
          cpSync(join(data, 'rock'), one, { recursive: true });
          return ['train', dirname(one), '--out', out];
        },
        1,
        /at least two classes.*has 1 class folder with images \("rock"\)/,
      ],
      [
        'an empty class folder',
        () => {
          const root = join(tmp, 'with-empty');
          cpSync(data, root, { recursive: true });
          mkdirSync(join(root, 'lizard'));
          return ['train', root, '--out', out];
        },
        1,
        /class folder "lizard" in .* has no images/,
      ],
      [
        'a class whose every file is unreadable',
        () => {
          const root = join(tmp, 'all-broken');
          cpSync(data, root, { recursive: true });
          mkdirSync(join(root, 'lizard'));
          writeFileSync(join(root, 'lizard', 'a.jpg'), 'nope');
          return ['train', root, '--out', join(tmp, 'x'), '--models', MODELS_DIR, '--offline'];
        },
        1,
        /no usable images in "lizard".*\n.*lizard\/a\.jpg: not a readable image/,
      ],
      [
        'an unknown option',
        () => ['train', data, '--out', out, '--epochz', '3'],
        2,
        /unknown option --epochz/,
      ],
      [
        'an unknown backbone',
        () => ['train', data, '--out', out, '--backbone', 'vgg'],
        2,
        /unknown --backbone "vgg"/,
      ],
      ['train without --out', () => ['train', data], 2, /missing --out <dir>/],
      [
        'a model folder that is not a Glimpse export',
        () => ['predict', data, join(data, 'rock', 'broken.png')],
        1,
        /hands is not a Glimpse model export: it has no model.json or metadata.json/,
      ],
      [
        'a Teachable Machine style model folder',
        () => {
          const tm = join(tmp, 'tm-model');
          cpSync(out, tm, { recursive: true });
          writeFileSync(join(tm, 'metadata.json'), JSON.stringify({ labels: ['a', 'b'] }));
          return ['predict', tm, join(data, 'rock', 'broken.png')];
        },
        1,
        /tm-model is not a usable Glimpse model export: .*not a Glimpse model \(expected format "glimpse-head"/,
      ],
      ['a missing model', () => ['predict', join(tmp, 'nope'), 'a.png'], 1, /model not found/],
      ['predict without images', () => ['predict', out], 2, /missing the images to classify/],
      ['an unknown command', () => ['trian', data], 2, /unknown command "trian"/],
    ];
    // Each case is a separate process: run them side by side (they mostly wait on start-up).
    it.concurrent.for(cases)('%s', async ([, args, code, message], { expect }) => {
      const run = await glimpse(args(), tmp);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/^glimpse( \w+)?: error: /m);
      expect(run.code).toBe(code);
      expect(run.stderr).not.toMatch(STACK_LINE);
    });

    it('npx glimpse runs the package bin from the repository root', async () => {
      const root = resolve(dirname(BIN), '..');
      const run = await new Promise<Run>((done) =>
        execFile('npx', ['glimpse', '--help'], { cwd: root }, (error, stdout, stderr) =>
          done({ code: error ? -1 : 0, stdout, stderr }),
        ),
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('glimpse train <folder> --out <dir>');
    });

    it.each([['train'], ['predict']])('%s --help', async (command) => {
      const run = await glimpse([command, '--help'], tmp);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: glimpse ${command}`);
      expect(run.stdout).toContain('--models <dir>');
    });
  });
});
