/**
 * The service worker's decisions as pure functions (src/sw/offlinePolicy.ts) and the page's
 * reading of them (src/platform/serviceWorker.ts): what is precached, which requests it answers,
 * which caches an update deletes, which weight files a model.json names.
 */
import { describe, expect, it } from 'vitest';
import {
  MOBILENET_V1_025,
  OFFLINE_FALLBACK,
  TM_MOBILENET_V2,
} from '../../src/core/features/catalog';
import type { SessionSnapshot } from '../../src/core/session/sessionTypes';
import {
  loadedModelUrl,
  worksOffline,
  type OfflineSnapshot,
} from '../../src/platform/serviceWorker';
import {
  MODELS_CACHE,
  precacheList,
  routeRequest,
  serviceWorkerConfig,
  shellCacheName,
  staleCaches,
  weightUrls,
} from '../../src/sw/offlinePolicy';

const SCOPE = 'https://glimpse.example/app/';
const config = serviceWorkerConfig({
  version: 'abc123',
  base: '/app/',
  files: ['index.html', 'assets/index-1.js', 'assets/x.wasm', 'manifest.webmanifest'],
});
const get = (url: string, mode = 'cors') =>
  routeRequest(config, SCOPE, { url, method: 'GET', mode });

describe('precacheList', () => {
  it('keeps the shell, sorted and once each; drops sw.js, source maps, models and dotfiles', () => {
    expect(
      precacheList([
        'index.html',
        'assets/b.js',
        'assets/a.js',
        'assets/a.js.map',
        'sw.js',
        'models/mobilenet/model.json',
        '.well-known/x',
        'assets\\c.css',
        'assets/b.js',
      ]),
    ).toEqual(['assets/a.js', 'assets/b.js', 'assets/c.css', 'index.html']);
  });
});

describe('caches', () => {
  it('names the shell cache after the build and deletes only older shells on activate', () => {
    expect(shellCacheName('abc123')).toBe('glimpse-shell-abc123');
    expect(
      staleCaches(
        ['glimpse-shell-old1', 'glimpse-shell-abc123', MODELS_CACHE, 'someone-else', 'glimpse-x'],
        'abc123',
      ),
    ).toEqual(['glimpse-shell-old1']);
  });
});

describe('routeRequest', () => {
  it('answers navigations inside the scope with the cached index.html, whatever the query', () => {
    expect(get(`${SCOPE}?backend=wasm`, 'navigate')).toEqual({
      kind: 'navigation',
      cacheKey: `${SCOPE}index.html`,
    });
    expect(get(`${SCOPE}index.html`, 'navigate').kind).toBe('navigation');
  });

  it('serves shell files from the shell and leaves other files of the site alone', () => {
    expect(get(`${SCOPE}assets/index-1.js`)).toEqual({
      kind: 'shell',
      cacheKey: `${SCOPE}assets/index-1.js`,
    });
    expect(get(`${SCOPE}sw.js`)).toEqual({ kind: 'pass' });
    expect(get(`${SCOPE}assets/other.js`)).toEqual({ kind: 'pass' });
    expect(get('https://glimpse.example/elsewhere/index.html', 'navigate')).toEqual({
      kind: 'pass',
    });
  });

  it('caches self-hosted model files by path (a query string does not make a new copy)', () => {
    expect(get(`${SCOPE}models/${TM_MOBILENET_V2.id}/weights.bin?x=1`)).toEqual({
      kind: 'model',
      cacheKey: `${SCOPE}models/${TM_MOBILENET_V2.id}/weights.bin`,
    });
    // Opening a model file in a tab is not the worker's business.
    expect(get(`${SCOPE}models/a/model.json`, 'navigate')).toEqual({ kind: 'pass' });
  });

  it('caches the official model folders of the catalog and no other foreign request', () => {
    const official = TM_MOBILENET_V2.officialUrl!;
    expect(get(official)).toEqual({ kind: 'model', cacheKey: official });
    expect(get(official.replace('model.json', 'group1-shard1of1')).kind).toBe('model');
    const hub = `${MOBILENET_V1_025.officialUrl!}/group1-shard1of1?tfjs-format=file`;
    expect(get(hub)).toEqual({ kind: 'model', cacheKey: hub });
    expect(get('https://storage.googleapis.com/some-bucket/model.json')).toEqual({ kind: 'pass' });
    expect(get('https://tracker.example/pixel.gif')).toEqual({ kind: 'pass' });
  });

  it('never answers a request that is not a GET', () => {
    expect(
      routeRequest(config, SCOPE, { url: `${SCOPE}index.html`, method: 'POST', mode: 'cors' }),
    ).toEqual({ kind: 'pass' });
  });
});

