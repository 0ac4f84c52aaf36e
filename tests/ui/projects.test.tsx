// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { StoredProjectInfo } from '../../src/core/persistence/projectStorage';
import type { ProjectsController } from '../../src/ui/project/ProjectsDialog';
import { TrainerApp } from '../../src/ui/TrainerApp';
import { createFakePlatform } from './fakePlatform';
import { createFakeSession } from './fakeSession';
import { seriousViolations } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

/** Projects in memory, with every call recorded. */
function fakeProjects(): ProjectsController & { items: StoredProjectInfo[]; calls: string[] } {
  const items: StoredProjectInfo[] = [
    { id: 'p1', name: 'Fruit', savedAt: Date.UTC(2026, 10, 20, 9), sizeBytes: 10 },
    { id: 'p2', name: 'Pets', savedAt: Date.UTC(2026, 10, 19, 9), sizeBytes: 10 },
  ];
  const calls: string[] = [];
  let n = 2;
  return {
    items,
    calls,
    projectId: 'p1',
    list: async () => items.map((i) => ({ ...i })),
    async createNew() {
      calls.push('createNew');
      items.unshift({ id: `p${++n}`, name: 'Untitled project', savedAt: Date.now(), sizeBytes: 1 });
      return true;
    },
    async switchTo(id) {
      calls.push(`switchTo ${id}`);
      return true;
    },
    async rename(id, name) {
      calls.push(`rename ${id} ${name}`);
      items.find((i) => i.id === id)!.name = name;
    },
    async duplicate(id) {
      calls.push(`duplicate ${id}`);
      const copy = { ...items.find((i) => i.id === id)!, id: `p${++n}` };
      copy.name += ' (copy)';
      items.unshift(copy);
      return copy.id;
    },
    async remove(id) {
      calls.push(`remove ${id}`);
      items.splice(
        items.findIndex((i) => i.id === id),
        1,
      );
    },
  };
}

async function openDialog() {
  const projects = fakeProjects();
  const store = createFakeSession();
  const user = userEvent.setup();
  render(<TrainerApp store={store} platform={createFakePlatform()} projects={projects} />);
  await user.click(screen.getByRole('button', { name: 'Projects' }));
  const dialog = await screen.findByRole('dialog', { name: 'Your projects' });
  await within(dialog).findAllByTestId('project-row');
  return { projects, store, user, dialog };
}

const names = (dialog: HTMLElement) =>
  within(dialog)
    .getAllByTestId('project-name')
    .map((n) => n.textContent);

describe('Projects dialog', () => {
  test('lists saved projects with when they were updated, the open one marked', async () => {
    const { dialog } = await openDialog();
    expect(names(dialog)).toEqual(['Fruit', 'Pets']);
    const [fruit] = within(dialog).getAllByTestId('project-row');
    expect(fruit!.textContent).toContain('(open now)');
    expect(within(fruit!).getByTestId('project-updated').textContent).toMatch(/Updated .*2026/);
    expect(
      within(fruit!).getByRole<HTMLButtonElement>('button', { name: 'Open Fruit' }).disabled,
    ).toBe(true);
    expect(await seriousViolations(dialog)).toEqual([]);
  });

  test('creates, opens, renames and duplicates projects', async () => {
    const { dialog, projects, user } = await openDialog();
    await user.click(within(dialog).getByRole('button', { name: 'New project' }));
    await waitFor(() => expect(names(dialog)).toEqual(['Untitled project', 'Fruit', 'Pets']));
    await user.click(within(dialog).getByRole('button', { name: 'Open Pets' }));
    await user.click(within(dialog).getByRole('button', { name: 'Rename Pets' }));
    const input = within(dialog).getByLabelText('New name for Pets');
    await user.clear(input);
    await user.type(input, 'Cats and dogs{Enter}');
    await waitFor(() => expect(names(dialog)).toContain('Cats and dogs'));
    await user.click(within(dialog).getByRole('button', { name: 'Duplicate Fruit' }));
    await waitFor(() => expect(names(dialog)).toContain('Fruit (copy)'));
    expect(projects.calls).toEqual([
      'createNew',
      'switchTo p2',
      'rename p2 Cats and dogs',
      'duplicate p1',
    ]);
  });

  test('deletes only after a confirmation', async () => {
    const { dialog, projects, user } = await openDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Delete Pets' }));
    await user.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(projects.calls).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Delete Pets' }));
    expect(within(dialog).getByRole('group', { name: 'Delete Pets?' }).textContent).toMatch(
      /cannot be undone/,
    );
    await user.click(within(dialog).getByRole('button', { name: 'Delete for good' }));
    await waitFor(() => expect(names(dialog)).toEqual(['Fruit']));
    expect(projects.calls).toEqual(['remove p2']);
  });

  test('a failed action becomes a notice', async () => {
    const { dialog, projects, store, user } = await openDialog();
    projects.duplicate = async () => {
      throw new Error('Storage is full.');
    };
    await user.click(within(dialog).getByRole('button', { name: 'Duplicate Pets' }));
    await waitFor(() =>
      expect(store.getSnapshot().notices.map((n) => n.text)).toEqual(['Storage is full.']),
    );
  });
});
