/**
 * `npm run bench`: Node, WASM backend. Per dataset and backbone it prints
 * - embedding ms/image of our pipeline (bytes → decode → crop/resize → embed → store) and of bare
 *   TF.js inference on the same pre-decoded tensors, and their throughput ratio;
 * - default-head training time;
 * - held-out test accuracy of our default head, Teachable Machine's recipe, a linear probe and
 *   k-NN at 5, 10 and all training images per class;
 * and writes the same as JSON under bench/results/.
 *
 * Options: --backbones=id,id  --datasets=name,name  --reps=N  --subset=N
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../src/core/tf/backends';
import { loadBackbone } from '../src/core/features/loadBackbone';
import { EmbeddingStore } from '../src/core/dataset/embeddingStore';
import { decodeImageBytes } from '../src/node/decodeImageFile';
import { loadDataset, type DatasetImage } from '../tests/support/datasets';
import { serveFolder } from '../tests/support/modelServer';
import { MODELS_DIR, sharedAvailable, SHARED_SKIP_REASON } from '../tests/support/shared';
import { measureBareInference } from './bareInference';
import { accuracyTable, type AccuracyRow } from './accuracyTable';
import { median } from './stats';

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'];
  }),
);
const BACKBONES = (args.backbones ?? 'mobilenet-v2-0.35-224-tm,mobilenet-v1-0.25-224-graph').split(
  ',',
);
const DATASETS = (args.datasets ?? 'rock-paper-scissors,flowers').split(',');
const REPS = Number(args.reps ?? 3);
const SUBSET = Number(args.subset ?? 48);

interface SpeedRow {
  backbone: string;
  dataset: string;
  pipelineMsPerImage: number;
  bareMsPerImage: number;
  /** Our images/s divided by bare TF.js images/s (≥ 1 means we are faster). */
  throughputRatio: number;
  fullDatasetMsPerImage: number;
  defaultHeadTrainMs: number;
}

async function readBytes(images: readonly DatasetImage[]) {
  return Promise.all(images.map(async (img) => ({ img, bytes: await readFile(img.path) })));
}

