/// <reference types="vitest/config" />
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin, type ResolvedConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { BuildInfo } from './src/sw/offlinePolicy';

const CONTENT_TYPES: Record<string, string> = { '.json': 'application/json' };

/**
 * Serves the self-hosted models at `<base>models/` from one folder, answering 404 for missing
 * files (instead of the SPA's index.html). The folder is env GLIMPSE_MODELS_DIR when set (tests
 * serve ../shared/models that way, without copying), else `public/models/` in dev and the
 * build's `models/` in preview.
 */
function modelsFolder(): Plugin {
  const middleware =
    (prefix: string, folder: string) =>
    (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!path.startsWith(prefix) || (req.method !== 'GET' && req.method !== 'HEAD')) {
        next();
        return;
      }
      const file = normalize(join(folder, path.slice(prefix.length)));
      const notFound = () => res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      if (!file.startsWith(folder + sep)) {
        notFound();
        return;
      }
      stat(file).then(
        (info) => {
          if (!info.isFile()) return notFound();
          res.writeHead(200, {
            'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
            'Content-Length': info.size,
            'Cache-Control': 'no-cache',
          });
          if (req.method === 'HEAD') res.end();
          else createReadStream(file).pipe(res);
        },
        () => notFound(),
      );
    };
  const fromEnv = () => process.env.GLIMPSE_MODELS_DIR && resolve(process.env.GLIMPSE_MODELS_DIR);
  return {
    name: 'glimpse-models-folder',
    configureServer(server) {
      const { base, publicDir } = server.config;
      server.middlewares.use(middleware(`${base}models/`, fromEnv() || join(publicDir, 'models')));
    },
    configurePreviewServer(server) {
      const { base, root, build } = server.config;
      const folder = fromEnv() || resolve(root, build.outDir, 'models');
      server.middlewares.use(middleware(`${base}models/`, folder));
    },
  };
}

/**
 * Where the official model URLs of src/core/features/catalog.ts live (fetched when no
 * self-hosted copy exists; tests/e2e/security.test.ts checks this list covers the catalog), plus
 * where tfhub.dev redirects: Kaggle, which answers with a signed URL on Cloud Storage. A CSP
 * checks every hop of a redirect.
 */
const MODEL_ORIGINS = [
  'https://storage.googleapis.com',
  'https://tfhub.dev',
  'https://www.kaggle.com',
];

/**
 * The app's Content-Security-Policy. No 'unsafe-eval' and no inline script: TF.js compiles
 * WebAssembly (WASM backend), which needs only 'wasm-unsafe-eval'; the engine runs in a
 * same-origin module worker; thumbnails are blob: URLs the page also fetches. React and uPlot set
 * styles through the CSSOM, which style-src does not restrict, so styles need no 'unsafe-inline'.
 * `frame-ancestors` is ignored in a <meta> policy, so `forMeta` leaves it out; `nonce` allows the
 * dev server's inline scripts and styles (see {@link devServerCsp}).
 */
export function contentSecurityPolicy(options: { forMeta?: boolean; nonce?: string } = {}): string {
  const nonce = options.nonce ? [`'nonce-${options.nonce}'`] : [];
  const directives: string[][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...nonce],
    ['worker-src', "'self'"],
    ['connect-src', "'self'", 'blob:', ...MODEL_ORIGINS],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['style-src', "'self'", ...nonce],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ...(options.forMeta ? [] : [['frame-ancestors', "'none'"]]),
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/** Headers of every response of `vite preview` (and of the dev server's non-HTML responses). */
const SECURITY_HEADERS = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const cspMetaTag = (content: string) => ({
  tag: 'meta',
  attrs: { 'http-equiv': 'Content-Security-Policy', content },
  injectTo: 'head-prepend' as const,
});

/**
 * The build's index.html carries the policy as a <meta> (so any static host serving dist/ keeps
 * it; a meta policy covers the page, while the worker's comes from the HTTP header only).
 */
function cspInBuiltHtml(): Plugin {
  return {
    name: 'glimpse-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [cspMetaTag(contentSecurityPolicy({ forMeta: true }))],
  };
}

/**
 * The dev server's policy: the same, plus a fresh nonce per page load for the inline scripts and
 * styles Vite and React Fast Refresh inject (the preamble script, HMR <style> tags, which
 * @vite/client tags with the nonce of `meta[property=csp-nonce]`). Other responses (the engine
 * worker's script among them) carry the strict header.
 */
function devServerCsp(): Plugin {
  return {
    name: 'glimpse-csp-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.headers.accept?.includes('text/html')) {
          for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
        }
        next();
      });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const nonce = randomBytes(16).toString('base64');
        return {
          html: html.replace(/<(script|style)\b/g, `<$1 nonce="${nonce}"`),
          tags: [
            { tag: 'meta', attrs: { property: 'csp-nonce', nonce }, injectTo: 'head-prepend' },
            cspMetaTag(contentSecurityPolicy({ forMeta: true, nonce })),
          ],
        };
      },
    },
  };
}

