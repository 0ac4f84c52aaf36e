import { useState } from 'react';
import type { SampleView } from '../../core/session/sessionTypes';
import { useSession, useStore } from '../context';
import { useT } from '../i18n/I18nProvider';
import type { Translate } from '../i18n/translate';
import { ClassCard } from './ClassCard';
import { classNameKey } from '../../core/dataset/classNames';
import { IngestProgress } from './IngestProgress';
import { RejectedFiles } from './RejectedFiles';
import { UndoToast } from './UndoToast';
import { useUploader } from './useUploader';

/** The first of "Class 3", "Class 4"… (in the interface language) from `start` not in `names`. */
function freeDefaultName(names: readonly string[], start: number, t: Translate): string {
  const taken = new Set(names.map(classNameKey));
  let n = Math.max(1, start);
  while (taken.has(classNameKey(t('classes.defaultName', n)))) n++;
  return t('classes.defaultName', n);
}

/** Step 1: the classes and their images. At most one class has its webcam open at a time. */
export function ClassesPanel() {
  const snapshot = useSession();
  const store = useStore();
  const t = useT();
  const { reading, error, upload } = useUploader();
  const [webcamClassId, setWebcamClassId] = useState<string | null>(null);
  const [addedId, setAddedId] = useState<string | null>(null);
  const names = snapshot.classes.map((c) => c.name);

  return (
    <section className="panel classes-panel" aria-labelledby="classes-heading">
      <div className="panel-heading">
        <h2 id="classes-heading">{t('classes.heading')}</h2>
        <button
          type="button"
          data-testid="add-class"
          onClick={() => setAddedId(store.addClass(freeDefaultName(names, names.length + 1, t)))}
        >
          {t('classes.add')}
        </button>
      </div>

      <UndoToast deleted={snapshot.deletedClass} onUndo={() => store.undoDeleteClass()} />
      <IngestProgress reading={reading} ingest={snapshot.ingest} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <RejectedFiles files={snapshot.ingest.rejected} onDismiss={() => store.reportRejected([])} />

      <div className="class-list">
        {snapshot.classes.map((view, index) => (
          <ClassCard
            key={view.id}
            view={view}
            otherNames={names.filter((_, i) => i !== index)}
            index={index}
            classCount={snapshot.classes.length}
            samples={view.sampleIds
              .map((id) => snapshot.samples[id])
              .filter((s): s is SampleView => s !== undefined)}
            webcamOpen={webcamClassId === view.id}
            autoFocus={addedId === view.id}
            onToggleWebcam={() => setWebcamClassId((open) => (open === view.id ? null : view.id))}
            onUpload={(files) => void upload(view.id, files)}
          />
        ))}
      </div>
    </section>
  );
}
