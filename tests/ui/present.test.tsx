// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { PredictionView } from '../../src/core/session/sessionTypes';
import { evaluatedProject } from './evaluationFixture';
import { renderTrainer, seriousViolations } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));

const readyState = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'readyState');
beforeAll(() => {
  Object.defineProperty(HTMLMediaElement.prototype, 'readyState', {
    configurable: true,
    get: () => 4,
  });
});
afterAll(() => {
  if (readyState) Object.defineProperty(HTMLMediaElement.prototype, 'readyState', readyState);
});

/** Installs a working Fullscreen API on jsdom (which has none); returns what it recorded. */
function fakeFullscreen() {
  let current: Element | null = null;
  const exits: number[] = [];
  Object.defineProperty(document, 'fullscreenEnabled', { configurable: true, value: true });
  Object.defineProperty(document, 'fullscreenElement', {
    configurable: true,
    get: () => current,
  });
  const enter = (element: Element) => {
    current = element;
    document.dispatchEvent(new Event('fullscreenchange'));
  };
  Element.prototype.requestFullscreen = async function (this: Element) {
    enter(this);
  };
  document.exitFullscreen = async () => {
    exits.push(1);
    current = null;
    document.dispatchEvent(new Event('fullscreenchange'));
  };
  return {
    exits,
    /** What the browser does on Escape in full screen: leaves it on its own. */
    browserLeaves() {
      current = null;
      document.dispatchEvent(new Event('fullscreenchange'));
    },
  };
}

afterEach(() => {
  cleanup();
  delete (document as { fullscreenEnabled?: boolean }).fullscreenEnabled;
  delete (document as { fullscreenElement?: Element | null }).fullscreenElement;
  delete (Element.prototype as { requestFullscreen?: unknown }).requestFullscreen;
  delete (document as { exitFullscreen?: unknown }).exitFullscreen;
});

const prediction = (cats: number): PredictionView => ({
  classIds: ['cats', 'dogs'],
  probabilities: [cats, 1 - cats],
  mode: 'model',
  latencyMs: 40,
});

const presentBars = () =>
  screen.getAllByTestId('present-bar').map((b) => [b.dataset.classId, b.dataset.probability]);

describe('presentation mode', () => {
  test('Present opens a full-window view with the exit focused when there is no Fullscreen API', async () => {
    const { user } = renderTrainer({ snapshot: evaluatedProject() });
    await user.click(screen.getByRole('button', { name: 'Present' }));
    const view = screen.getByRole('dialog', { name: 'Glimpse: what does the model see?' });
    expect(view.dataset.fullscreen).toBe('false');
    expect(document.activeElement).toBe(screen.getByTestId('present-exit'));
    expect(screen.getByLabelText('Presentation camera')).toBeTruthy();
  });

  test('goes full screen through the Fullscreen API and leaves it with Exit', async () => {
    const fullscreen = fakeFullscreen();
    const { user } = renderTrainer({ snapshot: evaluatedProject() });
    await user.click(screen.getByRole('button', { name: 'Present' }));
    const view = screen.getByTestId('present-view');
    await waitFor(() => expect(view.dataset.fullscreen).toBe('true'));
    expect(document.fullscreenElement).toBe(view);
    await user.click(screen.getByRole('button', { name: 'Exit (Esc)' }));
    expect(screen.queryByTestId('present-view')).toBeNull();
    expect(fullscreen.exits).toHaveLength(1);
    expect(document.fullscreenElement).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Present' }));
  });

  test('leaving full screen by the browser (Escape) ends the presentation', async () => {
    const fullscreen = fakeFullscreen();
    const { user } = renderTrainer({ snapshot: evaluatedProject() });
    await user.click(screen.getByRole('button', { name: 'Present' }));
    await waitFor(() => expect(screen.getByTestId('present-view').dataset.fullscreen).toBe('true'));
    act(() => fullscreen.browserLeaves());
    expect(screen.queryByTestId('present-view')).toBeNull();
  });

  test('Escape leaves the full-window view and gives focus back to Present', async () => {
    const { user } = renderTrainer({ snapshot: evaluatedProject() });
    await user.click(screen.getByRole('button', { name: 'Present' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('present-view')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Present' }));
  });

  test('shows the top class in large type and a bar per class that follows the live predictions', async () => {
    const { user, store } = renderTrainer({ snapshot: evaluatedProject() });
    store.nextPrediction = prediction(0.8);
    await user.click(screen.getByRole('button', { name: 'Present' }));
    await waitFor(() => expect(screen.getByTestId('present-top').textContent).toBe('Cats'));
    expect(presentBars()).toEqual([
      ['cats', '0.8000'],
      ['dogs', '0.2000'],
    ]);
    expect(screen.getAllByTestId('present-bar')[0]!.textContent).toBe('Cats80%');
    // The next frames look like a dog.
    store.nextPrediction = prediction(0.1);
    await waitFor(() => expect(screen.getByTestId('present-top').textContent).toBe('Dogs'));
    expect(presentBars()[1]).toEqual(['dogs', '0.9000']);
    const colours = screen
      .getAllByTestId('present-bar')
      .map((b) => b.style.getPropertyValue('--bar'));
    expect(new Set(colours).size).toBe(2);
  });

  test('keeps predicting from its own camera, and the preview camera pauses meanwhile', async () => {
    const { user, store, platform } = renderTrainer({ snapshot: evaluatedProject() });
    store.nextPrediction = prediction(0.7);
    await user.click(screen.getByRole('button', { name: 'Live webcam' }));
    await waitFor(() => expect(store.callsOf('classify').length).toBeGreaterThanOrEqual(1));
    await user.click(screen.getByRole('button', { name: 'Present' }));
    expect(screen.queryByTestId('live-preview')).toBeNull();
    const before = store.callsOf('classify').length;
    await waitFor(() => expect(store.callsOf('classify').length).toBeGreaterThan(before + 2));
    expect(screen.getByTestId('present-stats').textContent).toMatch(
      /[\d.]+ predictions per second/,
    );
    expect(platform.streams.filter((s) => !s.closed)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Exit (Esc)' }));
    await waitFor(() => expect(screen.getByTestId('live-preview')).toBeTruthy());
  });

  test('explains what is missing before two classes have images', async () => {
    const { user } = renderTrainer();
    await user.click(screen.getByRole('button', { name: 'Present' }));
    expect(screen.getByTestId('present-waiting').textContent).toBe(
      'Add images to at least two classes to see predictions.',
    );
  });

  test('Tab stays inside the presentation', async () => {
    const { user } = renderTrainer({ snapshot: evaluatedProject() });
    await user.click(screen.getByRole('button', { name: 'Present' }));
    const view = screen.getByTestId('present-view');
    for (let i = 0; i < 6; i++) {
      await user.tab();
      expect(view.contains(document.activeElement)).toBe(true);
    }
    fireEvent.keyDown(screen.getByTestId('present-exit'), { key: 'Tab', shiftKey: true });
    expect(view.contains(document.activeElement)).toBe(true);
  });

  test('has no serious accessibility violations', async () => {
    const { user, store } = renderTrainer({ snapshot: evaluatedProject() });
    store.nextPrediction = prediction(0.6);
    await user.click(screen.getByRole('button', { name: 'Present' }));
    await waitFor(() => expect(screen.getAllByTestId('present-bar')).toHaveLength(2));
    expect(await seriousViolations(screen.getByTestId('present-view'))).toEqual([]);
  });
});
