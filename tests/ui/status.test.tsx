// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { TrainerApp } from '../../src/ui/TrainerApp';
import { createFakePlatform } from './fakePlatform';
import { createFakeSession, readyEngine } from './fakeSession';
import { renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));
afterEach(cleanup);

describe('status bar and notices', () => {
  test('it shows the backbone, where its weights came from, the backend and the engine phase', () => {
    renderTrainer();
    expect(screen.getByTestId('status-backbone').textContent).toBe(
      'MobileNet v2 0.35 (Teachable Machine base)',
    );
    expect(screen.getByTestId('weights-source').dataset.source).toBe('self-hosted');
    expect(screen.getByTestId('weights-source').textContent).toContain('self-hosted');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Compute backend' }).value).toBe(
      'wasm',
    );
    expect(screen.getByTestId('engine-phase').textContent).toBe('Ready');
    expect(screen.queryByTestId('fallback-warning')).toBeNull();
  });

  test('the offline fallback is flagged with a visible warning', () => {
    const engine = readyEngine();
    engine.backbone = {
      ...engine.backbone!,
      spec: { ...engine.backbone!.spec, label: 'Offline fallback', note: 'Lower accuracy.' },
      report: { ...engine.backbone!.report, source: 'offline-fallback', usedOfflineFallback: true },
    };
    renderTrainer({ snapshot: { engine } });
    expect(screen.getByTestId('weights-source').textContent).toContain('offline fallback');
    expect(screen.getByTestId('fallback-warning').textContent).toContain(
      'Offline fallback in use — lower accuracy.',
    );
  });

  test('choosing another backend asks the store to switch; switching locks the picker', async () => {
    const { user, store } = renderTrainer();
    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Compute backend' });
    expect(Array.from(select.options).map((o) => o.value)).toEqual([
      'webgpu',
      'webgl',
      'wasm',
      'cpu',
    ]);
    await user.selectOptions(select, 'webgl');
    expect(store.callsOf('setBackend')).toEqual([['webgl']]);
    expect(select.value).toBe('webgl');
    act(() => store.set({ engine: { ...store.getSnapshot().engine, phase: 'switching' } }));
    expect(select.disabled).toBe(true);
    expect(screen.getByTestId('engine-phase').textContent).toBe('Switching…');
  });

  test('a failed engine says why', () => {
    renderTrainer({ snapshot: { engine: { phase: 'failed', error: 'No backend works.' } } });
    expect(screen.getByTestId('engine-error').textContent).toBe(
      'The image model could not be started: No backend works.',
    );
    expect(screen.getByTestId('train-button')).toHaveProperty('disabled', true);
  });

  test('notices are dismissible alerts for errors and status messages otherwise', async () => {
    const { user, store } = renderTrainer({
      snapshot: {
        notices: [
          { id: 1, level: 'error', text: 'Training failed: out of memory' },
          { id: 2, level: 'info', text: 'Training cancelled.' },
        ],
      },
    });
    const notices = screen.getAllByTestId('notice');
    expect(notices.map((n) => n.dataset.level)).toEqual(['error', 'info']);
    expect(within(notices[0]!).getByRole('alert').textContent).toBe(
      'Training failed: out of memory',
    );
    expect(within(notices[1]!).getByRole('status').textContent).toBe('Training cancelled.');
    await user.click(
      within(notices[0]!).getByRole('button', { name: 'Dismiss: Training failed: out of memory' }),
    );
    expect(store.callsOf('dismissNotice')).toEqual([[1]]);
    expect(screen.getAllByTestId('notice')).toHaveLength(1);
  });

  test('the debug drawer lists the skipped backends and where the weights were looked for', () => {
    renderTrainer();
    const drawer = screen.getByTestId('debug-drawer');
    expect(drawer.tagName).toBe('DETAILS');
    expect(drawer.textContent).toContain('webgpu: no adapter');
    expect(drawer.textContent).toContain(
      'self-hosted (/models/mobilenet-v2-0.35-224-tm/model.json): loaded',
    );
  });
});

describe('status details for start-up', () => {
  test('the offline-fallback warning names the image model that could not be loaded', () => {
    const engine = readyEngine();
    engine.backbone = {
      ...engine.backbone!,
      spec: {
        ...engine.backbone!.spec,
        id: 'nsfwjs-mobilenet-v2-offline',
        note: 'Lower accuracy.',
      },
      report: {
        ...engine.backbone!.report,
        requestedId: 'mobilenet-v2-1.0-224-graph',
        source: 'offline-fallback',
        usedOfflineFallback: true,
      },
    };
    renderTrainer({ snapshot: { engine } });
    expect(screen.getByTestId('fallback-warning').textContent).toContain(
      'The chosen image model (MobileNet v2 1.0 (tfjs-models)) could not be downloaded',
    );
  });

  test('notes about the page address are shown under the status bar', () => {
    const store = createFakeSession();
    render(
      <TrainerApp
        store={store}
        platform={createFakePlatform()}
        notes={['Offline mode (?offline=1): the official model host is not contacted.']}
      />,
    );
    expect(screen.getByTestId('url-notes').textContent).toContain('Offline mode');
  });

  test('the debug drawer marks the active backend, the others with reasons, and each weight source tried', () => {
    renderTrainer();
    const drawer = screen.getByTestId('debug-drawer');
    const active = within(drawer).getByTestId('backend-active');
    expect(active.dataset.backend).toBe('wasm');
    expect(within(drawer).getByTestId('backbone-loaded').dataset.dim).toMatch(/^\d+$/);
    for (const li of within(drawer).getByTestId('backbone-attempts').querySelectorAll('li')) {
      expect(li.getAttribute('data-outcome')).toMatch(/^(loaded|failed)$/);
      expect(li.getAttribute('data-source')).not.toBe('');
    }
  });
});
