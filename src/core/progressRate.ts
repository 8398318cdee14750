/**
 * Rows per second and the time left of a long job (an import of a million rows), from the progress
 * reports the workers send. Pure: the caller gives the clock, so the UI and the tests share it.
 *
 * The estimate is over the current stage only: stages run at very different speeds (reading rows,
 * then measuring), so a rate carried across them would mislead. It waits for 1 s and 2% of the
 * stage before saying anything, because the first reports of a stage are dominated by start-up.
 */
export interface RateView {
  /** Rows read per second in this stage, or null while unknown (no row counts, too early). */
  rowsPerSecond: number | null;
  /** Milliseconds left in this stage at the pace so far, or null while too early to say. */
  remainingMs: number | null;
}

const MIN_ELAPSED_MS = 1000;
const MIN_FRACTION = 0.02;

export class ProgressRate {
  private stage: string | null = null;
  private t0 = 0;
  private f0 = 0;
  private rows0 = 0;
  private last = 0;

  update(stage: string, fraction: number, rows: number | undefined, now: number): RateView {
    // A new stage, or a fraction going backwards (a job restarted), starts the clock again.
    const back = fraction < this.last;
    this.last = fraction;
    if (stage !== this.stage || back) {
      this.stage = stage;
      this.t0 = now;
      this.f0 = fraction;
      this.rows0 = rows ?? 0;
      return { rowsPerSecond: null, remainingMs: null };
    }
    const elapsed = now - this.t0;
    if (elapsed < MIN_ELAPSED_MS) return { rowsPerSecond: null, remainingMs: null };
    const done = fraction - this.f0;
    const rowsPerSecond = rows !== undefined && rows > this.rows0 ? ((rows - this.rows0) * 1000) / elapsed : null;
    const remainingMs = done >= MIN_FRACTION && fraction < 1 ? (elapsed * (1 - fraction)) / done : null;
    return { rowsPerSecond, remainingMs };
  }
}

/** A duration for a progress line: whole seconds under a minute, then minutes and seconds. */
export function splitDuration(ms: number): { minutes: number; seconds: number } {
  const s = Math.max(1, Math.round(ms / 1000));
  return { minutes: Math.floor(s / 60), seconds: s % 60 };
}
