import type { ClassView, EngineStatus, TrainingStatus, TrainReadiness } from './sessionTypes';

/** Whether training can start now, and if not, the reason shown next to the Train button. */
export function readiness(
  classes: readonly ClassView[],
  engine: EngineStatus,
  training: TrainingStatus,
): TrainReadiness {
  if (training.phase === 'training') return { ok: false, reason: 'Training is in progress.' };
  if (engine.phase === 'starting' || engine.phase === 'switching') {
    return { ok: false, reason: 'The image model is still loading.' };
  }
  if (engine.phase === 'failed')
    return { ok: false, reason: 'The image model could not be loaded.' };
  if (classes.length < 2) return { ok: false, reason: 'Add at least two classes.' };
  const empty = classes.filter((c) => c.sampleIds.length === 0);
  if (empty.length) {
    const names = empty.map((c) => `“${c.name}”`).join(', ');
    return { ok: false, reason: `Add images to ${names}.` };
  }
  return { ok: true };
}
