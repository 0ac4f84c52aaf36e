// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EnginePhase } from '../../src/core/session/sessionTypes';
import { registerServiceWorker } from '../../src/platform/serviceWorker';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('service worker registration', () => {
  it('waits for the image model to be ready, then a quiet moment, before saving the app', async () => {
    vi.useFakeTimers();
    const register = vi.fn(() => new Promise<never>(() => undefined));
    Object.defineProperty(navigator, 'serviceWorker', {
      configurable: true,
      value: { register, controller: null },
    });
    vi.stubGlobal('isSecureContext', true);
    let phase: EnginePhase = 'starting';
    const listeners = new Set<() => void>();
    const session = {
      subscribe: (listener: () => void) => (
        listeners.add(listener),
        () => listeners.delete(listener)
      ),
      getSnapshot: () => ({ engine: { phase } }) as never,
    };
    registerServiceWorker({ base: '/', session });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(register).not.toHaveBeenCalled(); // the model is still loading
    phase = 'ready';
    listeners.forEach((l) => l());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(register).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_500);
    expect(register).toHaveBeenCalledWith('/sw.js', { scope: '/', updateViaCache: 'none' });
    expect(listeners.size).toBe(0);
  });
});
