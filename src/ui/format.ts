/** Small text helpers shared by the trainer's components. */
import type { SessionSnapshot } from '../core/session/sessionTypes';
import type { Translate } from './i18n/translate';

/** The current name of a class, or a placeholder when it has been deleted since. */
export function classNameOf(snapshot: SessionSnapshot, classId: string, t: Translate): string {
  return snapshot.classes.find((c) => c.id === classId)?.name ?? t('common.deletedClass');
}

/** 0.1234 → "12%". */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** 1_740_108 → "1.7 MB". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The message of anything thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
