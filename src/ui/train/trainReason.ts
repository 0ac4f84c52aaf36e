/**
 * Why Train cannot be pressed, in the interface language. The store decides (`readiness.ok`) and
 * gives its reason in English; this says the same from the snapshot through the messages, and
 * falls back to the store's words if the two ever disagree.
 */
import type { SessionSnapshot } from '../../core/session/sessionTypes';
import type { Translate } from '../i18n/translate';

export function trainReason(snapshot: SessionSnapshot, t: Translate): string | undefined {
  const { training, engine, classes, readiness } = snapshot;
  if (readiness.ok) return undefined;
  if (training.phase === 'training') return t('train.reason.training');
  if (engine.phase === 'starting' || engine.phase === 'switching') return t('train.reason.loading');
  if (engine.phase === 'failed') return t('train.reason.failed');
  if (classes.length < 2) return t('train.reason.twoClasses');
  const empty = classes.filter((c) => c.sampleIds.length === 0).map((c) => c.name);
  if (empty.length) return t('train.reason.addImages', empty);
  return readiness.reason;
}
