/**
 * The page's side of offline use: registers the service worker of the production build
 * (`<base>sw.js`, built from src/sw/sw.ts), asks it to keep the image model the engine loaded,
 * and tells the UI whether the app works offline and when a new version waits. A new version
 * never takes over by itself: {@link OfflineController.applyUpdate} (the user's Reload) does.
 */
import { findBackbone, modelJsonUrl } from '../core/features/catalog';
import type { SessionSnapshot } from '../core/session/sessionTypes';
import type { PageMessage, WorkerStatus } from '../sw/offlinePolicy';

/** Whether the app works offline, as the status bar shows it. */
export interface OfflineSnapshot {
  /**
   * `off`: no service worker (the dev server, tests, a browser or address without them; see
   * `reason`); `installing`: saving the app; `ready`: the app shell is saved; `failed`: see `error`.
   */
  phase: 'off' | 'installing' | 'ready' | 'failed';
  /** Why `phase` is `off`. */
  reason?: 'not-registered' | 'unsupported';
  /** Files in the app's caches: the shell plus every model file kept so far. */
  filesCached: number;
  /** Shell files saved, out of `shellTotal`. */
  shellCached: number;
  shellTotal: number;
  /**
   * Whether the image model in use is saved too: true, false (see `modelError`), or undefined
   * while it loads or is being saved. The bundled offline fallback needs no files: true.
   */
  modelCached: boolean | undefined;
  modelError?: string;
  /** A new version of the app is installed and waits for a reload. */
  updateReady: boolean;
  error?: string;
}

/** The UI's view of offline use: an external store plus the update command. */
export interface OfflineController {
  subscribe(listener: () => void): () => void;
  getSnapshot(): OfflineSnapshot;
  /** Lets the waiting version take over, then reloads the page (once). */
  applyUpdate(): void;
}

/** True when the snapshot means "reload with the network off and keep working". */
export function worksOffline(snapshot: OfflineSnapshot): boolean {
  return (
    snapshot.phase === 'ready' &&
    snapshot.shellTotal > 0 &&
    snapshot.shellCached === snapshot.shellTotal &&
    snapshot.modelCached === true
  );
}

let snapshot: OfflineSnapshot = {
  phase: 'off',
  reason: 'not-registered',
  filesCached: 0,
  shellCached: 0,
  shellTotal: 0,
  modelCached: undefined,
  updateReady: false,
};
const listeners = new Set<() => void>();
let applyUpdate = () => undefined as void;

function update(change: Partial<OfflineSnapshot>): void {
  snapshot = { ...snapshot, ...change };
  for (const listener of listeners) listener();
}

/** Offline use of this page; inert (`phase: 'off'`) until {@link registerServiceWorker}. */
export const offline: OfflineController = {
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  getSnapshot: () => snapshot,
  applyUpdate: () => applyUpdate(),
};

/** The session as far as offline use reads it. */
export interface SessionSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Pick<SessionSnapshot, 'engine'>;
}

/**
 * The model.json the engine loaded (what the worker must keep), absolute against `pageUrl`;
 * `null` for the bundled fallback (nothing to keep), `undefined` while none is loaded.
 */
export function loadedModelUrl(
  session: Pick<SessionSnapshot, 'engine'>,
  pageUrl: string,
): string | null | undefined {
  const report = session.engine.backbone?.report;
  if (!report) return undefined;
  const spec = findBackbone(report.loadedId);
  if (report.source === 'offline-fallback' || !spec) return null;
  return new URL(modelJsonUrl(spec, report.url, report.source), pageUrl).href;
}

/** Sends a message to a service worker and waits for its reply. */
function ask(worker: ServiceWorker, message: PageMessage): Promise<WorkerStatus> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      channel.port1.close();
      resolve(event.data as WorkerStatus);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

/** Hourly: long classroom sessions still learn about a new deploy. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers `<base>sw.js` once the page has loaded and the image model is ready (production
 * builds only: src/main.tsx calls this under `import.meta.env.PROD`), then keeps {@link offline}
 * up to date.
 */
export function registerServiceWorker(options: { base: string; session: SessionSource }): void {
  const container = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  if (!container || !window.isSecureContext) {
    update({ phase: 'off', reason: 'unsupported' });
    return;
  }
  update({ phase: 'installing', reason: undefined });
  const start = () =>
    void run(container, options).catch((error: unknown) =>
      update({ phase: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  // Saving the app downloads every file of the build (all backends, the offline fallback): it
  // waits until the page has loaded and the image model is ready, plus a moment, so it never
  // competes with start-up or the first photos.
  const whenEngineSettled = () => {
    const settled = () => options.session.getSnapshot().engine.phase !== 'starting';
    if (settled()) return void setTimeout(start, INSTALL_DELAY_MS);
    const unsubscribe = options.session.subscribe(() => {
      if (!settled()) return;
      unsubscribe();
      setTimeout(start, INSTALL_DELAY_MS);
    });
  };
  if (document.readyState === 'complete') whenEngineSettled();
  else window.addEventListener('load', whenEngineSettled, { once: true });
}

/** Quiet time after the image model is ready before the app is saved for offline use. */
const INSTALL_DELAY_MS = 2000;

async function run(
  container: ServiceWorkerContainer,
  { base, session }: { base: string; session: SessionSource },
): Promise<void> {
  const registration = await container.register(`${base}sw.js`, {
    scope: base,
    updateViaCache: 'none',
  });

  // A new version: installed while an older one controls this page, it waits for the user.
  const watchInstalling = (worker: ServiceWorker | null) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && container.controller) update({ updateReady: true });
    });
  };
  if (registration.waiting && container.controller) update({ updateReady: true });
  watchInstalling(registration.installing);
  registration.addEventListener('updatefound', () => watchInstalling(registration.installing));

  let reloading = false;
  applyUpdate = () => {
    if (!registration.waiting || reloading) return;
    reloading = true;
    registration.waiting.postMessage({ type: 'skip-waiting' } satisfies PageMessage);
  };

  await container.ready;
  const refresh = async (message: PageMessage) => {
    const worker = registration.active;
    if (!worker) return;
    const status = await ask(worker, message);
    update({
      phase: status.shellCached === status.shellTotal ? 'ready' : 'failed',
      ...(status.shellCached === status.shellTotal
        ? {}
        : { error: `${status.shellCached} of ${status.shellTotal} app files saved` }),
      filesCached: status.shellCached + status.modelFiles,
      shellCached: status.shellCached,
      shellTotal: status.shellTotal,
      ...(status.model ? { modelCached: status.model.cached, modelError: status.model.error } : {}),
    });
  };

  // The engine may have loaded the model before the worker controlled its fetches: hand the
  // worker the model's address once it is known, and again after every switch of image model.
  let modelUrl: string | null | undefined;
  const onSession = () => {
    const next = loadedModelUrl(session.getSnapshot(), location.href);
    if (next === modelUrl) return;
    modelUrl = next;
    if (next === undefined) update({ modelCached: undefined, modelError: undefined });
    else if (next === null) update({ modelCached: true, modelError: undefined });
    else {
      update({ modelCached: undefined, modelError: undefined });
      void refresh({ type: 'cache-model', url: next });
    }
  };
  session.subscribe(onSession);
  await refresh({ type: 'status' });
  onSession();

  container.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  const check = () => void registration.update().catch(() => undefined);
  setInterval(check, UPDATE_CHECK_MS);
  window.addEventListener('online', check);
}
