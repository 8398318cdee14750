import type { Snapshot } from '../core/project/schema.ts';

/** Dated snapshots of measurements, kept with the project. */
export class Snapshots {
  list = $state.raw<Snapshot[]>([]);

  add(s: Snapshot): void {
    this.list = [...this.list, s];
  }
  remove(id: string): void {
    this.list = this.list.filter((s) => s.id !== id);
  }
}
