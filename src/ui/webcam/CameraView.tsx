import { useEffect, useId, type RefObject } from 'react';
import { CameraError, type CameraErrorCode } from '../../platform/platform';
import type { CameraState } from './useCamera';

const HELP: Record<CameraErrorCode, string> = {
  denied:
    'Allow camera access for this page (the camera icon in the address bar), then press Try again.',
  'not-found': 'Connect a camera and press Try again.',
  'in-use': 'Close other apps or tabs that use the camera, then press Try again.',
  unplugged: 'Plug the camera back in and press Try again.',
  unsupported: 'This browser cannot use a camera here.',
  unknown: 'Press Try again, or choose another camera.',
};

/** True once the video has a frame to capture. */
export function isVideoReady(video: HTMLVideoElement | null): video is HTMLVideoElement {
  return !!video && video.readyState >= 2;
}

/** The camera picker, the mirror switch, the live video and, if opening failed, why. */
export function CameraView({
  camera,
  videoRef,
  label,
  fallbackHint,
}: {
  camera: CameraState;
  videoRef: RefObject<HTMLVideoElement | null>;
  /** Accessible name of the video, e.g. "Webcam preview for Cats". */
  label: string;
  /** What to do instead when there is no camera, e.g. "You can still upload images." */
  fallbackHint?: string;
}) {
  const id = useId();
  const { stream, error } = camera;

  useEffect(() => {
    const video = videoRef.current;
    if (video) video.srcObject = stream;
  }, [videoRef, stream]);

  const options = camera.cameras.some((c) => c.deviceId === camera.deviceId)
    ? camera.cameras
    : [
        { deviceId: camera.deviceId, label: 'Current camera', facing: 'unknown' as const },
        ...camera.cameras,
      ];

  return (
    <div className="camera-view">
      <div className="camera-controls">
        <label htmlFor={`${id}-camera`}>Camera</label>
        <select
          id={`${id}-camera`}
          value={camera.deviceId}
          onChange={(e) => camera.choose(e.target.value)}
        >
          {options.map((c, i) => (
            <option key={c.deviceId || `camera-${i}`} value={c.deviceId}>
              {c.label || `Camera ${i + 1}`}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={camera.mirror}
            onChange={(e) => camera.setMirror(e.target.checked)}
          />
          Mirror
        </label>
      </div>
      {error ? (
        <div className="camera-error" role="alert" data-testid="camera-error">
          <p>
            <strong>{error.message}</strong>
          </p>
          <p>
            {HELP[error instanceof CameraError ? error.code : 'unknown']}
            {fallbackHint ? ` ${fallbackHint}` : ''}
          </p>
          <button type="button" onClick={camera.retry}>
            Try again
          </button>
        </div>
      ) : (
        <div className="video-frame">
          <video
            ref={videoRef}
            className={camera.mirror ? 'mirrored' : undefined}
            aria-label={label}
            data-testid="camera-video"
            autoPlay
            muted
            playsInline
          />
          {!stream && <p className="video-overlay">Opening the camera…</p>}
        </div>
      )}
    </div>
  );
}
