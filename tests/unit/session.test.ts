import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/core/session/session';
import type { IncomingImage, SessionStore } from '../../src/core/session/sessionTypes';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

const RED = [230, 20, 20] as const;
const BLUE = [20, 20, 230] as const;

function images(n: number, rgb: readonly [number, number, number], tag = 'img'): IncomingImage[] {
  return Array.from({ length: n }, (_, i) => ({
    pixels: solidImage(8, 8, [rgb[0] + (i % 5), rgb[1], rgb[2] - (i % 5)]),
    thumbnail: `blob:${tag}-${i}`,
    name: `${tag}-${i}.png`,
  }));
}

async function startedSession(overrides: Parameters<typeof createSession>[0]['headOptions'] = {}) {
  const engine = createFakeEngine();
  const released: string[] = [];
  const session = createSession({
    engine,
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    releaseThumbnail: (url) => released.push(url),
    decodeThumbnail: async () => solidImage(8, 8, [100, 100, 100]),
    headOptions: { epochs: 15, ...overrides },
  });
  await session.start();
  return { session, engine, released };
}

const classIds = (s: SessionStore) => s.getSnapshot().classes.map((c) => c.id);

describe('trainer session', () => {
  it('starts with two empty classes and explains why it cannot train yet', async () => {
    const { session } = await startedSession();
    const snap = session.getSnapshot();
    expect(snap.classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
    expect(snap.engine.phase).toBe('ready');
    expect(snap.readiness).toEqual({ ok: false, reason: 'Add images to “Class 1”, “Class 2”.' });
  });

  it('notifies subscribers with a new snapshot on every change', async () => {
    const { session } = await startedSession();
    const seen: unknown[] = [];
    const unsubscribe = session.subscribe(() => seen.push(session.getSnapshot()));
    session.renameClass(classIds(session)[0]!, 'Cats');
    expect(seen).toHaveLength(1);
    expect(session.getSnapshot().classes[0]!.name).toBe('Cats');
    unsubscribe();
    session.renameClass(classIds(session)[0]!, 'Dogs');
    expect(seen).toHaveLength(1);
  });

  it('trains once both classes have images, then evaluates and predicts with the model', async () => {
    const { session } = await startedSession();
    const [red, blue] = classIds(session);
    await session.addImages(red!, images(12, RED, 'r'), 'upload');
    await session.addImages(blue!, images(12, BLUE, 'b'), 'webcam');
    expect(session.getSnapshot().readiness.ok).toBe(true);
    const epochsSeen: number[] = [];
    session.subscribe(() => epochsSeen.push(session.getSnapshot().training.epochs.length));
    await session.train();
    const snap = session.getSnapshot();
    expect(snap.training.phase).toBe('trained');
    expect(Math.max(...epochsSeen)).toBe(snap.training.epochs.length);
    expect(snap.evaluation?.confusion.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const prediction = await session.classify(solidImage(8, 8, [240, 10, 10]));
    expect(prediction?.mode).toBe('model');
    expect(
      prediction!.classIds[
        prediction!.probabilities.indexOf(Math.max(...prediction!.probabilities))
      ],
    ).toBe(red);
  });

  it('predicts instantly with k-NN before any training', async () => {
    const { session } = await startedSession();
    const [red, blue] = classIds(session);
    expect(await session.classify(solidImage(8, 8, [240, 10, 10]))).toBeNull();
    await session.addImages(red!, images(3, RED), 'upload');
    await session.addImages(blue!, images(3, BLUE), 'upload');
    const prediction = await session.classify(solidImage(8, 8, [10, 10, 240]));
    expect(prediction?.mode).toBe('instant');
    expect(prediction!.probabilities[1]).toBeGreaterThan(0.9);
  });

  it('deletes a class with its samples and brings both back on undo', async () => {
    const { session, released } = await startedSession();
    const [red] = classIds(session);
    await session.addImages(red!, images(2, RED), 'upload');
    session.deleteClass(red!);
    expect(session.getSnapshot().classes).toHaveLength(1);
    expect(session.getSnapshot().deletedClass?.view.name).toBe('Class 1');
    session.undoDeleteClass();
    const snap = session.getSnapshot();
    expect(snap.classes.map((c) => c.id)).toEqual([red, expect.any(String)]);
    expect(snap.classes[0]!.sampleIds).toHaveLength(2);
    expect(released).toEqual([]);
  });

  it('adds, reorders, clears and names classes', async () => {
    const { session, released } = await startedSession();
    const id = session.addClass();
    expect(session.getSnapshot().classes.at(-1)!.name).toBe('Class 3');
    session.moveClass(id, 0);
    expect(classIds(session)[0]).toBe(id);
    await session.addImages(id, images(2, RED), 'upload');
    session.clearClass(id);
    expect(session.getSnapshot().classes[0]!.sampleIds).toEqual([]);
    expect(released).toHaveLength(2);
    session.renameClass(id, '   ');
    expect(session.getSnapshot().classes[0]!.name).toBe('Class 3');
    expect(session.getSnapshot().notices.at(-1)!.text).toMatch(/needs a name/);
  });

  it('marks the model stale when samples change after training', async () => {
    const { session } = await startedSession();
    const [red, blue] = classIds(session);
    await session.addImages(red!, images(6, RED), 'upload');
    await session.addImages(blue!, images(6, BLUE), 'upload');
    await session.train();
    expect(session.getSnapshot().training.stale).toBe(false);
    await session.addImages(blue!, images(1, BLUE, 'late'), 'upload');
    expect(session.getSnapshot().training.stale).toBe(true);
  });

  it('moves a misclassified sample to its right class from the evaluation', async () => {
    const { session } = await startedSession({ validationFraction: 0 });
    const [red, blue] = classIds(session);
    await session.addImages(red!, images(6, RED), 'upload');
    const [wrong] = await session.addImages(red!, images(1, BLUE, 'mislabelled'), 'upload');
    await session.addImages(blue!, images(6, BLUE), 'upload');
    await session.train();
    const before = session.getSnapshot().evaluation!;
    // Nothing held out: every image was checked by a head trained without it.
    expect(before.basis).toBe('cross-validation');
    expect(before.total).toBe(13);
    const [r, b] = [before.classIds.indexOf(red!), before.classIds.indexOf(blue!)];
    expect(before.cellIds[r]![b]).toContain(wrong);
    session.moveSample(wrong!, blue!);
    const snap = session.getSnapshot();
    expect(snap.samples[wrong!]!.classId).toBe(blue);
    expect(snap.evaluation!.cellIds.flat(2)).not.toContain(wrong);
  });

  it('cancels training and says so', async () => {
    const { session } = await startedSession({ epochs: 5000, earlyStopping: null });
    const [red, blue] = classIds(session);
    await session.addImages(red!, images(6, RED), 'upload');
    await session.addImages(blue!, images(6, BLUE), 'upload');
    const run = session.train();
    await new Promise((r) => setTimeout(r, 30));
    session.cancelTraining();
    await run;
    expect(session.getSnapshot().training.phase).toBe('cancelled');
    expect(session.getSnapshot().notices.at(-1)!.text).toBe('Training cancelled.');
  });

  it('keeps its samples and reports an error when embedding fails', async () => {
    const { session, engine } = await startedSession();
    const [red] = classIds(session);
    await session.addImages(red!, images(2, RED), 'upload');
    engine.failNextEmbed = 'GPU context lost';
    expect(await session.addImages(red!, images(2, RED), 'upload')).toEqual([]);
    const snap = session.getSnapshot();
    expect(snap.classes[0]!.sampleIds).toHaveLength(2);
    expect(snap.notices.at(-1)).toMatchObject({
      level: 'error',
      text: expect.stringContaining('GPU context lost'),
    });
    expect(snap.ingest.active).toBe(false);
  });

  it('re-embeds every sample from its thumbnail when the backbone changes', async () => {
    const { session, engine } = await startedSession();
    const [red, blue] = classIds(session);
    await session.addImages(red!, images(3, RED), 'upload');
    await session.addImages(blue!, images(3, BLUE), 'upload');
    const calls = engine.embedCalls;
    await session.setBackbone('mobilenet-v1-0.25-224-graph');
    const snap = session.getSnapshot();
    expect(snap.backboneId).toBe('mobilenet-v1-0.25-224-graph');
    expect(engine.embedCalls).toBeGreaterThan(calls);
    expect(snap.classes.map((c) => c.sampleIds.length)).toEqual([3, 3]);
    expect(snap.training.phase).toBe('idle');
  });
});

describe('trainer session extras', () => {
  it('says when a prediction is possible: two classes with images, or a trained model', async () => {
    const { session } = await startedSession();
    const [red, blue] = classIds(session);
    expect(session.getSnapshot().canPredict).toBe(false);
    await session.addImages(red!, images(2, RED), 'upload');
    expect(session.getSnapshot().canPredict).toBe(false);
    await session.addImages(blue!, images(2, BLUE), 'upload');
    expect(session.getSnapshot().canPredict).toBe(true);
  });

  it('reads the engine memory on request for the debug drawer', async () => {
    const { session } = await startedSession();
    expect(session.getSnapshot().memory).toBeNull();
    await session.refreshMemory();
    expect(session.getSnapshot().memory).toMatchObject({ backend: 'wasm' });
  });

  it('keeps confusion counts in step with the cells after a sample is moved', async () => {
    const { session } = await startedSession({ validationFraction: 0 });
    const [red, blue] = classIds(session);
    await session.addImages(red!, images(5, RED), 'upload');
    const [odd] = await session.addImages(red!, images(1, BLUE, 'odd'), 'upload');
    await session.addImages(blue!, images(5, BLUE), 'upload');
    await session.train();
    const before = session.getSnapshot().evaluation!;
    session.removeSample(odd!);
    const after = session.getSnapshot().evaluation!;
    expect(after.total).toBe(before.total - 1);
    after.confusion.forEach((row, t) =>
      row.forEach((n, p) => expect(n).toBe(after.cellIds[t]![p]!.length)),
    );
  });

  it('reuses class and sample views between predictions so the UI need not re-render them', async () => {
    const { session } = await startedSession();
    const [red, blue] = classIds(session);
    await session.addImages(red!, images(2, RED), 'upload');
    await session.addImages(blue!, images(2, BLUE), 'upload');
    const before = session.getSnapshot();
    await session.classify(solidImage(8, 8, [240, 10, 10]));
    const after = session.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.classes).toBe(before.classes);
    expect(after.samples).toBe(before.samples);
  });
});
