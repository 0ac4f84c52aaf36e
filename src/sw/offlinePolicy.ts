/**
 * What Glimpse's service worker caches and answers, as pure functions (no service-worker
 * globals): the build writes a {@link BuildInfo} into sw.js, `sw.ts` turns it into a
 * {@link ServiceWorkerConfig} and routes every request through {@link routeRequest};
 * tests/unit/serviceWorkerPolicy.test.ts pins it.
 */
import { BACKBONE_CATALOG, modelJsonUrl } from '../core/features/catalog';

/** What the `glimpse-offline` plugin of vite.config.ts bakes into sw.js. */
export interface BuildInfo {
  /** Hash of the build's files: a new deploy has a new version, hence a new shell cache. */
  version: string;
  /** Vite's `base`, with a trailing slash (e.g. `/`). */
  base: string;
  /** Every file of the build (emitted and copied public files, models excepted), by path. */
  files: readonly string[];
}

/** What the worker works from. */
export interface ServiceWorkerConfig {
  /** Hash of the build's files: a new deploy has a new version, hence a new shell cache. */
  version: string;
  /** The app's base path, with a trailing slash (Vite's `base`, e.g. `/`). */
  base: string;
  /** The app shell, relative to `base`: index.html, the hashed assets, icons, the manifest. */
  precache: readonly string[];
  /**
   * URL prefixes of the official model folders of the catalog (with a trailing slash). Requests
   * under them are the only foreign requests the worker caches (when CORS lets it read them).
   */
  officialModelPrefixes: readonly string[];
}

/** Every cache this app owns starts with this. */
export const CACHE_PREFIX = 'glimpse-';
/** Model files are immutable per catalog id, so one cache outlives app versions. */
export const MODELS_CACHE = `${CACHE_PREFIX}models-v1`;

/** The app shell's cache for one build. */
export function shellCacheName(version: string): string {
  return `${CACHE_PREFIX}shell-${version}`;
}

/** Caches to delete when `version` activates: earlier shells (never the models, never others'). */
export function staleCaches(names: readonly string[], version: string): string[] {
  const current = shellCacheName(version);
  return names.filter((name) => name.startsWith(`${CACHE_PREFIX}shell-`) && name !== current);
}

/** Build output paths that belong in the shell: no sw.js, source maps, models or dotfiles. */
export function precacheList(files: Iterable<string>): string[] {
  const keep = (file: string) =>
    file !== 'sw.js' &&
    !file.endsWith('.map') &&
    !file.startsWith('models/') &&
    !file.split('/').some((part) => part.startsWith('.'));
  return [...new Set([...files].map((f) => f.replace(/\\/g, '/')).filter(keep))].sort();
}

/** What the worker does with one request. */
export type Route =
  /** A page navigation: the cached index.html (the shell), else the network. */
  | { kind: 'navigation'; cacheKey: string }
  /** A file of the shell: from the shell cache, else the network. */
  | { kind: 'shell'; cacheKey: string }
  /** A model file (self-hosted or official): cache-first in {@link MODELS_CACHE}. */
  | { kind: 'model'; cacheKey: string }
  /** Not the worker's business: the browser handles it as if there were no worker. */
  | { kind: 'pass' };

/** The parts of a Request the router reads. */
export interface RequestInfo {
  url: string;
  method: string;
  mode: string;
}

/** Where a request goes; `scope` is the absolute URL of `config.base` (the worker's scope). */
export function routeRequest(
  config: ServiceWorkerConfig,
  scope: string,
  request: RequestInfo,
): Route {
  if (request.method !== 'GET') return { kind: 'pass' };
  const url = new URL(request.url);
  const scopeUrl = new URL(scope);
  if (url.origin !== scopeUrl.origin) {
    return isOfficialModelUrl(config, url.href)
      ? { kind: 'model', cacheKey: url.href }
      : { kind: 'pass' };
  }
  if (!url.pathname.startsWith(scopeUrl.pathname)) return { kind: 'pass' };
  const path = url.pathname.slice(scopeUrl.pathname.length);
  if (path.startsWith('models/')) {
    return request.mode === 'navigate'
      ? { kind: 'pass' }
      : { kind: 'model', cacheKey: url.origin + url.pathname };
  }
  if (request.mode === 'navigate')
    return { kind: 'navigation', cacheKey: new URL('index.html', scope).href };
  if (config.precache.includes(path)) return { kind: 'shell', cacheKey: new URL(path, scope).href };
  return { kind: 'pass' };
}

/** True for a URL under one of the official model folders the catalog names. */
export function isOfficialModelUrl(config: ServiceWorkerConfig, url: string): boolean {
  return config.officialModelPrefixes.some((prefix) => url.startsWith(prefix));
}

/** The worker's config for a build: its shell and the catalog's official model folders. */
export function serviceWorkerConfig(build: BuildInfo): ServiceWorkerConfig {
  return {
    version: build.version,
    base: build.base,
    precache: precacheList(build.files),
    officialModelPrefixes: BACKBONE_CATALOG.flatMap((spec) =>
      spec.officialUrl ? [modelFolderPrefix(modelJsonUrl(spec, spec.officialUrl, 'official'))] : [],
    ),
  };
}

/** The folder (with a trailing slash) of an official model.json URL: what the worker may cache. */
export function modelFolderPrefix(modelJsonUrl: string): string {
  const path = modelJsonUrl.split('?')[0]!;
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * The weight files a TF.js model.json names, as absolute URLs, resolved the way `tf.io.http`
 * does: each manifest path after the folder of model.json, followed by model.json's query string
 * (TF-Hub's `?tfjs-format=file`). Throws on a document that is not a TF.js model.
 */
export function weightUrls(modelJsonUrl: string, modelJson: unknown): string[] {
  const manifest = (modelJson as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(manifest)) throw new Error('not a TF.js model.json (no weightsManifest)');
  const query = modelJsonUrl.includes('?') ? modelJsonUrl.slice(modelJsonUrl.indexOf('?')) : '';
  const prefix = modelFolderPrefix(modelJsonUrl);
  const urls: string[] = [];
  for (const group of manifest as { paths?: unknown }[]) {
    if (!Array.isArray(group?.paths))
      throw new Error('not a TF.js model.json (a group has no paths)');
    for (const path of group.paths) {
      if (typeof path !== 'string') throw new Error('not a TF.js model.json (a path is not text)');
      urls.push(new URL(prefix + path + query).href);
    }
  }
  return urls;
}

/** Messages the page sends to the worker. */
export type PageMessage =
  /** Reply with a {@link WorkerStatus}. */
  | { type: 'status' }
  /** Cache this model.json and its weight files (already fetched by the engine), then reply. */
  | { type: 'cache-model'; url: string }
  /** The user pressed Reload on "a new version is ready": activate now. */
  | { type: 'skip-waiting' };

/** The worker's answer to `status` and `cache-model`. */
export interface WorkerStatus {
  version: string;
  /** Shell files in the current cache, out of `shellTotal`. */
  shellCached: number;
  shellTotal: number;
  /** Files in the models cache (every backbone cached so far). */
  modelFiles: number;
  /** For `cache-model`: whether that model and all its weights are now cached, and why not. */
  model?: { url: string; cached: boolean; error?: string };
}
