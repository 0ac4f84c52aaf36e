/**
 * Start-up part of `npm run bench:perf`: the production build of the app in Chromium.
 *
 * - Initial JS: what index.html loads before any user action — its entry script and every chunk
 *   that entry imports statically (gzip -9 sizes) — and, per `?backend=`, every file actually
 *   fetched until the backbone is ready (the engine worker's included).
 * - Time to interactive, three clocks from navigation start (in-page MutationObserver):
 *   "UI usable" = the class cards and their Upload inputs are in the page (a user can add
 *   images; images added now wait for the engine); "backbone ready" = the status bar says the
 *   engine is ready (backend started, backbone weights loaded, its output shape probed);
 *   "first photo" = a photo picked the moment the UI is usable has been embedded and shows in
 *   its class (the first real inference, so GPU backends' shader compilation included).
 * - Reference in the same run: a bare TF.js page (tf.min.js + the backend's bundle from
 *   node_modules, tf.loadLayersModel, one predict read back) on the same origin and backend;
 *   compared with "first photo", which does the same work plus decoding one photo.
 * - Laziness: which backends' code and which model files each start-up fetched.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { BackendName } from '../../src/core/tf/backendOrder';
import { median } from '../stats';

const require = createRequire(import.meta.url);

/** A string that appears only in that backend's package code (checked against the others). */
export const BACKEND_MARKERS: Record<BackendName, string> = {
  webgpu: 'WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE',
  webgl: 'WEBGL_VERSION',
  wasm: 'WASM_HAS_SIMD_SUPPORT',
  cpu: 'onesLike is not supported for string tensors',
};

/** One file a start-up fetched. */
export interface FetchedFile {
  path: string;
  kind: 'js' | 'wasm' | 'model' | 'css' | 'html' | 'other';
  bytes: number;
  gzip: number;
  /** Backends whose code this JS file contains. */
  backends: BackendName[];
}

/** One backend's start-up, medians over the repetitions. */
export interface StartupBackendResult {
  backend: BackendName;
  backbone: string;
  reps: number;
  uiReadyMs: number;
  backboneReadyMs: number;
  /** A photo picked as soon as the UI is usable, embedded and shown in its class. */
  firstImageMs: number;
  bareReadyMs: number;
  raw: {
    uiReadyMs: number[];
    backboneReadyMs: number[];
    firstImageMs: number[];
    bareReadyMs: number[];
  };
  files: FetchedFile[];
  jsGzip: number;
  jsBytes: number;
  wasmBytes: number;
  modelBytes: number;
  /** Backends whose code was fetched. */
  loadedBackends: BackendName[];
  /** Model folders fetched (ids under /models/), and whether nsfwjs's bundled model was. */
  modelFolders: string[];
  nsfwjsFetched: boolean;
  errors: string[];
}

/** The whole start-up section. */
export interface StartupResult {
  initialJs: {
    files: { path: string; bytes: number; gzip: number }[];
    bytes: number;
    gzip: number;
  };
  css: { bytes: number; gzip: number };
  backends: StartupBackendResult[];
}

const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

function kindOf(path: string): FetchedFile['kind'] {
  if (path.startsWith('/models/')) return 'model';
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.css')) return 'css';
  if (path === '/' || path.endsWith('.html')) return 'html';
  return 'other';
}

/** Static `import … from "./x.js"` / `import "./x.js"` targets of a minified ES module. */
function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:from|import)\s*["']([^"']+\.js)["']/g)) found.add(m[1]!);
  return [...found];
}

/** Fetches and measures files of the served build, memoised by path. */
function fileMeter(origin: string) {
  const cache = new Map<string, Promise<{ bytes: Uint8Array; text: string }>>();
  const get = (path: string) => {
    let entry = cache.get(path);
    if (!entry) {
      entry = fetch(new URL(path, origin), { headers: { Connection: 'close' } }).then(
        async (res) => {
          const bytes = new Uint8Array(await res.arrayBuffer());
          return { bytes, text: path.endsWith('.js') ? new TextDecoder().decode(bytes) : '' };
        },
      );
      cache.set(path, entry);
    }
    return entry;
  };
  return {
    get,
    async measure(path: string): Promise<FetchedFile> {
      const { bytes, text } = await get(path);
      const kind = kindOf(path);
      const backends = (Object.keys(BACKEND_MARKERS) as BackendName[]).filter(
        (b) => kind === 'js' && text.includes(BACKEND_MARKERS[b]),
      );
      if (kind === 'wasm' && !backends.includes('wasm')) backends.push('wasm');
      return {
        path,
        kind,
        bytes: bytes.length,
        gzip: kind === 'model' ? bytes.length : gz(bytes),
        backends,
      };
    },
  };
}

