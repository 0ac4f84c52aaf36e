/** The summary `glimpse train` prints at the end (pure: data in, text out). */
import type { EvaluationView } from '../../core/session/sessionTypes';
import type { EpochLog } from '../../core/training/trainHead';
import type { SkippedFile } from './datasetFolder';
import { formatDuration } from './progress';

/** Everything the summary shows. */
export interface TrainSummary {
  modelSource: string;
  perClass: { name: string; images: number }[];
  rejected: SkippedFile[];
  epochs: EpochLog[];
  bestEpoch: number | null;
  stoppedEarly: boolean;
  trainMs: number;
  evaluation: EvaluationView | null;
  /** Folds of the cross-validation, when it ran. */
  folds: number | null;
  /** Sample id → image path. */
  paths: ReadonlyMap<string, string>;
  /** Written files with their sizes. */
  written: { path: string; bytes: number }[];
}

/** At most this many misclassified images are listed. */
const MAX_LISTED = 10;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd(),
  );
}

function evaluationLines(s: TrainSummary): string[] {
  const e = s.evaluation;
  if (!e) return ['Accuracy: not measured.'];
  const counts = `${e.correct} of ${e.total} correct`;
  const head =
    e.basis === 'validation'
      ? `Validation accuracy: ${pct(e.accuracy)} (${counts}; ${e.total} held-out images the model did not train on)`
      : e.basis === 'cross-validation'
        ? `Cross-validation accuracy: ${pct(e.accuracy)} (${counts}; with under 30 images in a class none are ` +
          `held out: the model trains on all, and each image was checked by a head trained on the ` +
          `others, ${s.folds ?? 'k'} folds)`
        : `Training accuracy: ${pct(e.accuracy)} (${counts}; measured on the training images, so it looks better than it will be on new ones)`;
  const names = s.perClass.map((c) => c.name);
  const lines = [
    head,
    ...table(
      e.perClass.map((c) => [
        names[c.classIndex] ?? `class ${c.classIndex + 1}`,
        c.total ? pct(c.accuracy) : '–',
        `(${c.correct}/${c.total})`,
      ]),
    ),
  ];
  if (e.misclassified.length > 0) {
    lines.push(`Misclassified (${e.misclassified.length}):`);
    for (const m of e.misclassified.slice(0, MAX_LISTED)) {
      const name = names[m.predictedClass] ?? `class ${m.predictedClass + 1}`;
      lines.push(`  ${s.paths.get(m.id) ?? m.id}: taken for ${name} (${m.confidence.toFixed(2)})`);
    }
    if (e.misclassified.length > MAX_LISTED) {
      lines.push(`  … and ${e.misclassified.length - MAX_LISTED} more`);
    }
  }
  return lines;
}

/** The whole summary, one string ending in a newline. */
export function formatTrainSummary(s: TrainSummary): string {
  const images = s.perClass.reduce((n, c) => n + c.images, 0);
  const lines = [
    `Trained on ${images} images in ${s.perClass.length} classes.`,
    `Image model: ${s.modelSource}`,
    '',
    'Images per class:',
    ...table(s.perClass.map((c) => [c.name, String(c.images)])),
    '',
  ];
  if (s.rejected.length > 0) {
    lines.push(`Skipped ${s.rejected.length} file${s.rejected.length === 1 ? '' : 's'}:`);
    lines.push(...s.rejected.map((r) => `  ${r.path}: ${r.reason}`), '');
  }
  const kept = s.bestEpoch ? s.epochs[s.bestEpoch - 1] : s.epochs.at(-1);
  const run = `${s.epochs.length} epoch${s.epochs.length === 1 ? '' : 's'} in ${formatDuration(s.trainMs)}`;
  const stop = s.stoppedEarly ? `, stopped early, kept epoch ${s.bestEpoch}` : '';
  const fit = kept ? `; training loss ${kept.loss.toFixed(3)}, accuracy ${pct(kept.acc)}` : '';
  lines.push(`Training: ${run}${stop}${fit}`);
  lines.push(...evaluationLines(s), '');
  lines.push('Wrote:', ...table(s.written.map((f) => [f.path, size(f.bytes)])));
  return `${lines.join('\n')}\n`;
}
