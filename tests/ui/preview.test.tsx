// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { PredictionView } from '../../src/core/session/sessionTypes';
import { evaluatedProject } from './evaluationFixture';
import { fakeFile } from './fakePlatform';
import { renderTrainer } from './renderTrainer';

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
afterEach(cleanup);

const prediction = (mode: PredictionView['mode']): PredictionView => ({
  classIds: ['cats', 'dogs'],
  probabilities: [0.25, 0.75],
  mode,
  latencyMs: 61.6,
});

const bars = () => screen.getAllByTestId('prediction-bar');

describe('preview panel', () => {
  test('prediction bars highlight the top class', () => {
    renderTrainer({ snapshot: { ...evaluatedProject(), prediction: prediction('model') } });
    expect(bars().map((b) => [b.dataset.classId, b.dataset.top])).toEqual([
      ['cats', 'false'],
      ['dogs', 'true'],
    ]);
    const top = bars()[1]!;
    expect(top.className).toContain('is-top');
    expect(top.textContent).toBe('Dogs (most likely)75%');
    const meter = within(top).getByRole('meter', { name: 'Dogs (most likely)' });
    expect(meter.getAttribute('value')).toBe('0.75');
    expect(screen.getByTestId('prediction-latency').textContent).toBe('Answered in 62 ms.');
  });

  test('the label says "Instant (k-NN, before training)" before training and "Trained model" after', () => {
    const { store } = renderTrainer({
      snapshot: { ...evaluatedProject(), prediction: prediction('instant') },
    });
    expect(screen.getByTestId('prediction-mode').textContent).toBe(
      'Instant (k-NN, before training)',
    );
    act(() => store.set({ prediction: prediction('model') }));
    expect(screen.getByTestId('prediction-mode').textContent).toBe('Trained model');
  });

  test('without a prediction it explains what is needed', () => {
    renderTrainer();
    expect(screen.getByTestId('prediction-empty').textContent).toContain(
      'Add images to at least two classes',
    );
  });

  test('classifying an image file sends its pixels to the store and shows the image', async () => {
    const { user, store, platform } = renderTrainer({ snapshot: evaluatedProject() });
    store.nextPrediction = prediction('model');
    const panel = screen.getByTestId('preview-panel');
    await user.upload(within(panel).getByTestId('classify-input'), [fakeFile('mystery.png')]);
    await waitFor(() => expect(bars()).toHaveLength(2));
    const [pixels] = store.callsOf('classify')[0]!;
    expect(pixels).toMatchObject({ width: 2, height: 2 });
    expect(
      within(panel).getByRole('img', { name: 'Image being classified: mystery.png' }),
    ).toBeTruthy();

    // A second image replaces the first, whose thumbnail is freed.
    await user.upload(within(panel).getByTestId('classify-input'), [fakeFile('other.png')]);
    await waitFor(() => expect(platform.released).toEqual(['blob:thumb/mystery.png']));
  });

  test('dropping an unreadable file on the preview says why', async () => {
    renderTrainer({ snapshot: evaluatedProject() });
    const panel = screen.getByTestId('preview-panel');
    fireEvent.drop(panel, {
      dataTransfer: { files: [fakeFile('doc.pdf', 'application/pdf')], types: ['Files'] },
    });
    await waitFor(() =>
      expect(within(panel).getByRole('status').textContent).toBe(
        '“doc.pdf” could not be used: not an image (application/pdf)',
      ),
    );
  });

  test('the live webcam classifies frames one at a time at the model input size, makes no thumbnails for them, and shows the rate', async () => {
    const { user, store, platform } = renderTrainer({ snapshot: evaluatedProject() });
    store.nextPrediction = prediction('instant');
    let inFlight = 0;
    let maxInFlight = 0;
    const classify = store.classify;
    store.classify = async (pixels) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return classify(pixels);
    };
    await user.click(screen.getByRole('button', { name: 'Live webcam' }));
    await waitFor(() => expect(store.callsOf('classify').length).toBeGreaterThanOrEqual(3));
    expect(maxInFlight).toBe(1);
    expect(platform.captureCount).toBeGreaterThanOrEqual(3);
    expect(platform.thumbnailsMade).toBe(0);
    expect(new Set(platform.captureSides)).toEqual(new Set([224]));
    expect(platform.released).toEqual([]);
    expect(screen.getByTestId('live-stats').textContent).toMatch(/[\d.]+ predictions per second/);
    expect(bars()).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Stop live webcam' }));
    expect(platform.streams.every((s) => s.closed)).toBe(true);
    const calls = store.callsOf('classify').length;
    await new Promise((r) => setTimeout(r, 50));
    expect(store.callsOf('classify').length).toBeLessThanOrEqual(calls + 1);
  });

  test('the live webcam waits instead of classifying while fewer than two classes have images', async () => {
    const { user, store } = renderTrainer();
    await user.click(screen.getByRole('button', { name: 'Live webcam' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(store.callsOf('classify')).toHaveLength(0);
    expect(screen.getByTestId('live-stats').textContent).toBe(
      'Waiting for images in at least two classes.',
    );
  });
});
