/**
 * `npm run bench:finetune`: does fine-tuning the last blocks of the Teachable Machine base beat
 * the frozen default head on held-out photos (issue 7.4)? Node, WASM backend.
 *
 * Per dataset, every train and test photo goes through the frozen base once; the activations at
 * the input of the last 1 and last 2 blocks and the pooled embedding are cached as raw float32
 * files in the OS temp folder. Then, per seed and K (a seeded random draw of K training photos per
 * class; "all" = the whole training split): the default head is trained on the embeddings
 * (DEFAULT_HEAD_OPTIONS), then each fine-tuning configuration starts from that head and trains
 * the unfrozen blocks + head on the cached activations. Accuracy is on the whole test split.
 * Writes bench/results/finetune-study.md and .json.
 *
 * Options: --datasets=a,b  --seeds=N  --all-seeds=N (seeds at K=all)  --ks=5,10,20,all
 *          --configs=b1@1e-4,b2@1e-4,b1@1e-5  --epochs=N
 * The report is rewritten after every dataset and K, so a stopped run leaves its results so far.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/core/tf/backends';
import { TM_MOBILENET_V2 } from '../src/core/features/catalog';
import { glimpseNormalization } from '../src/core/features/extractor';
import { preprocessInto } from '../src/core/preprocess/preprocess';
import { createRng, shuffleInPlace } from '../src/core/dataset/random';
import { argMax } from '../src/core/evaluation/evaluate';
import { DEFAULT_HEAD_OPTIONS } from '../src/core/training/headOptions';
import { trainHead } from '../src/core/training/trainHead';
import {
  activationsAt,
  cutLayerFor,
  fineTuneOnActivations,
  predictFineTuned,
} from '../src/core/training/fineTune';
import { decodeImageBytes } from '../src/node/decodeImageFile';
import { loadDataset, type DatasetImage } from '../tests/support/datasets';
import { serveFolder } from '../tests/support/modelServer';
import { MODELS_DIR, sharedAvailable, SHARED_SKIP_REASON } from '../tests/support/shared';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'];
  }),
);
const DATASETS = (args.datasets ?? 'rock-paper-scissors,flowers').split(',');
const SEEDS = Number(args.seeds ?? 3);
const ALL_SEEDS = Number(args['all-seeds'] ?? 3);
const KS = (args.ks ?? 'all,5,10,20')
  .split(',')
  .map((k): number | 'all' => (k === 'all' ? 'all' : Number(k)));
const EPOCHS = Number(args.epochs ?? 8);
const CONFIGS = (args.configs ?? 'b1@1e-4,b2@1e-4,b1@1e-5').split(',').map((c) => {
  const [b, lr] = c.replace(/^b/, '').split('@');
  return { name: c, blocks: Number(b), learningRate: Number(lr) };
});
const SPEC = TM_MOBILENET_V2;
const CACHE = join(tmpdir(), 'glimpse-finetune-cache');
const OUT = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Per image of a split: label, pooled embedding and activations at each cut (by blocks). */
interface Cached {
  labels: number[];
  embeddings: Float32Array[];
  cuts: Map<number, Float32Array[]>;
}

function rows(flat: Float32Array, count: number): Float32Array[] {
  const size = flat.length / count;
  return Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size));
}

/** Decodes and preprocesses images into one packed batch. */
async function pixelBatch(images: readonly DatasetImage[]): Promise<Float32Array> {
  const per = SPEC.inputSize * SPEC.inputSize * 3;
  const buffer = new Float32Array(images.length * per);
  for (const [i, img] of images.entries()) {
    const pixels = await decodeImageBytes(await readFile(img.path), img.file);
    preprocessInto(pixels, SPEC.inputSize, glimpseNormalization(SPEC), buffer, i * per);
  }
  return buffer;
}

/** ms per image of the frozen pass (the base up to the cuts and the pooled output), batches of 16. */
async function timeFrozenPass(
  base: tf.LayersModel,
  layers: string[],
  images: readonly DatasetImage[],
): Promise<number> {
  let ms = 0;
  const n = Math.min(48, images.length);
  for (let s = 0; s < n; s += 16) {
    const chunk = images.slice(s, Math.min(n, s + 16));
    const batch = await pixelBatch(chunk);
    const t0 = performance.now();
    await activationsAt(base, layers, batch, chunk.length);
    ms += performance.now() - t0;
  }
  return ms / n;
}

