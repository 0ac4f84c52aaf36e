/** Reads the shared datasets' manifest.csv (fixed train/test split). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS_DIR } from './shared';

export interface DatasetImage {
  /** Absolute path. */
  path: string;
  /** Path relative to the dataset folder, `class/name`. */
  file: string;
  className: string;
  split: 'train' | 'test';
}

export interface Dataset {
  name: string;
  classes: string[];
  train: DatasetImage[];
  test: DatasetImage[];
}

/**
 * Loads a dataset's split. With `perClass`, keeps the first K files of each class in byte
 * order (SOURCES.md's rule for smaller runs) and then applies the same split.
 */
export function loadDataset(name: string, options: { perClassTrain?: number } = {}): Dataset {
  const dir = join(DATASETS_DIR, name);
  const lines = readFileSync(join(dir, 'manifest.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const col = (n: string) => header.indexOf(n);
  const [fileCol, classCol, splitCol] = [col('file'), col('class'), col('split')];
  const rows = lines.slice(1).map((line) => {
    const cells = line.split(',');
    return {
      path: join(dir, cells[fileCol]!),
      file: cells[fileCol]!,
      className: cells[classCol]!,
      split: cells[splitCol] as 'train' | 'test',
    };
  });
  rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const classes = [...new Set(rows.map((r) => r.className))].sort();
  const train: DatasetImage[] = [];
  const test: DatasetImage[] = [];
  for (const c of classes) {
    const mine = rows.filter((r) => r.className === c);
    const tr = mine.filter((r) => r.split === 'train');
    train.push(...(options.perClassTrain ? tr.slice(0, options.perClassTrain) : tr));
    test.push(...mine.filter((r) => r.split === 'test'));
  }
  return { name, classes, train, test };
}
