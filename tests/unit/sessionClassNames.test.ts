/**
 * The session keeps class names distinct under the one rule of src/core/dataset/classNames:
 * renames and new classes cannot take an empty or another class's name, and projects (models
 * open as projects too) and datasets whose class names collide are opened with the later name renamed, with a notice.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { datasetFromFiles, datasetFromZip } from '../../src/core/io/datasetFolders';
import { createSession } from '../../src/core/session/session';
import type { SessionStore } from '../../src/core/session/sessionTypes';
import { createFakeEngine } from '../support/fakeEngine';
import { solidImage } from '../support/pixels';

async function startedSession() {
  const thumbnails = new Map<string, Uint8Array>();
  const session = createSession({
    engine: createFakeEngine(),
    startOptions: { backboneId: 'mobilenet-v2-0.35-224-tm' },
    headOptions: { epochs: 5 },
    readThumbnail: async (url) => thumbnails.get(url) ?? Uint8Array.of(0),
    makeThumbnail: (bytes) => {
      const url = `blob:made-${thumbnails.size}`;
      thumbnails.set(url, bytes);
      return url;
    },
  });
  await session.start();
  return session;
}

const names = (s: SessionStore) => s.getSnapshot().classes.map((c) => c.name);
const lastNotice = (s: SessionStore) => s.getSnapshot().notices.at(-1);

function image(i: number) {
  return {
    pixels: solidImage(8, 8, [10 * i, 40, 90]),
    thumbnail: `blob:img-${i}`,
    name: `${i}.png`,
  };
}

describe('class names in the session', () => {
  it('keeps the old name when a rename is empty or another class’s name in any case, spacing or composition', async () => {
    const session = await startedSession();
    const [first, second] = session.getSnapshot().classes.map((c) => c.id);
    session.renameClass(first!, 'Café');
    for (const taken of ['café', '  CAFÉ ', 'Cafe\u0301']) {
      session.renameClass(second!, taken);
      expect(names(session)).toEqual(['Café', 'Class 2']);
      expect(lastNotice(session)).toMatchObject({
        level: 'warning',
        text: `Another class is already called “${taken.trim()}”. It stays “Class 2”.`,
      });
    }
    session.renameClass(second!, '   ');
    expect(names(session)).toEqual(['Café', 'Class 2']);
    expect(lastNotice(session)!.text).toBe('A class needs a name. It stays “Class 2”.');
  });

  it('lets a class change the case of its own name and trims what it keeps', async () => {
    const session = await startedSession();
    const [first] = session.getSnapshot().classes.map((c) => c.id);
    session.renameClass(first!, '  class 1 ');
    expect(names(session)).toEqual(['class 1', 'Class 2']);
    expect(session.getSnapshot().notices).toEqual([]);
  });

  it('gives a new class the first free "Class N", and a taken name a visible "(2)" with a notice', async () => {
    const session = await startedSession();
    const [first] = session.getSnapshot().classes.map((c) => c.id);
    session.renameClass(first!, 'Class 3');
    session.addClass();
    expect(names(session)).toEqual(['Class 3', 'Class 2', 'Class 4']);
    session.addClass(' class 2 ');
    expect(names(session).at(-1)).toBe('class 2 (2)');
    expect(lastNotice(session)!.text).toBe(
      'Another class is already called “class 2”, so the new one is “class 2 (2)”.',
    );
  });

  it('opens a project whose class names collide with the later one renamed, its images and ids kept', async () => {
    const source = await startedSession();
    const [a, b] = source.getSnapshot().classes.map((c) => c.id);
    await source.addImages(a!, [image(1), image(2)], 'upload');
    await source.addImages(b!, [image(3)], 'upload');
    const project = (await source.exportProject())!;
    project.name = 'Pets';
    project.classes = [
      { ...project.classes[0]!, name: 'Cat' },
      { ...project.classes[1]!, name: ' cat' },
    ];

    const session = await startedSession();
    expect(await session.openProject(project)).toBe(true);
    const classes = session.getSnapshot().classes;
    expect(classes.map((c) => [c.id, c.name, c.sampleIds.length])).toEqual([
      [a, 'Cat', 2],
      [b, 'cat (2)', 1],
    ]);
    expect(lastNotice(session)).toMatchObject({
      level: 'warning',
      text:
        '“Pets” has two classes with the same name, so the later one was renamed: ' +
        '“ cat” is now “cat (2)”.',
    });
    // The file's data itself is not modified.
    expect(project.classes[1]!.name).toBe(' cat');
  });

  it('opens a trained project whose class names collide, keeping its model under the new labels', async () => {
    const source = await startedSession();
    const [a, b] = source.getSnapshot().classes.map((c) => c.id);
    await source.addImages(a!, [1, 2, 3, 4].map(image), 'upload');
    await source.addImages(b!, [20, 21, 22, 23].map(image), 'upload');
    await source.train();
    const project = (await source.exportProject())!;
    project.classes = project.classes.map((c, i) => ({ ...c, name: i === 0 ? 'dog' : 'DOG' }));

    const session = await startedSession();
    expect(await session.openProject(project)).toBe(true);
    expect(names(session)).toEqual(['dog', 'DOG (2)']);
    expect(session.getSnapshot().hasModel).toBe(true);
    expect(session.trainedHead()!.labels).toEqual(['dog', 'DOG (2)']);
    expect(lastNotice(session)!.text).toMatch(/“DOG” is now “DOG \(2\)”\.$/);
  });
});

describe('class names in dataset imports', () => {
  const bytes = Uint8Array.of(1, 2, 3);

  it('renames a zip folder whose name collides with an earlier one instead of refusing the zip', () => {
    const zip = zipSync({ 'Cat/1.jpg': bytes, 'cat/2.jpg': bytes, 'dog/3.jpg': bytes });
    const dataset = datasetFromZip(zip, { fileName: 'pets.zip' });
    expect(dataset.classes.map((c) => [c.className, c.files.map((f) => f.sourcePath)])).toEqual([
      ['Cat', ['Cat/1.jpg']],
      ['cat (2)', ['cat/2.jpg']],
      ['dog', ['dog/3.jpg']],
    ]);
    expect(dataset.renamed).toEqual([{ from: 'cat', to: 'cat (2)' }]);
  });

  it('renames colliding folders of a picked folder too, and reports none when names differ', () => {
    const picked = datasetFromFiles([
      { path: 'pets/Dogs/a.jpg', bytes },
      { path: 'pets/DOGS/b.jpg', bytes },
    ]);
    expect(picked.classes.map((c) => c.className)).toEqual(['Dogs', 'DOGS (2)']);
    expect(datasetFromFiles([{ path: 'a/1.jpg', bytes }]).renamed).toEqual([]);
  });
});
