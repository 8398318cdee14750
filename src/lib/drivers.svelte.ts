import { ALL, DEFAULT_DRIVER_REPLICATES, type DriverMethod, type DriverModel, type IpaRow } from '../core/drivers/drivers.ts';
import { CancelledError, type Job } from '../workers/client.ts';
import type { Results } from '../workers/protocol.ts';
import type { Session } from './session.svelte.ts';

export type DriversInfo = Results['drivers'];

/**
 * The Drivers view's state (one per app, as WhatIf, so the drivers survive leaving the Improve view:
 * they take seconds): key drivers of the measurement on screen (run in the worker, cancellable),
 * the method, and the segment and firm looked at. A result answers for the measurement it was asked
 * for; when the page measures again it is dropped and, unless the user cancelled, asked for anew.
 */
export class Drivers {
  method = $state<DriverMethod>('rw');
  /** Segment label, `*` for the whole market. */
  segment = $state<string>(ALL);
  /** Firm, `*` for the pooled model; null = ours. */
  firm = $state<string | null>(null);
  result = $state.raw<DriversInfo | null>(null);
  running = $state(false);
  /** Share of the models fitted so far, in [0, 1], while running. */
  progress = $state(0);
  error = $state<string | null>(null);
  /** The user cancelled: nothing runs until asked again. */
  held = $state(false);

  private job: Job<DriversInfo> | null = null;
  /** The measurement and method last asked for (running, answered or failed), so each is asked once. */
  private asked = $state<string | null>(null);

  constructor(
    private readonly session: Session,
    readonly replicates = DEFAULT_DRIVER_REPLICATES,
  ) {}

  private get key(): string | null {
    const id = this.session.result?.measurementId;
    return id ? `${id}\u0000${this.method}` : null;
  }

  /** The result, when it answers for the measurement on screen and the method chosen. */
  get current(): DriversInfo | null {
    const r = this.result;
    return r && r.measurementId === this.session.result?.measurementId && r.method === this.method ? r : null;
  }

  /** A run should start: a measurement without its drivers, not cancelled, not asked for yet. */
  get wanted(): boolean {
    const key = this.key;
    return key !== null && !this.current && !this.held && this.asked !== key;
  }

  /** The segment shown: the one chosen while the measurement has it, else the whole market. */
  get segmentShown(): string {
    const segments = this.session.result?.segments ?? [];
    return this.segment !== ALL && segments.some((s) => s.label === this.segment) ? this.segment : ALL;
  }

  /** The firm shown: the one chosen (or pooled) while the survey has it, else ours, else the first. */
  get firmShown(): string {
    const r = this.session.result;
    const f = this.firm;
    if (!r) return ALL;
    if (f === ALL || (f !== null && r.firms.includes(f))) return f;
    return r.us ?? r.firms[0] ?? ALL;
  }

  /** The grid compares one firm with its competitors: the firm shown, or ours when the pooled model is shown. */
  get gridFirm(): string | null {
    const r = this.session.result;
    const f = this.firmShown;
    return f !== ALL ? f : (r?.us ?? r?.firms[0] ?? null);
  }

  get model(): DriverModel | null {
    return this.current?.models.find((m) => m.segment === this.segmentShown && m.firm === this.firmShown) ?? null;
  }

  get ipa(): IpaRow[] {
    const firm = this.gridFirm;
    return this.current?.ipa.filter((x) => x.segment === this.segmentShown && x.firm === firm) ?? [];
  }

  /** The grid firm's own model (for its fit and reason when not fitted). */
  get gridModel(): DriverModel | null {
    return this.current?.models.find((m) => m.segment === this.segmentShown && m.firm === this.gridFirm) ?? null;
  }

  async run(): Promise<void> {
    const key = this.key;
    if (!key) return;
    // A run already under way is left to finish (a synchronous fit is only stopped by restarting the
    // worker, which reloads the survey); its answer is ignored.
    this.held = false;
    this.error = null;
    this.asked = key;
    if (this.result && this.result.measurementId !== this.session.result?.measurementId) this.result = null;
    this.progress = 0;
    const job = this.session.drivers({ method: this.method, replicates: this.replicates }, (fraction) => {
      if (this.job === job) this.progress = fraction;
    });
    this.job = job;
    this.running = true;
    try {
      const r = await job.promise;
      if (this.job === job && r.measurementId === this.session.result?.measurementId) this.result = r;
    } catch (e) {
      if (this.job === job && !(e instanceof CancelledError)) this.error = (e as Error).message;
    } finally {
      if (this.job === job) {
        this.job = null;
        this.running = false;
      }
    }
  }

  cancel(): void {
    if (!this.job) return;
    this.job.cancel();
    this.job = null;
    this.running = false;
    this.held = true;
  }
}
