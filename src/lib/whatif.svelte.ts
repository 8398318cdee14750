import type { MapInfo, Measured } from '../workers/protocol.ts';
import type { ScenarioChange } from '../core/scenario/scenario.ts';
import { scenarioRows, type ScenarioRow } from '../core/scenario/scenario.ts';
import { CancelledError, type Job } from '../workers/client.ts';
import type { Session } from './session.svelte.ts';

import type { SavedScenario } from '../core/project/schema.ts';

export type { SavedScenario };

/** Slider moves closer together than this make one run: enough for a drag, short enough to feel live. */
const DEBOUNCE_MS = 120;

/** The Improve view's what-if sandbox: the change being tried, its result and map, and saved scenarios. */
export class WhatIf {
  firm = $state<string | null>(null);
  segment = $state<string | null>(null);
  /** Need -> change in scale points. */
  points = $state<Record<string, number>>({});
  scenario = $state.raw<Measured | null>(null);
  map = $state.raw<MapInfo | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  /** Saved scenarios, kept with the project. */
  saved = $state<SavedScenario[]>([]);

  /** Two saved scenarios side by side (table and maps), each measured and mapped from the base. */
  comparison = $state.raw<{ name: string; scenario: Measured; map: MapInfo }[] | null>(null);
  comparing = $state(false);

  private job: Job<unknown> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly session: Session) {}

  get change(): ScenarioChange | null {
    const firm = this.firm ?? this.session.result?.us ?? this.session.result?.firms[0] ?? null;
    if (!firm) return null;
    const needs = Object.fromEntries(Object.entries(this.points).filter(([, v]) => v !== 0));
    return { firm, needs, segment: this.segment };
  }

  /** The scenario, when it was made from the measurement on screen (a new survey, wave or beta makes it stale). */
  get current(): { scenario: Measured; map: MapInfo | null } | null {
    const base = this.session.result;
    return base && this.scenario && this.scenario.scenario?.baseId === base.measurementId ? { scenario: this.scenario, map: this.map } : null;
  }

  get rows(): ScenarioRow[] {
    const c = this.current;
    return c && this.session.result ? scenarioRows(this.session.result, c.scenario) : [];
  }

  /**
   * The measurement on screen changed (another beta or wave, a rebuild after a worker restart): the
   * scenario the user set up is computed again for it, rather than left stale and hidden.
   */
  measurementChanged(): void {
    const c = this.change;
    if (c && Object.keys(c.needs).length && this.scenario && !this.current && !this.job) this.changed();
  }

  /** Schedule a run for the current change (a slider moved). */
  changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  async run(): Promise<void> {
    const change = this.change;
    this.job?.cancel();
    if (!change || !Object.keys(change.needs).length) {
      this.scenario = null;
      this.map = null;
      return;
    }
    const job = this.session.whatIf($state.snapshot(change) as ScenarioChange);
    this.job = job;
    this.running = true;
    try {
      const r = await job.promise;
      if (this.job !== job) return;
      this.scenario = r.scenario;
      this.map = r.map;
      this.error = null;
    } catch (e) {
      if (!(e instanceof CancelledError) && this.job === job) this.error = (e as Error).message;
    } finally {
      if (this.job === job) {
        this.running = false;
        this.job = null;
      }
    }
  }

  reset(): void {
    this.points = {};
    this.segment = null;
    void this.run();
  }

  save(name: string): void {
    const change = this.change;
    if (!change || !name.trim()) return;
    this.saved = [...this.saved.filter((s) => s.name !== name.trim()), { name: name.trim(), change: { ...($state.snapshot(change) as ScenarioChange), segment: change.segment ?? null } }];
  }

  apply(s: SavedScenario): void {
    this.firm = s.change.firm;
    this.segment = s.change.segment ?? null;
    this.points = { ...s.change.needs };
    void this.run();
  }

  /** Measure and map two saved scenarios from the measurement on screen, for a side-by-side. */
  async compare(a: SavedScenario, b: SavedScenario): Promise<void> {
    this.comparing = true;
    this.error = null;
    try {
      const out = [];
      for (const s of [a, b]) {
        // Saved scenarios are deep state: a plain copy travels to the worker.
        const r = await this.session.whatIf($state.snapshot(s.change) as ScenarioChange).promise;
        out.push({ name: s.name, scenario: r.scenario, map: r.map });
      }
      this.comparison = out;
    } catch (e) {
      if (!(e instanceof CancelledError)) this.error = (e as Error).message;
    } finally {
      this.comparing = false;
    }
  }

  /** The comparison, when made from the measurement on screen. */
  get currentComparison(): { name: string; scenario: Measured; map: MapInfo; rows: ScenarioRow[] }[] | null {
    const base = this.session.result;
    if (!base || !this.comparison?.every((c) => c.scenario.scenario?.baseId === base.measurementId)) return null;
    return this.comparison.map((c) => ({ ...c, rows: scenarioRows(base, c.scenario) }));
  }

  remove(name: string): void {
    this.saved = this.saved.filter((s) => s.name !== name);
  }
}
