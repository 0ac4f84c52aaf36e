import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { NumberField } from '../common/NumberField';
import { useStore, usePlatform } from '../context';
import { errorText } from '../format';
import { useT } from '../i18n/I18nProvider';
import { CameraView, isVideoReady } from './CameraView';
import { HoldToRecordButton } from './HoldToRecordButton';
import { useCamera } from './useCamera';
import { useRepeatCapture } from './useRepeatCapture';

/** Default capture rate while "Hold to record" is held. */
export const DEFAULT_FRAMES_PER_SECOND = 10;

/**
 * The webcam for one class: pick a camera, hold to record frames into the class (or take one
 * photo). The camera is open while this panel is shown and closed when it goes away.
 */
export function WebcamPanel({
  classId,
  className,
  onClose,
}: {
  classId: string;
  className: string;
  onClose: () => void;
}) {
  const store = useStore();
  const platform = usePlatform();
  const camera = useCamera();
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [fps, setFps] = useState(DEFAULT_FRAMES_PER_SECOND);
  const [added, setAdded] = useState(0);
  const [captureError, setCaptureError] = useState<string | null>(null);
  const headingId = useId();
  const { mirror } = camera;

  const capture = useCallback(async () => {
    const video = videoRef.current;
    if (!isVideoReady(video)) {
      setCaptureError(t('webcam.notReady'));
      return;
    }
    try {
      const image = await platform.captureFrame(video, mirror);
      setCaptureError(null);
      const ids = await store.addImages(classId, [image], 'webcam');
      setAdded((n) => n + ids.length);
    } catch (error) {
      setCaptureError(t('webcam.photoFailed', errorText(error)));
    }
  }, [platform, store, classId, mirror, t]);

  const recorder = useRepeatCapture(capture, fps);
  const usable = camera.stream !== null;
  const { recording, stop } = recorder;
  // The camera went away while recording (unplugged): stop; what was recorded stays.
  useEffect(() => {
    if (!usable && recording) stop();
  }, [usable, recording, stop]);

  return (
    <section
      className="webcam-panel"
      aria-labelledby={headingId}
      data-testid="webcam-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="panel-heading">
        <h4 id={headingId}>{t('webcam.heading', className)}</h4>
        <button type="button" onClick={onClose} aria-label={t('webcam.close', className)}>
          {t('common.close')}
        </button>
      </div>
      <CameraView
        camera={camera}
        videoRef={videoRef}
        label={t('webcam.preview', className)}
        fallbackHint={t('webcam.fallback')}
      />
      <div className="record-controls">
        <HoldToRecordButton
          recording={recorder.recording}
          disabled={!usable}
          onStart={recorder.start}
          onStop={recorder.stop}
        />
        <button
          type="button"
          data-testid="snapshot-button"
          disabled={!usable}
          onClick={recorder.captureOnce}
        >
          {t('webcam.takePhoto')}
        </button>
        <NumberField
          label={t('webcam.fps')}
          value={fps}
          min={1}
          max={30}
          step={1}
          onChange={setFps}
        />
      </div>
      <p className="hint" data-testid="webcam-added">
        {t('webcam.added', added, className, recorder.dropped)}
      </p>
      {captureError && (
        <p className="error" role="alert">
          {captureError}
        </p>
      )}
    </section>
  );
}
