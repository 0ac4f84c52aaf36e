/**
 * `npm run bench:scale` (issue 5.5): a project of N generated images (default 10,000, 10 classes)
 * through the core in Node (WASM): embed with the Teachable Machine base, train the default head,
 * predict every sample, save the project file and read it back. Reports memory per sample, time
 * per epoch, save/reload times and the tensor count after each step (it must return to where it
 * started). Generated images are fine here: this measures scale, not accuracy.
 *
 * Options: --samples=N  --classes=C
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { TM_MOBILENET_V2 } from '../src/core/features/catalog';
import { loadBackbone } from '../src/core/features/loadBackbone';
import { parseProject, serializeProject, type ProjectData } from '../src/core/io/projectFormat';
import { createRng } from '../src/core/dataset/random';
import { initBackend } from '../src/core/tf/backends';
import { DEFAULT_HEAD_OPTIONS } from '../src/core/training/headOptions';
import { trainHead } from '../src/core/training/trainHead';
import type { PixelBuffer } from '../src/core/types';
import { serveFolder } from '../tests/support/modelServer';
import { MODELS_DIR, sharedAvailable, SHARED_SKIP_REASON } from '../tests/support/shared';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const N = arg('samples', 10_000);
const C = arg('classes', 10);
const SIDE = 96;

/** A SIDE×SIDE image for class c: a class colour with seeded noise and a moving bar. */
function generated(c: number, i: number): PixelBuffer {
  const rng = createRng(i + 1);
  const data = new Uint8Array(SIDE * SIDE * 4);
  const base = [(c * 53) % 256, (c * 97) % 256, (c * 151) % 256];
  const bar = Math.floor(rng() * SIDE);
  for (let p = 0; p < SIDE * SIDE; p++) {
    const onBar = Math.abs((p % SIDE) - bar) < 6;
    for (let k = 0; k < 3; k++) data[p * 4 + k] = onBar ? 255 - base[k]! : base[k]! + rng() * 60;
    data[p * 4 + 3] = 255;
  }
  return { width: SIDE, height: SIDE, data };
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<void> {
  if (!sharedAvailable()) {
    console.error(SHARED_SKIP_REASON);
    process.exit(process.env.CI ? 1 : 0);
  }
  await initBackend({ runtime: 'node' });
  const server = await serveFolder(MODELS_DIR);
  const { extractor } = await loadBackbone(TM_MOBILENET_V2.id, {
    modelsBaseUrl: server.url,
    tryOfficial: false,
    allowOfflineFallback: false,
  });
  await server.close();
  const tensors = { start: tf.memory().numTensors } as Record<string, number>;
  const heapStart = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

  // Embed, in batches of 32, keeping only the embeddings (as the app does).
  const labels = Array.from({ length: N }, (_, i) => i % C);
  const embeddings: Float32Array[] = [];
  let t0 = performance.now();
  for (let i = 0; i < N; i += 32) {
    const batch = labels.slice(i, i + 32).map((c, j) => generated(c, i + j));
    embeddings.push(...(await extractor.embed(batch)));
  }
  const embedMs = performance.now() - t0;
  tensors.afterEmbed = tf.memory().numTensors;
  const heapEmbed = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

  // Train the default head.
  t0 = performance.now();
  const result = await trainHead({ embeddings, labels, classCount: C }, DEFAULT_HEAD_OPTIONS);
  const trainMs = performance.now() - t0;
  const epochs = result.history.length;

  // Predict every sample.
  t0 = performance.now();
  const probs = await result.model.predict(embeddings);
  const predictMs = performance.now() - t0;
  const correct = probs.filter((p, i) => p.indexOf(Math.max(...p)) === labels[i]).length;
  const weights = await result.model.weights();
  result.model.dispose();
  extractor.dispose();
  tensors.afterTrainPredict = tf.memory().numTensors;

  // Save and reload the project file (thumbnails as small JPEGs, like the app's).
  const jpeg = await sharp(Buffer.from(generated(0, 0).data), {
    raw: { width: SIDE, height: SIDE, channels: 4 },
  })
    .jpeg({ quality: 80 })
    .toBuffer();
  const classes = Array.from({ length: C }, (_, c) => ({ id: `c${c}`, name: `Class ${c + 1}` }));
  const project: ProjectData = {
    name: 'Scale',
    createdWith: 'Glimpse bench',
    backboneId: TM_MOBILENET_V2.id,
    embeddingDim: TM_MOBILENET_V2.embeddingDim,
    headOptions: DEFAULT_HEAD_OPTIONS,
    classes,
    samples: embeddings.map((embedding, i) => ({
      id: `s${i}`,
      classId: `c${labels[i]!}`,
      source: 'upload',
      image: new Uint8Array(jpeg),
      embedding,
    })),
    head: { weights, classIds: classes.map((c) => c.id) },
    training: null,
  };
  t0 = performance.now();
  const zip = serializeProject(project);
  const saveMs = performance.now() - t0;
  t0 = performance.now();
  const reopened = parseProject(zip);
  const reloadMs = performance.now() - t0;
  if (reopened.samples.length !== N) throw new Error('the reloaded project lost samples');

  const row = {
    samples: N,
    classes: C,
    embedMsPerImage: embedMs / N,
    memoryBytesPerSample: (heapEmbed - heapStart) / N,
    trainMs,
    epochs,
    msPerEpoch: trainMs / epochs,
    trainAccuracy: correct / N,
    predictMsPerSample: predictMs / N,
    projectFileMB: mb(zip.length),
    saveMs,
    reloadMs,
    tensors,
  };
  console.log(`\nScale: ${N} generated images, ${C} classes (Node, ${tf.getBackend()})\n`);
  console.log('| figure | value |\n|---|---|');
  console.log(`| embed, ms per image | ${row.embedMsPerImage.toFixed(1)} |`);
  console.log(
    `| memory per sample (embedding + bookkeeping) | ${(row.memoryBytesPerSample / 1024).toFixed(1)} KB |`,
  );
  console.log(`| training | ${epochs} epochs, ${row.msPerEpoch.toFixed(0)} ms per epoch |`);
  console.log(`| predict, ms per sample | ${row.predictMsPerSample.toFixed(3)} |`);
  console.log(
    `| project file | ${row.projectFileMB.toFixed(1)} MB, save ${saveMs.toFixed(0)} ms, reload ${reloadMs.toFixed(0)} ms |`,
  );
  console.log(
    `| tensors start → after embed → after train/predict | ${tensors.start} → ${tensors.afterEmbed} → ${tensors.afterTrainPredict} |`,
  );
  const flat = tensors.afterEmbed === tensors.start && tensors.afterTrainPredict <= tensors.start;
  console.log(`\n${flat ? 'PASS' : 'FAIL'} tensor count stays flat`);
  console.log(
    `${reopened.samples.length === N ? 'PASS' : 'FAIL'} ${N} samples survive save and reload`,
  );
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'scale-latest.json'), JSON.stringify(row, null, 2));
}

await main();
