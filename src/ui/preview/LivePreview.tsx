import { useRef } from 'react';
import { CameraView } from '../webcam/CameraView';
import { useCamera } from '../webcam/useCamera';
import { useLivePrediction } from './useLivePrediction';

/** The preview's own camera, classified frame after frame while shown. */
export function LivePreview({ worthIt }: { worthIt: boolean }) {
  const camera = useCamera();
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
        label="Live preview camera"
        fallbackHint="You can still classify an image file."
      />
      <p className="hint" data-testid="live-stats">
        {worthIt
          ? `${fps.toFixed(1)} predictions per second.`
          : 'Waiting for images in at least two classes.'}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
