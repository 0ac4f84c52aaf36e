import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectData } from '../../src/core/io/projectFormat';
import {
  createMemoryProjectStorage,
  StorageFullError,
  type ProjectStorage,
} from '../../src/core/persistence/projectStorage';
import type { Engine } from '../../src/core/engine/engine';
import {
  AUTOSAVE_DELAY_MS,
  AUTOSAVE_RECOVERED_NOTICE,
  createAutosave,
  STORAGE_FULL_NOTICE,
} from '../../src/core/session/autosave';
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

/** A session whose engine is not started yet. */
function unstartedSession(engine: Engine = createFakeEngine()) {
  const thumbs = thumbnails();
  const session = createSession({
    engine,
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    readThumbnail: thumbs.readThumbnail,
    makeThumbnail: thumbs.makeThumbnail,
    headOptions: { epochs: 10 },
  });
  return { session, thumbs };
}

async function newSession() {
  const made = unstartedSession();
  await made.session.start();
  return made;
}

/** A deferred: `wait` resolves once `open()` is called. */
function gate() {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** The fake engine, whose start (loading the image model) takes until `ready.open()`. */
function slowEngine() {
  const inner = createFakeEngine();
  const ready = gate();
  const started: string[] = [];
  const loaded: string[] = [];
  const engine: Engine = {
    ...inner,
    async start(options) {
      started.push(options.backboneId);
      await ready.wait;
      return inner.start(options);
    },
    async loadBackbone(options) {
      loaded.push(options.backboneId);
      return inner.loadBackbone(options);
    },
  };
  return { engine, ready, started, loaded };
}

/** Storage whose listing answers only after `readable.open()`. */
function slowStorage(inner: ProjectStorage) {
  const readable = gate();
  const storage: ProjectStorage = {
    ...inner,
    async list() {
      await readable.wait;
      return inner.list();
    },
  };
  return { storage, readable };
}

/** Stores a trained two-class project (3 red and 3 blue images) as the latest project. */
async function storedTrainedProject(storage: ProjectStorage) {
  const { session } = await newSession();
  const [red, blue] = ids(session);
  session.renameClass(red!, 'Red');
  session.renameClass(blue!, 'Blue');
  await session.addImages(red!, images(3, [230, 20, 20], 'r'), 'upload');
  await session.addImages(blue!, images(3, [20, 20, 230], 'b'), 'upload');
  await session.train();
  const autosave = createAutosave({ store: session, storage, newId: () => 'saved' });
  await autosave.start();
  session.renameProject('Colours');
  await autosave.flush();
  autosave.stop();
  session.dispose();
  return { id: 'saved', project: (await storage.load('saved'))! };
}

const counts = (s: SessionStore) =>
  s.getSnapshot().classes.map((c) => [c.name, c.sampleIds.length]);

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
    async save(id: string, project: ProjectData) {
      if (spy.fail) throw new Error(spy.fail);
      spy.saves++;
      await inner.save(id, project);
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
  it('saves once, shortly after the last of several quick changes', async () => {
    const { session } = await newSession();
    const storage = spyStorage();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const autosave = createAutosave({ store: session, storage, newId: () => 'p1' });
    await autosave.start();
    expect(await storage.list()).toEqual([]); // starting saves nothing
    const wait = AUTOSAVE_DELAY_MS;
    expect(wait).toBeLessThanOrEqual(1000); // little is at risk between a change and its save
    session.renameClass(ids(session)[0]!, 'Cats');
    await vi.advanceTimersByTimeAsync(wait * 0.6);
    session.renameClass(ids(session)[1]!, 'Dogs');
    session.setHeadOptions({ learningRate: 0.01 });
    await vi.advanceTimersByTimeAsync(wait * 0.9);
    expect(storage.saves).toBe(0);
    await vi.advanceTimersByTimeAsync(wait * 0.2);
    await autosave.flush();
    expect(storage.saves).toBe(1);
    const saved = (await storage.load('p1'))!;
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

  it('saves the variants made when augmentation is turned on, and restores them with the setting', async () => {
    const storage = createMemoryProjectStorage();
    const thumbs = thumbnails();
    const session = createSession({
      engine: createFakeEngine(),
      startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
      readThumbnail: thumbs.readThumbnail,
      makeThumbnail: thumbs.makeThumbnail,
      decodeThumbnail: async () => solidImage(8, 8, [120, 60, 30]),
    });
    await session.start();
    const autosave = createAutosave({ store: session, storage, delayMs: 10 });
    await autosave.start();
    await session.addImages(ids(session)[0]!, images(3, [230, 20, 20], 'r'), 'upload');
    session.setHeadOptions({ augmentation: { flip: true, crops: 1, lights: 0 } });
    for (let i = 0; i < 100 && session.getSnapshot().ingest.active; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 30));
    await autosave.flush();
    const saved = (await storage.load(autosave.projectId))!;
    expect(saved.headOptions.augmentation).toEqual({ flip: true, crops: 1, lights: 0 });
    expect(saved.samples.map((s) => s.augmented?.length)).toEqual([2, 2, 2]);
    autosave.stop();

    const restored = await newSession();
    const autosaveB = createAutosave({ store: restored.session, storage });
    await autosaveB.start();
    const project = (await restored.session.exportProject())!;
    expect(project.headOptions.augmentation).toEqual({ flip: true, crops: 1, lights: 0 });
    expect(project.samples.map((s) => s.augmented?.length)).toEqual([2, 2, 2]);
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
    expect((await storage.load(autosave.projectId))!.classes[0]!.name).toBe('C');
    autosave.stop();
  });

  it('leaves a corrupt saved project alone and starts an empty one, with a notice', async () => {
    const storage = createMemoryProjectStorage();
    await storage.saveFile('old', 'Pets', Uint8Array.of(1, 2, 3, 4));
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
    expect((await storage.list()).find((p) => p.id === 'old')?.sizeBytes).toBe(4);
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
    expect((await storage.load('p1'))!.classes[0]!.name).toBe('Mine');
    expect((await storage.load('p2'))!.classes[0]!.name).toBe('Opened');
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
    expect((await storage.load(copy))!.name).toBe('Apples (copy)');

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

  it('saves a change at once on flush (leaving the page), without waiting for the delay', async () => {
    const { session } = await newSession();
    const storage = createMemoryProjectStorage();
    const autosave = createAutosave({ store: session, storage, newId: () => 'p1' });
    await autosave.start();
    session.renameClass(ids(session)[0]!, 'Just now');
    await autosave.flush(); // what the page does on visibilitychange (hidden) and pagehide
    expect((await storage.load('p1'))!.classes[0]!.name).toBe('Just now');
    autosave.stop();
  });

  it('on a full storage says so, offers Save project, keeps everything and recovers', async () => {
    const { session } = await newSession();
    const full: ProjectStorage = {
      ...createMemoryProjectStorage(),
      save: () => Promise.reject(new StorageFullError()),
    };
    const failing = createAutosave({ store: session, storage: full, delayMs: 5 });
    await failing.start();
    const [first] = ids(session);
    await session.addImages(first!, images(4, [230, 20, 20], 'r'), 'upload');
    await new Promise((r) => setTimeout(r, 20));
    await failing.flush();
    const notices = session.getSnapshot().notices;
    expect(notices.map((n) => [n.level, n.text, n.action])).toEqual([
      ['error', STORAGE_FULL_NOTICE, 'save-project'],
    ]);
    expect(STORAGE_FULL_NOTICE).toMatch(/storage is full.*Save project.*delete projects/);
    // Nothing is lost: the images are still there and the project can be downloaded.
    expect(counts(session)).toEqual([
      ['Class 1', 4],
      ['Class 2', 0],
    ]);
    const file = await session.exportProject();
    expect(file?.samples).toHaveLength(4);
    failing.stop();
  });

  it('says when autosave works again after failing', async () => {
    const { session } = await newSession();
    const storage = spyStorage();
    storage.fail = 'disk on fire';
    const autosave = createAutosave({ store: session, storage, delayMs: 5 });
    await autosave.start();
    session.renameClass(ids(session)[0]!, 'A');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect(session.getSnapshot().notices.at(-1)?.action).toBe('save-project');
    storage.fail = null;
    session.renameClass(ids(session)[0]!, 'B');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect(texts(session)).toEqual(['Autosave failed: disk on fire', AUTOSAVE_RECOVERED_NOTICE]);
    autosave.stop();
  });
});

describe('restore and the engine start', () => {
  it('restores before the engine is ready; images added meanwhile join it once it is', async () => {
    const storage = createMemoryProjectStorage();
    const saved = await storedTrainedProject(storage);
    const slow = slowEngine();
    const { session } = unstartedSession(slow.engine);
    const autosave = createAutosave({ store: session, storage, delayMs: 5 });
    await autosave.start(); // as the page does: restore right away, start the engine meanwhile
    const starting = session.start();
    expect(session.getSnapshot().engine.phase).toBe('starting');
    expect(autosave.projectId).toBe(saved.id);
    expect(session.getSnapshot().projectName).toBe('Colours');
    expect(counts(session)).toEqual([
      ['Red', 3],
      ['Blue', 3],
    ]);
    expect(session.getSnapshot().hasModel).toBe(true);

    // The user adds images while the image model still loads: they wait for it.
    const red = ids(session)[0]!;
    const adding = session.addImages(red, images(2, [240, 10, 10], 'late'), 'upload');
    await new Promise((r) => setTimeout(r, 20));
    expect(session.getSnapshot().ingest.active).toBe(true);
    slow.ready.open();
    await starting;
    expect(await adding).toHaveLength(2);
    expect(session.getSnapshot().engine.phase).toBe('ready');
    expect(counts(session)).toEqual([
      ['Red', 5],
      ['Blue', 3],
    ]);
    // The restored head is installed: predictions use the trained model at once.
    const guess = await session.classify(solidImage(8, 8, [240, 10, 10]));
    expect(guess?.mode).toBe('model');
    expect(topClass(guess)).toBe(red);
    // And the saved project now has everything.
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    const stored = (await storage.load(saved.id))!;
    expect(stored.samples.filter((s) => s.classId === red)).toHaveLength(5);
    expect(stored.head).not.toBeNull();
    expect(await storage.list()).toHaveLength(1);
    expect(slow.loaded).toEqual([]); // the engine started on the project's image model
    autosave.stop();
  });

  it('never replaces work started before the saved project was read: both are kept', async () => {
    const inner = createMemoryProjectStorage();
    const saved = await storedTrainedProject(inner);
    const { storage, readable } = slowStorage(inner);
    const slow = slowEngine();
    const { session } = unstartedSession(slow.engine);
    let n = 0;
    const autosave = createAutosave({
      store: session,
      storage,
      delayMs: 5,
      newId: () => `n${++n}`,
    });
    const restoring = autosave.start();
    const starting = session.start();
    // Storage is slow today: the user renames a class and adds an image first.
    const [first] = ids(session);
    session.renameClass(first!, 'Mine');
    const adding = session.addImages(first!, images(1, [10, 200, 10], 'mine'), 'upload');
    readable.open();
    await restoring;
    expect(autosave.projectId).toBe('n1');
    expect(session.getSnapshot().classes.map((c) => c.name)).toEqual(['Mine', 'Class 2']);
    expect(texts(session).at(-1)).toMatch(
      /started working before your saved project “Colours” was loaded.*kept: open it from Projects/,
    );
    slow.ready.open();
    await starting;
    expect(await adding).toHaveLength(1);
    expect(counts(session)).toEqual([
      ['Mine', 1],
      ['Class 2', 0],
    ]);
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    // Both projects are stored: the saved one untouched, the user's one with their image.
    expect(await inner.load(saved.id)).toEqual(saved.project);
    const mine = (await inner.load('n1'))!;
    expect(mine.classes[0]!.name).toBe('Mine');
    expect(mine.samples).toHaveLength(1);
    expect((await inner.list()).map((p) => p.id).sort()).toEqual(['n1', saved.id].sort());
    // The kept project opens from Projects with all its images.
    expect(await autosave.switchTo(saved.id)).toBe(true);
    expect(counts(session)).toEqual([
      ['Red', 3],
      ['Blue', 3],
    ]);
    autosave.stop();
  });

  it('does not restore over a change made while the engine sets the restored project up', async () => {
    const storage = createMemoryProjectStorage();
    const saved = await storedTrainedProject(storage);
    const inner = createFakeEngine();
    const headSet = gate();
    const engine: Engine = {
      ...inner,
      async setHead(weights) {
        await headSet.wait;
        return inner.setHead(weights);
      },
    };
    const { session } = unstartedSession(engine);
    await session.start();
    const autosave = createAutosave({ store: session, storage, delayMs: 5, newId: () => 'new' });
    const restoring = autosave.start();
    await new Promise((r) => setTimeout(r, 10)); // the restore now waits for the engine
    session.renameClass(ids(session)[0]!, 'Typed meanwhile');
    headSet.open();
    await restoring;
    expect(autosave.projectId).toBe('new');
    expect(session.getSnapshot().classes[0]!.name).toBe('Typed meanwhile');
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    expect((await storage.load('new'))!.classes[0]!.name).toBe('Typed meanwhile');
    expect(await storage.load(saved.id)).toEqual(saved.project);
    autosave.stop();
  });

  it('a project on another image model restored early gets that model once the engine starts', async () => {
    const storage = createMemoryProjectStorage();
    const saved = await storedTrainedProject(storage);
    const other = saved.project;
    await storage.delete(saved.id);
    const elsewhere = { ...other, backboneId: 'mobilenet-v2-1.0-224-graph' };
    await storage.save('other', elsewhere);
    const slow = slowEngine();
    const { session } = unstartedSession(slow.engine);
    const starting = session.start(); // the engine starts on the default image model
    const autosave = createAutosave({ store: session, storage, delayMs: 5 });
    await autosave.start();
    expect(autosave.projectId).toBe('other');
    slow.ready.open();
    await starting;
    expect(slow.started).toEqual(['mobilenet-v2-0.35-224-tm']);
    expect(slow.loaded).toEqual(['mobilenet-v2-1.0-224-graph']);
    const snap = session.getSnapshot();
    expect(snap.engine.phase).toBe('ready');
    expect(snap.backboneId).toBe('mobilenet-v2-1.0-224-graph');
    expect(snap.engine.backbone?.spec.id).toBe('mobilenet-v2-1.0-224-graph');
    expect((await session.classify(solidImage(8, 8, [240, 10, 10])))?.mode).toBe('model');
    autosave.stop();
  });

  it('re-reads the images when the project’s image model cannot be had: only training is lost', async () => {
    const storage = createMemoryProjectStorage();
    const saved = (await storedTrainedProject(storage)).project;
    await storage.delete('saved');
    // Embeddings of another size, from an image model this engine will fail to load.
    const shrunk = {
      ...saved,
      backboneId: 'mobilenet-v2-1.0-224-graph',
      embeddingDim: 5,
      samples: saved.samples.map((x) => ({ ...x, embedding: new Float32Array(5) })),
      head: null,
      training: null,
      evaluation: null,
    };
    await storage.save('other', shrunk);
    const slow = slowEngine();
    const engine: Engine = {
      ...slow.engine,
      loadBackbone: () => Promise.reject(new Error('offline')),
    };
    const thumbs = thumbnails();
    const session = createSession({
      engine,
      startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
      readThumbnail: thumbs.readThumbnail,
      makeThumbnail: thumbs.makeThumbnail,
      decodeThumbnail: async () => solidImage(8, 8, [200, 30, 30]),
    });
    const autosave = createAutosave({ store: session, storage, delayMs: 5 });
    const starting = session.start();
    await autosave.start();
    expect(counts(session)).toEqual([
      ['Red', 3],
      ['Blue', 3],
    ]);
    slow.ready.open();
    await starting;
    const snap = session.getSnapshot();
    expect(snap.engine.phase).toBe('ready');
    expect(snap.backboneId).toBe('mobilenet-v2-0.35-224-tm');
    expect(texts(session).at(-1)).toMatch(
      /image model of “Colours” could not be loaded \(offline\), so its images were read again/,
    );
    await new Promise((r) => setTimeout(r, 20));
    await autosave.flush();
    const stored = (await storage.load('other'))!;
    expect(stored.embeddingDim).toBe(12);
    expect(stored.samples).toHaveLength(6);
    autosave.stop();
  });
});
