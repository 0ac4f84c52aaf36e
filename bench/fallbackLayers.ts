/**
 * Which layers of nsfwjs's bundled MobileNetV2 make the best offline-fallback embedding?
 *
 * Loads the nsfwjs model once and, per dataset (../shared flowers and rock-paper-scissors),
 * decodes every image once and runs ONE forward pass per batch of 16 that returns every candidate
 * layer; each layer is globally average-pooled. A candidate is one layer or a concatenation of
 * layers, L2-normalised as a whole (exactly what `multiLayerNetwork` does). Each candidate is
 * scored on the fixed test split with the default head (`trainHead`, default options) and with
 * cosine k-NN (k = 5), trained on all training images and on the first 10 per class. The genuine
 * Teachable Machine base (served from ../shared/models) is scored the same way as the reference.
 *
 * Run: `npm run bench:fallback` (or `npx tsx bench/fallbackLayers.ts`). Writes
 * bench/results/fallback-layers.md (committed) and bench/results/fallback-layers.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/core/tf/backends';
import { OFFLINE_FALLBACK, TM_MOBILENET_V2 } from '../src/core/features/catalog';
import { glimpseNormalization } from '../src/core/features/extractor';
import { loadBackbone } from '../src/core/features/loadBackbone';
import { loadNsfwjsMobileNet } from '../src/core/features/nsfwjsModel';
import { preprocessInto } from '../src/core/preprocess/preprocess';
import { trainHead } from '../src/core/training/trainHead';
import { buildKnnIndex, knnPredict } from '../src/core/knn/knnClassifier';
import { evaluate } from '../src/core/evaluation/evaluate';
import { decodeImageFile } from '../src/node/decodeImageFile';
import type { PixelBuffer } from '../src/core/types';
import { loadDataset } from '../tests/support/datasets';
import { firstPerClass, type EmbeddedSplit } from '../tests/support/embedDataset';
import { serveFolder } from '../tests/support/modelServer';
import { MODELS_DIR, sharedAvailable } from '../tests/support/shared';

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = resolve(here, 'results');
const DATASETS = ['flowers', 'rock-paper-scissors'] as const;
const BATCH = 16;
const FEW = 10;
const K = 5;
/** `--seeds=N`: average the head accuracies over seeds 42, 43, ... (default 1 run, seed 42). */
const SEEDS = Array.from({ length: Number(arg('seeds') ?? 1) }, (_, i) => 42 + i);
/** `--only=a,b+c`: score only these candidates (default: all of {@link CANDIDATES}). */
const ONLY = arg('only')?.split(',');
/** `--out=NAME`: results file name without extension (default fallback-layers). */
const OUT = arg('out') ?? 'fallback-layers';

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit?.slice(name.length + 3);
}

/** Candidates: each is one pooled layer or a concatenation (joined with '+'). */
const ALL_CANDIDATES: readonly string[] = [
  'block_5_add',
  'block_6_project_BN',
  'block_8_project_BN',
  'block_9_add',
  'block_10_expand_relu',
  'block_10_project_BN',
  'block_12_add',
  'block_12_project_BN',
  'block_13_expand_relu',
  'block_16_project_BN',
  'out_relu',
  'flatten_1',
  'dense_1',
  'block_10_project_BN+out_relu',
  'block_10_project_BN+block_13_expand_relu',
  'block_10_expand_relu+out_relu',
  'block_10_expand_relu+block_13_expand_relu',
  'block_9_add+block_10_project_BN',
  'block_6_project_BN+block_10_project_BN+out_relu',
];
const CANDIDATES = ONLY ?? ALL_CANDIDATES;
const REFERENCE = `TM base (${TM_MOBILENET_V2.id})`;
const CURRENT = OFFLINE_FALLBACK.loader.kind === 'nsfwjs-offline' ? OFFLINE_FALLBACK.loader : null;

interface Scores {
  headAll: number;
  headFew: number;
  knnAll: number;
  knnFew: number;
}
type Metric = keyof Scores;
const TABLE_METRICS: readonly Metric[] = ['headAll', 'headFew', 'knnAll'];

