import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseProject } from '../../src/core/io/projectFormat';
import {
  createMemoryProjectStorage,
  type ProjectStorage,
} from '../../src/core/persistence/projectStorage';
import { createAutosave } from '../../src/core/session/autosave';
import { createSession } from '../../src/core/session/session';
import type { IncomingImage, SessionStore } from '../../src/core/session/sessionTypes';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

/** Thumbnails are "URLs" naming a byte pattern; reading one back gives those bytes. */
function thumbnails() {
  const bytes = new Map<string, Uint8Array>();
  let n = 0;
  return {
    bytes,
    readThumbnail: async (url: string) => bytes.get(url) ?? Uint8Array.of(0xff, 0xd8),
    makeThumbnail: (b: Uint8Array) => {
      const url = `blob:made-${++n}`;
      bytes.set(url, b);
      return url;
    },
  };
}

async function newSession() {
  const thumbs = thumbnails();
  const session = createSession({
    engine: createFakeEngine(),
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    readThumbnail: thumbs.readThumbnail,
    makeThumbnail: thumbs.makeThumbnail,
    headOptions: { epochs: 10 },
  });
  await session.start();
  return { session, thumbs };
}

function images(n: number, rgb: readonly [number, number, number], tag: string): IncomingImage[] {
  return Array.from({ length: n }, (_, i) => ({
    pixels: solidImage(8, 8, [rgb[0] + (i % 5), rgb[1], rgb[2] - (i % 5)]),
    thumbnail: `blob:${tag}-${i}`,
    name: `${tag}-${i}.png`,
  }));
}

/** Counts saves and can be made to fail. */
function spyStorage(inner: ProjectStorage = createMemoryProjectStorage()) {
  const spy = {
    saves: 0,
    fail: null as string | null,
    ...inner,
    async save(id: string, name: string, bytes: Uint8Array) {
      if (spy.fail) throw new Error(spy.fail);
      spy.saves++;
      await inner.save(id, name, bytes);
    },
  };
  return spy;
}

