/**
 * Training from the command line through the app's own session store: the same engine, the
 * same default head settings, the same evaluation (held-out validation, or k-fold
 * cross-validation when nothing is held out) and the same trained-head record as the app's
 * "Export model". Images are decoded with sharp in chunks, each chunk decoding while the one
 * before is embedded.
 */
import type { LoadedBackbone } from '../../core/engine/engine';
import { CROSS_VALIDATE_UP_TO } from '../../core/engine/localEngine';
import { foldCount } from '../../core/training/crossValidate';
import type { HeadOptions } from '../../core/training/headOptions';
import { effectiveOptions } from '../../core/training/trainHead';
import { createSession } from '../../core/session/session';
import type {
  EvaluationView,
  IncomingImage,
  SessionStore,
  TrainedHead,
} from '../../core/session/sessionTypes';
import type { EpochLog } from '../../core/training/trainHead';
import { decodeImageFile } from '../decodeImageFile';
import type { ModelSourceArgs } from './args';
import { CliError, messageOf } from './cliError';
import type { CliIo } from './cliIo';
import type { DatasetFolder, SkippedFile } from './datasetFolder';
import { createCliEngine, type CliEngine } from './imageModel';
import { startProgress } from './progress';

/** Images decoded per step (as the app's uploader). */
const CHUNK = 16;

/** What a training run produced, for the export and the summary. */
export interface TrainRun {
  head: TrainedHead;
  backbone: LoadedBackbone;
  /** Where the weights came from, in words. */
  modelSource: string;
  /** Images used per class, in class order. */
  perClass: { name: string; images: number }[];
  /** Files skipped by the folder reader or the decoder, and why. */
  rejected: SkippedFile[];
  evaluation: EvaluationView | null;
  /** Sample id → image path (to name misclassified images). */
  paths: Map<string, string>;
  epochs: EpochLog[];
  stoppedEarly: boolean;
  trainMs: number;
  /** Folds of the cross-validation, when it ran. */
  folds: number | null;
}

/** The latest error notice of the session (where it reports failures of its commands). */
function lastError(store: SessionStore): string | null {
  const notice = store
    .getSnapshot()
    .notices.filter((n) => n.level === 'error')
    .at(-1);
  return notice ? notice.text : null;
}

async function loadModel(store: SessionStore, cli: CliEngine, io: CliIo): Promise<LoadedBackbone> {
  io.stderr.write(`Loading image model ${cli.startOptions.backboneId}…\n`);
  await store.start();
  const { engine } = store.getSnapshot();
  if (engine.phase !== 'ready' || !engine.backbone) {
    let text = engine.error ?? 'the image model could not be loaded.';
    if (cli.served && cli.folder) text = text.split(cli.served.url).join(`${cli.folder.dir}/`);
    throw new CliError(text);
  }
  const backbone = engine.backbone;
  io.stderr.write(`Image model: ${cli.describe(backbone)}\n`);
  if (backbone.report.usedOfflineFallback) {
    io.stderr.write(
      `warning: using the offline fallback model instead of ${backbone.report.requestedId} ` +
        `(${backbone.spec.note}). Tried: ${cli.attempts(backbone.report.attempts).join('; ')}\n`,
    );
  }
  return backbone;
}

type Decoded = { images: IncomingImage[]; paths: string[]; rejected: SkippedFile[] };

async function decodeChunk(paths: readonly string[]): Promise<Decoded> {
  const results = await Promise.allSettled(paths.map((p) => decodeImageFile(p)));
  const out: Decoded = { images: [], paths: [], rejected: [] };
  results.forEach((r, i) => {
    const path = paths[i]!;
    if (r.status === 'fulfilled') {
      out.images.push({ pixels: r.value, thumbnail: '', name: path.split(/[\\/]/).pop()! });
      out.paths.push(path);
    } else {
      const reason = messageOf(r.reason).replace(/^".*?" could not be read as an image: /, '');
      out.rejected.push({ path, reason: `not a readable image (${reason})` });
    }
  });
  return out;
}

