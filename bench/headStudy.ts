/**
 * `npm run bench:heads`: the study behind the default head (issue 7.1, 7.2; issue 5.2). For each
 * dataset it embeds the training and test photos once with the Teachable Machine base (plus
 * augmented variants of the training photos), caches the embeddings in the OS temp folder, then
 * trains every candidate on D random draws of K photos per class (K = 5, 10, 20, all) and prints
 * mean held-out accuracy and training time.
 *
 * Options: --datasets=a,b  --draws=N  --variants=a,b  --backbone=id
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/core/tf/backends';
import { loadBackbone } from '../src/core/features/loadBackbone';
import type { FeatureExtractor } from '../src/core/features/featureExtractor';
import { augmentImage, type AugmentationOptions } from '../src/core/preprocess/augment';
import { createRng, shuffleInPlace } from '../src/core/dataset/random';
import { buildKnnIndex, knnPredict } from '../src/core/knn/knnClassifier';
import { argMax } from '../src/core/evaluation/evaluate';
import {
  DEFAULT_HEAD_OPTIONS,
  TEACHABLE_MACHINE_RECIPE,
  type HeadOptions,
} from '../src/core/training/headOptions';
import { trainHead } from '../src/core/training/trainHead';
import { decodeImageBytes } from '../src/node/decodeImageFile';
import { loadDataset, type DatasetImage } from '../tests/support/datasets';
import { serveFolder } from '../tests/support/modelServer';
import { MODELS_DIR } from '../tests/support/shared';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'];
  }),
);
const DATASETS = (args.datasets ?? 'rock-paper-scissors,flowers').split(',');
const DRAWS = Number(args.draws ?? 5);
const BACKBONE = args.backbone ?? 'mobilenet-v2-0.35-224-tm';
const KS = (args.ks ?? '5,10,20,all').split(',').map((k) => (k === 'all' ? 'all' : Number(k)));
const AUG: AugmentationOptions = { flip: true, crops: 2, lights: 1 };
const CACHE = join(tmpdir(), 'glimpse-embedding-cache');

/** Per photo: its embedding and its augmented variants' embeddings (flip, crop, crop, light). */
interface Embedded {
  /** Position in the dataset's train or test list. */
  index?: number;
  label: number;
  base: Float32Array;
  variants: Float32Array[];
}

async function embedAll(
  extractor: FeatureExtractor,
  images: readonly DatasetImage[],
  classes: readonly string[],
  withVariants: boolean,
  cacheName: string,
): Promise<Embedded[]> {
  const file = join(CACHE, `${cacheName}.json`);
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      label: number;
      base: number[];
      variants: number[][];
    }[];
    return raw.map((r) => ({
      label: r.label,
      base: Float32Array.from(r.base),
      variants: r.variants.map((v) => Float32Array.from(v)),
    }));
  }
  const out: Embedded[] = [];
  for (const [i, img] of images.entries()) {
    const pixels = await decodeImageBytes(await readFile(img.path), img.file);
    const variants = withVariants ? augmentImage(pixels, AUG, i + 1).map((a) => a.image) : [];
    const embs = await extractor.embed([pixels, ...variants]);
    out.push({ label: classes.indexOf(img.className), base: embs[0]!, variants: embs.slice(1) });
  }
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(
      out.map((e) => ({
        label: e.label,
        base: Array.from(e.base),
        variants: e.variants.map((v) => Array.from(v)),
      })),
    ),
  );
  return out;
}

interface Variant {
  name: string;
  options?: Partial<HeadOptions>;
  /** Which augmented variants join the training set (indices into Embedded.variants). */
  augment?: number[];
  knn?: number;
  transform?: 'zscore' | 'l2';
  /** Other backbones whose embeddings are concatenated to the main one. */
  extra?: string[];
  /** Use this backbone's embeddings instead of the main one. */
  only?: string;
}

