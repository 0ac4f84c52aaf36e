import { describe, expect, it, vi } from 'vitest';
import { parseStartupOptions } from '../../src/app/startupOptions';
import { createStartupStore, type StartupDeps } from '../../src/app/startupStore';
import { BackendUnavailableError, ModelLoadError } from '../../src/core/errors';
import {
  DEFAULT_BACKBONE_ID,
  MOBILENET_V2_100,
  OFFLINE_FALLBACK,
  TM_MOBILENET_V2,
} from '../../src/core/features/catalog';
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import type { BackendName } from '../../src/core/tf/backends';

const ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

function fakeExtractor(spec = TM_MOBILENET_V2): FeatureExtractor {
  return {
    spec,
    id: spec.id,
    dim: spec.embeddingDim,
    embed: async () => [],
    embedPreprocessed: async () => [],
    dispose: vi.fn(),
  };
}

function deps(overrides: Partial<StartupDeps> = {}): StartupDeps {
  return {
    backendOrder: ORDER,
    initBackend: async () => ({
      active: 'webgl',
      forced: false,
      skipped: [{ name: 'webgpu', reason: 'No available adapters.' }],
    }),
    loadBackbone: async () => ({
      extractor: fakeExtractor(),
      report: {
        requestedId: TM_MOBILENET_V2.id,
        loadedId: TM_MOBILENET_V2.id,
        source: 'self-hosted',
        url: '/models/x/model.json',
        attempts: [{ source: 'self-hosted', url: '/models/x/model.json' }],
        usedOfflineFallback: false,
      },
    }),
    ...overrides,
  };
}

describe('startup store', () => {
  it('reports the active backend, the failed ones with their reason and the untried ones', async () => {
    const store = createStartupStore(deps());
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.getSnapshot().backbone.status));
    await store.start();
    const { backend, backbone } = store.getSnapshot();
    expect(backend).toEqual({
      status: 'ready',
      value: {
        active: 'webgl',
        forced: false,
        others: [
          { name: 'webgpu', reason: 'No available adapters.' },
          { name: 'wasm', reason: 'not tried: webgl comes first and works' },
          { name: 'cpu', reason: 'not tried: webgl comes first and works' },
        ],
      },
    });
    expect(backbone).toMatchObject({
      status: 'ready',
      value: { label: TM_MOBILENET_V2.label, embeddingDim: 1280, source: 'self-hosted' },
    });
    expect(seen).toEqual(['pending', 'ready']);
  });

  it('starts once however often start() is called', async () => {
    const initBackend = vi.fn(deps().initBackend);
    const store = createStartupStore(deps({ initBackend }));
    await Promise.all([store.start(), store.start()]);
    await store.start();
    expect(initBackend).toHaveBeenCalledTimes(1);
  });

  it('names the offline fallback and the backbone it stands in for', async () => {
    const store = createStartupStore(
      deps({
        loadBackbone: async () => ({
          extractor: fakeExtractor(OFFLINE_FALLBACK),
          report: {
            requestedId: MOBILENET_V2_100.id,
            loadedId: OFFLINE_FALLBACK.id,
            source: 'offline-fallback',
            url: 'npm:nsfwjs',
            attempts: [
              { source: 'self-hosted', url: '/m', error: '404' },
              { source: 'offline-fallback', url: 'npm:nsfwjs' },
            ],
            usedOfflineFallback: true,
          },
        }),
      }),
    );
    await store.start();
    expect(store.getSnapshot().backbone).toMatchObject({
      status: 'ready',
      value: {
        requestedLabel: MOBILENET_V2_100.label,
        label: OFFLINE_FALLBACK.label,
        usedOfflineFallback: true,
        note: OFFLINE_FALLBACK.note,
      },
    });
  });

  it('does not load a backbone when no backend runs', async () => {
    const loadBackbone = vi.fn(deps().loadBackbone);
    const store = createStartupStore(
      deps({
        initBackend: async () => {
          throw new BackendUnavailableError('webgpu', 'it failed to initialise');
        },
        loadBackbone,
      }),
    );
    await store.start();
    const { backend, backbone } = store.getSnapshot();
    expect(backend).toMatchObject({ status: 'failed', message: expect.stringContaining('webgpu') });
    expect(backbone).toMatchObject({ status: 'failed', attempts: [] });
    expect(loadBackbone).not.toHaveBeenCalled();
  });

  it('keeps every failed attempt when no source can deliver the backbone', async () => {
    const attempts = [{ source: 'self-hosted' as const, url: '/m', error: '404' }];
    const store = createStartupStore(
      deps({
        loadBackbone: async () => {
          throw new ModelLoadError(TM_MOBILENET_V2.id, attempts);
        },
      }),
    );
    await store.start();
    expect(store.getSnapshot().backbone).toMatchObject({ status: 'failed', attempts });
  });

  it('disposes the loaded model, also when it arrives after dispose()', async () => {
    const first = fakeExtractor();
    const store = createStartupStore(
      deps({ loadBackbone: async () => ({ ...(await deps().loadBackbone()), extractor: first }) }),
    );
    await store.start();
    store.dispose();
    store.dispose();
    expect(first.dispose).toHaveBeenCalledTimes(1);

    const late = fakeExtractor();
    const early = createStartupStore(
      deps({ loadBackbone: async () => ({ ...(await deps().loadBackbone()), extractor: late }) }),
    );
    const run = early.start();
    early.dispose();
    await run;
    expect(late.dispose).toHaveBeenCalledTimes(1);
  });
});

describe('start-up options from the URL', () => {
  it('defaults to the automatic backend and the default backbone', () => {
    expect(parseStartupOptions('', ORDER)).toEqual({
      backboneId: DEFAULT_BACKBONE_ID,
      offline: false,
      notes: [],
    });
  });

  it('reads ?backend, ?backbone and ?offline', () => {
    const options = parseStartupOptions('?backend=wasm&backbone=abc&offline=1', ORDER);
    expect(options).toMatchObject({ backend: 'wasm', backboneId: 'abc', offline: true });
    expect(options.notes.join(' ')).toContain('Offline mode');
  });

  it('ignores an unknown backend and says so', () => {
    const options = parseStartupOptions('?backend=tpu', ORDER);
    expect(options.backend).toBeUndefined();
    expect(options.notes.join(' ')).toContain('Ignored ?backend=tpu');
  });
});
