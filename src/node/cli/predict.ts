/**
 * `glimpse predict <model> <images…>`: loads the head and the image model it was trained on
 * (never the offline fallback in its place: its features differ), classifies each image with
 * the app's engine and prints the top class and its probability, or one JSON document.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { argMax } from '../../core/evaluation/evaluate';
import type { PredictArgs } from './args';
import { CliError, messageOf } from './cliError';
import type { CliIo } from './cliIo';
import { readHeadModel, type HeadModelFiles } from './readHeadModel';

/** One image's result. */
export type Prediction =
  | { file: string; label: string; probability: number; probabilities: Record<string, number> }
  | { file: string; error: string };

/** The `--json` document. */
export interface PredictJson {
  model: { path: string; backbone: string; labels: string[] };
  predictions: Prediction[];
}

const IMAGE = /\.(jpe?g|png|webp|gif|bmp|avif|tiff?)$/i;

async function imagesIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await imagesIn(path)));
    else if (IMAGE.test(e.name)) out.push(path);
  }
  return out;
}

/** An image to classify, or an argument that already failed. */
interface Target {
  file: string;
  error?: string;
}

/** The image arguments as files: folders expanded to the images inside; problems as errors. */
async function expandImages(args: readonly string[], cwd: string): Promise<Target[]> {
  const out: Target[] = [];
  for (const arg of args) {
    const info = await stat(resolve(cwd, arg)).catch(() => null);
    if (!info) out.push({ file: arg, error: 'file not found' });
    else if (!info.isDirectory()) out.push({ file: arg });
    else {
      const found = await imagesIn(resolve(cwd, arg)).catch(() => null);
      if (!found) out.push({ file: arg, error: 'cannot read the folder' });
      else if (found.length === 0) out.push({ file: arg, error: 'no image files in this folder' });
      else out.push(...found.map((file) => ({ file })));
    }
  }
  return out;
}

async function classifyAll(
  model: HeadModelFiles,
  pending: readonly Target[],
  args: PredictArgs,
  io: CliIo,
  onResult: (p: Prediction) => void,
): Promise<Prediction[]> {
  const [{ createCliEngine }, { decodeImageFile }] = await Promise.all([
    import('./imageModel'),
    import('../decodeImageFile'),
  ]);
  const backboneId = model.project.backboneId;
  const cli = await createCliEngine(args, backboneId, io.env, io.cwd);
  try {
    io.stderr.write(`Loading image model ${backboneId}…\n`);
    let started;
    try {
      started = await cli.engine.start(cli.startOptions);
    } catch (error) {
      let text = messageOf(error);
      if (cli.served && cli.folder) text = text.split(cli.served.url).join(`${cli.folder.dir}/`);
      throw new CliError(text);
    }
    const { report } = started.backbone;
    if (report.usedOfflineFallback) {
      throw new CliError(
        `the model was trained on the image model "${backboneId}", whose weights could not be ` +
          `loaded (tried ${cli.attempts(report.attempts).slice(0, -1).join('; ')}). The offline ` +
          'fallback makes different features, so it cannot stand in: pass --models <dir> with a ' +
          `folder holding ${backboneId}/model.json.`,
      );
    }
    io.stderr.write(`Image model: ${cli.describe(started.backbone)}\n`);
    await cli.engine.setHead(model.project.head.weights);
    const labels = model.parsed.labels;
    const results: Prediction[] = [];
    for (const item of pending) {
      let result: Prediction = { file: item.file, error: item.error ?? '' };
      if (item.error === undefined) {
        try {
          const pixels = await decodeImageFile(resolve(io.cwd, item.file));
          const { probabilities } = await cli.engine.classify(pixels);
          const probs = Array.from(probabilities!);
          const top = argMax(probs);
          result = {
            file: item.file,
            label: labels[top]!,
            probability: probs[top]!,
            probabilities: Object.fromEntries(labels.map((l, i) => [l, probs[i]!])),
          };
        } catch (error) {
          const reason = messageOf(error).replace(/^".*?" could not be read as an image: /, '');
          result = { file: item.file, error: `not a readable image (${reason})` };
        }
      }
      results.push(result);
      onResult(result);
    }
    return results;
  } finally {
    await cli.close();
  }
}

/** Runs `glimpse predict`; resolves with the exit code (1 when any image failed). */
export async function runPredict(args: PredictArgs, io: CliIo): Promise<number> {
  const model = await readHeadModel(args.model, io.cwd);
  const pending = await expandImages(args.images, io.cwd);
  const width = Math.max(...pending.map((p) => p.file.length));
  const labelWidth = Math.max(...model.parsed.labels.map((l) => l.length));
  const printLine = (p: Prediction) => {
    if ('error' in p) io.stderr.write(`glimpse predict: ${p.file}: ${p.error}\n`);
    else {
      io.stdout.write(
        `${p.file.padEnd(width)}  ${p.label.padEnd(labelWidth)}  ${p.probability.toFixed(3)}\n`,
      );
    }
  };
  const results = await classifyAll(model, pending, args, io, args.json ? () => {} : printLine);
  if (args.json) {
    const doc: PredictJson = {
      model: { path: model.path, backbone: model.project.backboneId, labels: model.parsed.labels },
      predictions: results,
    };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    for (const r of results)
      if ('error' in r) io.stderr.write(`glimpse predict: ${r.file}: ${r.error}\n`);
  }
  return results.some((r) => 'error' in r) ? 1 : 0;
}
