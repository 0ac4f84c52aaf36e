/**
 * `npm run bench:perf`: the performance issue's browser benchmark, in headless Chromium on each
 * backend (WASM with SIMD, WebGL and WebGPU on SwiftShader, CPU). Every figure is a ratio
 * against a reference measured in the same run (bare TF.js on the same backend and page, or a
 * matMul for efficiency), medians of several interleaved repetitions. Prints tables and
 * PASS/FAIL verdict lines, saves JSON under bench/results/ (browser-perf-*.json, gitignored) and
 * a Markdown summary (bench/results/browser-perf.md).
 *
 * Options:
 *   --backends=wasm,webgl,webgpu,cpu   --backbones=id,id   --reps=N (all backends)
 *   --startup-reps=N (default 3)       --no-startup        --no-embedding
 *   --quick (1 rep, few images)
 *   --no-md (do not rewrite bench/results/browser-perf.md)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findBackbone } from '../src/core/features/catalog';
import type { BackendName } from '../src/core/tf/backendOrder';
import { writeY4m } from '../tests/e2e/support/y4m';
import { CHROMIUM_ARGS, findChromium, WEBGPU_ARG } from '../tests/support/chromium';
import { loadDataset } from '../tests/support/datasets';
import { startApp } from '../tests/e2e/support/appServer';
import { MODELS_DIR, sharedAvailable, SHARED_SKIP_REASON } from '../tests/support/shared';
import { measureBackend, type BackendPlan, type BackendResult, type Photo } from './perf/embedding';
import { backboneMacs, type MacCount } from './perf/macs';
import { renderReport, verdicts, type PerfRun } from './perf/report';
import { startHarnessServer } from './perf/server';
import { measureStartup } from './perf/startup';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'];
  }),
);
const quick = args.quick === 'true';
const BACKENDS = (args.backends ?? 'wasm,webgl,cpu,webgpu').split(',') as BackendName[];
const BACKBONES = (args.backbones ?? 'mobilenet-v2-0.35-224-tm,mobilenet-v1-0.25-224-graph').split(
  ',',
);

/**
 * Work per backend, sized so the whole run stays under ~10 minutes on a 2-core machine: the
 * software GPU backends take 0.3–2 s per image, WASM ~20 ms.
 */
const PLANS: Record<BackendName, Omit<BackendPlan, 'backend'>> = {
  wasm: { images: 48, batchSize: 16, reps: 5, frames: 15, extras: true, liveLoopMs: 3000 },
  webgl: { images: 8, batchSize: 8, reps: 3, frames: 3, extras: false, liveLoopMs: 0 },
  cpu: { images: 8, batchSize: 8, reps: 3, frames: 3, extras: false, liveLoopMs: 4000 },
  webgpu: { images: 4, batchSize: 4, reps: 3, frames: 2, extras: false, liveLoopMs: 0 },
};

function planFor(backend: BackendName): BackendPlan {
  const base = { backend, ...PLANS[backend] };
  if (args.reps) base.reps = Number(args.reps);
  if (quick) Object.assign(base, { reps: 1, frames: 2, images: Math.min(base.images, 16) });
  return base;
}

/** Photos of rock-paper-scissors, classes interleaved so any prefix is balanced. */
function photos(count: number): Photo[] {
  const ds = loadDataset('rock-paper-scissors');
  const byClass = ds.classes.map((c) => ds.train.filter((d) => d.className === c));
  const out: Photo[] = [];
  for (let i = 0; out.length < count; i++) {
    for (const list of byClass) if (list[i] && out.length < count) out.push(list[i]!);
  }
  return out.map((p) => ({ path: p.path, className: p.className }));
}

