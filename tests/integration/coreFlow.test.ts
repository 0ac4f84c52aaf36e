/**
 * The whole core flow on a real backbone and real photos: add images (embedded once), train,
 * predict, evaluate, dispose — with the tensor count back at its baseline after each step.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { EmbeddingStore } from '../../src/core/dataset/embeddingStore';
import { evaluate, topK } from '../../src/core/evaluation/evaluate';
import { buildKnnIndex, knnPredict } from '../../src/core/knn/knnClassifier';
import { trainHead } from '../../src/core/training/trainHead';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { loadSharedBackbone } from '../support/accuracySuite';
import { loadDataset } from '../support/datasets';
import { expectNoLeaks } from '../support/noLeaks';
import { haveShared } from '../support/shared';

describe.skipIf(!haveShared())('core flow on real photos', () => {
  it('adds, trains, predicts, evaluates and disposes without leaking a tensor', async () => {
    const baseline = tf.memory().numTensors;
    const extractor = await loadSharedBackbone('mobilenet-v1-0.25-224-graph');
    const weightsTensors = tf.memory().numTensors;
    const ds = loadDataset('rock-paper-scissors', { perClassTrain: 15 });
    const store = new EmbeddingStore();
    ds.classes.forEach((name) => store.addClass({ id: name, name }));

    await expectNoLeaks(async () => {
      for (const name of ds.classes) {
        const files = ds.train.filter((d) => d.className === name);
        const images = await Promise.all(
          files.map(async (f) => ({ pixels: await decodeImageFile(f.path), name: f.file })),
        );
        await store.addImages(extractor, name, images, 'upload', { batchSize: 8 });
      }
    });
    expect(store.size).toBe(45);

    const set = store.trainingSet();
    const testPixels = await Promise.all(ds.test.map((d) => decodeImageFile(d.path)));
    const testLabels = ds.test.map((d) => ds.classes.indexOf(d.className));
    const testEmbeddings = await expectNoLeaks(() => extractor.embed(testPixels));

    const trained = await expectNoLeaks(
      () => trainHead({ embeddings: set.embeddings, labels: set.labels, classCount: 3 }),
      // the trained head's own weights stay until it is disposed
      4,
    );
    const probs = await expectNoLeaks(() => trained.model.predict(testEmbeddings));
    const report = await expectNoLeaks(() =>
      evaluate(
        probs,
        testLabels,
        ds.test.map((d) => d.file),
        3,
      ),
    );
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expect(
      topK(probs[0]!, 3)
        .map((r) => r.classIndex)
        .sort(),
    ).toEqual([0, 1, 2]);

    const index = buildKnnIndex(set.embeddings, set.labels, 3);
    const knn = evaluate(
      testEmbeddings.map((e) => knnPredict(index, e, 5)),
      testLabels,
      ds.test.map((d) => d.file),
      3,
    );
    expect(knn.accuracy).toBeGreaterThanOrEqual(0.85);

    trained.model.dispose();
    expect(tf.memory().numTensors).toBe(weightsTensors);
    extractor.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
