import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/node/cli/cliError';
import { readDatasetFolder } from '../../src/node/cli/datasetFolder';
import { chooseModelsFolder } from '../../src/node/cli/modelsSource';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'glimpse-cli-unit-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function files(paths: string[]): void {
  for (const p of paths) {
    mkdirSync(join(tmp, p, '..'), { recursive: true });
    writeFileSync(join(tmp, p), 'x');
  }
}

async function failure(folder: string): Promise<string> {
  const error = await readDatasetFolder(folder).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CliError);
  return (error as CliError).message;
}

describe('readDatasetFolder (the app import rules, from disk)', () => {
  it('lists classes and files in the app order; skips what the app skips', async () => {
    files([
      'cats/b.jpg',
      'cats/a10.jpg',
      'cats/a9.PNG',
      'dogs/sub/x.webp',
      'dogs/readme.txt',
      'loose.jpg',
      '.hidden/y.jpg',
      'cats/.DS_Store',
      'Class 10/p.jpg',
      'Class 9/p.jpg',
    ]);
    const ds = await readDatasetFolder(tmp);
    expect(ds.classes.map((c) => c.name)).toEqual(['cats', 'Class 9', 'Class 10', 'dogs']);
    expect(ds.classes[0]!.files).toEqual(
      ['cats/a9.PNG', 'cats/a10.jpg', 'cats/b.jpg'].map((p) => join(tmp, p)),
    );
    expect(ds.classes[3]!.files).toEqual([join(tmp, 'dogs/sub/x.webp')]);
    expect(ds.skipped).toEqual(
      expect.arrayContaining([
        { path: join(tmp, 'dogs/readme.txt'), reason: 'not an image file' },
        { path: join(tmp, 'loose.jpg'), reason: 'not inside a class folder' },
      ]),
    );
    expect(ds.skipped).toHaveLength(2);
  });

  it('unwraps a single wrapping folder, follows symbolic links', async () => {
    files(['wrap/flowers/daisy/1.jpg', 'other/rose.jpg']);
    symlinkSync(join(tmp, 'other'), join(tmp, 'wrap', 'flowers', 'roses'));
    const ds = await readDatasetFolder(join(tmp, 'wrap'));
    expect(ds.classes.map((c) => [c.name, c.files])).toEqual([
      ['daisy', [join(tmp, 'wrap/flowers/daisy/1.jpg')]],
      ['roses', [join(tmp, 'wrap/flowers/roses/rose.jpg')]],
    ]);
    // An empty class folder next to the unwrapped ones is still found.
    mkdirSync(join(tmp, 'wrap', 'flowers', 'tulips'));
    expect(await failure(join(tmp, 'wrap'))).toMatch(/"tulips" in .*wrap\/flowers has no images/);
  });

  it('refuses a missing folder, a file, one class, an empty class, no images', async () => {
    expect(await failure(join(tmp, 'nope'))).toMatch(/^dataset folder not found: .*nope$/);
    files(['a.jpg']);
    expect(await failure(join(tmp, 'a.jpg'))).toMatch(/is not a folder/);
    files(['one/rock/1.jpg']);
    expect(await failure(join(tmp, 'one'))).toMatch(
      /at least two classes, but .*one has 1 class folder with images \("rock"\)/,
    );
    files(['two/rock/1.jpg', 'two/paper/1.jpg']);
    mkdirSync(join(tmp, 'two', 'scissors'));
    mkdirSync(join(tmp, 'two', 'lizard'));
    expect(await failure(join(tmp, 'two'))).toMatch(
      /the class folders "lizard", "scissors" in .*two have no images/,
    );
    files(['none/rock/readme.txt']);
    expect(await failure(join(tmp, 'none'))).toMatch(/^no images in class sub-folders of/);
  });
});

describe('chooseModelsFolder', () => {
  it('takes --models, then GLIMPSE_MODELS_DIR, then ./public/models, else none', () => {
    mkdirSync(join(tmp, 'm1'));
    mkdirSync(join(tmp, 'm2'));
    expect(chooseModelsFolder('m1', { GLIMPSE_MODELS_DIR: join(tmp, 'm2') }, tmp)).toEqual({
      dir: join(tmp, 'm1'),
      origin: '--models',
    });
    expect(chooseModelsFolder(undefined, { GLIMPSE_MODELS_DIR: 'm2' }, tmp)).toEqual({
      dir: join(tmp, 'm2'),
      origin: 'GLIMPSE_MODELS_DIR',
    });
    expect(chooseModelsFolder(undefined, {}, tmp)).toBeNull();
    mkdirSync(join(tmp, 'public', 'models'), { recursive: true });
    expect(chooseModelsFolder(undefined, { GLIMPSE_MODELS_DIR: '' }, tmp)).toEqual({
      dir: join(tmp, 'public', 'models'),
      origin: './public/models',
    });
  });

  it('refuses a folder named explicitly that does not exist', () => {
    expect(() => chooseModelsFolder('nope', {}, tmp)).toThrow(
      /models folder not found: .*nope \(from --models\)/,
    );
    expect(() => chooseModelsFolder(undefined, { GLIMPSE_MODELS_DIR: 'gone' }, tmp)).toThrow(
      /from GLIMPSE_MODELS_DIR/,
    );
  });
});