/** Decodes and embeds every image into a new class per dataset class. */
async function addImages(
  store: SessionStore,
  dataset: DatasetFolder,
  io: CliIo,
): Promise<{
  paths: Map<string, string>;
  rejected: SkippedFile[];
  perClass: TrainRun['perClass'];
}> {
  for (const c of store.getSnapshot().classes) store.deleteClass(c.id);
  const jobs = dataset.classes.flatMap((c) => {
    const classId = store.addClass(c.name);
    const chunks: { classId: string; files: string[] }[] = [];
    for (let i = 0; i < c.files.length; i += CHUNK) {
      chunks.push({ classId, files: c.files.slice(i, i + CHUNK) });
    }
    return chunks;
  });
  const total = dataset.classes.reduce((n, c) => n + c.files.length, 0);
  const bar = startProgress(io.stderr, 'Embedding', total);
  const paths = new Map<string, string>();
  const rejected: SkippedFile[] = [];
  let handled = 0;
  let next = jobs[0] ? decodeChunk(jobs[0].files) : null;
  for (let j = 0; j < jobs.length; j++) {
    const decoded = await next!;
    next = jobs[j + 1] ? decodeChunk(jobs[j + 1]!.files) : null;
    rejected.push(...decoded.rejected);
    const ids = await store.addImages(jobs[j]!.classId, decoded.images, 'dataset');
    if (ids.length !== decoded.images.length) {
      bar.finish(handled);
      throw new CliError(lastError(store) ?? 'the images could not be embedded.');
    }
    ids.forEach((id, i) => paths.set(id, decoded.paths[i]!));
    handled += jobs[j]!.files.length;
    bar.update(handled, rejected.length ? `${rejected.length} skipped` : undefined);
  }
  bar.finish(handled);
  const { classes } = store.getSnapshot();
  const perClass = classes.map((c) => ({ name: c.name, images: c.sampleIds.length }));
  const empty = perClass.filter((c) => c.images === 0);
  if (empty.length > 0) {
    const list = rejected.map((r) => `\n  ${r.path}: ${r.reason}`).join('');
    throw new CliError(
      `no usable images in ${empty.map((c) => `"${c.name}"`).join(', ')}: every file there ` +
        `could not be read.${list}`,
    );
  }
  return { paths, rejected, perClass };
}

/** Trains with a progress bar over the epochs; resolves once evaluation is done. */
async function train(store: SessionStore, io: CliIo, folds: number | null): Promise<void> {
  const planned = store.getSnapshot().headOptions.epochs;
  const bar = startProgress(io.stderr, 'Training', planned);
  const detail = (log: EpochLog) =>
    `loss ${log.loss.toFixed(3)}  acc ${log.acc.toFixed(3)}` +
    (log.valAcc !== undefined ? `  val_acc ${log.valAcc.toFixed(3)}` : '');
  let seen = 0;
  let barDone = false;
  const unsubscribe = store.subscribe(() => {
    const { epochs } = store.getSnapshot().training;
    if (barDone || epochs.length === seen) return;
    seen = epochs.length;
    bar.update(seen, detail(epochs[seen - 1]!));
    if (seen >= planned) {
      barDone = true;
      bar.finish(seen, detail(epochs[seen - 1]!));
      if (folds) {
        io.stderr.write(`Cross-validating: ${folds} folds, each a head trained on the others…\n`);
      }
    }
  });
  try {
    await store.train();
  } finally {
    unsubscribe();
  }
  const { training } = store.getSnapshot();
  const last = training.epochs.at(-1);
  if (!barDone) {
    bar.finish(training.epochs.length, last ? `${detail(last)}  (stopped early)` : undefined);
  }
  if (training.phase !== 'trained') {
    throw new CliError(training.error ?? lastError(store) ?? 'training failed.');
  }
}

/**
 * How many folds the engine will cross-validate with after training (it does when nothing is
 * held out and the set is not large), or null when it will not.
 */
function crossValidationFolds(options: HeadOptions, perClass: TrainRun['perClass']): number | null {
  const labels = perClass.flatMap((c, i) => new Array<number>(c.images).fill(i));
  const data = {
    labels,
    classCount: perClass.length,
    embeddings: labels.map(() => new Float32Array(1)),
  };
  const noneHeldOut = effectiveOptions(options, data).validationFraction === 0;
  return noneHeldOut && labels.length <= CROSS_VALIDATE_UP_TO ? foldCount(labels) : null;
}

/** Loads the image model, embeds the dataset, trains and evaluates as the app does. */
export async function trainOnFolder(
  dataset: DatasetFolder,
  backboneId: string,
  sourceArgs: ModelSourceArgs,
  appVersion: string,
  io: CliIo,
): Promise<TrainRun> {
  const cli = await createCliEngine(sourceArgs, backboneId, io.env, io.cwd);
  const store = createSession({
    engine: cli.engine,
    startOptions: cli.startOptions,
    appVersion,
    projectName: 'glimpse-cli',
  });
  try {
    const backbone = await loadModel(store, cli, io);
    const added = await addImages(store, dataset, io);
    const folds = crossValidationFolds(store.getSnapshot().headOptions, added.perClass);
    await train(store, io, folds);
    const head = store.trainedHead();
    const snap = store.getSnapshot();
    if (!head) throw new CliError('training finished without a model.');
    return {
      head,
      backbone: snap.engine.backbone ?? backbone,
      modelSource: cli.describe(snap.engine.backbone ?? backbone),
      perClass: added.perClass,
      rejected: [...dataset.skipped, ...added.rejected],
      evaluation: snap.evaluation,
      paths: added.paths,
      epochs: snap.training.epochs,
      stoppedEarly: snap.training.stoppedEarly ?? false,
      trainMs: snap.training.trainMs ?? 0,
      folds: snap.evaluation?.basis === 'cross-validation' ? folds : null,
    };
  } finally {
    store.dispose();
    await cli.close();
  }
}
