import { useState } from 'react';
import type { EvaluationView, SampleView } from '../../core/session/sessionTypes';
import { useSession, useStore } from '../context';
import { classNameOf, percent } from '../format';
import { useT } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/translate';
import { CellSamples } from './CellSamples';
import { ConfusionMatrix, type CellRef } from './ConfusionMatrix';

const BASIS_TEXT = {
  validation: 'evaluate.basis.validation',
  'cross-validation': 'evaluate.basis.cross-validation',
  training: 'evaluate.basis.training',
} as const satisfies Record<EvaluationView['basis'], MessageKey>;

/** Step 3: how well the trained model does, per class and as a confusion matrix. */
export function EvaluatePanel() {
  const snapshot = useSession();
  const store = useStore();
  const t = useT();
  const [cell, setCell] = useState<CellRef | null>(null);
  const { evaluation } = snapshot;
  if (!evaluation) return null;

  const nameOf = (id: string) => classNameOf(snapshot, id, t);
  const ti = cell ? evaluation.classIds.indexOf(cell.trueId) : -1;
  const pi = cell ? evaluation.classIds.indexOf(cell.predId) : -1;
  const cellSamples =
    ti < 0 || pi < 0
      ? []
      : (evaluation.cellIds[ti]?.[pi] ?? [])
          .map((id) => snapshot.samples[id])
          .filter((s): s is SampleView => s !== undefined && s.classId === cell?.trueId);

  return (
    <section className="panel evaluate-panel" aria-labelledby="evaluate-heading">
      <h2 id="evaluate-heading">{t('evaluate.heading')}</h2>
      <p data-testid="evaluation-basis" data-basis={evaluation.basis}>
        {t(BASIS_TEXT[evaluation.basis], evaluation.total)} {t('evaluate.overall')}{' '}
        <strong>{percent(evaluation.accuracy)}</strong>{' '}
        {t('evaluate.correct', evaluation.correct, evaluation.total)}
      </p>
      {snapshot.training.stale && <p className="hint">{t('evaluate.stale')}</p>}

      <h3>{t('evaluate.perClass')}</h3>
      <ul className="per-class" data-testid="per-class-accuracy">
        {evaluation.perClass.map((c) => {
          const id = evaluation.classIds[c.classIndex] ?? '';
          return (
            <li key={id} data-class-id={id}>
              <span className="per-class-name">{nameOf(id)}</span>
              <meter
                min={0}
                max={1}
                value={c.accuracy}
                aria-label={t('evaluate.accuracyOf', nameOf(id))}
              />
              <span>
                {c.total ? percent(c.accuracy) : '–'} ({c.correct} / {c.total})
              </span>
            </li>
          );
        })}
      </ul>

      <h3>{t('evaluate.matrix')}</h3>
      <ConfusionMatrix evaluation={evaluation} nameOf={nameOf} selected={cell} onSelect={setCell} />
      {cell && (
        <CellSamples
          key={`${cell.trueId}/${cell.predId}`}
          cell={cell}
          samples={cellSamples}
          classes={snapshot.classes}
          nameOf={nameOf}
          onMove={(id, classId) => store.moveSample(id, classId)}
          onDelete={(id) => store.removeSample(id)}
          onClose={() => setCell(null)}
        />
      )}
    </section>
  );
}
