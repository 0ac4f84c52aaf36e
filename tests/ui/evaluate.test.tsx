// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { evaluatedProject } from './evaluationFixture';
import { classCard, renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

const cell = (t: string, p: string) =>
  document.querySelector<HTMLButtonElement>(
    `[data-testid="confusion-cell"][data-true="${t}"][data-pred="${p}"]`,
  )!;

describe('evaluate panel', () => {
  test('there is no Evaluate panel before training', () => {
    renderTrainer();
    expect(screen.queryByRole('heading', { name: '3. Evaluate' })).toBeNull();
  });

  test('it says the accuracy was measured on held-out images and lists each class', () => {
    renderTrainer({ snapshot: evaluatedProject('validation') });
    const basis = screen.getByTestId('evaluation-basis');
    expect(basis.textContent).toContain('5 held-out images that the model did not train on');
    expect(basis.textContent).toContain('Overall accuracy: 80% (4 of 5 correct)');
    const rows = within(screen.getByTestId('per-class-accuracy')).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['Cats67% (2 / 3)', 'Dogs100% (2 / 2)']);
  });

  test('without a held-out set it warns that it measured training images', () => {
    renderTrainer({ snapshot: evaluatedProject('training') });
    expect(screen.getByTestId('evaluation-basis').textContent).toContain(
      'Measured on the 5 training images (none were held out)',
    );
  });

  test('with cross-validated figures it says every image was checked by a model trained without it', () => {
    renderTrainer({ snapshot: evaluatedProject('cross-validation') });
    expect(screen.getByTestId('evaluation-basis').textContent).toContain(
      'the model trains on all 5, and each image was checked by a model trained on the others',
    );
  });

  test('the confusion matrix has true classes as rows and predictions as columns', () => {
    renderTrainer({ snapshot: evaluatedProject() });
    const table = screen.getByTestId('confusion-matrix');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['True ↓ / Predicted →', 'Cats', 'Dogs']);
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Cats', 'Dogs']);
    expect(cell('cats', 'dogs').textContent).toBe('1');
    expect(cell('cats', 'dogs').getAttribute('aria-label')).toBe('1 Cats image predicted as Dogs');
    expect(cell('dogs', 'cats').disabled).toBe(true);
  });

  test('clicking a confusion-matrix cell shows its samples and moves one to another class', async () => {
    const { user, store, container } = renderTrainer({ snapshot: evaluatedProject() });
    await user.click(cell('cats', 'dogs'));
    expect(cell('cats', 'dogs').getAttribute('aria-pressed')).toBe('true');
    const panel = screen.getByTestId('cell-samples');
    expect(within(panel).getByRole('heading').textContent).toBe('“Cats” predicted as “Dogs”');
    expect(document.activeElement).toBe(within(panel).getByRole('heading'));
    const items = within(panel).getAllByTestId('cell-sample');
    expect(items.map((i) => i.dataset.sampleId)).toEqual(['s3']);
    expect(within(items[0]!).getByRole('img').getAttribute('src')).toBe('blob:thumb/s3');
    // The predicted class is offered first.
    const target = within(items[0]!).getByRole<HTMLSelectElement>('combobox', { name: 'Move to' });
    expect(target.value).toBe('dogs');

    await user.click(within(items[0]!).getByRole('button', { name: 'Move Cats: s3.jpg to Dogs' }));
    expect(store.callsOf('moveSample')).toEqual([['s3', 'dogs']]);
    expect(within(panel).queryAllByTestId('cell-sample')).toHaveLength(0);
    expect(within(panel).getByRole('status').textContent).toBe('Moved Cats: s3.jpg to “Dogs”.');
    expect(
      within(classCard(container, 'dogs'))
        .getAllByTestId('sample-thumb')
        .map((t) => t.dataset.sampleId),
    ).toEqual(['s4', 's5', 's3']);
  });

  test('a sample can be deleted from a confusion cell', async () => {
    const { user, store } = renderTrainer({ snapshot: evaluatedProject() });
    await user.click(cell('cats', 'cats'));
    const panel = screen.getByTestId('cell-samples');
    await user.click(within(panel).getByRole('button', { name: 'Delete Cats: s1.jpg' }));
    expect(store.callsOf('removeSample')).toEqual([['s1']]);
    expect(
      within(panel)
        .getAllByTestId('cell-sample')
        .map((i) => i.dataset.sampleId),
    ).toEqual(['s2']);
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('cell-samples')).toBeNull();
  });

  test('class names in the matrix follow renames', () => {
    const { store } = renderTrainer({ snapshot: evaluatedProject() });
    act(() => store.renameClass('dogs', 'Puppies'));
    expect(
      within(screen.getByTestId('confusion-matrix'))
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Cats', 'Puppies']);
  });
});
