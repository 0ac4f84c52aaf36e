/**
 * An Engine for session tests: embeddings from the fake extractor (mean colours), a real head
 * trained by the core on the WASM backend. No weights to download, deterministic.
 */
import type { Engine } from '../../src/core/engine/engine';
import { trainWithMetrics } from '../../src/core/engine/localEngine';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import { headModelFromWeights, type HeadModel } from '../../src/core/training/headModel';
import { createFakeExtractor } from './fakeExtractor';

export interface FakeEngine extends Engine {
  embedCalls: number;
  /** Makes the next embed call fail with this message. */
  failNextEmbed?: string;
}

export function createFakeEngine(): FakeEngine {
  const extractor = createFakeExtractor();
  let head: HeadModel | null = null;
  const backbone = {
    spec: { ...TM_MOBILENET_V2, embeddingDim: 12 },
    dim: 12,
    report: {
      requestedId: TM_MOBILENET_V2.id,
      loadedId: TM_MOBILENET_V2.id,
      source: 'self-hosted' as const,
      url: '/models/x/model.json',
      attempts: [],
      usedOfflineFallback: false,
    },
  };
  const fake: FakeEngine = {
    embedCalls: 0,
    async start() {
      return { backend: { active: 'wasm', forced: false, skipped: [] }, backbone };
    },
    async setBackend(name) {
      return { active: name, forced: true, skipped: [] };
    },
    async loadBackbone(options) {
      head?.dispose();
      head = null;
      return { ...backbone, spec: { ...backbone.spec, id: options.backboneId } };
    },
    async embed(images, options) {
      fake.embedCalls++;
      if (fake.failNextEmbed) {
        const text = fake.failNextEmbed;
        delete fake.failNextEmbed;
        throw new Error(text);
      }
      const out = await extractor.embed(images);
      options?.onProgress?.(images.length, images.length);
      return out;
    },
    async train(data, options, callbacks) {
      const { model, outcome } = await trainWithMetrics(data, options, callbacks);
      head?.dispose();
      head = model;
      return outcome;
    },
    async setHead(weights) {
      head?.dispose();
      head = weights ? headModelFromWeights(weights) : null;
    },
    async predict(embeddings) {
      return head!.predict(embeddings);
    },
    async classify(image) {
      const [embedding] = await extractor.embed([image]);
      return {
        embedding: embedding!,
        probabilities: head ? (await head.predict([embedding!]))[0]! : null,
        latencyMs: 1,
      };
    },
    async memory() {
      return { numTensors: 0, numBytes: 0, backend: 'wasm' };
    },
    dispose() {
      head?.dispose();
      head = null;
    },
  };
  return fake;
}