function macsOf(id: string): MacCount {
  const spec = findBackbone(id)!;
  const path = join(MODELS_DIR, id, 'model.json');
  if (spec.loader.kind === 'layers') return backboneMacs(path, 'layers', spec.inputSize);
  const node =
    spec.loader.kind === 'mobilenet-package' && spec.loader.version === 1
      ? 'module_apply_default/MobilenetV1/Logits/global_pool'
      : 'module_apply_default/MobilenetV2/Logits/AvgPool';
  return backboneMacs(path, 'graph', spec.inputSize, node);
}

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!sharedAvailable() || !executablePath) {
    console.error(executablePath ? SHARED_SKIP_REASON : 'No Chromium found (set CHROMIUM_PATH).');
    process.exit(process.env.CI ? 1 : 0);
  }
  const t0 = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${line}`);
  const macs = Object.fromEntries(BACKBONES.map((id) => [id, macsOf(id)]));
  for (const [id, m] of Object.entries(macs)) {
    log(`${id}: ${(m.total / 1e6).toFixed(2)} M multiply-adds (${m.layers} layers)`);
  }
  const tmp = await mkdtemp(join(tmpdir(), 'glimpse-perf-cam-'));
  const camera = join(tmp, 'camera.y4m');
  const all = photos(Math.max(...BACKENDS.map((b) => planFor(b).images)));
  await writeY4m(
    all.slice(0, 6).map((p) => p.path),
    camera,
    { fps: 15, framesPerPhoto: 15 },
  );
  const server = await startHarnessServer(MODELS_DIR);
  const browser = await chromium.launch({
    executablePath,
    args: [
      ...CHROMIUM_ARGS,
      WEBGPU_ARG,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${camera}`,
    ],
  });
  const backends: BackendResult[] = [];
  let startup: PerfRun['startup'] = null;
  try {
    for (const backend of args['no-embedding'] === 'true' ? [] : BACKENDS) {
      const plan = planFor(backend);
      log(`${backend}: ${plan.images} images × ${plan.reps} reps, batch ${plan.batchSize}`);
      backends.push(await measureBackend(browser, server, plan, BACKBONES, all, log));
    }
    if (args['no-startup'] !== 'true') {
      log('start-up: building the app');
      const app = await startApp(MODELS_DIR);
      try {
        startup = await measureStartup(
          browser,
          app.url,
          BACKENDS,
          'mobilenet-v2-0.35-224-tm',
          all[0]!.path,
          Number(args['startup-reps'] ?? (quick ? 1 : 3)),
          log,
        );
      } finally {
        await app.close();
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
  const run: PerfRun = {
    date: new Date().toISOString(),
    chromium: browser.version(),
    node: process.version,
    cores: cpus().length,
    loadAverage: loadavg(),
    macs,
    backends,
    startup,
    wallMs: Date.now() - t0,
  };
  const report = renderReport(run);
  console.log(`\n${report}\n`);
  mkdirSync(RESULTS, { recursive: true });
  const stamp = run.date.replace(/[:.]/g, '-');
  const json = JSON.stringify({ ...run, verdicts: verdicts(run) }, null, 2);
  writeFileSync(join(RESULTS, `browser-perf-${stamp}.json`), json);
  writeFileSync(join(RESULTS, 'browser-perf-latest.json'), json);
  if (args['no-md'] !== 'true' && !quick) {
    const header = [
      '# Browser performance (`npm run bench:perf`)',
      '',
      `Generated by \`npm run bench:perf\` (bench/browserPerf.ts) on ${run.date.slice(0, 10)}: ` +
        `headless Chromium ${run.chromium}, ${run.cores} cores, no GPU (WebGL and WebGPU run on ` +
        `SwiftShader, a CPU emulation), Node ${run.node}; load average at the end ` +
        `${run.loadAverage.map((l) => l.toFixed(1)).join(' / ')}; whole run ` +
        `${(run.wallMs / 60000).toFixed(1)} min. Medians; backbones: ${BACKBONES.join(', ')}; ` +
        'photos: rock-paper-scissors (300×200 PNG).',
      '',
    ];
    writeFileSync(join(RESULTS, 'browser-perf.md'), `${header.join('\n')}\n${report}\n`);
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s; JSON in bench/results/`);
}

await main();
