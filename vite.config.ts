/// <reference types="vitest/config" />
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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

export default defineConfig({
  plugins: [react(), modelsFolder()],
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
  },
});
