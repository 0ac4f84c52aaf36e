/**
 * Composition root: reads the page address, starts the engine worker and the browser platform,
 * creates the one session store, restores the autosaved project and renders the trainer.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { parseStartupOptions } from './app/startupOptions';
import { createAutosave } from './core/session/autosave';
import { createSession } from './core/session/session';
import { BACKEND_ORDER } from './core/tf/backendOrder';
import { createBrowserPlatform } from './platform/browserPlatform';
import { decodeImage } from './platform/decodeImage';
import { registerServiceWorker } from './platform/serviceWorker';
import { createIndexedDbProjectStorage } from './platform/indexedDbProjectStorage';
import { createWorkerEngine } from './platform/workerEngine';
import { TrainerApp } from './ui/TrainerApp';
import { APP_VERSION } from './ui/project/projectFiles';

const options = parseStartupOptions(location.search, BACKEND_ORDER.browser);
const platform = createBrowserPlatform();
const store = createSession({
  engine: createWorkerEngine(),
  startOptions: {
    backboneId: options.backboneId,
    modelsBaseUrl: new URL(`${import.meta.env.BASE_URL}models/`, location.href).href,
    tryOfficial: !options.offline,
    timeoutMs: 20_000,
    ...(options.backend ? { backend: options.backend } : {}),
  },
  releaseThumbnail: (url) => platform.releaseThumbnail(url),
  decodeThumbnail: async (url) => decodeImage(await (await fetch(url)).blob(), 'thumbnail'),
  readThumbnail: async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()),
  makeThumbnail: (bytes) =>
    URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' })),
  appVersion: APP_VERSION,
});
const autosave = createAutosave({ store, storage: createIndexedDbProjectStorage() });
// Restore the last project as soon as storage answers, while the engine starts: the project's
// embeddings are saved with it, and images added before the engine is ready wait for it. Then
// save every change.
void autosave.start();
void store.start();
// An opened project file becomes a new stored project; the current one is kept.
const appStore: typeof store = { ...store, openProject: (project) => autosave.openAsNew(project) };
// Write a pending save at once when the page is about to go (reload, close, navigation), is
// hidden (tab switch, a phone's app switcher) or goes: `beforeunload` comes first and leaves the
// write time to finish while the next page loads; the later two are the last chances. Nothing
// is disposed here: a page kept in the back/forward cache must keep working when it comes back.
const saveNow = () => void autosave.flush();
window.addEventListener('beforeunload', saveNow);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') saveNow();
});
window.addEventListener('pagehide', saveNow);
// Offline use: the production build's service worker keeps the app and the image model.
if (import.meta.env.PROD) registerServiceWorker({ base: import.meta.env.BASE_URL, session: store });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <TrainerApp store={appStore} platform={platform} notes={options.notes} projects={autosave} />
  </StrictMode>,
);