const NOVAL = { validationFraction: 0, earlyStopping: null } as const;
const C1 = {
  epochs: 60,
  batchSize: 64,
  learningRate: 2e-3,
  earlyStopping: { patience: 8, minDelta: 1e-4 },
};
const C2 = {
  epochs: 80,
  batchSize: 128,
  learningRate: 3e-3,
  earlyStopping: { patience: 10, minDelta: 1e-4 },
};
const VARIANTS: Variant[] = [
  { name: 'old-default', options: { ...DEFAULT_HEAD_OPTIONS, smallData: null } },
  { name: 'c1', options: C1 },
  { name: 'c2', options: C2 },
  { name: 'c1-flip', options: C1, augment: [0] },
  { name: 'tm-recipe', options: TEACHABLE_MACHINE_RECIPE },
  { name: 'linear', options: { hiddenUnits: 0, dropout: 0 } },
  { name: 'knn5', knn: 5 },
  { name: 'default', options: DEFAULT_HEAD_OPTIONS },
  { name: 'b128', options: { ...NOVAL, epochs: 80, batchSize: 128, learningRate: 3e-3 } },
  {
    name: 'b128-z',
    options: { ...NOVAL, epochs: 80, batchSize: 128, learningRate: 3e-3 },
    transform: 'zscore',
  },
  {
    name: 'b128-l2',
    options: { ...NOVAL, epochs: 80, batchSize: 128, learningRate: 3e-3 },
    transform: 'l2',
  },
  { name: 'knn5-z', knn: 5, transform: 'zscore' },
  {
    name: 'ens-v1g',
    options: { ...NOVAL, epochs: 80, batchSize: 128, learningRate: 3e-3 },
    extra: ['mobilenet-v1-0.25-224-graph'],
  },
  {
    name: 'ens-v1g-z',
    options: { ...NOVAL, epochs: 80, batchSize: 128, learningRate: 3e-3 },
    extra: ['mobilenet-v1-0.25-224-graph'],
    transform: 'zscore',
  },
  {
    name: 'ens-v175-z',
    options: { ...NOVAL, epochs: 80, batchSize: 128, learningRate: 3e-3 },
    extra: ['mobilenet-v1-0.75-224'],
    transform: 'zscore',
  },
  {
    name: 'v175-z',
    options: { ...NOVAL, epochs: 80, batchSize: 128, learningRate: 3e-3 },
    only: 'mobilenet-v1-0.75-224',
    transform: 'zscore',
  },
];

function draw(
  train: readonly Embedded[],
  k: number | 'all',
  classCount: number,
  seed: number,
): Embedded[] {
  if (k === 'all') return [...train];
  const rng = createRng(seed);
  const out: Embedded[] = [];
  for (let c = 0; c < classCount; c++) {
    out.push(
      ...shuffleInPlace(
        train.filter((e) => e.label === c),
        rng,
      ).slice(0, k),
    );
  }
  return out;
}

/** Other backbones' embeddings, by backbone id, for the train and test lists. */
const extras = new Map<string, { train: Float32Array[]; test: Float32Array[] }>();

