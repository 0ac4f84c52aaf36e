import { useRef, type KeyboardEvent } from 'react';
import { useSession } from '../context';
import { classNameOf } from '../format';
import { useT } from '../i18n/I18nProvider';
import { classColors } from '../map/classColors';
import { useLivePrediction } from '../preview/useLivePrediction';
import { CameraView } from '../webcam/CameraView';
import { useCamera } from '../webcam/useCamera';
import { PresentBars } from './PresentBars';
import { useFullscreen } from './useFullscreen';
import './present.css';

/** Keeps Tab inside the presentation (it covers the page, so nothing behind should take focus). */
function trapTab(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'Tab') return;
  const focusable = [
    ...event.currentTarget.querySelectorAll<HTMLElement>('button, select, input, [tabindex="0"]'),
  ].filter((el) => !el.hasAttribute('disabled'));
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * Presentation mode for a classroom: the webcam as large as the screen allows, the top class in
 * very large type and wide bars in the classes' colours, predicting live. Full screen through the
 * Fullscreen API where allowed, else a full-window overlay; Escape or Exit leaves.
 */
export function PresentView({ onExit }: { onExit: () => void }) {
  const snapshot = useSession();
  const camera = useCamera();
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(rootRef, onExit);
  const { fps, error } = useLivePrediction(
    videoRef,
    camera.mirror,
    camera.stream !== null,
    snapshot.canPredict,
  );
  const colors = classColors(snapshot.classes.map((c) => c.id));
  const prediction = snapshot.prediction;

  return (
    <div
      ref={rootRef}
      className="present"
      role="dialog"
      aria-modal="true"
      aria-labelledby="present-heading"
      data-testid="present-view"
      data-fullscreen={fullscreen ? 'true' : 'false'}
      onKeyDown={trapTab}
    >
      <header className="present-header">
        <h2 id="present-heading">{t('present.heading')}</h2>
        <button
          type="button"
          className="present-exit"
          data-testid="present-exit"
          autoFocus
          onClick={onExit}
        >
          {t('present.exit')}
        </button>
      </header>
      <div className="present-body">
        <div className="present-camera">
          <CameraView
            camera={camera}
            videoRef={videoRef}
            label={t('present.camera')}
            fallbackHint={t('present.cameraFallback')}
          />
        </div>
        {prediction ? (
          <PresentBars
            prediction={prediction}
            nameOf={(id) => classNameOf(snapshot, id, t)}
            colorOf={(id) => colors.get(id) ?? '#ffffff'}
          />
        ) : (
          <p className="present-waiting" data-testid="present-waiting">
            {snapshot.canPredict ? t('present.showSomething') : t('present.needTwo')}
          </p>
        )}
      </div>
      <p className="present-status" data-testid="present-stats">
        {snapshot.canPredict ? t('present.fps', fps) : ''}
        {error ? ` ${error}` : ''}
      </p>
    </div>
  );
}
