import { describe, expect, it, vi } from 'vitest';
import { InvalidFileError } from '../../src/core/errors';
import { parseProject, serializeProject, type ProjectData } from '../../src/core/io/projectFormat';
import { readZip, writeZip } from '../../src/core/io/zip';
import { createSession } from '../../src/core/session/session';
import type { IncomingImage, SessionStore } from '../../src/core/session/sessionTypes';
import type { PixelBuffer } from '../../src/core/types';
import { createFakeEngine, type FakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

/** Thumbnails are "URLs" naming a byte pattern; reading one back gives those bytes. */
function thumbnails() {
  const bytes = new Map<string, Uint8Array>();
  let n = 0;
  return {
    bytes,
    readThumbnail: async (url: string) => {
      const b = bytes.get(url);
      if (!b) throw new Error(`no thumbnail ${url}`);
      return b;
    },
    makeThumbnail: (b: Uint8Array) => {
      const url = `blob:made-${++n}`;
      bytes.set(url, b);
      return url;
    },
  };
}

async function newSession(engine: FakeEngine = createFakeEngine()) {
  const thumbs = thumbnails();
  const released: string[] = [];
  const session = createSession({
    engine,
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    releaseThumbnail: (url) => released.push(url),
    readThumbnail: thumbs.readThumbnail,
    makeThumbnail: thumbs.makeThumbnail,
    appVersion: '9.9.9',
    headOptions: { epochs: 12 },
  });
  await session.start();
  return { session, engine, thumbs, released };
}

function images(
  thumbs: ReturnType<typeof thumbnails>,
  n: number,
  rgb: readonly [number, number, number],
  tag: string,
): IncomingImage[] {
  return Array.from({ length: n }, (_, i) => {
    const thumbnail = `blob:${tag}-${i}`;
    thumbs.bytes.set(thumbnail, Uint8Array.of(0xff, 0xd8, i, tag.charCodeAt(0)));
    return {
      pixels: solidImage(8, 8, [rgb[0] + (i % 5), rgb[1], rgb[2] - (i % 5)]),
      thumbnail,
      name: `${tag}-${i}.png`,
    };
  });
}

/** A trained two-class project: reds and blues. */
async function trainedSession() {
  const s = await newSession();
  const [red, blue] = s.session.getSnapshot().classes.map((c) => c.id);
  s.session.renameClass(red!, 'Red things');
  s.session.renameClass(blue!, 'Blue things');
  await s.session.addImages(red!, images(s.thumbs, 8, [220, 30, 30], 'r'), 'upload');
  await s.session.addImages(blue!, images(s.thumbs, 8, [30, 30, 220], 'b'), 'webcam');
  s.session.setHeadOptions({ learningRate: 0.01 });
  await s.session.train();
  expect(s.session.getSnapshot().training.phase).toBe('trained');
  return s;
}

const PROBES: PixelBuffer[] = [
  solidImage(8, 8, [240, 10, 10]),
  solidImage(8, 8, [10, 10, 240]),
  solidImage(8, 8, [120, 40, 160]),
];

async function predictions(session: SessionStore) {
  const out = [];
  for (const p of PROBES) {
    const v = await session.classify(p);
    out.push(v && { mode: v.mode, classIds: v.classIds, probabilities: v.probabilities });
  }
  return out;
}

function contents(session: SessionStore) {
  const snap = session.getSnapshot();
  return {
    projectName: snap.projectName,
    classes: snap.classes,
    samples: Object.values(snap.samples).map(({ thumbnail: _t, ...rest }) => rest),
    headOptions: snap.headOptions,
    training: { ...snap.training, trainMs: undefined },
    backboneId: snap.backboneId,
    hasModel: snap.hasModel,
  };
}

/** Rewrites manifest.json inside project zip bytes. */
function editManifest(zip: Uint8Array, edit: (m: Record<string, unknown>) => void): Uint8Array {
  return writeZip(
    readZip(zip, 'test.zip').map((f) => {
      if (f.path !== 'manifest.json') return f;
      const m = JSON.parse(new TextDecoder().decode(f.bytes)) as Record<string, unknown>;
      edit(m);
      return { path: f.path, bytes: new TextEncoder().encode(JSON.stringify(m)) };
    }),
  );
}

describe('session ↔ project file', () => {
  it('exports classes, samples with thumbnail bytes, embeddings, settings and the trained head', async () => {
    const { session, thumbs } = await trainedSession();
    const project = (await session.exportProject())!;
    const snap = session.getSnapshot();
    expect(project.createdWith).toBe('Glimpse 9.9.9');
    expect(project.backboneId).toBe('mobilenet-v2-0.35-224-tm');
    expect(project.embeddingDim).toBe(12);
    expect(project.classes).toEqual(snap.classes.map((c) => ({ id: c.id, name: c.name })));
    expect(project.samples).toHaveLength(16);
    const first = project.samples[0]!;
    expect(first.image).toEqual(thumbs.bytes.get(snap.samples[first.id]!.thumbnail));
    expect(first.embedding).toHaveLength(12);
    expect(project.headOptions.learningRate).toBe(0.01);
    expect(project.head?.classIds).toEqual(snap.training.classIds);
    expect(project.head?.weights.inputDim).toBe(12);
    expect(project.training?.history).toHaveLength(snap.training.epochs.length);
    expect(session.trainedHead()?.labels).toEqual(['Red things', 'Blue things']);
  });

  it('round-trips through the project file into a new session with the same predictions', async () => {
    const a = await trainedSession();
    const before = await predictions(a.session);
    const bytes = serializeProject((await a.session.exportProject())!);

    const b = await newSession();
    const opened = await b.session.openProject(parseProject(bytes, { fileName: 'x.glimpse.zip' }));
    expect(opened).toBe(true);
    expect(contents(b.session)).toEqual(contents(a.session));
    expect(b.session.getSnapshot().training.phase).toBe('trained');
    expect(b.session.getSnapshot().canPredict).toBe(true);
    const after = await predictions(b.session);
    expect(after.map((p) => p?.mode)).toEqual(['model', 'model', 'model']);
    after.forEach((p, i) => {
      expect(p!.classIds).toEqual(before[i]!.classIds);
      p!.probabilities.forEach((v, k) => expect(v).toBeCloseTo(before[i]!.probabilities[k]!, 6));
    });
    // Thumbnails were made from the saved bytes.
    const snapB = b.session.getSnapshot();
    const sample = Object.values(snapB.samples)[0]!;
    const original = a.session.getSnapshot().samples[sample.id]!;
    expect(b.thumbs.bytes.get(sample.thumbnail)).toEqual(a.thumbs.bytes.get(original.thumbnail));
    // Training continues from the opened data.
    await b.session.train();
    expect(b.session.getSnapshot().training.phase).toBe('trained');
  });

  it('replaces the old project and frees its thumbnails', async () => {
    const a = await trainedSession();
    const project = (await a.session.exportProject())!;
    const b = await newSession();
    const [c1] = b.session.getSnapshot().classes.map((c) => c.id);
    await b.session.addImages(c1!, images(b.thumbs, 2, [0, 200, 0], 'g'), 'upload');
    const oldUrls = Object.values(b.session.getSnapshot().samples).map((s) => s.thumbnail);
    expect(await b.session.openProject(project)).toBe(true);
    expect(b.released).toEqual(expect.arrayContaining(oldUrls));
    expect(Object.keys(b.session.getSnapshot().samples)).toHaveLength(16);
  });

  it('makes an opened image’s thumbnail only when it is first shown, and frees only those made', async () => {
    const a = await trainedSession();
    const project = (await a.session.exportProject())!;
    const b = await newSession();
    let made = 0;
    const makeThumbnail = b.thumbs.makeThumbnail;
    b.thumbs.makeThumbnail = (bytes) => (made++, makeThumbnail(bytes));
    const c = createSession({
      engine: createFakeEngine(),
      startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
      releaseThumbnail: (url) => b.released.push(url),
      readThumbnail: b.thumbs.readThumbnail,
      makeThumbnail: (bytes) => b.thumbs.makeThumbnail(bytes),
    });
    await c.start();
    expect(await c.openProject(project)).toBe(true);
    expect(made).toBe(0);
    const samples = Object.values(c.getSnapshot().samples);
    expect(samples).toHaveLength(16);
    const first = samples[0]!.thumbnail;
    expect(made).toBe(1);
    expect(samples[0]!.thumbnail).toBe(first); // made once
    expect(b.thumbs.bytes.get(first)).toEqual(
      project.samples.find((s) => s.id === samples[0]!.id)!.image,
    );
    // Saving needs no thumbnail; opening another project frees the one made, and only it.
    expect((await c.exportProject())!.samples).toHaveLength(16);
    expect(made).toBe(1);
    expect(await c.openProject(project)).toBe(true);
    expect(b.released).toEqual([first]);
    c.dispose();
  });

  it('loads the project’s image model first when it differs, then installs the head', async () => {
    const a = await trainedSession();
    const project: ProjectData = {
      ...(await a.session.exportProject())!,
      backboneId: 'mobilenet-v2-1.0-224-graph',
    };
    const engine = createFakeEngine();
    const order: string[] = [];
    const load = engine.loadBackbone.bind(engine);
    const setHead = engine.setHead.bind(engine);
    engine.loadBackbone = vi.fn(async (o) => (order.push(`load ${o.backboneId}`), load(o)));
    engine.setHead = vi.fn(async (w) => (order.push(`head ${w ? 'set' : 'none'}`), setHead(w)));
    const b = await newSession(engine);
    expect(await b.session.openProject(project)).toBe(true);
    expect(order).toEqual(['load mobilenet-v2-1.0-224-graph', 'head set']);
    const snap = b.session.getSnapshot();
    expect(snap.backboneId).toBe('mobilenet-v2-1.0-224-graph');
    expect(snap.engine.backbone?.spec.id).toBe('mobilenet-v2-1.0-224-graph');
    expect((await b.session.classify(PROBES[0]!))?.mode).toBe('model');
  });

  it('refuses a bad project, keeps the current one and puts the engine back', async () => {
    const a = await trainedSession();
    const good = (await a.session.exportProject())!;
    const { session, engine } = await trainedSession();
    const before = contents(session);
    const predictedBefore = await predictions(session);
    const badProjects: [string, ProjectData][] = [
      ['unknown model', { ...good, backboneId: 'no-such-model' }],
      [
        'wrong feature size',
        {
          ...good,
          embeddingDim: 5,
          samples: good.samples.map((s) => ({ ...s, embedding: s.embedding.slice(0, 5) })),
          head: null,
        },
      ],
      ['head naming a missing class', { ...good, head: { ...good.head!, classIds: ['x', 'y'] } }],
      [
        'sample of a missing class',
        { ...good, samples: [{ ...good.samples[0]!, classId: 'gone' }] },
      ],
      ['no classes', { ...good, classes: [], samples: [], head: null }],
    ];
    for (const [label, project] of badProjects) {
      expect(await session.openProject(project), label).toBe(false);
      const notice = session.getSnapshot().notices.at(-1)!;
      expect(notice.level, label).toBe('error');
      expect(notice.text, label).toMatch(/Could not open the project: .*unchanged/);
      expect(contents(session), label).toEqual(before);
    }
    expect(await predictions(session)).toEqual(predictedBefore);
    // A failure after switching the image model switches it back.
    const switching = { ...good, backboneId: 'mobilenet-v2-1.0-224-graph' };
    engine.setHead = vi.fn(async (w) => {
      if (w === switching.head?.weights) throw new Error('GPU lost');
    });
    const load = vi.spyOn(engine, 'loadBackbone');
    expect(await session.openProject(switching)).toBe(false);
    expect(load.mock.calls.map((c) => c[0].backboneId)).toEqual([
      'mobilenet-v2-1.0-224-graph',
      'mobilenet-v2-0.35-224-tm',
    ]);
    expect(session.getSnapshot().engine.phase).toBe('ready');
    expect(contents(session)).toEqual(before);
  });

  it('saving reports a thumbnail it cannot read as a notice', async () => {
    const { session } = await trainedSession();
    const [red] = session.getSnapshot().classes;
    const unreadable = { pixels: solidImage(8, 8, [200, 0, 0]), thumbnail: 'blob:gone' };
    expect(await session.addImages(red!.id, [unreadable], 'upload')).toHaveLength(1);
    expect(await session.exportProject()).toBeNull();
    expect(session.getSnapshot().notices.at(-1)?.text).toMatch(/Could not save the project/);
  });

  it('reads each image once, as it is added: saving then needs no I/O', async () => {
    const s = await trainedSession();
    const read = vi.fn(s.thumbs.readThumbnail);
    const counted = createSession({
      engine: createFakeEngine(),
      startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
      readThumbnail: read,
      makeThumbnail: s.thumbs.makeThumbnail,
    });
    await counted.start();
    const [first] = counted.getSnapshot().classes;
    await counted.addImages(first!.id, images(s.thumbs, 3, [220, 30, 30], 'x'), 'upload');
    expect(read).toHaveBeenCalledTimes(3);
    const saved = (await counted.exportProject())!;
    await counted.exportProject();
    expect(read).toHaveBeenCalledTimes(3);
    expect(saved.samples.map((x) => Array.from(x.image))).toEqual(
      [0, 1, 2].map((i) => [0xff, 0xd8, i, 'x'.charCodeAt(0)]),
    );
    // An opened project's images are known from its file.
    const file = (await s.session.exportProject())!;
    expect(await counted.openProject(file)).toBe(true);
    await counted.exportProject();
    expect(read).toHaveBeenCalledTimes(3);
  });

  describe('the evaluation', () => {
    it('survives export → file → open in a new session exactly', async () => {
      const a = await trainedSession();
      const original = a.session.getSnapshot().evaluation;
      expect(original).not.toBeNull();
      expect(original!.cellIds.flat(2).length).toBeGreaterThan(0);
      const bytes = serializeProject((await a.session.exportProject())!);

      const b = await newSession();
      expect(await b.session.openProject(parseProject(bytes, { fileName: 'x.zip' }))).toBe(true);
      expect(b.session.getSnapshot().evaluation).toEqual(original);
      // And it is written again on the next save.
      const again = parseProject(serializeProject((await b.session.exportProject())!));
      expect(again.evaluation).toEqual(original);
    });

    it('is not saved once the model is stale', async () => {
      const { session } = await trainedSession();
      const [red] = session.getSnapshot().classes;
      session.removeSample(red!.sampleIds[0]!);
      expect(session.getSnapshot().training.stale).toBe(true);
      expect((await session.exportProject())!.evaluation ?? null).toBeNull();
    });

    it('a project without it still opens, with no evaluation', async () => {
      const a = await trainedSession();
      const bytes = editManifest(
        serializeProject((await a.session.exportProject())!),
        (m) => delete m.evaluation,
      );
      const b = await newSession();
      expect(await b.session.openProject(parseProject(bytes))).toBe(true);
      const snap = b.session.getSnapshot();
      expect(snap.evaluation).toBeNull();
      expect(snap.training.phase).toBe('trained');
      expect(snap.hasModel).toBe(true);
    });

    it('one naming an unknown sample is refused and the current project is untouched', async () => {
      const a = await trainedSession();
      const project = (await a.session.exportProject())!;
      const bytes = editManifest(serializeProject(project), (m) => {
        const e = m.evaluation as { cellIds: string[][][] };
        const cell = e.cellIds.flat().find((c) => c.length > 0)!;
        cell[0] = 'no-such-sample';
      });
      let caught: unknown;
      try {
        parseProject(bytes);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidFileError);
      expect((caught as InvalidFileError).reason).toBe('invalid-value');

      // The same evaluation handed to a session directly is refused too.
      const { session } = await trainedSession();
      const before = contents(session);
      const evaluationBefore = session.getSnapshot().evaluation;
      const evaluation = structuredClone(project.evaluation!);
      evaluation.misclassified = [
        { id: 'no-such-sample', trueClass: 0, predictedClass: 1, confidence: 0.9 },
      ];
      expect(await session.openProject({ ...project, evaluation })).toBe(false);
      expect(session.getSnapshot().notices.at(-1)?.text).toMatch(/Could not open the project/);
      expect(contents(session)).toEqual(before);
      expect(session.getSnapshot().evaluation).toBe(evaluationBefore);
    });
  });
});
