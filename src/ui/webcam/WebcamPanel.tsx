import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { NumberField } from '../common/NumberField';
import { useStore, usePlatform } from '../context';
import { errorText } from '../format';
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
  const videoRef = useRef<HTMLVideoElement>(null);
  const [fps, setFps] = useState(DEFAULT_FRAMES_PER_SECOND);
  const [added, setAdded] = useState(0);
  const [captureError, setCaptureError] = useState<string | null>(null);
  const headingId = useId();
  const { mirror } = camera;

  const capture = useCallback(async () => {
    const video = videoRef.current;
    if (!isVideoReady(video)) {
      setCaptureError('The camera is not ready yet.');
      return;
    }
    try {
      const image = await platform.captureFrame(video, mirror);
      setCaptureError(null);
      const ids = await store.addImages(classId, [image], 'webcam');
      setAdded((n) => n + ids.length);
    } catch (error) {
      setCaptureError(`Could not take a photo: ${errorText(error)}`);
    }
  }, [platform, store, classId, mirror]);

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
        <h4 id={headingId}>Webcam for “{className}”</h4>
        <button type="button" onClick={onClose} aria-label={`Close webcam for ${className}`}>
          Close
        </button>
      </div>
      <CameraView
        camera={camera}
        videoRef={videoRef}
        label={`Webcam preview for ${className}`}
        fallbackHint="You can still add images with Upload."
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
          Take one photo
        </button>
        <NumberField
          label="Frames per second"
          value={fps}
          min={1}
          max={30}
          step={1}
          onChange={setFps}
        />
      </div>
      <p className="hint" data-testid="webcam-added">
        {added} {added === 1 ? 'photo' : 'photos'} added to “{className}”
        {recorder.dropped > 0 &&
          ` (${recorder.dropped} frames skipped while the last one was processed)`}
        .
      </p>
      {captureError && (
        <p className="error" role="alert">
          {captureError}
        </p>
      )}
    </section>
  );
}
