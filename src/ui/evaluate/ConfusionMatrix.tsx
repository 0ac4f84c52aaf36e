import type { CSSProperties } from 'react';
import type { EvaluationView } from '../../core/session/sessionTypes';
import { useT } from '../i18n/I18nProvider';

/** A selected confusion-matrix cell, by class id (survives re-renders and sample moves). */
export interface CellRef {
  trueId: string;
  predId: string;
}

/**
 * Rows are the true classes, columns the predicted ones. Each cell is a button that shows the
 * samples in it; the diagonal (correct) is tinted green, mistakes red, stronger for more samples.
 */
export function ConfusionMatrix({
  evaluation,
  nameOf,
  selected,
  onSelect,
}: {
  evaluation: EvaluationView;
  nameOf: (classId: string) => string;
  selected: CellRef | null;
  onSelect: (cell: CellRef) => void;
}) {
  const t = useT();
  const { classIds, confusion } = evaluation;
  return (
    <div className="table-scroll">
      <table className="confusion" data-testid="confusion-matrix">
        <caption>{t('evaluate.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluate.corner')}</th>
            {classIds.map((id) => (
              <th key={id} scope="col">
                {nameOf(id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {classIds.map((trueId, ti) => {
            const row = confusion[ti] ?? [];
            const rowTotal = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={trueId}>
                <th scope="row">{nameOf(trueId)}</th>
                {classIds.map((predId, p) => {
                  const count = row[p] ?? 0;
                  const strength = count / rowTotal;
                  const isSelected = selected?.trueId === trueId && selected.predId === predId;
                  return (
                    <td
                      key={predId}
                      className={ti === p ? 'cell-correct' : 'cell-wrong'}
                      style={{ '--strength': strength.toFixed(3) } as CSSProperties}
                    >
                      <button
                        type="button"
                        data-testid="confusion-cell"
                        data-true={trueId}
                        data-pred={predId}
                        aria-pressed={isSelected}
                        aria-label={t('evaluate.cell', count, nameOf(trueId), nameOf(predId))}
                        disabled={count === 0}
                        onClick={() => onSelect({ trueId, predId })}
                      >
                        {count}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