const texts = (s: SessionStore) => s.getSnapshot().notices.map((n) => n.text);
const ids = (s: SessionStore) => s.getSnapshot().classes.map((c) => c.id);
const topClass = (p: { probabilities: number[]; classIds: string[] } | null) =>
  p ? p.classIds[p.probabilities.indexOf(Math.max(...p.probabilities))] : undefined;

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave', () => {
  it('saves once, about a second after the last of several quick changes', async () => {
    const { session } = await newSession();
    const storage = spyStorage();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const autosave = createAutosave({ store: session, storage, newId: () => 'p1' });
    await autosave.start();
    expect(await storage.list()).toEqual([]); // starting saves nothing
    session.renameClass(ids(session)[0]!, 'Cats');
    await vi.advanceTimersByTimeAsync(600);
    session.renameClass(ids(session)[1]!, 'Dogs');
    session.setHeadOptions({ learningRate: 0.01 });
    await vi.advanceTimersByTimeAsync(900);
    expect(storage.saves).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    await autosave.flush();
    expect(storage.saves).toBe(1);
    const saved = parseProject((await storage.load('p1'))!);
    expect(saved.classes.map((c) => c.name)).toEqual(['Cats', 'Dogs']);
    expect(saved.headOptions.learningRate).toBe(0.01);
    // Notices and predictions are not project changes.
    session.addNotice('info', 'hello');
    await vi.advanceTimersByTimeAsync(5000);
    expect(storage.saves).toBe(1);
    autosave.stop();
  });

  it('restores the latest project on start, trained head included', async () => {
    const storage = createMemoryProjectStorage();
    const a = await newSession();
    const autosaveA = createAutosave({ store: a.session, storage, delayMs: 10 });
    await autosaveA.start();
    const [red, blue] = ids(a.session);
    a.session.renameClass(red!, 'Red');
    await a.session.addImages(red!, images(8, [230, 20, 20], 'r'), 'upload');
    await a.session.addImages(blue!, images(8, [20, 20, 230], 'b'), 'upload');
    await a.session.train();
    expect(a.session.getSnapshot().training.phase).toBe('trained');
    await new Promise((r) => setTimeout(r, 30));
    await autosaveA.flush();
    const probe = solidImage(8, 8, [240, 10, 10]);
    const before = await a.session.classify(probe);

    const b = await newSession();
    const autosaveB = createAutosave({ store: b.session, storage });
    await autosaveB.start();
    expect(autosaveB.projectId).toBe(autosaveA.projectId);
    const snap = b.session.getSnapshot();
    expect(snap.classes.map((c) => [c.name, c.sampleIds.length])).toEqual([
      ['Red', 8],
      ['Class 2', 8],
    ]);
    expect(snap.hasModel).toBe(true);
    expect(snap.training.phase).toBe('trained');
    expect(texts(b.session)).toEqual(['Restored your project “Untitled project”.']);
    const after = await b.session.classify(probe);
    expect(after?.mode).toBe('model');
    expect(topClass(after)).toBe(red);
    after!.probabilities.forEach((p, i) => expect(p).toBeCloseTo(before!.probabilities[i]!, 5));
    autosaveA.stop();
    autosaveB.stop();
  });

  it('reports a failing save once, keeps working and recovers', async () => {
    const { session } = await newSession();
    const storage = spyStorage();
    storage.fail = 'disk on fire';
    const autosave = createAutosave({ store: session, storage, delayMs: 5 });
    await autosave.start();
    session.renameClass(ids(session)[0]!, 'A');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    session.renameClass(ids(session)[0]!, 'B');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect(texts(session)).toEqual(['Autosave failed: disk on fire']);
    expect(session.getSnapshot().classes[0]!.name).toBe('B');
    storage.fail = null;
    session.renameClass(ids(session)[0]!, 'C');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect(parseProject((await storage.load(autosave.projectId))!).classes[0]!.name).toBe('C');
    autosave.stop();
  });

  it('leaves a corrupt saved project alone and starts an empty one, with a notice', async () => {
    const storage = createMemoryProjectStorage();
    await storage.save('old', 'Pets', Uint8Array.of(1, 2, 3, 4));
    const { session } = await newSession();
    const autosave = createAutosave({ store: session, storage, newId: () => 'fresh', delayMs: 5 });
    await autosave.start();
    expect(autosave.projectId).toBe('fresh');
    expect(session.getSnapshot().classes.map((c) => c.name)).toEqual(['Class 1', 'Class 2']);
    expect(texts(session)).toHaveLength(1);
    expect(texts(session)[0]).toMatch(/Could not restore your saved project “Pets”.*is kept/);
    session.renameClass(ids(session)[0]!, 'New');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect(Array.from((await storage.load('old'))!)).toEqual([1, 2, 3, 4]);
    expect((await storage.list()).map((p) => p.id).sort()).toEqual(['fresh', 'old']);
    autosave.stop();
  });

  it('opens a project file as a new stored project and keeps the current one', async () => {
    const storage = createMemoryProjectStorage();
    const other = await newSession();
    other.session.renameClass(ids(other.session)[0]!, 'Opened');
    const file = (await other.session.exportProject())!;
    const { session } = await newSession();
    let n = 0;
    const autosave = createAutosave({
      store: session,
      storage,
      delayMs: 5,
      newId: () => `p${++n}`,
    });
    await autosave.start();
    session.renameClass(ids(session)[0]!, 'Mine');
    // Opening flushes the pending save of the current project first.
    expect(await autosave.openAsNew(file)).toBe(true);
    expect(autosave.projectId).toBe('p2');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect(parseProject((await storage.load('p1'))!).classes[0]!.name).toBe('Mine');
    expect(parseProject((await storage.load('p2'))!).classes[0]!.name).toBe('Opened');
    // A file that cannot be opened changes nothing.
    expect(await autosave.openAsNew({ ...file, classes: [] })).toBe(false);
    expect(autosave.projectId).toBe('p2');
    autosave.stop();
  });

  it('lists, creates, switches, renames, duplicates and deletes projects', async () => {
    const storage = createMemoryProjectStorage();
    const { session } = await newSession();
    let n = 0;
    const autosave = createAutosave({
      store: session,
      storage,
      delayMs: 5,
      newId: () => `p${++n}`,
    });
    await autosave.start();
    const [first] = ids(session);
    await session.addImages(first!, images(3, [230, 20, 20], 'r'), 'upload');
    await autosave.rename('p1', 'Fruit');
    expect(session.getSnapshot().projectName).toBe('Fruit');
    expect((await autosave.list()).map((p) => [p.id, p.name])).toEqual([['p1', 'Fruit']]);

    expect(await autosave.createNew('Pets')).toBe(true);
    expect(autosave.projectId).toBe('p2');
    expect(session.getSnapshot().classes.map((c) => c.sampleIds.length)).toEqual([0, 0]);
    await autosave.flush();
    expect((await autosave.list()).map((p) => p.name).sort()).toEqual(['Fruit', 'Pets']);

    await autosave.rename('p1', 'Apples');
    const copy = await autosave.duplicate('p1');
    expect(parseProject((await storage.load(copy))!).name).toBe('Apples (copy)');

    expect(await autosave.switchTo('p1')).toBe(true);
    expect(autosave.projectId).toBe('p1');
    expect(session.getSnapshot().projectName).toBe('Apples');
    expect(session.getSnapshot().classes[0]!.sampleIds).toHaveLength(3);

    await autosave.remove('p2');
    await autosave.remove('p1'); // the current one: a new, empty project takes its place
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect(autosave.projectId).toBe('p4');
    expect(session.getSnapshot().classes.map((c) => c.sampleIds.length)).toEqual([0, 0]);
    expect((await autosave.list()).map((p) => p.id).sort()).toEqual([copy, 'p4'].sort());
    expect(await autosave.switchTo('missing')).toBe(false);
    expect(texts(session).at(-1)).toMatch(/no longer exists/);
    autosave.stop();
  });
});
