/**
 * The start-up state of the page: which compute backend runs and which image model (backbone)
 * is loaded. Framework-free; React reads it through `useSyncExternalStore`. The slow work is
 * injected by the composition root, so this file never touches TF.js.
 */
import { ModelLoadError, type ModelLoadAttempt } from '../core/errors';
import type { FeatureExtractor } from '../core/features/featureExtractor';
import type { BackboneLoadReport, WeightSource } from '../core/features/loadBackbone';
import type { BackendName, BackendReport } from '../core/tf/backends';
import { findBackbone } from '../core/features/catalog';

/** A step that is running, finished, or failed with a message for the user (plus `F`). */
export type Step<T, F = unknown> =
  | { status: 'pending' }
  | { status: 'ready'; value: T }
  | ({ status: 'failed'; message: string } & F);

/** The active backend and what happened to every other one. */
export interface BackendStatus {
  active: BackendName;
  forced: boolean;
  /** Every other backend in preference order, with why it is not the active one. */
  others: { name: BackendName; reason: string }[];
}

/** The loaded backbone and where its weights came from. */
export interface BackboneStatus {
  requestedId: string;
  requestedLabel: string;
  loadedId: string;
  label: string;
  embeddingDim: number;
  source: WeightSource;
  url: string;
  /** The offline fallback stands in for the requested backbone (lower accuracy). */
  usedOfflineFallback: boolean;
  /** The loaded backbone's one-line note on speed and quality. */
  note: string;
  attempts: readonly ModelLoadAttempt[];
}

/** What the page shows. Replaced, never mutated, on every change. */
export interface StartupSnapshot {
  /** Remarks about the URL's options, for the user. */
  notes: readonly string[];
  backend: Step<BackendStatus>;
  /** A failure lists every place the weights were looked for (empty if none was tried). */
  backbone: Step<BackboneStatus, { attempts: readonly ModelLoadAttempt[] }>;
}

/** The slow, platform-bound work the store drives. */
export interface StartupDeps {
  /** The backend preference order, to explain the backends that were never tried. */
  backendOrder: readonly BackendName[];
  initBackend(): Promise<BackendReport>;
  loadBackbone(): Promise<{ extractor: FeatureExtractor; report: BackboneLoadReport }>;
  notes?: readonly string[];
}

/** The start-up store: `subscribe`/`getSnapshot` for React, `start` once, `dispose` at the end. */
export interface StartupStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): StartupSnapshot;
  /** Starts the backend, then loads the backbone. Runs once; later calls return the same run. */
  start(): Promise<void>;
  /** Frees the loaded model. Safe to call twice. */
  dispose(): void;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function backendStatus(report: BackendReport, order: readonly BackendName[]): BackendStatus {
  const others = order
    .filter((name) => name !== report.active)
    .map(
      (name) =>
        report.skipped.find((s) => s.name === name) ?? {
          name,
          reason: `not tried: ${report.active} comes first and works`,
        },
    );
  return { active: report.active, forced: report.forced, others };
}

function backboneStatus(extractor: FeatureExtractor, report: BackboneLoadReport): BackboneStatus {
  return {
    requestedId: report.requestedId,
    requestedLabel: findBackbone(report.requestedId)?.label ?? report.requestedId,
    loadedId: report.loadedId,
    label: extractor.spec.label,
    embeddingDim: extractor.dim,
    source: report.source,
    url: report.url,
    usedOfflineFallback: report.usedOfflineFallback,
    note: extractor.spec.note,
    attempts: report.attempts,
  };
}

/** Creates the store; nothing runs until {@link StartupStore.start}. */
export function createStartupStore(deps: StartupDeps): StartupStore {
  const listeners = new Set<() => void>();
  let snapshot: StartupSnapshot = {
    notes: deps.notes ?? [],
    backend: { status: 'pending' },
    backbone: { status: 'pending' },
  };
  let extractor: FeatureExtractor | null = null;
  let disposed = false;
  let run: Promise<void> | null = null;

  const update = (patch: Partial<StartupSnapshot>) => {
    snapshot = { ...snapshot, ...patch };
    for (const listener of listeners) listener();
  };

  const startOnce = async () => {
    try {
      update({
        backend: {
          status: 'ready',
          value: backendStatus(await deps.initBackend(), deps.backendOrder),
        },
      });
    } catch (error) {
      update({
        backend: { status: 'failed', message: messageOf(error) },
        backbone: {
          status: 'failed',
          message: 'Not loaded: no compute backend is running.',
          attempts: [],
        },
      });
      return;
    }
    try {
      const loaded = await deps.loadBackbone();
      if (disposed) {
        loaded.extractor.dispose();
        return;
      }
      extractor = loaded.extractor;
      update({
        backbone: { status: 'ready', value: backboneStatus(loaded.extractor, loaded.report) },
      });
    } catch (error) {
      const attempts = error instanceof ModelLoadError ? error.attempts : [];
      update({ backbone: { status: 'failed', message: messageOf(error), attempts } });
    }
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    start() {
      run ??= startOnce();
      return run;
    },
    dispose() {
      disposed = true;
      extractor?.dispose();
      extractor = null;
      listeners.clear();
    },
  };
}