interface DatasetFeatures {
  classes: string[];
  /** Per layer name: pooled features of the train and test images. */
  layers: Map<string, { train: Float32Array[]; test: Float32Array[] }>;
  reference: { train: Float32Array[]; test: Float32Array[] };
  labels: { train: number[]; test: number[] };
  ids: { train: string[]; test: string[] };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (x: number) => (100 * x).toFixed(1);

function l2(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = 1 / (Math.sqrt(s) + 1e-12);
  return v.map((x) => x * inv);
}

/** Concatenates the pooled parts and L2-normalises the whole vector (as multiLayerNetwork). */
function candidateVectors(
  parts: readonly { train: Float32Array[]; test: Float32Array[] }[],
  split: 'train' | 'test',
): Float32Array[] {
  const n = parts[0]![split].length;
  const out: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const dim = parts.reduce((d, p) => d + p[split][i]!.length, 0);
    const v = new Float32Array(dim);
    let at = 0;
    for (const p of parts) {
      v.set(p[split][i]!, at);
      at += p[split][i]!.length;
    }
    out.push(l2(v));
  }
  return out;
}

/** Mean test accuracy of default heads over {@link SEEDS}. */
async function headAccuracy(train: EmbeddedSplit, test: EmbeddedSplit, classCount: number) {
  let sum = 0;
  for (const seed of SEEDS) {
    const options = seed === 42 ? {} : { seed };
    const { model } = await trainHead({ ...train, classCount }, options);
    try {
      const probs = await model.predict(test.embeddings);
      sum += evaluate(probs, test.labels, test.ids, classCount).accuracy;
    } finally {
      model.dispose();
    }
  }
  return sum / SEEDS.length;
}

function knnAccuracy(train: EmbeddedSplit, test: EmbeddedSplit, classCount: number): number {
  const index = buildKnnIndex(train.embeddings, train.labels, classCount);
  const probs = test.embeddings.map((q) => knnPredict(index, q, K));
  return evaluate(probs, test.labels, test.ids, classCount).accuracy;
}

async function score(
  f: DatasetFeatures,
  train: Float32Array[],
  test: Float32Array[],
): Promise<Scores> {
  const classCount = f.classes.length;
  const all: EmbeddedSplit = { embeddings: train, labels: f.labels.train, ids: f.ids.train };
  const few = firstPerClass(all, FEW);
  const held: EmbeddedSplit = { embeddings: test, labels: f.labels.test, ids: f.ids.test };
  return {
    headAll: await headAccuracy(all, held, classCount),
    headFew: await headAccuracy(few, held, classCount),
    knnAll: knnAccuracy(all, held, classCount),
    knnFew: knnAccuracy(few, held, classCount),
  };
}

