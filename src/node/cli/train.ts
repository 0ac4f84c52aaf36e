/**
 * `glimpse train <folder> --out <dir>`: checks the folder and options first (no TF.js loaded for
 * a bad command line), trains as the app does, writes the app's "Export model" files and prints
 * a summary.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { BACKBONE_CATALOG, DEFAULT_BACKBONE_ID, findBackbone } from '../../core/features/catalog';
import type { TrainArgs } from './args';
import { appVersion } from './appVersion';
import { CliError, messageOf, UsageError } from './cliError';
import type { CliIo } from './cliIo';
import { readDatasetFolder } from './datasetFolder';
import { formatTrainSummary } from './trainSummary';

/** Refuses an output path that exists and is not a folder; returns it resolved. */
async function checkOut(out: string, cwd: string): Promise<string> {
  const dir = resolve(cwd, out);
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) {
    throw new CliError(`--out ${out} exists and is not a folder.`);
  }
  return dir;
}

async function writeFiles(
  dir: string,
  shown: string,
  files: readonly { path: string; bytes: Uint8Array }[],
): Promise<{ path: string; bytes: number }[]> {
  try {
    await mkdir(dir, { recursive: true });
    for (const f of files) await writeFile(join(dir, f.path), f.bytes);
  } catch (error) {
    throw new CliError(`cannot write the model files to ${dir}: ${messageOf(error)}`);
  }
  return files.map((f) => ({ path: join(shown, f.path), bytes: f.bytes.length }));
}

/** Runs `glimpse train`; resolves with the exit code. */
export async function runTrain(args: TrainArgs, io: CliIo): Promise<number> {
  const backboneId = args.backbone ?? DEFAULT_BACKBONE_ID;
  const spec = findBackbone(backboneId);
  if (!spec) {
    throw new UsageError(
      `unknown --backbone "${backboneId}"; the image models are: ${BACKBONE_CATALOG.map((b) => b.id).join(', ')}.`,
      'train',
    );
  }
  const dataset = await readDatasetFolder(resolve(io.cwd, args.folder));
  const outDir = await checkOut(args.out, io.cwd);
  const version = appVersion();

  // TF.js, the session and the export code load only now that the input looks right.
  const [{ trainOnFolder }, { exportHead }] = await Promise.all([
    import('./trainSession'),
    import('../../core/io/headExport'),
  ]);
  const run = await trainOnFolder(dataset, spec.id, args, version, io);
  const files = exportHead({
    weights: run.head.weights,
    labels: run.head.labels,
    backbone: run.backbone.spec,
    training: run.head.training,
    appVersion: version,
  });
  const written = await writeFiles(outDir, args.out, files);
  // Image paths as the user sees them: relative to the working folder when inside it.
  const shown = (path: string) => {
    const rel = relative(io.cwd, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };
  io.stdout.write(
    formatTrainSummary({
      modelSource: run.modelSource,
      perClass: run.perClass,
      rejected: run.rejected.map((r) => ({ ...r, path: shown(r.path) })),
      epochs: run.epochs,
      bestEpoch: run.head.training.metrics.bestEpoch,
      stoppedEarly: run.stoppedEarly,
      trainMs: run.trainMs,
      evaluation: run.evaluation,
      folds: run.folds,
      paths: new Map([...run.paths].map(([id, path]) => [id, shown(path)])),
      written,
    }),
  );
  return 0;
}