function features(v: Variant, e: Embedded, part: 'train' | 'test', base = e.base): Float32Array {
  if (v.only) return extras.get(v.only)![part][e.index!]!;
  if (!v.extra?.length) return base;
  const parts = [base, ...v.extra.map((id) => extras.get(id)![part][e.index!]!)];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function transform(kind: Variant['transform'], train: Float32Array[], test: Float32Array[]) {
  if (!kind) return;
  const d = train[0]!.length;
  if (kind === 'l2') {
    for (const x of [...train, ...test]) {
      let n = 0;
      for (let i = 0; i < d; i++) n += x[i]! * x[i]!;
      const f = Math.sqrt(d) / (Math.sqrt(n) || 1);
      for (let i = 0; i < d; i++) x[i]! *= f;
    }
    return;
  }
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (const x of train) for (let i = 0; i < d; i++) mean[i] = mean[i]! + x[i]!;
  for (let i = 0; i < d; i++) mean[i] = mean[i]! / train.length;
  for (const x of train) for (let i = 0; i < d; i++) sq[i] = sq[i]! + (x[i]! - mean[i]!) ** 2;
  const std = Array.from(sq, (v) => Math.sqrt(v / train.length) + 1e-3);
  for (const x of [...train, ...test])
    for (let i = 0; i < d; i++) x[i] = (x[i]! - mean[i]!) / std[i]!;
}

async function run(
  variant: Variant,
  train: Embedded[],
  test: Embedded[],
  classCount: number,
  seed: number,
) {
  const embeddings: Float32Array[] = [];
  const labels: number[] = [];
  // Each photo's variants travel with it, as in the app: trainHead adds them to the training
  // side only, so a held-out photo's variants never train.
  const augmented: Float32Array[][] = [];
  for (const e of train) {
    embeddings.push(Float32Array.from(features(variant, e, 'train')));
    labels.push(e.label);
    augmented.push(
      (variant.augment ?? []).map((i) =>
        Float32Array.from(features(variant, e, 'train', e.variants[i]!)),
      ),
    );
  }
  const allRows = [...embeddings, ...augmented.flat()];
  const testX = test.map((t) => Float32Array.from(features(variant, t, 'test')));
  const t0 = performance.now();
  transform(variant.transform, allRows, testX);
  let predictions: Float32Array[];
  if (variant.knn) {
    const rowLabels = [...labels, ...augmented.flatMap((v, i) => v.map(() => labels[i]!))];
    const index = buildKnnIndex(allRows, rowLabels, classCount);
    predictions = testX.map((t) => knnPredict(index, t, variant.knn));
  } else {
    const result = await trainHead(
      { embeddings, labels, classCount, augmented },
      { ...variant.options, seed },
    );
    predictions = await result.model.predict(testX);
    result.model.dispose();
  }
  const ms = performance.now() - t0;
  const correct = predictions.filter((p, i) => argMax(p) === test[i]!.label).length;
  return { acc: correct / test.length, ms };
}

async function embedExtra(id: string, name: string, images: readonly DatasetImage[], part: string) {
  const file = join(CACHE, `${id}-${name}-${part}.json`);
  if (existsSync(file)) {
    return (JSON.parse(readFileSync(file, 'utf8')) as number[][]).map((r) => Float32Array.from(r));
  }
  const server = await serveFolder(MODELS_DIR);
  const { extractor } = await loadBackbone(id, {
    modelsBaseUrl: server.url,
    tryOfficial: false,
    allowOfflineFallback: false,
    customLayers: true,
  } as never);
  await server.close();
  const out: Float32Array[] = [];
  for (const img of images) {
    const pixels = await decodeImageBytes(await readFile(img.path), img.file);
    out.push((await extractor.embed([pixels]))[0]!);
  }
  extractor.dispose();
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(file, JSON.stringify(out.map((v) => Array.from(v))));
  return out;
}

async function main(): Promise<void> {
  await initBackend({ runtime: 'node' });
  const server = await serveFolder(MODELS_DIR);
  const { extractor } = await loadBackbone(BACKBONE, {
    modelsBaseUrl: server.url,
    tryOfficial: false,
    allowOfflineFallback: false,
  });
  await server.close();
  const only = args.variants?.split(',');
  const variants = only ? VARIANTS.filter((v) => only.includes(v.name)) : VARIANTS;
  for (const name of DATASETS) {
    const dataset = loadDataset(name);
    const C = dataset.classes.length;
    const train = await embedAll(
      extractor,
      dataset.train,
      dataset.classes,
      true,
      `${BACKBONE}-${name}-train`,
    );
    const test = await embedAll(
      extractor,
      dataset.test,
      dataset.classes,
      false,
      `${BACKBONE}-${name}-test`,
    );
    train.forEach((e, i) => (e.index = i));
    test.forEach((e, i) => (e.index = i));
    const needed = new Set(
      variants.flatMap((v) => [...(v.extra ?? []), ...(v.only ? [v.only] : [])]),
    );
    for (const id of needed) {
      extras.set(id, {
        train: await embedExtra(id, name, dataset.train, 'train'),
        test: await embedExtra(id, name, dataset.test, 'test'),
      });
    }
    console.log(
      `\n${name} (${C} classes, ${train.length} train, ${test.length} test), mean over ${DRAWS} draws`,
    );
    console.log(['variant', ...KS.map((k) => `K=${k}`), 'ms@all'].join('\t'));
    for (const v of variants) {
      const cells: string[] = [];
      let msAll = 0;
      for (const k of KS) {
        const draws = k === 'all' ? 1 : DRAWS;
        let acc = 0;
        for (let d = 1; d <= draws; d++) {
          const r = await run(v, draw(train, k, C, d * 7919), test, C, d);
          acc += r.acc;
          if (k === 'all') msAll += r.ms / draws;
        }
        cells.push((acc / draws).toFixed(3));
      }
      console.log([v.name.padEnd(12), ...cells, msAll.toFixed(0)].join('\t'));
    }
  }
  extractor.dispose();
}

void main();
