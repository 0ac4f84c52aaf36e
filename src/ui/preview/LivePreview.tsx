import { useRef } from 'react';
import { useT } from '../i18n/I18nProvider';
import { CameraView } from '../webcam/CameraView';
import { useCamera } from '../webcam/useCamera';
import { useLivePrediction } from './useLivePrediction';

/** The preview's own camera, classified frame after frame while shown. */
export function LivePreview({ worthIt }: { worthIt: boolean }) {
  const camera = useCamera();
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const { fps, error } = useLivePrediction(
    videoRef,
    camera.mirror,
    camera.stream !== null,
    worthIt,
  );
  return (
    <div className="live-preview" data-testid="live-preview">
      <CameraView
        camera={camera}
        videoRef={videoRef}
        label={t('preview.camera')}
        fallbackHint={t('preview.cameraFallback')}
      />
      <p className="hint" data-testid="live-stats">
        {worthIt ? t('preview.fps', fps) : t('preview.waiting')}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
