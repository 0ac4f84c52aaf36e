import { useState } from 'react';
import type { EvaluationView, SampleView } from '../../core/session/sessionTypes';
import { useSession, useStore } from '../context';
import { classNameOf, percent } from '../format';
import { CellSamples } from './CellSamples';
import { ConfusionMatrix, type CellRef } from './ConfusionMatrix';

/** Step 3: how well the trained model does, per class and as a confusion matrix. */
const BASIS_TEXT: Record<EvaluationView['basis'], (total: number) => string> = {
  validation: (n) => `Measured on ${n} held-out images that the model did not train on.`,
  'cross-validation': (n) =>
    `With this few images none were held out: the model trains on all ${n}, and each image was ` +
    'checked by a model trained on the others (cross-validation).',
  training: (n) =>
    `Measured on the ${n} training images (none were held out), so it looks better than it will be on new images.`,
};

export function EvaluatePanel() {
  const snapshot = useSession();
  const store = useStore();
  const [cell, setCell] = useState<CellRef | null>(null);
  const { evaluation } = snapshot;
  if (!evaluation) return null;

  const nameOf = (id: string) => classNameOf(snapshot, id);
  const t = cell ? evaluation.classIds.indexOf(cell.trueId) : -1;
  const p = cell ? evaluation.classIds.indexOf(cell.predId) : -1;
  const cellSamples =
    t < 0 || p < 0
      ? []
      : (evaluation.cellIds[t]?.[p] ?? [])
          .map((id) => snapshot.samples[id])
          .filter((s): s is SampleView => s !== undefined && s.classId === cell?.trueId);

  return (
    <section className="panel evaluate-panel" aria-labelledby="evaluate-heading">
      <h2 id="evaluate-heading">3. Evaluate</h2>
      <p data-testid="evaluation-basis" data-basis={evaluation.basis}>
        {BASIS_TEXT[evaluation.basis](evaluation.total)} Overall accuracy:{' '}
        <strong>{percent(evaluation.accuracy)}</strong> ({evaluation.correct} of {evaluation.total}{' '}
        correct).
      </p>
      {snapshot.training.stale && (
        <p className="hint">These results are from before the classes changed.</p>
      )}

      <h3>Accuracy per class</h3>
      <ul className="per-class" data-testid="per-class-accuracy">
        {evaluation.perClass.map((c) => {
          const id = evaluation.classIds[c.classIndex] ?? '';
          return (
            <li key={id} data-class-id={id}>
              <span className="per-class-name">{nameOf(id)}</span>
              <meter min={0} max={1} value={c.accuracy} aria-label={`Accuracy of ${nameOf(id)}`} />
              <span>
                {c.total ? percent(c.accuracy) : '–'} ({c.correct} / {c.total})
              </span>
            </li>
          );
        })}
      </ul>

      <h3>Confusion matrix</h3>
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
