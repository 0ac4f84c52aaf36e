// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

describe('stopping images being added', () => {
  test('while images are added a bar shows the progress and a Stop button that asks the store to stop', () => {
    const { store } = renderTrainer();
    expect(screen.queryByTestId('stop-adding')).toBeNull();

    act(() => store.set({ ingest: { active: true, done: 12, total: 40, rejected: [] } }));
    expect(screen.getByTestId('stop-adding').textContent).toContain(
      'Adding images: 12 of 40 done.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Stop adding images' }));
    expect(store.callsOf('cancelIngest')).toEqual([[]]);
    expect(screen.getByTestId('stop-adding').textContent).toContain('Stopping');
    expect(screen.getByRole('button', { name: 'Stop adding images' })).toHaveProperty(
      'disabled',
      true,
    );

    act(() => store.set({ ingest: { active: false, done: 0, total: 0, rejected: [] } }));
    expect(screen.queryByTestId('stop-adding')).toBeNull();
  });
});