async function cache(
  base: tf.LayersModel,
  name: string,
  part: string,
  images: readonly DatasetImage[],
  classes: readonly string[],
  blocks: readonly number[],
): Promise<Cached> {
  const layers = [...blocks.map((b) => cutLayerFor(base, b)), base.outputLayers[0]!.name];
  const files = layers.map((l) => join(CACHE, `${SPEC.id}-${name}-${part}-${l}.f32`));
  const labels = images.map((img) => classes.indexOf(img.className));
  let flats: Float32Array[];
  if (files.every((f) => existsSync(f))) {
    flats = files.map((f) => {
      const b = readFileSync(f);
      return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
    });
  } else {
    const parts: Float32Array[][] = layers.map(() => []);
    for (let s = 0; s < images.length; s += 16) {
      const chunk = images.slice(s, s + 16);
      const buffer = await pixelBatch(chunk);
      const outs = await activationsAt(base, layers, buffer, chunk.length);
      outs.forEach((o, li) => parts[li]!.push(...o));
    }
    mkdirSync(CACHE, { recursive: true });
    flats = parts.map((p, li) => {
      const flat = new Float32Array(p.reduce((n, r) => n + r.length, 0));
      let at = 0;
      for (const r of p) {
        flat.set(r, at);
        at += r.length;
      }
      writeFileSync(files[li]!, new Uint8Array(flat.buffer));
      return flat;
    });
  }
  const cuts = new Map(blocks.map((b, i) => [b, rows(flats[i]!, images.length)]));
  return { labels, embeddings: rows(flats[flats.length - 1]!, images.length), cuts };
}

/** Indices of a seeded random draw of K training photos per class (all: every index). */
function draw(labels: readonly number[], k: number | 'all', classCount: number, seed: number) {
  const all = labels.map((_, i) => i);
  if (k === 'all') return all;
  const rng = createRng(seed * 7919);
  const out: number[] = [];
  for (let c = 0; c < classCount; c++) {
    out.push(
      ...shuffleInPlace(
        all.filter((i) => labels[i] === c),
        rng,
      ).slice(0, k),
    );
  }
  return out;
}

function accuracy(probs: readonly Float32Array[], labels: readonly number[]): number {
  return probs.filter((p, i) => argMax(p) === labels[i]).length / labels.length;
}

