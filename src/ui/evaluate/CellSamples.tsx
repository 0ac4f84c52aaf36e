import { useEffect, useId, useRef, useState } from 'react';
import type { ClassView, SampleView } from '../../core/session/sessionTypes';
import { sampleAlt } from '../classes/SampleGrid';
import { useT } from '../i18n/I18nProvider';
import type { CellRef } from './ConfusionMatrix';

/** One sample of a cell with "Move to <class>" and "Delete". */
function CellSample({
  sample,
  index,
  classes,
  suggestedId,
  nameOf,
  onMove,
  onDelete,
}: {
  sample: SampleView;
  index: number;
  classes: readonly ClassView[];
  suggestedId: string;
  nameOf: (classId: string) => string;
  onMove: (sample: SampleView, classId: string) => void;
  onDelete: (sample: SampleView) => void;
}) {
  const id = useId();
  const t = useT();
  const targets = classes.filter((c) => c.id !== sample.classId);
  const [target, setTarget] = useState(
    targets.some((c) => c.id === suggestedId) ? suggestedId : (targets[0]?.id ?? ''),
  );
  const alt = sampleAlt(sample, nameOf(sample.classId), index, t);
  return (
    <li className="cell-sample" data-testid="cell-sample" data-sample-id={sample.id}>
      <img src={sample.thumbnail} alt={alt} width={96} height={96} />
      <div className="cell-sample-actions">
        <label htmlFor={`${id}-target`}>{t('evaluate.moveTo')}</label>
        <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)}>
          {targets.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!target}
          aria-label={t('evaluate.moveNamed', alt, nameOf(target))}
          onClick={() => onMove(sample, target)}
        >
          {t('evaluate.move')}
        </button>
        <button
          type="button"
          aria-label={t('samples.deleteNamed', alt)}
          onClick={() => onDelete(sample)}
        >
          {t('common.delete')}
        </button>
      </div>
    </li>
  );
}

/** The samples of one confusion-matrix cell, to fix mislabelled images. */
export function CellSamples({
  cell,
  samples,
  classes,
  nameOf,
  onMove,
  onDelete,
  onClose,
}: {
  cell: CellRef;
  samples: readonly SampleView[];
  classes: readonly ClassView[];
  nameOf: (classId: string) => string;
  onMove: (sampleId: string, classId: string) => void;
  onDelete: (sampleId: string) => void;
  onClose: () => void;
}) {
  const t = useT();
  const [message, setMessage] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();

  useEffect(() => {
    headingRef.current?.focus();
  }, [cell.trueId, cell.predId]);

  const afterChange = (text: string) => {
    setMessage(text);
    // The sample's row disappears; keep keyboard focus inside this panel.
    headingRef.current?.focus();
  };

  return (
    <section className="cell-samples" aria-labelledby={headingId} data-testid="cell-samples">
      <div className="panel-heading">
        <h3 id={headingId} ref={headingRef} tabIndex={-1}>
          {t('evaluate.cellHeading', nameOf(cell.trueId), nameOf(cell.predId))}
        </h3>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <p role="status" className="hint">
        {message}
      </p>
      {samples.length === 0 ? (
        <p>{t('evaluate.cellEmpty')}</p>
      ) : (
        <ul className="cell-sample-list">
          {samples.map((sample, i) => (
            <CellSample
              key={sample.id}
              sample={sample}
              index={i}
              classes={classes}
              suggestedId={cell.predId}
              nameOf={nameOf}
              onMove={(s, classId) => {
                onMove(s.id, classId);
                afterChange(
                  t('evaluate.moved', sampleAlt(s, nameOf(s.classId), i, t), nameOf(classId)),
                );
              }}
              onDelete={(s) => {
                onDelete(s.id);
                afterChange(t('evaluate.deleted', sampleAlt(s, nameOf(s.classId), i, t)));
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
