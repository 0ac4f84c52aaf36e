// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { parseProject, type ProjectData } from '../../src/core/io/projectFormat';
import { STORAGE_FULL_NOTICE } from '../../src/core/session/autosave';
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';
import { renderTrainer, seriousViolations } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

const project = (): ProjectData => ({
  name: 'Leaves',
  createdWith: 'Glimpse test',
  backboneId: 'mobilenet-v2-0.35-224-tm',
  embeddingDim: 3,
  headOptions: { ...DEFAULT_HEAD_OPTIONS },
  classes: [
    { id: 'a', name: 'Oak' },
    { id: 'b', name: 'Maple' },
  ],
  samples: [
    {
      id: 's1',
      classId: 'a',
      source: 'upload',
      image: Uint8Array.of(0xff, 0xd8, 1),
      embedding: new Float32Array(3),
    },
  ],
  head: null,
  training: null,
});

describe('notices with an action', () => {
  test('"storage full" offers Save project, which downloads the project', async () => {
    const { store, platform, user, container } = renderTrainer({
      snapshot: {
        notices: [{ id: 1, level: 'error', text: STORAGE_FULL_NOTICE, action: 'save-project' }],
      },
    });
    store.nextProject = project();
    const notice = screen.getByTestId('notice');
    expect(within(notice).getByRole('alert').textContent).toBe(STORAGE_FULL_NOTICE);
    await user.click(within(notice).getByRole('button', { name: 'Save project' }));
    await waitFor(() => expect(platform.saved).toHaveLength(1));
    expect(platform.saved[0]!.fileName).toBe('Leaves.glimpse.zip');
    expect(parseProject(platform.saved[0]!.bytes).samples.map((s) => s.id)).toEqual(['s1']);
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('a notice without an action has only its dismiss button', () => {
    renderTrainer({ snapshot: { notices: [{ id: 1, level: 'info', text: 'Hello.' }] } });
    const notice = screen.getByTestId('notice');
    expect(
      within(notice)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['Dismiss: Hello.']);
  });

  test('a download that fails becomes a notice', async () => {
    const { store, user } = renderTrainer({
      snapshot: {
        notices: [{ id: 1, level: 'error', text: 'Autosave failed: x', action: 'save-project' }],
      },
    });
    store.exportProject = () => Promise.reject(new Error('disk gone'));
    const notice = screen.getByTestId('notice');
    await user.click(within(notice).getByRole('button', { name: 'Save project' }));
    await waitFor(() =>
      expect(store.getSnapshot().notices.at(-1)?.text).toBe('Saving the project failed: disk gone'),
    );
  });
});
