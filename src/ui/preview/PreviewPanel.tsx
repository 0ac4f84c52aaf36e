import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { FilePickButton } from '../common/FilePickButton';
import { usePlatform, useSession, useStore } from '../context';
import { classNameOf, errorText } from '../format';
import { useT } from '../i18n/I18nProvider';
import { PresentView } from '../present/PresentView';
import { LivePreview } from './LivePreview';
import { PredictionBars } from './PredictionBars';

/** Step 4: try the classifier on the live webcam or on an image file. */
export function PreviewPanel() {
  const snapshot = useSession();
  const store = useStore();
  const platform = usePlatform();
  const t = useT();
  const [live, setLive] = useState(false);
  const [shown, setShown] = useState<{ thumbnail: string; name: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [presenting, setPresenting] = useState(false);
  const presentButton = useRef<HTMLButtonElement>(null);
  const stopPresenting = useCallback(() => {
    setPresenting(false);
    presentButton.current?.focus();
  }, []);

  // The classified image's thumbnail is ours: free it when replaced or when the panel goes.
  useEffect(() => {
    if (!shown) return;
    const url = shown.thumbnail;
    return () => platform.releaseThumbnail(url);
  }, [shown, platform]);

  const worthIt = snapshot.canPredict;

  const classifyFiles = async (files: readonly File[]) => {
    const file = files[0];
    if (!file) return;
    setLive(false);
    setMessage(null);
    try {
      const { images, rejected } = await platform.readFiles([file]);
      const image = images[0];
      if (!image) {
        const why = rejected[0];
        setMessage(why ? t('preview.rejected', why.name, why.reason) : t('preview.noImage'));
        return;
      }
      setShown({ thumbnail: image.thumbnail, name: image.name });
      const result = await store.classify(image.pixels);
      if (!result) setMessage(t('preview.needTwo'));
    } catch (e) {
      setMessage(t('preview.classifyFailed', errorText(e)));
    }
  };

  const onDragOver = (e: DragEvent) => {
    if (!Array.from(e.dataTransfer.types ?? []).includes('Files')) return;
    e.preventDefault();
    setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    if (!Array.from(e.dataTransfer.types ?? []).includes('Files')) return;
    e.preventDefault();
    void platform.filesFromDataTransfer(e.dataTransfer).then(classifyFiles);
  };

  return (
    <section
      className={`panel preview-panel${dragging ? ' is-dragging' : ''}`}
      aria-labelledby="preview-heading"
      data-testid="preview-panel"
      onDragOver={onDragOver}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <h2 id="preview-heading">{t('preview.heading')}</h2>
      <div className="button-row">
        <button
          type="button"
          aria-pressed={live}
          data-testid="live-toggle"
          onClick={() => setLive((on) => !on)}
        >
          {live ? t('preview.stopLive') : t('preview.live')}
        </button>
        <button
          type="button"
          ref={presentButton}
          data-testid="present-button"
          title={t('preview.presentTitle')}
          onClick={() => setPresenting(true)}
        >
          {t('preview.present')}
        </button>
        <FilePickButton
          label={t('preview.classify')}
          testId="classify-input"
          onFiles={(files) => void classifyFiles(files)}
        />
      </div>
      <p className="hint">{t('preview.dropHint')}</p>
      {live && !presenting && <LivePreview worthIt={worthIt} />}
      {presenting && <PresentView onExit={stopPresenting} />}
      {!live && shown && (
        <figure className="classified-image">
          <img
            src={shown.thumbnail}
            alt={t('preview.shownAlt', shown.name)}
            width={112}
            height={112}
          />
          <figcaption>{shown.name}</figcaption>
        </figure>
      )}
      {message && (
        <p className="warning" role="status">
          {message}
        </p>
      )}
      <PredictionBars
        prediction={snapshot.prediction}
        nameOf={(id) => classNameOf(snapshot, id, t)}
      />
    </section>
  );
}
