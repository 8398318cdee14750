import type { Pins as PinsDoc } from '../core/project/schema.ts';

type Offsets = Record<string, { dx: number; dy: number }>;

/** Label positions the user dragged, per map level (`market`, `drill:S2`); kept with the project. */
export class Pins {
  all = $state.raw<PinsDoc>({});

  get(level: string): Offsets {
    return this.all[level] ?? {};
  }

  set(level: string, offsets: Offsets): void {
    this.all = { ...this.all, [level]: { ...offsets } };
  }
}