/** The entry script of index.html and its static import graph. */
async function initialJs(origin: string, meter: ReturnType<typeof fileMeter>) {
  const html = new TextDecoder().decode((await meter.get('/')).bytes);
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const cssPaths = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map(
    (m) => m[1]!,
  );
  const seen = new Set<string>();
  const queue = [...entries, ...preloads];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const { text } = await meter.get(path);
    for (const target of staticImports(text))
      queue.push(new URL(target, new URL(path, origin)).pathname);
  }
  const files = await Promise.all(
    [...seen].map(async (path) => {
      const f = await meter.measure(path);
      return { path, bytes: f.bytes, gzip: f.gzip };
    }),
  );
  const css = await Promise.all(cssPaths.map((p) => meter.measure(p)));
  return {
    initialJs: {
      files,
      bytes: files.reduce((s, f) => s + f.bytes, 0),
      gzip: files.reduce((s, f) => s + f.gzip, 0),
    },
    css: { bytes: css.reduce((s, f) => s + f.bytes, 0), gzip: css.reduce((s, f) => s + f.gzip, 0) },
  };
}

declare global {
  interface Window {
    __perfMarks?: Record<string, number>;
    __bareReady?: number;
    __bareError?: string;
  }
}

/**
 * Records when the trainer's UI and its engine become ready; installed before any page script.
 * A string, not a function: tsx would wrap inner functions in a helper the page does not have.
 */
const WATCH_READINESS = `(() => {
  const marks = (window.__perfMarks = {});
  const seen = (selector) => document.querySelector(selector) !== null;
  const check = () => {
    const now = performance.now();
    if (!marks.ui && seen('[data-testid="class-card"] [data-testid="upload-input"]')) marks.ui = now;
    if (!marks.backbone && seen('[data-testid="engine-phase"][data-phase="ready"]')) marks.backbone = now;
    if (!marks.failed && seen('[data-testid="engine-phase"][data-phase="failed"]')) marks.failed = now;
    if (!marks.sample && seen('[data-testid="sample-thumb"]')) marks.sample = now;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

const tfDist = (pkg: string) => dirname(require.resolve(`@tensorflow/${pkg}/package.json`));

/** The bare page's scripts and binaries, served from node_modules under /__bare/. */
function bareFiles(): Record<string, string> {
  const wasmDist = join(tfDist('tfjs-backend-wasm'), 'dist');
  return {
    'tf.min.js': join(tfDist('tfjs'), 'dist/tf.min.js'),
    'tf-backend-wasm.min.js': join(wasmDist, 'tf-backend-wasm.min.js'),
    'tfjs-backend-wasm.wasm': join(wasmDist, 'tfjs-backend-wasm.wasm'),
    'tfjs-backend-wasm-simd.wasm': join(wasmDist, 'tfjs-backend-wasm-simd.wasm'),
    'tfjs-backend-wasm-threaded-simd.wasm': join(wasmDist, 'tfjs-backend-wasm-threaded-simd.wasm'),
    'tf-backend-webgpu.min.js': join(
      tfDist('tfjs-backend-webgpu'),
      'dist/tf-backend-webgpu.min.js',
    ),
  };
}

function barePage(backend: BackendName, backboneId: string): string {
  const extra =
    backend === 'wasm'
      ? '<script src="/__bare/tf-backend-wasm.min.js"></script>'
      : backend === 'webgpu'
        ? '<script src="/__bare/tf-backend-webgpu.min.js"></script>'
        : '';
  return `<!doctype html><title>bare TF.js</title>
