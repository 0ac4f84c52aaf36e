import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import type { ClassView, SampleView } from '../../core/session/sessionTypes';
import { ConfirmButton } from '../common/ConfirmButton';
import { FilePickButton } from '../common/FilePickButton';
import { usePlatform, useStore } from '../context';
import { useT } from '../i18n/I18nProvider';
import { WebcamPanel } from '../webcam/WebcamPanel';
import { ClassName } from './ClassName';
import { SampleGrid } from './SampleGrid';

const hasFiles = (data: DataTransfer | null): data is DataTransfer =>
  !!data && Array.from(data.types ?? []).includes('Files');

/**
 * One class: its name (rename inline), order, image count, the ways to add images (webcam,
 * upload, folder, drop, paste), its thumbnails, and clear/delete with confirmation.
 */
export function ClassCard({
  view,
  otherNames,
  index,
  classCount,
  samples,
  webcamOpen,
  autoFocus,
  onToggleWebcam,
  onUpload,
}: {
  view: ClassView;
  /** The other classes' names (a rename may not take one). */
  otherNames: readonly string[];
  index: number;
  classCount: number;
  samples: readonly SampleView[];
  webcamOpen: boolean;
  autoFocus?: boolean;
  onToggleWebcam: () => void;
  onUpload: (files: readonly File[]) => void;
}) {
  const store = useStore();
  const platform = usePlatform();
  const t = useT();
  const [dragging, setDragging] = useState(false);
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const webcamRef = useRef<HTMLButtonElement>(null);
  const movedWith = useRef<'up' | 'down' | null>(null);
  const headingId = `class-heading-${view.id}`;
  const n = view.sampleIds.length;

  // Reordering moves the card in the DOM, which can drop focus: put it back on the arrow.
  useEffect(() => {
    const used = movedWith.current;
    movedWith.current = null;
    if (!used) return;
    const preferred = used === 'up' ? upRef.current : downRef.current;
    const other = used === 'up' ? downRef.current : upRef.current;
    (preferred && !preferred.disabled ? preferred : other)?.focus();
  }, [index]);

  const move = (direction: 'up' | 'down') => {
    movedWith.current = direction;
    store.moveClass(view.id, direction === 'up' ? index - 1 : index + 1);
  };

  const fromTransfer = (data: DataTransfer) => {
    // Called synchronously inside the event: the platform must read the items before awaiting.
    void platform.filesFromDataTransfer(data).then((files) => onUpload(files));
  };

  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    if (!hasFiles(e.dataTransfer)) return;
    e.preventDefault();
    fromTransfer(e.dataTransfer);
  };
  const onPaste = (e: ClipboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, [contenteditable="true"]')) return;
    if (!hasFiles(e.clipboardData)) return;
    e.preventDefault();
    fromTransfer(e.clipboardData);
  };

  return (
    <article
      className={`class-card${dragging ? ' is-dragging' : ''}`}
      data-testid="class-card"
      data-class-id={view.id}
      aria-labelledby={headingId}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      onPaste={onPaste}
    >
      <header className="class-card-header">
        <ClassName
          name={view.name}
          otherNames={otherNames}
          headingId={headingId}
          autoFocus={autoFocus}
          onRename={(name) => store.renameClass(view.id, name)}
        />
        <span className="sample-count" data-testid="sample-count">
          {t('common.images', n)}
        </span>
        <span className="class-order">
          <button
            ref={upRef}
            type="button"
            className="button-icon"
            aria-label={t('class.moveUp', view.name)}
            disabled={index === 0}
            onClick={() => move('up')}
          >
            ↑
          </button>
          <button
            ref={downRef}
            type="button"
            className="button-icon"
            aria-label={t('class.moveDown', view.name)}
            disabled={index === classCount - 1}
            onClick={() => move('down')}
          >
            ↓
          </button>
        </span>
      </header>

      <div
        className="upload-area"
        role="group"
        tabIndex={0}
        aria-label={t('class.addImages', view.name)}
        aria-describedby={`${headingId}-hint`}
      >
        <button
          ref={webcamRef}
          type="button"
          aria-expanded={webcamOpen}
          aria-label={t('class.webcamFor', view.name)}
          onClick={onToggleWebcam}
        >
          {t('class.webcam')}
        </button>
        <FilePickButton
          label={t('class.upload')}
          accessibleLabel={t('class.uploadTo', view.name)}
          multiple
          testId="upload-input"
          onFiles={onUpload}
        />
        <FilePickButton
          label={t('class.uploadFolder')}
          accessibleLabel={t('class.uploadFolderTo', view.name)}
          directory
          testId="folder-input"
          onFiles={onUpload}
        />
        <p className="hint" id={`${headingId}-hint`}>
          {t('class.dropHint')}
        </p>
      </div>

      {webcamOpen && (
        <WebcamPanel
          classId={view.id}
          className={view.name}
          onClose={() => {
            onToggleWebcam();
            webcamRef.current?.focus();
          }}
        />
      )}

      <SampleGrid
        samples={samples}
        className={view.name}
        onDelete={(id) => store.removeSample(id)}
      />

      <footer className="class-card-actions">
        <ConfirmButton
          label={t('class.clear')}
          accessibleLabel={t('class.clearOf', view.name)}
          question={t('class.clearQuestion', t('common.images', n), view.name)}
          confirmLabel={t('class.remove')}
          disabled={n === 0}
          testId="clear-class"
          onConfirm={() => store.clearClass(view.id)}
        />
        <ConfirmButton
          label={t('class.delete')}
          accessibleLabel={t('class.deleteNamed', view.name)}
          question={t('class.deleteQuestion', view.name, t('common.images', n))}
          confirmLabel={t('common.delete')}
          testId="delete-class"
          onConfirm={() => store.deleteClass(view.id)}
        />
      </footer>
    </article>
  );
}
