/**
 * Cancelling images being added (an upload, a dataset import). Pressing Cancel aborts the
 * embedding in flight and drops every image handed over afterwards until the additions have
 * stopped for {@link INGEST_CANCEL_GRACE_MS} (uploads hand images over in chunks, decoded ahead
 * and queued one after another: those already queued belong to the cancelled upload too; the
 * uploader itself decodes and queues nothing after Stop). Images added
 * before the press stay. Calls that follow each other within that time count as one run. When it is over, `onStopped` reports how many were added and dropped.
 */

/** Quiet time after a cancelled run before new images are accepted again. */
export const INGEST_CANCEL_GRACE_MS = 300;

/** Counts of a cancelled run of additions. */
export interface IngestStopped {
  /** Images added in this run before Cancel was pressed (kept). */
  added: number;
  /** Images not added because of the cancel. */
  dropped: number;
}

/** The bookkeeping behind `SessionCommands.cancelIngest`. */
export interface IngestCanceller {
  /** True from Cancel until the run is reported: images arriving now are dropped. */
  readonly cancelled: boolean;
  /** An `addImages` call starts; its embedding listens to the returned signal. */
  begin(): AbortSignal;
  /** That call added `n` images. */
  added(n: number): void;
  /** `n` images were not added because of the cancel. */
  dropped(n: number): void;
  /** An `addImages` call has ended (whatever its outcome). */
  end(): void;
  /** Cancels the additions in flight; false when there are none. */
  cancel(): boolean;
  dispose(): void;
}

export function createIngestCanceller(
  onStopped: (stopped: IngestStopped) => void,
  graceMs = INGEST_CANCEL_GRACE_MS,
): IngestCanceller {
  let controller = new AbortController();
  let inFlight = 0;
  let run: IngestStopped = { added: 0, dropped: 0 };
  let cancelled = false;
  /** When the last call ended: calls within `graceMs` of each other are one run (one upload). */
  let lastEnd = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** (Re)starts the quiet period after which the cancelled run is reported. */
  const settleLater = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (inFlight > 0) return; // end() schedules again
      const stopped = run;
      cancelled = false;
      controller = new AbortController();
      run = { added: 0, dropped: 0 };
      onStopped(stopped);
    }, graceMs);
  };

  return {
    get cancelled() {
      return cancelled;
    },
    begin() {
      const newRun = inFlight === 0 && !cancelled && Date.now() - lastEnd > graceMs;
      if (newRun) run = { added: 0, dropped: 0 };
      inFlight++;
      return controller.signal;
    },
    added(n) {
      run.added += n;
    },
    dropped(n) {
      run.dropped += n;
      if (cancelled && inFlight === 0) settleLater();
    },
    end() {
      inFlight = Math.max(0, inFlight - 1);
      lastEnd = Date.now();
      if (cancelled && inFlight === 0) settleLater();
    },
    cancel() {
      if (cancelled || inFlight === 0) return false;
      cancelled = true;
      controller.abort();
      return true;
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      controller.abort();
    },
  };
}