<script src="/__bare/tf.min.js"></script>${extra}
<script>
(async () => {
  try {
    if (${JSON.stringify(backend)} === 'wasm') {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      tf.wasm.setWasmPaths('/__bare/');
    }
    if (!(await tf.setBackend(${JSON.stringify(backend)}))) throw new Error('no backend');
    await tf.ready();
    const model = await tf.loadLayersModel('/models/${backboneId}/model.json');
    const y = model.predict(tf.zeros([1, 224, 224, 3]));
    await y.data();
    window.__bareReady = performance.now();
  } catch (e) {
    window.__bareError = String(e);
  }
})();
</script>`;
}

/** Measures start-up on each backend (`reps` fresh contexts each, app and bare alternating). */
export async function measureStartup(
  browser: Browser,
  appUrl: string,
  backends: readonly BackendName[],
  backboneId: string,
  photo: string,
  reps: number,
  log: (line: string) => void,
): Promise<StartupResult> {
  const origin = new URL(appUrl).origin;
  const meter = fileMeter(origin);
  const { initialJs: js, css } = await initialJs(origin, meter);
  log(`  initial JS (index.html's static graph): ${(js.gzip / 1024).toFixed(1)} KB gzip`);
  const files = bareFiles();
  const results: StartupBackendResult[] = [];
  for (const backend of backends) {
    const raw: StartupBackendResult['raw'] = {
      uiReadyMs: [],
      backboneReadyMs: [],
      firstImageMs: [],
      bareReadyMs: [],
    };
    let fetched: string[] = [];
    const errors: string[] = [];
    for (let r = 0; r < reps; r++) {
      // The app, in a fresh context (empty cache, empty IndexedDB: nothing to restore).
      {
        const context = await browser.newContext();
        const paths: string[] = [];
        context.on('request', (req) => {
          const url = new URL(req.url());
          if (url.protocol !== 'blob:' && url.origin === origin) paths.push(url.pathname);
        });
        await context.addInitScript(WATCH_READINESS);
        const page = await context.newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${appUrl}?backend=${backend}&offline=1`);
        // As soon as the UI is usable, a user picks one photo for the first class.
        const input = page
          .locator('[data-testid="class-card"] [data-testid="upload-input"]')
          .first();
        await input.waitFor({ state: 'attached', timeout: 60_000 });
        await input.setInputFiles(photo);
        await page.waitForFunction(
          () =>
            (window.__perfMarks?.backbone && window.__perfMarks?.sample) ||
            window.__perfMarks?.failed,
          null,
          { timeout: 300_000, polling: 50 },
        );
        const marks = await page.evaluate(() => window.__perfMarks!);
        if (marks.failed) throw new Error(`the app's engine failed to start on ${backend}`);
        raw.uiReadyMs.push(marks.ui!);
        raw.backboneReadyMs.push(marks.backbone!);
        raw.firstImageMs.push(marks.sample!);
        if (r === 0) fetched = [...new Set(paths)];
        await context.close();
      }
      // The bare page, same origin and backend, fresh context.
      {
        const context = await browser.newContext();
        await context.route(`${origin}/__bare/**`, (route) => {
          const name = new URL(route.request().url()).pathname.slice('/__bare/'.length);
          const path = files[name];
          if (!path) return route.fulfill({ status: 404 });
          return route.fulfill({
            body: readFileSync(path),
            contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
          });
        });
        await context.route(`${origin}/__bare.html`, (route) =>
          route.fulfill({ contentType: 'text/html', body: barePage(backend, backboneId) }),
        );
        const page = await context.newPage();
        await page.goto(`${origin}/__bare.html`);
        await page.waitForFunction(() => window.__bareReady || window.__bareError, null, {
          timeout: 300_000,
          polling: 100,
        });
        const { ready, error } = await page.evaluate(() => ({
          ready: window.__bareReady,
          error: window.__bareError,
        }));
        if (error) throw new Error(`bare TF.js page on ${backend}: ${error}`);
        raw.bareReadyMs.push(ready!);
        await context.close();
      }
    }
    const measured = await Promise.all(fetched.map((p) => meter.measure(p)));
    const sum = (kind: FetchedFile['kind'], key: 'bytes' | 'gzip') =>
      measured.filter((f) => f.kind === kind).reduce((s, f) => s + f[key], 0);
    const loadedBackends = [...new Set(measured.flatMap((f) => f.backends))].sort();
    const modelFolders = [
      ...new Set(measured.filter((f) => f.kind === 'model').map((f) => f.path.split('/')[2]!)),
    ];
    const result: StartupBackendResult = {
      backend,
      backbone: backboneId,
      reps,
      uiReadyMs: median(raw.uiReadyMs),
      backboneReadyMs: median(raw.backboneReadyMs),
      firstImageMs: median(raw.firstImageMs),
      bareReadyMs: median(raw.bareReadyMs),
      raw,
      files: measured,
      jsGzip: sum('js', 'gzip'),
      jsBytes: sum('js', 'bytes'),
      wasmBytes: sum('wasm', 'bytes'),
      modelBytes: sum('model', 'bytes'),
      loadedBackends,
      modelFolders,
      // nsfwjs's bundled weights are a multi-megabyte JS chunk named after its shard.
      nsfwjsFetched: measured.some((f) => /group1-shard1of1\.min|nsfwjsModel/.test(f.path)),
      errors,
    };
    results.push(result);
    log(
      `  ${backend}: UI usable ${result.uiReadyMs.toFixed(0)} ms, backbone ready ` +
        `${result.backboneReadyMs.toFixed(0)} ms, first photo embedded ` +
        `${result.firstImageMs.toFixed(0)} ms (bare TF.js ${result.bareReadyMs.toFixed(0)} ms); ` +
        `JS ${(result.jsGzip / 1024).toFixed(0)} KB gzip; backends' code: ${loadedBackends.join(', ')}`,
    );
  }
  return { initialJs: js, css, backends: results };
}
