// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { CameraError } from '../../src/platform/platform';
import { evaluatedProject } from './evaluationFixture';
import { fakeImage } from './fakePlatform';
import { classCard, renderTrainer, seriousViolations } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

const settle = () => act(async () => {});

describe('accessibility (axe-core, serious and critical rules)', () => {
  test('the starting page has no serious violations', async () => {
    const { container } = renderTrainer({
      snapshot: { notices: [{ id: 1, level: 'info', text: 'Welcome.' }] },
    });
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('classes with images, an open webcam, rejected files and the Undo toast have none', async () => {
    const { container, store } = renderTrainer();
    await act(() => store.addImages('class-1', [fakeImage('a.png'), fakeImage('b.png')], 'upload'));
    act(() => {
      store.addClass('Spare');
      store.deleteClass('class-3');
      store.reportRejected([{ name: 'x.txt', reason: 'not an image' }]);
      store.set({ ingest: { ...store.getSnapshot().ingest, active: true, done: 1, total: 3 } });
    });
    const card = classCard(container, 'class-1');
    fireEvent.click(within(card).getByRole('button', { name: 'Webcam for Class 1' }));
    await settle();
    fireEvent.click(within(card).getByRole('button', { name: 'Delete class Class 1' }));
    fireEvent.click(within(card).getByRole('button', { name: 'Class 1 (rename)' }));
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('a camera error has none', async () => {
    const { container } = renderTrainer({
      platform: { cameraError: new CameraError('denied', 'Camera access was blocked.') },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Webcam for Class 2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Live webcam' }));
    await settle();
    expect(screen.getAllByTestId('camera-error')).toHaveLength(2);
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('training with charts and the Advanced options open has none', async () => {
    const { container, store } = renderTrainer();
    act(() =>
      store.set({
        training: {
          phase: 'training',
          epochs: [{ epoch: 0, loss: 0.9, acc: 0.6, valLoss: 1, valAcc: 0.5 }],
          plannedEpochs: 50,
          stale: false,
          classIds: [],
        },
      }),
    );
    fireEvent.click(screen.getByText('Advanced'));
    expect(await seriousViolations(container)).toEqual([]);
  });

  test('evaluation with an open confusion cell and prediction bars has none', async () => {
    const { container } = renderTrainer({
      snapshot: {
        ...evaluatedProject(),
        prediction: {
          classIds: ['cats', 'dogs'],
          probabilities: [0.1, 0.9],
          mode: 'model',
          latencyMs: 40,
        },
      },
    });
    fireEvent.click(
      container.querySelector(
        '[data-testid="confusion-cell"][data-true="cats"][data-pred="dogs"]',
      )!,
    );
    expect(screen.getByTestId('cell-samples')).toBeTruthy();
    expect(await seriousViolations(container)).toEqual([]);
  });
});

test('the axe check itself catches a serious violation (an unnamed button)', async () => {
  const { container } = renderTrainer();
  container.append(document.createElement('button'));
  expect((await seriousViolations(container)).join('\n')).toContain('button-name');
});