async function main(): Promise<void> {
  if (!sharedAvailable()) throw new Error('../shared (models and datasets) is required');
  const started = performance.now();
  const backend = await initBackend({ runtime: 'node' });
  const layerNames = [...new Set(CANDIDATES.flatMap((c) => c.split('+')))];

  const nsfw = await loadNsfwjsMobileNet();
  const cut = tf.model({
    inputs: nsfw.inputs,
    outputs: layerNames.map((name) => nsfw.getLayer(name).output as tf.SymbolicTensor),
  });
  const server = await serveFolder(MODELS_DIR);
  const { extractor: tm, report } = await loadBackbone(TM_MOBILENET_V2.id, {
    modelsBaseUrl: server.url,
    tryOfficial: false,
    allowOfflineFallback: false,
  });
  // The production extractor for the catalog's current fallback, to check that this bench's
  // pooling + concatenation + normalisation reproduces it.
  const { extractor: production } = await loadBackbone(OFFLINE_FALLBACK.id);
  console.log(`backend ${backend.active}; TM base from ${report.url}`);

  const size = OFFLINE_FALLBACK.inputSize;
  const perImage = size * size * 3;
  const norm = glimpseNormalization(OFFLINE_FALLBACK);
  const buffer = new Float32Array(BATCH * perImage);
  const timings: Record<string, number> = {};
  const features = new Map<string, DatasetFeatures>();
  let productionMaxDiff = 0;

  for (const name of DATASETS) {
    const ds = loadDataset(name);
    const images = { train: ds.train, test: ds.test };
    const f: DatasetFeatures = {
      classes: ds.classes,
      layers: new Map(layerNames.map((l) => [l, { train: [], test: [] }])),
      reference: { train: [], test: [] },
      labels: { train: [], test: [] },
      ids: { train: [], test: [] },
    };
    let decodeMs = 0;
    let nsfwMs = 0;
    let tmMs = 0;
    for (const split of ['train', 'test'] as const) {
      const list = images[split];
      for (let start = 0; start < list.length; start += BATCH) {
        const chunk = list.slice(start, start + BATCH);
        let t = performance.now();
        const pixels: PixelBuffer[] = await Promise.all(chunk.map((i) => decodeImageFile(i.path)));
        decodeMs += performance.now() - t;

        t = performance.now();
        chunk.forEach((_, i) => preprocessInto(pixels[i]!, size, norm, buffer, i * perImage));
        const pooled = tf.tidy(() => {
          const x = tf.tensor4d(buffer.subarray(0, chunk.length * perImage), [
            chunk.length,
            size,
            size,
            3,
          ]);
          const outs = cut.predict(x) as tf.Tensor[];
          const flat = outs.map((o) => (o.rank === 4 ? tf.mean(o, [1, 2]) : o));
          return tf.concat(flat, 1);
        });
        const data = (await pooled.data()) as Float32Array;
        const total = pooled.shape[1]!;
        pooled.dispose();
        let offset = 0;
        for (const [li, layer] of layerNames.entries()) {
          const dim = cut.outputs[li]!.shape[cut.outputs[li]!.shape.length - 1]!;
          const store = f.layers.get(layer)![split];
          for (let i = 0; i < chunk.length; i++) {
            store.push(data.slice(i * total + offset, i * total + offset + dim));
          }
          offset += dim;
        }
        nsfwMs += performance.now() - t;

        t = performance.now();
        f.reference[split].push(...(await tm.embed(pixels, { batchSize: BATCH })));
        tmMs += performance.now() - t;

        if (CURRENT && name === DATASETS[0] && split === 'train' && start === 0) {
          const mine = candidateVectors(
            CURRENT.featureLayers.map((l) => {
              const layer = f.layers.get(l);
              if (!layer) throw new Error(`current fallback layer ${l} is not a candidate layer`);
              return layer;
            }),
            'train',
          );
          const theirs = await production.embed(pixels, { batchSize: BATCH });
          theirs.forEach((row, i) =>
            row.forEach((v, j) => {
              productionMaxDiff = Math.max(productionMaxDiff, Math.abs(v - mine[i]![j]!));
            }),
          );
        }
        for (const img of chunk) {
          f.labels[split].push(ds.classes.indexOf(img.className));
          f.ids[split].push(img.file);
        }
      }
    }
    const n = ds.train.length + ds.test.length;
    console.log(
      `${name}: ${n} images; decode ${seconds(decodeMs)}, nsfwjs forward ${seconds(nsfwMs)} ` +
        `(${(nsfwMs / n).toFixed(0)} ms/img incl. preprocessing), TM base ${seconds(tmMs)}`,
    );
    timings[`${name}.decode`] = decodeMs;
    timings[`${name}.nsfwjsForward`] = nsfwMs;
    timings[`${name}.tmEmbed`] = tmMs;
    features.set(name, f);
  }
  console.log(
    `production extractor vs bench vector, max |diff|: ${productionMaxDiff.toExponential(2)}`,
  );
  production.dispose();
  tm.dispose();
  nsfw.dispose();
  await server.close();

  // Scoring.
  const t0 = performance.now();
  const rows: { candidate: string; dim: number; scores: Record<string, Scores> }[] = [];
  const refScores: Record<string, Scores> = {};
  for (const name of DATASETS) {
    const f = features.get(name)!;
    refScores[name] = await score(f, f.reference.train, f.reference.test);
  }
  rows.push({ candidate: REFERENCE, dim: TM_MOBILENET_V2.embeddingDim, scores: refScores });
  for (const candidate of CANDIDATES) {
    const scores: Record<string, Scores> = {};
    let dim = 0;
    for (const name of DATASETS) {
      const f = features.get(name)!;
      const parts = candidate.split('+').map((l) => f.layers.get(l)!);
      const train = candidateVectors(parts, 'train');
      dim = train[0]!.length;
      scores[name] = await score(f, train, candidateVectors(parts, 'test'));
    }
    rows.push({ candidate, dim, scores });
    const s = DATASETS.map((d) => TABLE_METRICS.map((m) => pct(scores[d]![m])).join('/'));
    console.log(`  ${candidate} (${dim}): ${s.join('  ')}`);
  }
  timings.scoring = performance.now() - t0;
  timings.total = performance.now() - started;

  const gap = (
    s: Record<string, Scores>,
    datasets: readonly string[],
    metrics: readonly Metric[],
  ) => {
    let sum = 0;
    for (const d of datasets) for (const m of metrics) sum += s[d]![m] - refScores[d]![m];
    return (100 * sum) / (datasets.length * metrics.length);
  };
  const ranked = rows.map((r) => ({
    ...r,
    meanGap: gap(r.scores, DATASETS, TABLE_METRICS),
    gapByDataset: Object.fromEntries(DATASETS.map((d) => [d, gap(r.scores, [d], TABLE_METRICS)])),
    meanGapKnnFew: gap(r.scores, DATASETS, ['knnFew']),
  }));
  const current = CURRENT?.featureLayers.join('+');
  const label = (c: string) => (c === current ? `**${c}** (catalog)` : c);
  const signed = (x: number) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(1);

  const header = [
    'candidate',
    'dim',
    ...DATASETS.flatMap((d) => [`${d} head all`, `${d} head 10`, `${d} kNN all`]),
    'mean gap vs TM',
  ];
  const lines = [
    '| ' + header.join(' | ') + ' |',
    '|' + header.map((_, i) => (i === 0 ? '---' : '---:')).join('|') + '|',
    ...ranked.map(
      (r) =>
        '| ' +
        [
          label(r.candidate),
          String(r.dim),
          ...DATASETS.flatMap((d) => TABLE_METRICS.map((m) => pct(r.scores[d]![m]))),
          r.candidate === REFERENCE ? '0 (reference)' : signed(r.meanGap),
        ].join(' | ') +
        ' |',
    ),
  ];
  const extraHeader = [
    'candidate',
    ...DATASETS.map((d) => `${d} kNN 10`),
    ...DATASETS.map((d) => `${d} gap`),
    'kNN 10 mean gap',
  ];
  const extra = [
    '| ' + extraHeader.join(' | ') + ' |',
    '|' + extraHeader.map((_, i) => (i === 0 ? '---' : '---:')).join('|') + '|',
    ...ranked.map(
      (r) =>
        '| ' +
        [
          label(r.candidate),
          ...DATASETS.map((d) => pct(r.scores[d]!.knnFew)),
          ...DATASETS.map((d) => signed(r.gapByDataset[d]!)),
          signed(r.meanGapKnnFew),
        ].join(' | ') +
        ' |',
    ),
  ];
  const best = ranked
    .filter((r) => r.candidate !== REFERENCE)
    .sort((a, b) => b.meanGap - a.meanGap)
    .slice(0, 5)
    .map((r) => `${r.candidate} (${signed(r.meanGap)})`);
  const counts = DATASETS.map((d) => {
    const f = features.get(d)!;
    return `${d} ${f.labels.train.length} train / ${f.labels.test.length} test`;
  });
  const md = [
    '# Offline fallback: which nsfwjs MobileNetV2 layers to pool',
    '',
    `Generated by \`npm run bench:fallback\` (bench/fallbackLayers.ts) on ${new Date().toISOString().slice(0, 10)}, ` +
      `TF.js ${tf.version.tfjs}, backend ${backend.active}, Node ${process.version}.`,
    '',
    `Test-split accuracy in % (${counts.join('; ')}). "head" = \`trainHead\` with default options ` +
      `(${SEEDS.length === 1 ? 'one run, seed 42' : `mean of ${SEEDS.length} runs, seeds ${SEEDS.join(', ')}`}), "kNN" = cosine k-NN with k = ${K}; "all" = every training image, ` +
      `"10" = the first ${FEW} per class. Each layer is globally average-pooled; a candidate's parts ` +
      'are concatenated and the whole vector L2-normalised, as `multiLayerNetwork` does. ' +
      '"mean gap" = mean over the six accuracy columns of (candidate − TM base), in points. ' +
      `One test image is ${pct(1 / features.get('rock-paper-scissors')!.labels.test.length)} points ` +
      `on rock-paper-scissors and ${pct(1 / features.get('flowers')!.labels.test.length)} on flowers.`,
    '',
    ...lines,
    '',
    `Best five by mean gap: ${best.join(', ')}.`,
    '',
    'Secondary: k-NN with 10 per class, and the gap per dataset (mean over head all, head 10, kNN all).',
    '',
    ...extra,
    '',
    `\`flatten_1\` is the 7×7 average pool of \`out_relu\`, so its pooled vector equals \`out_relu\`'s.`,
    `The production extractor for the catalog's layers matched this bench's vectors to ` +
      `${productionMaxDiff.toExponential(1)} (max abs difference).`,
    '',
    `Run time: ${seconds(timings.total)} in total (scoring ${seconds(timings.scoring)}) on a ` +
      '2-core VM.',
    '',
  ].join('\n');

  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${OUT}.md`), md);
  writeFileSync(
    join(RESULTS_DIR, `${OUT}.json`),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        backend: backend.active,
        tfjs: tf.version.tfjs,
        catalogLayers: CURRENT?.featureLayers ?? null,
        seeds: SEEDS,
        productionMaxDiff,
        timingsMs: timings,
        rows: ranked,
      },
      null,
      2,
    ),
  );
  console.log('\n' + md);
}

await main();