/** One trained model scored on the test split. */
interface StudyRow {
  dataset: string;
  k: number | 'all';
  seed: number;
  images: number;
  method: string;
  acc: number;
  ms: number;
  epochs: number;
  bestEpoch?: number;
  /** Images fine-tuning trained on (the hold-out excluded). */
  trainImages?: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => (100 * x).toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : '\u2212'}${Math.abs(x).toFixed(1)}`;

/** Markdown table, gains per K and the verdict lines, plus the JSON document. */
function report(rows: readonly StudyRow[], meta: Record<string, unknown>) {
  const pick = (d: string, k: number | 'all', m: string) =>
    rows.filter((r) => r.dataset === d && r.k === k && r.method === m);
  const gain = (d: string, k: number | 'all', tuned: readonly StudyRow[]) =>
    100 * (mean(tuned.map((r) => r.acc)) - mean(pick(d, k, 'frozen').map((r) => r.acc)));
  const table = [
    `| dataset | K | seeds | frozen head | ${CONFIGS.map((c) => `${c.name} (\u0394)`).join(' | ')} | head train ms | fine-tune s (${CONFIGS.map((c) => c.name).join(' / ')}) | epochs run |`,
    `| --- | --- | ---: | ---: | ${CONFIGS.map(() => '---:').join(' | ')} | ---: | ---: | ---: |`,
  ];
  const ks = [...KS].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a - b));
  for (const d of DATASETS) {
    for (const k of ks) {
      const frozen = pick(d, k, 'frozen');
      if (!frozen.length) continue;
      const f = mean(frozen.map((r) => r.acc));
      const cells = CONFIGS.map((c) => pick(d, k, c.name));
      table.push(
        [
          d,
          String(k),
          String(frozen.length),
          pct(f),
          ...cells.map((c) => `${pct(mean(c.map((r) => r.acc)))} (${signed(gain(d, k, c))})`),
          mean(frozen.map((r) => r.ms)).toFixed(0),
          cells.map((c) => (mean(c.map((r) => r.ms)) / 1000).toFixed(1)).join(' / '),
          cells.map((c) => mean(c.map((r) => r.epochs)).toFixed(0)).join(' / '),
        ]
          .join(' | ')
          .replace(/^/, '| ') + ' |',
      );
    }
  }
  // Per K and configuration: mean gain over the datasets, and wins/ties/losses against the
  // frozen head over every (dataset, seed) pair.
  const perK = ks
    .filter((k) => rows.some((r) => r.k === k))
    .map((k) => {
      const byConfig = CONFIGS.map((c) => {
        const perDataset = DATASETS.map((d) => gain(d, k, pick(d, k, c.name)));
        const pairs = rows
          .filter((r) => r.k === k && r.method === c.name)
          .map(
            (r) =>
              r.acc -
              rows.find(
                (f) =>
                  f.method === 'frozen' &&
                  f.dataset === r.dataset &&
                  f.k === k &&
                  f.seed === r.seed,
              )!.acc,
          );
        return {
          config: c.name,
          gain: mean(perDataset),
          perDataset,
          wins: pairs.filter((x) => x > 1e-9).length,
          ties: pairs.filter((x) => Math.abs(x) <= 1e-9).length,
          losses: pairs.filter((x) => x < -1e-9).length,
        };
      });
      // A gain counts when one configuration is ahead by >= 1 point on average and behind on
      // no dataset.
      const passing = byConfig.filter((c) => c.gain >= 1 && c.perDataset.every((g) => g >= 0));
      return { k, byConfig, gain: passing.length > 0, passing: passing.map((c) => c.config) };
    });
  const verdicts = perK.map(
    (p) =>
      `fine-tuning gain \u2265 1 point at K=${p.k} : ${p.gain ? `YES (${p.passing.join(', ')})` : 'NO'}`,
  );
  const gainLines = perK.map(
    (p) =>
      `- K=${p.k}: ` +
      p.byConfig
        .map(
          (c) =>
            `${c.config} ${signed(c.gain)} (${DATASETS.map((d, i) => `${d} ${signed(c.perDataset[i]!)}`).join(', ')}; better/same/worse in ${c.wins}/${c.ties}/${c.losses} runs)`,
        )
        .join('; '),
  );
  const perImageEpoch = CONFIGS.map((c) => {
    const done = rows.filter((r) => r.method === c.name && r.epochs > 0 && r.trainImages);
    const ms = mean(done.map((r) => r.ms / (r.epochs * r.trainImages!)));
    return `${c.name} ${ms.toFixed(1)} ms`;
  });
  const frozenMs = meta.frozenPartMsPerImage as Record<string, number>;
  const cost =
    `Cost on this machine (${String(meta.backend)}): the frozen pass (image to the cut activations and the embedding) ` +
    `${Object.entries(frozenMs)
      .map(([d, ms]) => `${ms.toFixed(1)} ms per image (${d})`)
      .join(
        ', ',
      )}, paid once per image and cached; training the unfrozen blocks + head, per training image per epoch: ` +
    `${perImageEpoch.join(', ')}. Without the cache every epoch would redo the frozen pass as well; ` +
    'the frozen head trains on cached embeddings only.';
  const markdown = [
    '# Fine-tuning study (`npm run bench:finetune`)',
    '',
    `Held-out test accuracy (%) of the frozen default head and of fine-tuning the last blocks of the Teachable Machine base from that head; mean over seeds (a seeded random draw of K training photos per class, and the seed of the head and of fine-tuning). Whole test split: ${DATASETS.join(', ')}. bN@lr = last N blocks + the final 1\u00d71 conv unfrozen, Adam at lr, batch 16, up to ${EPOCHS} epochs (early stopping on the head's 15 % hold-out with patience 3 at K=all; every epoch below 30 photos per class). \u0394 = points vs the frozen head.`,
    '',
    ...table,
    '',
    cost,
    '',
    'Mean gain in points over the datasets (per dataset), and how many (dataset, seed) runs fine-tuning was better, the same or worse than the frozen head on held-out photos:',
    '',
    ...gainLines,
    '',
    'Verdict (a configuration counts when it is ahead by \u2265 1 point on average and behind on neither dataset):',
    '',
    ...verdicts.map((v) => `- **${v}**`),
    '',
    `Run: ${JSON.stringify(meta)}`,
    '',
  ].join('\n');
  return { markdown, json: { meta, verdicts, perK, rows } };
}

