import { useEffect, useId, type RefObject } from 'react';
import { CameraError, type CameraErrorCode } from '../../platform/platform';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/translate';
import type { CameraState } from './useCamera';

const HELP: Record<CameraErrorCode, MessageKey> = {
  denied: 'camera.help.denied',
  'not-found': 'camera.help.not-found',
  'in-use': 'camera.help.in-use',
  unplugged: 'camera.help.unplugged',
  unsupported: 'camera.help.unsupported',
  unknown: 'camera.help.unknown',
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
  const t = useT();
  const { stream, error } = camera;

  useEffect(() => {
    const video = videoRef.current;
    if (video) video.srcObject = stream;
  }, [videoRef, stream]);

  const options = camera.cameras.some((c) => c.deviceId === camera.deviceId)
    ? camera.cameras
    : [
        { deviceId: camera.deviceId, label: t('camera.current'), facing: 'unknown' as const },
        ...camera.cameras,
      ];

  return (
    <div className="camera-view">
      <div className="camera-controls">
        <label htmlFor={`${id}-camera`}>{t('camera.label')}</label>
        <select
          id={`${id}-camera`}
          value={camera.deviceId}
          onChange={(e) => camera.choose(e.target.value)}
        >
          {options.map((c, i) => (
            <option key={c.deviceId || `camera-${i}`} value={c.deviceId}>
              {c.label || t('camera.numbered', i + 1)}
            </option>
          ))}
        </select>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={camera.mirror}
            onChange={(e) => camera.setMirror(e.target.checked)}
          />
          {t('camera.mirror')}
        </label>
      </div>
      {error ? (
        <div className="camera-error" role="alert" data-testid="camera-error">
          <p>
            <strong>{error.message}</strong>
          </p>
          <p>
            {t(HELP[error instanceof CameraError ? error.code : 'unknown'])}
            {fallbackHint ? ` ${fallbackHint}` : ''}
          </p>
          <button type="button" onClick={camera.retry}>
            {t('camera.tryAgain')}
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
          {!stream && <p className="video-overlay">{t('camera.opening')}</p>}
        </div>
      )}
    </div>
  );
}
