/**
 * Progress on stderr: on a terminal one bar redrawn in place, otherwise plain lines (one per
 * tenth of the work and one at the end), so logs and CI output stay readable. The rendering is
 * pure ({@link renderBar}, {@link plainStep}); {@link startProgress} does the writing.
 */

/** What one progress line shows. */
export interface BarState {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** Extra text after the counts (e.g. "loss 0.31 acc 0.95"). */
  detail?: string;
}

/** "850 ms", "4.2 s", "1 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function fraction({ done, total }: BarState): number {
  return total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
}

/** Counts, percentage, time and detail: the text both renderings share. */
function summaryText(state: BarState): string {
  const width = String(state.total).length;
  const pct = `${Math.floor(fraction(state) * 100)}%`.padStart(4);
  const parts = [
    `${String(state.done).padStart(width)}/${state.total}`,
    pct,
    formatDuration(state.elapsedMs),
  ];
  if (state.detail) parts.push(state.detail);
  return parts.join('  ');
}

/**
 * One terminal line, `columns` wide at most: `Label  [#####-----]  12/40   30%  1.2 s  detail`.
 * The bar has 10–30 cells depending on the width; the line is cut at the terminal's width.
 */
export function renderBar(state: BarState, columns = 80): string {
  const text = summaryText(state);
  // The bar's width depends on the terminal only (not on the text), so it does not jitter.
  const cells = Math.max(10, Math.min(30, columns - state.label.length - 50));
  const filled = Math.round(fraction(state) * cells);
  const line = `${state.label}  [${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]  ${text}`;
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/** A plain (non-terminal) progress line. */
export function renderPlain(state: BarState): string {
  return `${state.label}: ${summaryText(state)}`;
}

/** Which tenth of the work `done` is in (0–10): a plain line is printed when it grows. */
export function plainStep(done: number, total: number): number {
  return total > 0 ? Math.min(10, Math.floor((done * 10) / total)) : 10;
}

/** Where progress is written (process.stderr or a test double). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** A running progress display. */
export interface Progress {
  /** Sets how much is done (and the detail text). */
  update(done: number, detail?: string): void;
  /** Ends the display at `done` (default: the total): final line plus newline. Safe twice. */
  finish(done?: number, detail?: string): void;
}

/** Redraws at most this often on a terminal. */
const REDRAW_MS = 80;

/** Starts a progress display for `total` units of work. */
export function startProgress(
  stream: ProgressStream,
  label: string,
  total: number,
  now: () => number = () => performance.now(),
): Progress {
  const t0 = now();
  const tty = stream.isTTY === true;
  let state: BarState = { label, done: 0, total, elapsedMs: 0 };
  let lastDraw = -Infinity;
  let lastStep = 0;
  let finished = false;

  const set = (done: number, detail?: string) => {
    state = {
      label,
      done,
      total,
      elapsedMs: now() - t0,
      ...(detail !== undefined ? { detail } : state.detail ? { detail: state.detail } : {}),
    };
  };
  const draw = () => {
    // Some pseudo-terminals report 0 columns: assume 80 then.
    const columns = stream.columns && stream.columns >= 20 ? stream.columns : 80;
    stream.write(`\r${renderBar(state, columns)}\x1b[K`);
    lastDraw = now();
  };

  if (tty) draw();
  else stream.write(`${renderPlain(state)}\n`);

  return {
    update(done, detail) {
      if (finished) return;
      set(done, detail);
      if (tty) {
        if (now() - lastDraw >= REDRAW_MS) draw();
        return;
      }
      const step = plainStep(done, total);
      if (step > lastStep && step < 10) {
        lastStep = step;
        stream.write(`${renderPlain(state)}\n`);
      }
    },
    finish(done = total, detail) {
      if (finished) return;
      finished = true;
      set(done, detail);
      if (tty) {
        draw();
        stream.write('\n');
      } else {
        stream.write(`${renderPlain(state)}\n`);
      }
    },
  };
}