async function main(): Promise<void> {
  if (!sharedAvailable()) {
    console.error(SHARED_SKIP_REASON);
    process.exit(process.env.CI ? 1 : 0);
  }
  const started = performance.now();
  const backend = await initBackend({ runtime: 'node' });
  const server = await serveFolder(MODELS_DIR);
  const base = await tf.loadLayersModel(`${server.url}${SPEC.id}/model.json`);
  await server.close();
  const blocks = [...new Set(CONFIGS.map((c) => c.blocks))];
  const results: StudyRow[] = [];
  const frozenPartMs: Record<string, number> = {};
  const log = (s: string) =>
    console.log(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${s}`);
  const write = () => {
    const out = report(results, {
      backend: backend.active,
      seeds: SEEDS,
      seedsAtAll: ALL_SEEDS,
      frozenPartMsPerImage: frozenPartMs,
      totalMinutes: Number(((performance.now() - started) / 60000).toFixed(1)),
    });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'finetune-study.md'), out.markdown);
    writeFileSync(join(OUT, 'finetune-study.json'), JSON.stringify(out.json, null, 2));
    return out;
  };
  log(`backend ${backend.active}; configs ${CONFIGS.map((c) => c.name).join(', ')}`);
  for (const name of DATASETS) {
    const ds = loadDataset(name);
    const C = ds.classes.length;
    const train = await cache(base, name, 'train', ds.train, ds.classes, blocks);
    const test = await cache(base, name, 'test', ds.test, ds.classes, blocks);
    const cutNames = [...blocks.map((b) => cutLayerFor(base, b)), base.outputLayers[0]!.name];
    frozenPartMs[name] = Number((await timeFrozenPass(base, cutNames, ds.test)).toFixed(1));
    log(`${name}: ${ds.train.length} train, ${ds.test.length} test cached`);
    for (const k of KS) {
      for (let seed = 1; seed <= (k === 'all' ? ALL_SEEDS : SEEDS); seed++) {
        const idx = draw(train.labels, k, C, seed);
        const labels = idx.map((i) => train.labels[i]!);
        const t0 = performance.now();
        const head = await trainHead(
          { embeddings: idx.map((i) => train.embeddings[i]!), labels, classCount: C },
          { ...DEFAULT_HEAD_OPTIONS, seed },
        );
        const headMs = performance.now() - t0;
        const frozenAcc = accuracy(await head.model.predict(test.embeddings), test.labels);
        const weights = await head.model.weights();
        head.model.dispose();
        const row = { dataset: name, k, seed, images: idx.length };
        results.push({ ...row, method: 'frozen', acc: frozenAcc, ms: headMs, epochs: 0 });
        for (const cfg of CONFIGS) {
          const acts = train.cuts.get(cfg.blocks)!;
          const ft = await fineTuneOnActivations(
            base,
            weights,
            { activations: idx.map((i) => acts[i]!), labels, classCount: C },
            { blocks: cfg.blocks, learningRate: cfg.learningRate, epochs: EPOCHS, seed },
          );
          const probs = await predictFineTuned(base, ft.weights, test.cuts.get(cfg.blocks)!);
          const acc = accuracy(probs, test.labels);
          const epochs = ft.history.length - 1;
          results.push({
            ...row,
            method: cfg.name,
            acc,
            ms: ft.trainMs,
            epochs,
            bestEpoch: ft.bestEpoch,
            trainImages: idx.length - ft.validationIndices.length,
          });
          log(
            `${name} K=${k} seed ${seed}: frozen ${frozenAcc.toFixed(3)}, ${cfg.name} ${acc.toFixed(3)} ` +
              `(${epochs} epochs, best ${ft.bestEpoch}, ${(ft.trainMs / 1000).toFixed(1)} s)`,
          );
        }
      }
      write();
    }
  }
  base.dispose();
  console.log(`\n${write().markdown}`);
}

void main();
