import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Runs `capture` at `framesPerSecond` while recording. A tick that comes while the previous
 * capture is still in flight is dropped (counted in `dropped`), so slow machines record fewer
 * frames instead of queueing them without bound. `capture` must not reject.
 */
export function useRepeatCapture(
  capture: () => Promise<void>,
  framesPerSecond: number,
): {
  recording: boolean;
  dropped: number;
  start(): void;
  stop(): void;
  /** One capture now (ignored while one is in flight). */
  captureOnce(): void;
} {
  const [recording, setRecording] = useState(false);
  const [dropped, setDropped] = useState(0);
  const busy = useRef(false);
  const latest = useRef(capture);

  useEffect(() => {
    latest.current = capture;
  }, [capture]);

  const tick = useCallback(() => {
    if (busy.current) {
      setDropped((n) => n + 1);
      return;
    }
    busy.current = true;
    const done = () => {
      busy.current = false;
    };
    latest.current().then(done, done);
  }, []);

  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(tick, 1000 / Math.max(framesPerSecond, 0.1));
    return () => clearInterval(timer);
  }, [recording, framesPerSecond, tick]);

  return {
    recording,
    dropped,
    start() {
      if (recording) return;
      setRecording(true);
      tick();
    },
    stop() {
      setRecording(false);
    },
    captureOnce: tick,
  };
}
