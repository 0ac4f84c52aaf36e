// @vitest-environment jsdom
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeImage } from './fakePlatform';
import { classCard, renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

const cardNames = () =>
  screen.getAllByTestId('class-card').map((c) => within(c).getByRole('heading').textContent);

describe('classes', () => {
  test('it starts with the classes the store has, each saying how many images it holds', () => {
    renderTrainer();
    expect(cardNames()).toEqual(['Class 1', 'Class 2']);
    expect(screen.getAllByTestId('sample-count').map((e) => e.textContent)).toEqual([
      '0 images',
      '0 images',
    ]);
  });

  test('adding a class shows a new card and puts focus on its name', async () => {
    const { user } = renderTrainer();
    await user.click(screen.getByRole('button', { name: 'Add a class' }));
    expect(cardNames()).toEqual(['Class 1', 'Class 2', 'Class 3']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Class 3 (rename)' }));
  });

  test('renaming a class inline and pressing Enter saves the new name', async () => {
    const { user, store } = renderTrainer();
    await user.click(screen.getByRole('button', { name: 'Class 1 (rename)' }));
    const input = screen.getByRole('textbox', { name: 'New name for Class 1' });
    await user.clear(input);
    await user.type(input, 'Cats{Enter}');
    expect(store.callsOf('renameClass')).toEqual([['class-1', 'Cats']]);
    expect(cardNames()).toEqual(['Cats', 'Class 2']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cats (rename)' }));
  });

  test('renaming a class inline and pressing Escape keeps the old name', async () => {
    const { user, store } = renderTrainer();
    await user.click(screen.getByRole('button', { name: 'Class 1 (rename)' }));
    await user.type(screen.getByRole('textbox'), ' and more{Escape}');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(store.callsOf('renameClass')).toEqual([]);
    expect(cardNames()).toEqual(['Class 1', 'Class 2']);
  });

  test('renaming saves when the field loses focus, and ignores an empty name', async () => {
    const { user, store } = renderTrainer();
    await user.click(screen.getByRole('button', { name: 'Class 2 (rename)' }));
    await user.type(screen.getByRole('textbox'), '!');
    await user.tab();
    expect(store.callsOf('renameClass')).toEqual([['class-2', 'Class 2!']]);

    await user.click(screen.getByRole('button', { name: 'Class 1 (rename)' }));
    await user.clear(screen.getByRole('textbox'));
    await user.keyboard('{Enter}');
    expect(store.callsOf('renameClass')).toHaveLength(1);
    expect(cardNames()).toEqual(['Class 1', 'Class 2!']);
  });

  test('deleting a class asks for confirmation and offers Undo', async () => {
    const { user, store } = renderTrainer();
    await act(() => store.addImages('class-1', [fakeImage('a.png')], 'upload'));
    await user.click(screen.getByRole('button', { name: 'Delete class Class 1' }));
    expect(store.callsOf('deleteClass')).toEqual([]);
    expect(screen.getByText('Delete “Class 1” and its 1 image?')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(store.callsOf('deleteClass')).toEqual([['class-1']]);
    expect(cardNames()).toEqual(['Class 2']);
    const toast = screen.getByTestId('undo-toast');
    expect(toast.textContent).toContain('Deleted “Class 1” (1 image).');
    expect(document.activeElement).toBe(within(toast).getByRole('button', { name: 'Undo' }));

    await user.click(within(toast).getByRole('button', { name: 'Undo' }));
    expect(store.callsOf('undoDeleteClass')).toHaveLength(1);
    expect(cardNames()).toEqual(['Class 1', 'Class 2']);
    expect(screen.getAllByTestId('sample-thumb')).toHaveLength(1);
    expect(screen.queryByTestId('undo-toast')).toBeNull();
  });

  test('cancelling the delete question (button or Escape) keeps the class and returns focus', async () => {
    const { user, store } = renderTrainer();
    const deleteButton = screen.getByRole('button', { name: 'Delete class Class 2' });
    await user.click(deleteButton);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Delete class Class 2' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Escape}');
    expect(store.callsOf('deleteClass')).toEqual([]);
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Delete class Class 2' }),
    );
    expect(cardNames()).toEqual(['Class 1', 'Class 2']);
  });

  test('moving a class down and up reorders the cards; the end arrows are disabled', async () => {
    const { user, store } = renderTrainer();
    expect(screen.getByRole('button', { name: 'Move Class 1 up' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(screen.getByRole('button', { name: 'Move Class 2 down' })).toHaveProperty(
      'disabled',
      true,
    );
    await user.click(screen.getByRole('button', { name: 'Move Class 1 down' }));
    expect(store.callsOf('moveClass')).toEqual([['class-1', 1]]);
    expect(cardNames()).toEqual(['Class 2', 'Class 1']);
    // Class 1 is last now: its down arrow is disabled, so focus lands on its up arrow.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Class 1 up' }));
    await user.keyboard('{Enter}');
    expect(cardNames()).toEqual(['Class 1', 'Class 2']);
  });

  test('clearing a class asks first, then removes its images', async () => {
    const { user, store } = renderTrainer();
    await act(() => store.addImages('class-2', [fakeImage('a.png'), fakeImage('b.png')], 'upload'));
    expect(screen.getByRole('button', { name: 'Clear images of Class 1' })).toHaveProperty(
      'disabled',
      true,
    );
    await user.click(screen.getByRole('button', { name: 'Clear images of Class 2' }));
    expect(screen.getByText('Remove all 2 images from “Class 2”?')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Remove' }));
    expect(store.callsOf('clearClass')).toEqual([['class-2']]);
    expect(screen.queryAllByTestId('sample-thumb')).toHaveLength(0);
  });

  test('thumbnails show each sample with alt text and can be deleted one by one', async () => {
    const { user, store, container } = renderTrainer();
    const [first] = await act(() =>
      store.addImages('class-1', [fakeImage('cat.png'), fakeImage('cat2.png')], 'upload'),
    );
    const card = classCard(container, 'class-1');
    const thumbs = within(card).getAllByTestId('sample-thumb');
    expect(thumbs.map((t) => t.dataset.sampleId)).toEqual(['sample-1', 'sample-2']);
    const img = within(thumbs[0]!).getByRole('img');
    expect(img.getAttribute('src')).toBe('blob:thumb/cat.png');
    expect(img.getAttribute('alt')).toBe('Class 1: cat.png');
    expect(within(card).getByTestId('sample-count').textContent).toBe('2 images');

    await user.click(within(card).getByRole('button', { name: 'Delete Class 1: cat.png' }));
    expect(store.callsOf('removeSample')).toEqual([[first]]);
    expect(within(card).getAllByTestId('sample-thumb')).toHaveLength(1);
  });

  test('class names are rendered as text, never as HTML', () => {
    const evil = '<img src=x onerror="window.hacked=1"><b>bold</b>';
    const { container } = renderTrainer({
      snapshot: { classes: [{ id: 'c', name: evil, sampleIds: [] }] },
    });
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe(evil);
    expect(container.querySelector('[data-testid="class-card"] b')).toBeNull();
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });
});

describe('a big class', () => {
  test('shows its newest 200 thumbnails and earlier ones on request, with the full count', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `s${i}`);
    const { user } = renderTrainer({
      snapshot: {
        classes: [
          { id: 'class-1', name: 'Cats', sampleIds: ids },
          { id: 'class-2', name: 'Dogs', sampleIds: [] },
        ],
        samples: Object.fromEntries(
          ids.map((id) => [
            id,
            { id, classId: 'class-1', source: 'upload' as const, thumbnail: `blob:${id}` },
          ]),
        ),
      },
    });
    const card = screen.getAllByTestId('class-card')[0]!;
    const shownIds = () =>
      within(card)
        .getAllByTestId('sample-thumb')
        .map((li) => li.getAttribute('data-sample-id'));
    expect(within(card).getByTestId('sample-count').textContent).toBe('450 images');
    expect(shownIds()).toEqual(ids.slice(250));
    await user.click(within(card).getByRole('button', { name: /Show 200 earlier images/ }));
    expect(shownIds()).toEqual(ids.slice(50));
    await user.click(within(card).getByRole('button', { name: /Show 50 earlier images/ }));
    expect(shownIds()).toEqual(ids);
    expect(within(card).queryByTestId('show-more-samples')).toBeNull();
  });
});