describe('weightUrls', () => {
  it('resolves every manifest path after the folder of model.json', () => {
    const modelJson = {
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'] }, { paths: [] }],
    };
    expect(weightUrls(`${SCOPE}models/m/model.json`, modelJson)).toEqual([
      `${SCOPE}models/m/group1-shard1of2.bin`,
      `${SCOPE}models/m/group1-shard2of2.bin`,
    ]);
  });

  it("keeps TF-Hub's query string on each weight file, as tf.io.http does", () => {
    expect(
      weightUrls('https://tfhub.dev/g/m/1/model.json?tfjs-format=file', {
        weightsManifest: [{ paths: ['group1-shard1of1'] }],
      }),
    ).toEqual(['https://tfhub.dev/g/m/1/group1-shard1of1?tfjs-format=file']);
  });

  it('refuses a document that is not a TF.js model', () => {
    expect(() => weightUrls(`${SCOPE}m/model.json`, { hello: 1 })).toThrow(/weightsManifest/);
    expect(() => weightUrls(`${SCOPE}m/model.json`, null)).toThrow(/weightsManifest/);
    expect(() => weightUrls(`${SCOPE}m/model.json`, { weightsManifest: [{ paths: [3] }] })).toThrow(
      /not text/,
    );
  });
});

describe('the page side', () => {
  const base: OfflineSnapshot = {
    phase: 'ready',
    filesCached: 30,
    shellCached: 28,
    shellTotal: 28,
    modelCached: true,
    updateReady: false,
  };

  it('says "works offline" only with the whole shell and the image model saved', () => {
    expect(worksOffline(base)).toBe(true);
    expect(worksOffline({ ...base, shellCached: 27 })).toBe(false);
    expect(worksOffline({ ...base, modelCached: undefined })).toBe(false);
    expect(worksOffline({ ...base, modelCached: false })).toBe(false);
    expect(worksOffline({ ...base, phase: 'off', reason: 'not-registered' })).toBe(false);
    expect(worksOffline({ ...base, shellCached: 0, shellTotal: 0 })).toBe(false);
  });

  const session = (report?: {
    loadedId: string;
    source: 'self-hosted' | 'official' | 'offline-fallback';
    url: string;
  }) =>
    ({
      engine: {
        phase: report ? 'ready' : 'starting',
        ...(report ? { backbone: { report } } : {}),
      },
    }) as unknown as Pick<SessionSnapshot, 'engine'>;

  it("names the model.json the engine loaded, TF-Hub's included; nothing for the fallback", () => {
    const page = 'https://glimpse.example/app/?backend=wasm';
    expect(loadedModelUrl(session(), page)).toBeUndefined();
    expect(
      loadedModelUrl(
        session({
          loadedId: TM_MOBILENET_V2.id,
          source: 'self-hosted',
          url: `/app/models/${TM_MOBILENET_V2.id}/model.json`,
        }),
        page,
      ),
    ).toBe(`${SCOPE}models/${TM_MOBILENET_V2.id}/model.json`);
    expect(
      loadedModelUrl(
        session({
          loadedId: MOBILENET_V1_025.id,
          source: 'official',
          url: MOBILENET_V1_025.officialUrl!,
        }),
        page,
      ),
    ).toBe(`${MOBILENET_V1_025.officialUrl!}/model.json?tfjs-format=file`);
    expect(
      loadedModelUrl(
        session({ loadedId: OFFLINE_FALLBACK.id, source: 'offline-fallback', url: 'nsfwjs' }),
        page,
      ),
    ).toBeNull();
  });
});
