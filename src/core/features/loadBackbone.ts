/**
 * Finds a backbone's weights, in order: the self-hosted models folder, the official URL, then
 * (if allowed) the bundled offline fallback. Reports where the weights came from and every
 * failure on the way; never falls back silently.
 */
import * as tf from '@tensorflow/tfjs';
import { GlimpseError, ModelLoadError, type ModelLoadAttempt } from '../errors';
import { findBackbone, modelJsonUrl, OFFLINE_FALLBACK, type BackboneSpec } from './catalog';
import { createExtractor } from './extractor';
import type { FeatureExtractor } from './featureExtractor';
import {
  layersNetwork,
  multiLayerNetwork,
  packageNetwork,
  type MobileNetPackageModel,
  type Network,
} from './networks';

/** Where the loaded weights came from. */
export type WeightSource = ModelLoadAttempt['source'];

/** Options for {@link loadBackbone}. */
export interface LoadBackboneOptions {
  /**
   * Base URL of the self-hosted models folder; the backbone is read from
   * `<modelsBaseUrl>/<id>/model.json`. Default `/models/` (the app's `public/models/`).
   * Pass `null` to skip the self-hosted folder.
   */
  modelsBaseUrl?: string | null;
  /** Try the official upstream URL after the self-hosted folder (default true). */
  tryOfficial?: boolean;
  /** Load the bundled offline fallback when everything else failed (default true). */
  allowOfflineFallback?: boolean;
  /** Per-attempt timeout in milliseconds (default 30 s). */
  timeoutMs?: number;
}

/** What {@link loadBackbone} did. */
export interface BackboneLoadReport {
  /** The backbone the caller asked for. */
  requestedId: string;
  /** The backbone actually loaded (differs when the offline fallback stood in). */
  loadedId: string;
  source: WeightSource;
  url: string;
  /** Every attempt in order, the failed ones with their error. */
  attempts: ModelLoadAttempt[];
  /** True when the offline fallback replaced the requested backbone. */
  usedOfflineFallback: boolean;
}

function joinUrl(base: string, path: string): string {
  return base.endsWith('/') ? base + path : `${base}/${path}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function openNetwork(
  spec: BackboneSpec,
  url: string,
  source: WeightSource,
  timeoutMs: number,
): Promise<Network> {
  const loader = spec.loader;
  const requestInit = { signal: AbortSignal.timeout(timeoutMs) };
  switch (loader.kind) {
    case 'layers': {
      const model = await tf.loadLayersModel(url, { requestInit });
      return layersNetwork(model, loader.featureLayer, spec.embeddingDim);
    }
    case 'mobilenet-package': {
      const mobilenet = await import('@tensorflow-models/mobilenet');
      // Going through tf.io.http (not the package's own fetch) lets us apply the timeout.
      const modelUrl = modelJsonUrl(spec, url, source);
      const model = (await mobilenet.load({
        version: loader.version,
        alpha: loader.alpha,
        modelUrl: tf.io.http(modelUrl, { requestInit }),
        inputRange: loader.inputRange,
      })) as unknown as MobileNetPackageModel;
      return packageNetwork(model);
    }
    case 'nsfwjs-offline': {
      const { loadNsfwjsMobileNet } = await import('./nsfwjsModel');
      return multiLayerNetwork(await loadNsfwjsMobileNet(), loader.featureLayers);
    }
  }
}

async function attempt(
  spec: BackboneSpec,
  source: WeightSource,
  url: string,
  attempts: ModelLoadAttempt[],
  timeoutMs: number,
): Promise<FeatureExtractor | null> {
  try {
    const network = await openNetwork(spec, url, source, timeoutMs);
    const extractor = createExtractor(spec, network);
    attempts.push({ source, url });
    return extractor;
  } catch (error) {
    attempts.push({ source, url, error: describe(error) });
    return null;
  }
}

/** Loads a backbone from the first source that works. Throws ModelLoadError if none does. */
export async function loadBackbone(
  backboneId: string,
  options: LoadBackboneOptions = {},
): Promise<{ extractor: FeatureExtractor; report: BackboneLoadReport }> {
  const spec = findBackbone(backboneId);
  if (!spec) throw new GlimpseError('invalid-argument', `There is no image model "${backboneId}".`);
  const {
    modelsBaseUrl = '/models/',
    tryOfficial = true,
    allowOfflineFallback = true,
    timeoutMs = 30_000,
  } = options;
  const attempts: ModelLoadAttempt[] = [];
  const done = (extractor: FeatureExtractor, loaded: BackboneSpec) => {
    const last = attempts[attempts.length - 1]!;
    return {
      extractor,
      report: {
        requestedId: backboneId,
        loadedId: loaded.id,
        source: last.source,
        url: last.url,
        attempts,
        usedOfflineFallback: loaded.offlineFallback && !spec.offlineFallback,
      },
    };
  };

  if (spec.offlineFallback) {
    const extractor = await attempt(spec, 'offline-fallback', 'npm:nsfwjs', attempts, timeoutMs);
    if (extractor) return done(extractor, spec);
    throw new ModelLoadError(backboneId, attempts);
  }
  if (modelsBaseUrl !== null) {
    const url = joinUrl(joinUrl(modelsBaseUrl, spec.id), 'model.json');
    const extractor = await attempt(spec, 'self-hosted', url, attempts, timeoutMs);
    if (extractor) return done(extractor, spec);
  }
  if (tryOfficial && spec.officialUrl) {
    const extractor = await attempt(spec, 'official', spec.officialUrl, attempts, timeoutMs);
    if (extractor) return done(extractor, spec);
  }
  if (allowOfflineFallback) {
    const fallback = OFFLINE_FALLBACK;
    const extractor = await attempt(
      fallback,
      'offline-fallback',
      'npm:nsfwjs',
      attempts,
      timeoutMs,
    );
    if (extractor) return done(extractor, fallback);
  }
  throw new ModelLoadError(backboneId, attempts);
}