/** Every file under `folder` (paths relative to it, with `/`), skipping the models folder. */
async function publicFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(folder.length + 1)
        .split(sep)
        .join('/'),
    )
    .filter((file) => !file.startsWith('models/'));
}

/**
 * Offline use (production builds only; src/main.tsx registers the worker): bundles
 * src/sw/sw.ts into `sw.js` with this build's app shell (every emitted file, plus the public
 * files the build copies, models excepted) and a version hashed from their contents, so a new
 * deploy installs a new shell cache and the page offers to reload. See src/sw/offlinePolicy.ts.
 */
function offlineServiceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'glimpse-offline',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle(_options, bundle) {
      const contents = new Map<string, string | Uint8Array>();
      for (const [name, output] of Object.entries(bundle)) {
        contents.set(name, output.type === 'chunk' ? output.code : output.source);
      }
      if (config.build.copyPublicDir && config.publicDir) {
        for (const file of await publicFiles(config.publicDir)) {
          contents.set(file, await readFile(join(config.publicDir, file)));
        }
      }
      const files = [...contents.keys()].filter((file) => !file.endsWith('.map')).sort();
      const hash = createHash('sha256');
      for (const file of files) hash.update(`${file}\0`).update(contents.get(file)!);
      const info: BuildInfo = {
        version: hash.digest('hex').slice(0, 12),
        base: config.base,
        files,
      };
      const built = await build({
        configFile: false,
        root: config.root,
        logLevel: 'warn',
        publicDir: false,
        define: { __GLIMPSE_BUILD__: JSON.stringify(info) },
        build: {
          write: false,
          sourcemap: false,
          lib: {
            entry: resolve(config.root, 'src/sw/sw.ts'),
            formats: ['iife'],
            name: 'glimpseServiceWorker',
            fileName: () => 'sw.js',
          },
        },
      });
      const outputs = (Array.isArray(built) ? built : [built]) as { output: unknown[] }[];
      const chunk = outputs
        .flatMap((o) => o.output as { type: string; code?: string }[])
        .find((o) => o.type === 'chunk');
      if (!chunk?.code) throw new Error('glimpse-offline: building src/sw/sw.ts gave no code');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: chunk.code });
    },
  };
}

export default defineConfig({
  plugins: [react(), modelsFolder(), cspInBuiltHtml(), devServerCsp(), offlineServiceWorker()],
  preview: { headers: SECURITY_HEADERS },
  resolve: {
    // '@tensorflow/tfjs' registers the CPU and WebGL backends as it loads (fetched and run even
    // when WASM or WebGPU is chosen) and bundles the graph converter. This stand-in re-exports
    // TF.js core and layers only; src/core/tf/backends.ts imports the chosen backend.
    alias: [
      {
        find: /^@tensorflow\/tfjs$/,
        replacement: fileURLToPath(new URL('./src/core/tf/tfjs.ts', import.meta.url)),
      },
    ],
  },
  // ES-module workers let the engine worker load the offline fallback and backends lazily.
  worker: { format: 'es' },
  // The engine worker imports these CommonJS-heavy packages; pre-bundle them for the dev server.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-converter',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow-models/mobilenet',
    ],
  },
  build: {
    // TF.js alone is over a megabyte minified; splitting it buys nothing on first load.
    chunkSizeWarningLimit: 4096,
  },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    setupFiles: ['tests/support/setupTf.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
  },
});
