// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { CameraError } from '../../src/platform/platform';
import { fakeFile } from './fakePlatform';
import { classCard, renderTrainer } from './renderTrainer';

vi.mock('uplot', () => import('./fakeUplot'));

// jsdom never plays video: pretend every <video> has a frame.
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
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Lets the camera promises settle. */
const settle = () => act(async () => {});

async function openWebcam(options: Parameters<typeof renderTrainer>[0] = {}) {
  const rendered = renderTrainer(options);
  const card = classCard(rendered.container, 'class-1');
  fireEvent.click(within(card).getByRole('button', { name: 'Webcam for Class 1' }));
  await settle();
  return { ...rendered, card, panel: within(card).getByTestId('webcam-panel') };
}

describe('webcam panel', () => {
  test('it lists the cameras, shows the live video mirrored for a front camera, and remembers a new choice', async () => {
    const { panel, platform } = await openWebcam();
    const video = within(panel).getByLabelText<HTMLVideoElement>('Webcam preview for Class 1');
    expect(video.muted).toBe(true);
    expect(video.hasAttribute('playsinline')).toBe(true);
    expect(video.srcObject).toBe(platform.streams[0]);
    expect(video.className).toBe('mirrored');
    const select = within(panel).getByRole<HTMLSelectElement>('combobox', { name: 'Camera' });
    expect(Array.from(select.options).map((o) => o.text)).toEqual(['Front camera', 'Back camera']);
    expect(select.value).toBe('front');
    const mirror = within(panel).getByRole<HTMLInputElement>('checkbox', { name: 'Mirror' });
    expect(mirror.checked).toBe(true);

    fireEvent.change(select, { target: { value: 'back' } });
    await settle();
    expect(platform.remembered).toBe('back');
    expect(platform.streams[0]!.closed).toBe(true);
    expect(video.srcObject).toBe(platform.streams[1]);
    expect(mirror.checked).toBe(false);
    fireEvent.click(mirror);
    expect(video.className).toBe('mirrored');
  });

  test('the remembered camera is opened first', async () => {
    const { platform, panel } = await openWebcam({ platform: { remembered: 'back' } });
    expect(platform.streams[0]!.deviceId).toBe('back');
    expect(within(panel).getByRole<HTMLSelectElement>('combobox').value).toBe('back');
  });

  test('holding the record button with the pointer captures 10 frames a second until released', async () => {
    vi.useFakeTimers();
    const { panel, store, platform } = await openWebcam();
    const record = within(panel).getByTestId('record-button');
    fireEvent.pointerDown(record, { button: 0, pointerId: 1 });
    expect(record.getAttribute('aria-pressed')).toBe('true');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    fireEvent.pointerUp(record, { pointerId: 1 });
    expect(record.getAttribute('aria-pressed')).toBe('false');
    await act(() => vi.advanceTimersByTimeAsync(1000));
    // One at once on press, then one every 100 ms.
    expect(platform.captureCount).toBe(11);
    const adds = store.callsOf('addImages');
    expect(adds).toHaveLength(11);
    expect(adds.every(([classId, , source]) => classId === 'class-1' && source === 'webcam')).toBe(
      true,
    );
    expect(within(panel).getByTestId('webcam-added').textContent).toContain('11 photos added');
  });

  test('holding Space (or Enter) on the record button records; releasing the key stops', async () => {
    vi.useFakeTimers();
    const { panel, platform } = await openWebcam();
    const record = within(panel).getByTestId('record-button');
    record.focus();
    fireEvent.keyDown(record, { key: ' ' });
    fireEvent.keyDown(record, { key: ' ', repeat: true });
    await act(() => vi.advanceTimersByTimeAsync(450));
    fireEvent.keyUp(record, { key: ' ' });
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(platform.captureCount).toBe(5);

    fireEvent.keyDown(record, { key: 'Enter' });
    await act(() => vi.advanceTimersByTimeAsync(150));
    fireEvent.keyUp(record, { key: 'Enter' });
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(platform.captureCount).toBe(7);
  });

  test('the frame rate is adjustable', async () => {
    vi.useFakeTimers();
    const { panel, platform } = await openWebcam();
    fireEvent.change(within(panel).getByRole('spinbutton', { name: 'Frames per second' }), {
      target: { value: '2' },
    });
    const record = within(panel).getByTestId('record-button');
    fireEvent.pointerDown(record, { button: 0 });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    fireEvent.pointerUp(record);
    expect(platform.captureCount).toBe(3);
  });

  test('frames are dropped while the previous capture is still in flight', async () => {
    vi.useFakeTimers();
    let release: () => void = () => {};
    const { panel, platform } = await openWebcam();
    platform.captureGate = new Promise((r) => (release = r));
    const record = within(panel).getByTestId('record-button');
    fireEvent.pointerDown(record, { button: 0 });
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(platform.captureCount).toBe(0);
    platform.captureGate = null;
    await act(async () => release());
    fireEvent.pointerUp(record);
    // Only the first capture ran; the ten ticks while it was in flight were skipped.
    expect(platform.captureCount).toBe(1);
    expect(within(panel).getByTestId('webcam-added').textContent).toContain('10 frames skipped');
  });

  test('Take one photo adds exactly one webcam image to the class', async () => {
    const { panel, card, store } = await openWebcam();
    fireEvent.click(within(panel).getByTestId('snapshot-button'));
    await settle();
    expect(store.callsOf('addImages')).toHaveLength(1);
    expect(within(card).getAllByTestId('sample-thumb')).toHaveLength(1);
  });

  test('a denied camera shows a clear message and the upload button still works', async () => {
    const { panel, card, store, user } = await openWebcam({
      platform: {
        cameraError: new CameraError('denied', 'Camera access was blocked for this page.'),
      },
    });
    const error = within(panel).getByTestId('camera-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('Camera access was blocked for this page.');
    expect(error.textContent).toContain('Allow camera access');
    expect(error.textContent).toContain('You can still add images with Upload.');
    expect(within(panel).getByTestId('record-button')).toHaveProperty('disabled', true);
    expect(within(panel).getByTestId('snapshot-button')).toHaveProperty('disabled', true);

    const upload = within(card).getByRole('button', { name: 'Upload images to Class 1' });
    expect(upload).toHaveProperty('disabled', false);
    await user.upload(within(card).getByTestId('upload-input'), [fakeFile('a.png')]);
    await settle();
    expect(store.callsOf('addImages')).toHaveLength(1);
  });

  test('no camera: the message says so, and Try again opens it once one is plugged in', async () => {
    const { panel, platform } = await openWebcam({
      platform: { cameraError: new CameraError('not-found', 'No camera was found.') },
    });
    expect(within(panel).getByTestId('camera-error').textContent).toContain('No camera was found.');
    platform.cameraError = null;
    fireEvent.click(within(panel).getByRole('button', { name: 'Try again' }));
    await settle();
    expect(within(panel).queryByTestId('camera-error')).toBeNull();
    expect(within(panel).getByTestId('record-button')).toHaveProperty('disabled', false);
  });

  test('a camera unplugged while recording stops the recording, says so, and keeps the photos taken', async () => {
    vi.useFakeTimers();
    const { panel, card, platform, store } = await openWebcam();
    const record = within(panel).getByTestId('record-button');
    fireEvent.pointerDown(record, { button: 0, pointerId: 1 });
    await act(() => vi.advanceTimersByTimeAsync(450));
    expect(platform.captureCount).toBe(5);

    act(() => platform.streams[0]!.unplug!());
    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(platform.captureCount).toBe(5);
    expect(platform.streams[0]!.closed).toBe(true);
    const error = within(panel).getByTestId('camera-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('The camera stopped sending pictures.');
    expect(error.textContent).toContain('Plug the camera back in and press Try again.');
    expect(within(panel).getByTestId('record-button').getAttribute('aria-pressed')).toBe('false');
    expect(within(panel).getByTestId('record-button')).toHaveProperty('disabled', true);
    expect(store.callsOf('addImages')).toHaveLength(5);
    expect(within(card).getAllByTestId('sample-thumb')).toHaveLength(5);
    expect(within(panel).getByTestId('webcam-added').textContent).toContain('5 photos added');

    fireEvent.click(within(panel).getByRole('button', { name: 'Try again' }));
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(platform.streams).toHaveLength(2);
    expect(within(panel).queryByTestId('camera-error')).toBeNull();
    expect(within(panel).getByTestId('record-button')).toHaveProperty('disabled', false);
  });

  test('closing the webcam panel stops the stream and returns focus to the Webcam button', async () => {
    const { panel, card, platform } = await openWebcam();
    fireEvent.click(within(panel).getByRole('button', { name: 'Close webcam for Class 1' }));
    expect(within(card).queryByTestId('webcam-panel')).toBeNull();
    expect(platform.streams.every((s) => s.closed)).toBe(true);
    expect(document.activeElement).toBe(
      within(card).getByRole('button', { name: 'Webcam for Class 1' }),
    );
  });

  test('unmounting the page stops the stream', async () => {
    const { platform, unmount } = await openWebcam();
    unmount();
    expect(platform.streams).toHaveLength(1);
    expect(platform.streams[0]!.closed).toBe(true);
    expect(screen.queryByTestId('webcam-panel')).toBeNull();
  });
});
