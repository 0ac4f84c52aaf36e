import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackbone } from '../../src/core/features/loadBackbone';
import { DisposedError, ModelLoadError } from '../../src/core/errors';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { loadDataset } from '../support/datasets';
import { serveFolder, type StaticServer } from '../support/modelServer';
import { expectNoLeaks } from '../support/noLeaks';
import { haveShared, MODELS_DIR } from '../support/shared';

describe.skipIf(!haveShared())('loading real backbones from the self-hosted folder', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveFolder(MODELS_DIR);
  });
  afterAll(() => server?.close());

  it('loads the Teachable Machine base from the self-hosted folder and says so', async () => {
    const { extractor, report } = await loadBackbone('mobilenet-v2-0.35-224-tm', {
      modelsBaseUrl: server.url,
      tryOfficial: false,
    });
    expect(report).toMatchObject({
      requestedId: 'mobilenet-v2-0.35-224-tm',
      loadedId: 'mobilenet-v2-0.35-224-tm',
      source: 'self-hosted',
      url: `${server.url}mobilenet-v2-0.35-224-tm/model.json`,
      usedOfflineFallback: false,
    });
    expect(report.attempts).toEqual([{ source: 'self-hosted', url: report.url }]);
    expect(extractor.dim).toBe(1280);
    expect(server.requests).toContain('/mobilenet-v2-0.35-224-tm/weights.bin');
    extractor.dispose();
  });

  it('embeds real photos with every genuine backbone without leaking tensors', async () => {
    const photos = await Promise.all(
      loadDataset('rock-paper-scissors')
        .test.slice(0, 5)
        .map((d) => decodeImageFile(d.path)),
    );
    for (const [id, dim] of [
      ['mobilenet-v2-0.35-224-tm', 1280],
      ['mobilenet-v1-0.25-224-graph', 256],
    ] as const) {
      await expectNoLeaks(async () => {
        const { extractor } = await loadBackbone(id, {
          modelsBaseUrl: server.url,
          tryOfficial: false,
        });
        const embeddings = await extractor.embed(photos, { batchSize: 2 });
        expect(embeddings).toHaveLength(5);
        for (const e of embeddings) {
          expect(e).toHaveLength(dim);
          expect(e.every(Number.isFinite)).toBe(true);
          expect(e.some((v) => v !== 0)).toBe(true);
        }
        // Different photos give different embeddings; the same photo gives the same one.
        expect(Array.from(embeddings[0]!)).not.toEqual(Array.from(embeddings[1]!));
        const again = await extractor.embed([photos[0]!]);
        again[0]!.forEach((v, i) => expect(v).toBeCloseTo(embeddings[0]![i]!, 4));
        extractor.dispose();
        extractor.dispose();
        await expect(extractor.embed(photos)).rejects.toBeInstanceOf(DisposedError);
      });
    }
  });

  it('reports progress per batch and stops when cancelled', async () => {
    const { extractor } = await loadBackbone('mobilenet-v1-0.25-224-graph', {
      modelsBaseUrl: server.url,
      tryOfficial: false,
    });
    const photo = await decodeImageFile(loadDataset('flowers').test[0]!.path);
    const progress: number[] = [];
    await extractor.embed([photo, photo, photo], {
      batchSize: 2,
      onProgress: (done) => progress.push(done),
    });
    expect(progress).toEqual([2, 3]);
    const controller = new AbortController();
    const run = extractor.embed([photo, photo, photo], {
      batchSize: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    extractor.dispose();
  });

  it('names every place it looked when a backbone cannot be loaded anywhere', async () => {
    const attempt = loadBackbone('mobilenet-v2-0.35-224-tm', {
      modelsBaseUrl: `${server.url}missing/`,
      tryOfficial: false,
      allowOfflineFallback: false,
    });
    await expect(attempt).rejects.toBeInstanceOf(ModelLoadError);
    const error = (await attempt.catch((e: unknown) => e)) as ModelLoadError;
    expect(error.code).toBe('model-load-failed');
    expect(error.attempts).toHaveLength(1);
    expect(error.attempts[0]).toMatchObject({
      source: 'self-hosted',
      url: `${server.url}missing/mobilenet-v2-0.35-224-tm/model.json`,
    });
    expect(error.message).toContain('mobilenet-v2-0.35-224-tm');
    expect(error.message).toContain('404');
  });

  it('rejects an unknown backbone id with a clear message', async () => {
    await expect(loadBackbone('resnet-9000')).rejects.toThrow(/no image model "resnet-9000"/);
  });
});
