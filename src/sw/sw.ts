/**
 * Glimpse's service worker (built into `sw.js` by the `glimpse-offline` plugin in
 * vite.config.ts, which defines `__GLIMPSE_BUILD__`). It keeps the app usable with the network off:
 *
 * - install: caches the whole app shell of this build in `glimpse-shell-<version>`;
 * - activate: deletes earlier shells and takes control of open pages. A new version waits until
 *   the page asks it to activate (the user pressed Reload on "A new version is ready");
 * - fetch: navigations get the cached index.html, shell files come from the cache, model files
 *   (`<base>models/**` and the catalog's official model folders, when CORS lets the worker read
 *   them) are cache-first in `glimpse-models-v1`; everything else is left to the browser;
 * - messages: `status`, `cache-model` (the page names the model.json the engine loaded before the
 *   worker controlled it) and `skip-waiting`.
 */
import {
  MODELS_CACHE,
  routeRequest,
  serviceWorkerConfig,
  shellCacheName,
  staleCaches,
  weightUrls,
  type BuildInfo,
  type PageMessage,
  type WorkerStatus,
} from './offlinePolicy';

declare const __GLIMPSE_BUILD__: BuildInfo;

/** The few service-worker types used here (the main tsconfig has the DOM lib, not WebWorker). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly ports: readonly MessagePort[];
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

const sw = self as unknown as ServiceWorkerScope;
const config = serviceWorkerConfig(__GLIMPSE_BUILD__);
const SHELL_CACHE = shellCacheName(config.version);
const scope = () => sw.registration.scope;

sw.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

/** Fetches the whole shell into this version's cache; any failure leaves no half cache. */
async function precache(): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  try {
    await Promise.all(
      config.precache.map(async (path) => {
        const url = new URL(path, scope()).href;
        // `reload`: past the HTTP cache, so a new deploy never caches a stale file.
        const response = await fetch(url, { cache: 'reload' });
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        await cache.put(url, response.redirected ? await unredirected(response) : response);
      }),
    );
  } catch (error) {
    await caches.delete(SHELL_CACHE);
    throw error;
  }
}

/**
 * A copy of a response that came through a redirect (hosts that send /index.html to /): a
 * navigation answered with a redirected response is refused by the browser.
 */
async function unredirected(response: Response): Promise<Response> {
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const stale = staleCaches(await caches.keys(), config.version);
      await Promise.all(stale.map((name) => caches.delete(name)));
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const route = routeRequest(config, scope(), request);
  switch (route.kind) {
    case 'pass':
      return;
    case 'navigation':
    case 'shell':
      event.respondWith(fromShell(route.cacheKey, request));
      return;
    case 'model':
      event.respondWith(cacheFirstModel(route.cacheKey, request));
      return;
  }
});

/** The shell copy of a file, else the network (a shell still being installed, say). */
async function fromShell(cacheKey: string, request: Request): Promise<Response> {
  const cached = await caches.match(cacheKey, { cacheName: SHELL_CACHE });
  return cached ?? fetch(request);
}

/** A cached model file, else the network, keeping a complete (200, readable) answer. */
async function cacheFirstModel(cacheKey: string, request: Request | string): Promise<Response> {
  const cache = await caches.open(MODELS_CACHE);
  const cached = await cache.match(cacheKey);
  if (cached) return cached;
  const response = await fetch(request);
  // An opaque (no-CORS) or partial answer is never stored: it could not be checked.
  if (response.status === 200 && (response.type === 'basic' || response.type === 'cors')) {
    await cache.put(cacheKey, response.clone());
  }
  return response;
}

/** Caches a model.json and every weight file it names (most are cached already). */
async function cacheModel(url: string): Promise<NonNullable<WorkerStatus['model']>> {
  const route = routeRequest(config, scope(), { url, method: 'GET', mode: 'cors' });
  if (route.kind !== 'model') return { url, cached: false, error: 'not a model URL of this app' };
  try {
    const response = await cacheFirstModel(route.cacheKey, url);
    if (!response.ok) throw new Error(`model.json: HTTP ${response.status}`);
    const weights = weightUrls(url, await response.json());
    for (const weight of weights) {
      const weightRoute = routeRequest(config, scope(), {
        url: weight,
        method: 'GET',
        mode: 'cors',
      });
      if (weightRoute.kind !== 'model') throw new Error(`${weight} is outside the model folder`);
      const answer = await cacheFirstModel(weightRoute.cacheKey, weight);
      if (answer.status !== 200) throw new Error(`${weight}: HTTP ${answer.status}`);
    }
    const cache = await caches.open(MODELS_CACHE);
    const missing = await Promise.all([url, ...weights].map(async (u) => !(await cache.match(u))));
    if (missing.some(Boolean)) throw new Error('the model host does not allow caching (CORS)');
    return { url, cached: true };
  } catch (error) {
    return { url, cached: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function status(): Promise<WorkerStatus> {
  const [shell, models] = await Promise.all([
    caches.open(SHELL_CACHE).then((cache) => cache.keys()),
    caches.open(MODELS_CACHE).then((cache) => cache.keys()),
  ]);
  return {
    version: config.version,
    shellCached: shell.length,
    shellTotal: config.precache.length,
    modelFiles: models.length,
  };
}

sw.addEventListener('message', (event) => {
  const message = event.data as PageMessage | null;
  const reply = event.ports[0];
  switch (message?.type) {
    case 'skip-waiting':
      event.waitUntil(sw.skipWaiting());
      return;
    case 'status':
      event.waitUntil(status().then((answer) => reply?.postMessage(answer)));
      return;
    case 'cache-model':
      event.waitUntil(
        cacheModel(message.url).then(async (model) =>
          reply?.postMessage({ ...(await status()), model } satisfies WorkerStatus),
        ),
      );
      return;
  }
});
