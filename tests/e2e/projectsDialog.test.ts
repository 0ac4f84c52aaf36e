/**
 * The Projects dialog in real Chromium (WASM, production build) over the browser's IndexedDB:
 * rename the open project, start a second one, switch between them (each keeps its classes and
 * images), duplicate and delete, then reload and find the same list and the same open project.
 */
import { describe, expect, it } from 'vitest';
import { haveChromium } from '../support/chromium';
import { loadDataset } from '../support/datasets';
import { haveShared } from '../support/shared';
import type { TrainerPage } from './pages/TrainerPage';
import { useTrainerApp } from './support/trainerApp';
import { storedContents } from './support/storedProjects';

const sharedReady = haveShared();
const chromiumPath = haveChromium();

describe.skipIf(!sharedReady || !chromiumPath)('Projects dialog in Chromium (WASM)', () => {
  const e2e = useTrainerApp();
  let page: TrainerPage | undefined;
  const data = sharedReady ? loadDataset('rock-paper-scissors', { perClassTrain: 3 }) : null;
  const train = (c: string) => data!.train.filter((i) => i.className === c).map((i) => i.path);

  it('creates, renames, switches, duplicates and deletes projects, and keeps them over a reload', async () => {
    page = await e2e.open('?backend=wasm');
    const p = page;
    const dialog = p.projectsDialog();
    /** The list the dialog shows, as `name` or `name*` for the open project. */
    const listed = async () =>
      (await p.listedProjects()).map((row) => `${row.name}${row.open ? '*' : ''}`);
    const expectListed = (expected: string[]) =>
      expect.poll(listed, { timeout: 10_000 }).toEqual(expected);
    /** Opens a stored project from the dialog, then closes the dialog. */
    const openProject = async (name: string) => {
      await p.openProjects();
      await p
        .projectRow(name)
        .getByRole('button', { name: `Open ${name}` })
        .click();
      await p.notice(`Opened “${name}”.`).last().waitFor();
      await p.closeProjects();
    };
    const renameProject = async (oldName: string, newName: string) => {
      await p
        .projectRow(oldName)
        .getByRole('button', { name: `Rename ${oldName}` })
        .click();
      await dialog.getByRole('textbox', { name: `New name for ${oldName}` }).fill(newName);
      await dialog.getByRole('button', { name: 'Save name' }).click();
    };
    /** Closes and reopens the dialog until it lists `expected` (a save lands ~1 s after a change). */
    const expectListedAfterSave = (expected: string[]) =>
      expect
        .poll(
          async () => {
            await p.closeProjects();
            await p.openProjects();
            return listed();
          },
          { timeout: 10_000 },
        )
        .toEqual(expected);

    // The first project: rock and paper, two photos each.
    await p.rename('Class 1', 'rock');
    await p.rename('Class 2', 'paper');
    await p.upload('rock', train('rock').slice(0, 2));
    await p.upload('paper', train('paper').slice(0, 2));
    await p.openProjects();
    // The dialog opens inside the page, where it can be read and clicked.
    const box = (await dialog.boundingBox())!;
    const width = p.page.viewportSize()!.width;
    expect(box.x, 'left edge').toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, 'right edge').toBeLessThanOrEqual(width);
    await expectListedAfterSave(['Untitled project*']);

    // Rename the open project.
    await renameProject('Untitled project', 'Hands');
    await expectListed(['Hands*']);

    // A second project: starts empty, with the two starter classes, and is listed at once.
    await dialog.getByRole('button', { name: 'New project' }).click();
    await expect
      .poll(() => p.classCounts())
      .toEqual([
        ['Class 1', 0],
        ['Class 2', 0],
      ]);
    await expectListed(['Untitled project*', 'Hands']);
    await renameProject('Untitled project', 'Scissors');
    await expectListed(['Scissors*', 'Hands']);
    await p.closeProjects();
    await p.rename('Class 1', 'scissors');
    await p.upload('scissors', train('scissors'));

    // Switch back and forth: each project has its own classes and images.
    await openProject('Hands');
    expect(await p.classCounts()).toEqual([
      ['rock', 2],
      ['paper', 2],
    ]);
    expect(await p.thumbCount('rock')).toBe(2);
    await openProject('Scissors');
    expect(await p.classCounts()).toEqual([
      ['scissors', 3],
      ['Class 2', 0],
    ]);
    expect(await p.thumbCount('scissors')).toBe(3);
    await p.openProjects();
    expect(await listed()).toEqual(['Scissors*', 'Hands']);

    // Duplicate Hands, open the copy (same classes and images), then delete the original.
    await p.projectRow('Hands').getByRole('button', { name: 'Duplicate Hands' }).click();
    await expectListed(['Hands (copy)', 'Scissors*', 'Hands']);
    await openProject('Hands (copy)');
    expect(await p.classCounts()).toEqual([
      ['rock', 2],
      ['paper', 2],
    ]);
    expect(await p.thumbCount('paper')).toBe(2);
    await p.openProjects();
    await p.projectRow('Hands').getByRole('button', { name: 'Delete Hands' }).click();
    const confirm = dialog.getByRole('group', { name: 'Delete Hands?' });
    await confirm.getByRole('button', { name: 'Delete for good' }).click();
    await expectListed(['Hands (copy)*', 'Scissors']);
    expect(await p.classCounts()).toEqual([
      ['rock', 2],
      ['paper', 2],
    ]);

    // Work in Scissors last, so it is the most recently saved project: the one a reload opens.
    await p.closeProjects();
    await openProject('Scissors');
    await p.rename('Class 2', 'paper');
    await p.upload('paper', train('paper').slice(0, 1));
    // Reload only once that change is in IndexedDB (a change in the last second may be lost).
    await expect
      .poll(() => storedContents(p.page, 'Scissors'), { timeout: 10_000 })
      .toEqual({ classes: ['scissors', 'paper'], samples: 4 });
    await expectListedAfterSave(['Scissors*', 'Hands (copy)']);

    await p.page.reload();
    await p.waitUntilReady();
    await p.notice('Restored your project “Scissors”.').waitFor({ timeout: 20_000 });
    expect(await p.classCounts()).toEqual([
      ['scissors', 3],
      ['paper', 1],
    ]);
    expect(await p.thumbCount('scissors')).toBe(3);
    await p.openProjects();
    expect(await listed()).toEqual(['Scissors*', 'Hands (copy)']);
    await openProject('Hands (copy)');
    expect(await p.classCounts()).toEqual([
      ['rock', 2],
      ['paper', 2],
    ]);
    expect(await p.thumbCount('paper')).toBe(2);
    expect(p.externalRequests()).toEqual([]);
    expect(p.errors).toEqual([]);
  });
});
