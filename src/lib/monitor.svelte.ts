import type { WavesResult } from '../workers/protocol.ts';
import { CancelledError, type Job } from '../workers/client.ts';
import type { Measured } from '../workers/protocol.ts';
import type { Session } from './session.svelte.ts';

/**
 * The Monitor view's state: the waves of the survey in use (measured with one beta, mapped and
 * aligned in the worker), the wave on screen and the player. Computed when the view asks for it and
 * again when the survey or its segments change; a newer request cancels an older one.
 */
export class Monitor {
  result = $state.raw<WavesResult | null>(null);
  /** The measurement the result was made from (its survey, beta and segments). */
  private madeFor: Measured | null = null;
  running = $state(false);
  progress = $state.raw<{ stage: string; fraction: number } | null>(null);
  error = $state<string | null>(null);
  /** Position in the player: an integer is a wave, a fraction is on the way to the next. */
  at = $state(0);
  playing = $state(false);

  private job: Job<WavesResult> | null = null;
  private frame = 0;

  constructor(private readonly session: Session) {}

  /** True when the result on screen was made from another survey or other segments. */
  get stale(): boolean {
    const r = this.session.result;
    return !!r && r !== this.madeFor;
  }

  async run(): Promise<void> {
    const r = this.session.result;
    if (!r) return;
    this.job?.cancel();
    this.madeFor = r;
    this.error = null;
    if (r.waves.length < 2) {
      this.result = null;
      return;
    }
    this.running = true;
    // The pooled measurement's settings, not a one-wave view of it: Monitor always spans every wave.
    const { beta, k, seed } = r.settings;
    const job = this.session.waves({ measure: { beta: beta ?? null, k: k ?? null, seed } }, (fraction, stage) => (this.progress = { fraction, stage }));
    this.job = job;
    try {
      const result = await job.promise;
      if (this.job !== job) return;
      // The latest wave first: the alerts and the table are about it.
      const first = !this.result;
      this.result = result;
      this.at = first ? result.waves.length - 1 : Math.min(this.at, result.waves.length - 1);
    } catch (e) {
      if (!(e instanceof CancelledError) && this.job === job) this.error = (e as Error).message;
    } finally {
      if (this.job === job) {
        this.job = null;
        this.running = false;
        this.progress = null;
      }
    }
  }

  cancel(): void {
    this.job?.cancel();
  }

  /** Plays the waves from the first to the last, one wave a second; again stops. */
  play(): void {
    const n = this.result?.waves.length ?? 0;
    if (this.playing || n < 2) {
      this.stop();
      return;
    }
    this.playing = true;
    if (this.at >= n - 1) this.at = 0;
    let last = performance.now();
    const tick = (now: number) => {
      if (!this.playing) return;
      this.at = Math.min(n - 1, this.at + (now - last) / 1000);
      last = now;
      if (this.at >= n - 1) this.playing = false;
      else this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  stop(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
  }
}