async function main(): Promise<void> {
  if (!sharedAvailable()) {
    console.error(SHARED_SKIP_REASON);
    process.exit(process.env.CI ? 1 : 0);
  }
  const backend = await initBackend({ runtime: 'node' });
  const server = await serveFolder(MODELS_DIR);
  const speed: SpeedRow[] = [];
  const accuracy: AccuracyRow[] = [];
  console.log(
    `Backend: ${backend.active}. Reps: ${REPS} (median). Timing subset: ${SUBSET} images.\n`,
  );
  try {
    for (const backboneId of BACKBONES) {
      const { extractor } = await loadBackbone(backboneId, {
        modelsBaseUrl: server.url,
        tryOfficial: false,
      });
      for (const name of DATASETS) {
        const ds = loadDataset(name);
        const all = await readBytes([...ds.train, ...ds.test]);
        const subset = all
          .filter((_, i) => i % Math.ceil(all.length / SUBSET) === 0)
          .slice(0, SUBSET);

        // Our pipeline on the subset: bytes → pixels → crop/resize → embed (batches) → store.
        const pipelineRuns: number[] = [];
        for (let r = -1; r < REPS; r++) {
          const store = new EmbeddingStore();
          store.addClass({ id: 'x', name: 'x' });
          const t0 = performance.now();
          const pixels = await Promise.all(
            subset.map((s) => decodeImageBytes(s.bytes, s.img.file)),
          );
          await store.addImages(
            extractor,
            'x',
            pixels.map((p) => ({ pixels: p })),
            'dataset',
          );
          // Run -1 warms up (first-use allocations for this batch shape), as bare infer's does.
          if (r >= 0) pipelineRuns.push((performance.now() - t0) / subset.length);
        }
        const bare = await measureBareInference(
          backboneId,
          server.url,
          subset.map((s) => s.bytes),
          REPS,
        );

        // Whole dataset through the pipeline, for accuracy.
        const t1 = performance.now();
        const embedSplit = async (images: readonly DatasetImage[]) => {
          const rows = all.filter((a) => images.includes(a.img));
          const pixels = await Promise.all(rows.map((s) => decodeImageBytes(s.bytes, s.img.file)));
          return {
            embeddings: await extractor.embed(pixels, { batchSize: 16 }),
            labels: rows.map((s) => ds.classes.indexOf(s.img.className)),
            ids: rows.map((s) => s.img.file),
          };
        };
        const train = await embedSplit(ds.train);
        const test = await embedSplit(ds.test);
        const fullMs = (performance.now() - t1) / all.length;

        const rows = await accuracyTable({
          backbone: backboneId,
          dataset: name,
          classes: ds.classes,
          train,
          test,
          reps: REPS,
        });
        accuracy.push(...rows);
        const pipelineMs = median(pipelineRuns);
        speed.push({
          backbone: backboneId,
          dataset: name,
          pipelineMsPerImage: pipelineMs,
          bareMsPerImage: bare,
          throughputRatio: bare / pipelineMs,
          fullDatasetMsPerImage: fullMs,
          defaultHeadTrainMs: rows.find((r) => r.k === 'all')!.defaultTrainMs,
        });
        console.log(`${backboneId} / ${name}: done`);
      }
      extractor.dispose();
    }
  } finally {
    await server.close();
  }
  printTables(speed, accuracy);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  const json = JSON.stringify(
    { date: new Date().toISOString(), backend: backend.active, reps: REPS, speed, accuracy },
    null,
    2,
  );
  writeFileSync(join(out, 'node-latest.json'), json);
  writeFileSync(join(out, `node-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), json);
  console.log(`\nWrote bench/results/node-latest.json`);
}

function printTables(speed: SpeedRow[], accuracy: AccuracyRow[]): void {
  const f = (n: number, d = 1) => n.toFixed(d);
  console.log(
    '\n## Embedding speed (ms/image, median; ratio = our images/s ÷ bare TF.js images/s)\n',
  );
  console.log(
    '| backbone | dataset | ours (pipeline) | bare infer | ratio | whole dataset | head train ms |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const s of speed) {
    console.log(
      `| ${s.backbone} | ${s.dataset} | ${f(s.pipelineMsPerImage)} | ${f(s.bareMsPerImage)} | ${f(s.throughputRatio, 2)} | ${f(s.fullDatasetMsPerImage)} | ${f(s.defaultHeadTrainMs, 0)} |`,
    );
  }
  console.log('\n## Held-out test accuracy (mean over seeds)\n');
  console.log(
    '| backbone | dataset | per class | Glimpse default | TM recipe | linear probe | k-NN (k=5) | train ms default / TM | time ratio |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const a of accuracy) {
    console.log(
      `| ${a.backbone} | ${a.dataset} | ${a.k} | ${f(a.defaultAcc, 3)} | ${f(a.tmRecipeAcc, 3)} | ${f(a.linearAcc, 3)} | ${f(a.knnAcc, 3)} | ${f(a.defaultTrainMs, 0)} / ${f(a.tmRecipeTrainMs, 0)} | ${f(a.defaultTrainMs / a.tmRecipeTrainMs, 2)} |`,
    );
  }
  console.log('\n## Verdicts');
  for (const s of speed) {
    const ok = s.throughputRatio >= 0.9;
    console.log(
      `${ok ? 'PASS' : 'FAIL'} embedding throughput ≥ 0.9× bare: ${s.backbone}/${s.dataset} ${f(s.throughputRatio, 2)}×`,
    );
  }
  const verdict = (ok: boolean, text: string) => console.log(`${ok ? 'PASS' : 'FAIL'} ${text}`);
  for (const a of accuracy) {
    const where = `${a.backbone}/${a.dataset} K=${a.k}`;
    const best = Math.max(a.tmRecipeAcc, a.linearAcc, a.knnAcc);
    if (a.k === 'all') {
      // Issue 5.2: at least the TM recipe's accuracy in at most half its wall time.
      const ratio = a.defaultTrainMs / a.tmRecipeTrainMs;
      verdict(
        a.defaultAcc >= a.tmRecipeAcc && ratio <= 0.5,
        `training: default ≥ TM recipe accuracy in ≤ 0.5× its time: ${where} ${f(a.defaultAcc, 3)} vs ${f(a.tmRecipeAcc, 3)}, ${f(ratio, 2)}×`,
      );
    }
    // Issue 7.1: beat the best of TM recipe, linear probe and k-NN; by 3 points at K = 5.
    const margin = a.k === 5 ? 0.03 : 0;
    verdict(
      a.defaultAcc >= best + margin,
      `learning: default ≥ best other${margin ? ' + 3 points' : ''}: ${where} ${f(a.defaultAcc, 3)} vs ${f(best, 3)}`,
    );
  }
}

await main();
