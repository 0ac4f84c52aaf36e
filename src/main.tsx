/** Composition root: reads the URL, wires the core and the browser adapters into the store. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parseStartupOptions } from './app/startupOptions';
import { createStartupStore } from './app/startupStore';
import { loadBackbone } from './core/features/loadBackbone';
import { BACKEND_ORDER, initBackend } from './core/tf/backends';
import { wasmPaths } from './platform/wasmPaths';
import { App } from './ui/App';

const options = parseStartupOptions(location.search, BACKEND_ORDER.browser);

const store = createStartupStore({
  backendOrder: BACKEND_ORDER.browser,
  notes: options.notes,
  initBackend: () =>
    initBackend({
      runtime: 'browser',
      force: options.backend,
      wasmPaths: wasmPaths(),
      // Threads need COOP/COEP, crash in minified builds and gave no gain on small machines.
      wasmThreads: false,
    }),
  loadBackbone: () =>
    loadBackbone(options.backboneId, {
      modelsBaseUrl: `${import.meta.env.BASE_URL}models/`,
      tryOfficial: !options.offline,
      timeoutMs: 20_000,
    }),
});
void store.start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
