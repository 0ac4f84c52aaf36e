import { useEffect, useRef, useState, type RefObject } from 'react';
import { usePlatform, useStore } from '../context';
import { errorText } from '../format';
import { useT } from '../i18n/I18nProvider';
import { isVideoReady } from '../webcam/CameraView';

/**
 * Resolves when the video presents a frame newer than the one just classified
 * (`requestVideoFrameCallback`), so a camera slower than the classifier is not classified twice
 * per frame; falls back to the next animation frame.
 */
const nextVideoFrame = (video: HTMLVideoElement | null) =>
  new Promise<void>((resolve) => {
    if (video && typeof video.requestVideoFrameCallback === 'function') {
      video.requestVideoFrameCallback(() => resolve());
    } else if (typeof requestAnimationFrame === 'function') {
      requestAnimationFrame(() => resolve());
    } else setTimeout(resolve, 16);
  });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * While `running`, classifies the video's newest frame over and over, one at a time: frames
 * that arrive while a classification is in flight are skipped, and a frame is never classified
 * twice. Frames are only classified, so no thumbnail is made for them and they are captured at
 * the backbone's input size. `fps` is the smoothed rate of
 * finished classifications. When `worthIt` is false (nothing to compare with yet) it idles.
 */
export function useLivePrediction(
  videoRef: RefObject<HTMLVideoElement | null>,
  mirror: boolean,
  running: boolean,
  worthIt: boolean,
): { fps: number; error: string | null } {
  const store = useStore();
  const platform = usePlatform();
  const t = useT();
  const tRef = useRef(t);
  const [fps, setFps] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const settings = useRef({ mirror, worthIt });

  useEffect(() => {
    settings.current = { mirror, worthIt };
    tRef.current = t;
  }, [mirror, worthIt, t]);

  useEffect(() => {
    if (!running) return;
    let stopped = false;
    let smoothed = 0;
    let last = performance.now();
    void (async () => {
      while (!stopped) {
        const video = videoRef.current;
        if (!settings.current.worthIt || !isVideoReady(video)) {
          await sleep(200);
          last = performance.now();
          continue;
        }
        try {
          // Drawn at the backbone's input size: the browser scales while drawing.
          const side = store.getSnapshot().engine.backbone?.spec.inputSize;
          const image = await platform.captureFrame(video, settings.current.mirror, {
            thumbnail: false,
            ...(side ? { side } : {}),
          });
          if (image.thumbnail) platform.releaseThumbnail(image.thumbnail);
          if (stopped) break;
          await store.classify(image.pixels);
          const now = performance.now();
          const rate = 1000 / Math.max(now - last, 1);
          last = now;
          smoothed = smoothed ? smoothed * 0.8 + rate * 0.2 : rate;
          if (!stopped) {
            setFps(smoothed);
            setError(null);
          }
        } catch (e) {
          if (!stopped) setError(tRef.current('preview.cameraFailed', errorText(e)));
          await sleep(500);
        }
        await nextVideoFrame(videoRef.current);
      }
    })();
    return () => {
      stopped = true;
    };
  }, [running, platform, store, videoRef]);

  return { fps, error };
}
