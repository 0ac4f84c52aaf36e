// @vitest-environment jsdom
import { DEFAULT_HEAD_OPTIONS } from '../../src/core/training/headOptions';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { EpochLog } from '../../src/core/training/trainHead';
import { fakeImage } from './fakePlatform';
import FakeUplot from './fakeUplot';
import { renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(() => {
  cleanup();
  FakeUplot.instances = [];
});

const epochs = (n: number): EpochLog[] =>
  Array.from({ length: n }, (_, i) => ({
    epoch: i,
    loss: 1 / (i + 1),
    acc: 0.5 + i / 20,
    valLoss: 1.2 / (i + 1),
    valAcc: 0.45 + i / 20,
  }));

describe('train panel', () => {
  test('the Train button is disabled and says why until two classes have images', async () => {
    const { store } = renderTrainer();
    const train = screen.getByTestId('train-button');
    expect(train).toHaveProperty('disabled', true);
    expect(screen.getByTestId('train-reason').textContent).toBe(
      'Add images to “Class 1”, “Class 2”.',
    );
    expect(train.getAttribute('aria-describedby')).toBe('train-reason');

    await act(() => store.addImages('class-1', [fakeImage('a.png')], 'upload'));
    expect(screen.getByTestId('train-reason').textContent).toBe('Add images to “Class 2”.');
    await act(() => store.addImages('class-2', [fakeImage('b.png')], 'upload'));
    expect(train).toHaveProperty('disabled', false);
    expect(screen.queryByTestId('train-reason')).toBeNull();
  });

  test('while training it shows "epoch n / planned", and Cancel stops it', async () => {
    const { store, user } = renderTrainer();
    act(() => store.set({ readiness: { ok: true } }));
    await user.click(screen.getByTestId('train-button'));
    expect(store.callsOf('train')).toHaveLength(1);
    act(() => store.set({ training: { ...store.getSnapshot().training, epochs: epochs(3) } }));
    expect(screen.getByTestId('training-progress').textContent).toContain(
      `Epoch 3 / ${DEFAULT_HEAD_OPTIONS.epochs}`,
    );
    expect(screen.getByTestId('train-button')).toHaveProperty('disabled', true);

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(store.callsOf('cancelTraining')).toHaveLength(1);
    expect(screen.queryByTestId('training-progress')).toBeNull();
    expect(screen.getByText('Training was cancelled.')).toBeTruthy();
  });

  test('loss and accuracy charts get one point per epoch, training and validation', () => {
    const { store } = renderTrainer();
    expect(screen.getByTestId('chart-loss').dataset.points).toBe('0');
    act(() =>
      store.set({
        training: {
          phase: 'trained',
          epochs: epochs(4),
          plannedEpochs: 100,
          stale: false,
          classIds: ['class-1', 'class-2'],
          trainMs: 2345,
          stoppedEarly: true,
        },
      }),
    );
    expect(screen.getByTestId('chart-loss').dataset.points).toBe('4');
    expect(screen.getByTestId('chart-accuracy').dataset.points).toBe('4');
    const [loss, acc] = FakeUplot.instances.filter((c) => !c.destroyed);
    expect(loss!.data).toEqual([
      [1, 2, 3, 4],
      [1, 1 / 2, 1 / 3, 1 / 4],
      [1.2, 1.2 / 2, 1.2 / 3, 1.2 / 4],
    ]);
    expect(acc!.data[2]).toEqual(epochs(4).map((e) => e.valAcc));
    expect(loss!.opts.series.map((s) => s.label)).toEqual(['epoch', 'training', 'validation']);
    expect(
      within(screen.getByTestId('chart-accuracy')).getByRole('img').getAttribute('aria-label'),
    ).toBe('After 4 epochs: training accuracy 65.0%, validation accuracy 60.0%.');
    expect(screen.getByTestId('training-done').textContent).toBe(
      'Trained in 2.3 s over 4 epochs (stopped early: validation stopped improving).',
    );
  });

  test('a stale model says the classes changed since training', () => {
    const { store } = renderTrainer();
    expect(screen.queryByTestId('stale-warning')).toBeNull();
    act(() =>
      store.set({
        training: { ...store.getSnapshot().training, phase: 'trained', stale: true },
      }),
    );
    expect(screen.getByTestId('stale-warning').textContent).toBe(
      'Classes changed since training — train again',
    );
  });

  test('the Advanced options set head options and the backbone, labelling the offline fallback', async () => {
    const { store, user } = renderTrainer();
    await user.click(screen.getByText('Advanced'));
    const epochsField = screen.getByRole('spinbutton', { name: 'Epochs' });
    await user.clear(epochsField);
    await user.type(epochsField, '40');
    await user.tab();
    expect(store.getSnapshot().headOptions.epochs).toBe(40);
    // Clearing the field commits nothing, and leaving it shows the kept value again.
    expect(store.callsOf('setHeadOptions').map(([o]) => o)).toEqual([
      { epochs: 4 },
      { epochs: 40 },
    ]);

    fireEvent.change(screen.getByRole('spinbutton', { name: 'Validation share (%)' }), {
      target: { value: '20' },
    });
    expect(store.getSnapshot().headOptions.validationFraction).toBeCloseTo(0.2);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Dropout' }), {
      target: { value: '0.5' },
    });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Batch size' }), {
      target: { value: '16' },
    });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Learning rate' }), {
      target: { value: '0.01' },
    });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Hidden units' }), {
      target: { value: '0' },
    });
    const o = store.getSnapshot().headOptions;
    expect([o.dropout, o.batchSize, o.learningRate, o.hiddenUnits]).toEqual([0.5, 16, 0.01, 0]);
    // Out of range: not sent.
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Dropout' }), {
      target: { value: '2' },
    });
    expect(store.getSnapshot().headOptions.dropout).toBe(0.5);

    const backbone = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Model' });
    const fallback = Array.from(backbone.options).find((op) => op.value.includes('offline'))!;
    expect(fallback.text).toContain('offline fallback');
    expect(fallback.parentElement?.getAttribute('label')).toContain('Offline fallback');
    expect(backbone.options[0]!.text).toBe('MobileNet v2 0.35 (Teachable Machine base) — 1.7 MB');
    await user.selectOptions(backbone, 'mobilenet-v1-0.25-224-graph');
    expect(store.callsOf('setBackbone')).toEqual([['mobilenet-v1-0.25-224-graph']]);
  });

  test('training options are locked while training', () => {
    const { store } = renderTrainer();
    act(() => store.set({ training: { ...store.getSnapshot().training, phase: 'training' } }));
    // Disabled through its <fieldset>.
    expect(screen.getByRole('spinbutton', { name: 'Epochs' }).matches(':disabled')).toBe(true);
  });

  test('Augment images turns the mirror on and sets crops and lighting changes (0–4), with the benchmark note', async () => {
    const { store, user } = renderTrainer();
    await user.click(screen.getByText('Advanced'));
    const group = screen.getByRole('group', { name: 'Augment images' });
    const note = within(group).getByTestId('augment-note');
    expect(note.textContent).toContain('changed accuracy by ≤ 1 point');
    expect(store.getSnapshot().headOptions.augmentation).toEqual({
      flip: false,
      crops: 0,
      lights: 0,
    });
    await user.click(within(group).getByRole('checkbox', { name: 'Mirror image (flip)' }));
    fireEvent.change(within(group).getByRole('spinbutton', { name: 'Crops' }), {
      target: { value: '2' },
    });
    fireEvent.change(within(group).getByRole('spinbutton', { name: 'Lighting changes' }), {
      target: { value: '1' },
    });
    expect(store.getSnapshot().headOptions.augmentation).toEqual({
      flip: true,
      crops: 2,
      lights: 1,
    });
    expect(note.textContent).toContain('makes adding images 5× slower');
    // Above the limit: not sent.
    fireEvent.change(within(group).getByRole('spinbutton', { name: 'Crops' }), {
      target: { value: '5' },
    });
    expect(store.getSnapshot().headOptions.augmentation.crops).toBe(2);
    act(() => store.set({ training: { ...store.getSnapshot().training, phase: 'training' } }));
    expect(within(group).getByRole('checkbox').matches(':disabled')).toBe(true);
  });
});
