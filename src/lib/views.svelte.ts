import type { SavedView } from '../core/project/schema.ts';

export type { SavedView };

/** Saved views of the map for a workshop, kept with the project (validated there when read back). */
export class Views {
  list = $state<SavedView[]>([]);
  /** Index of the view being shown in presentation mode. */
  current = $state(-1);

  add(v: SavedView) {
    this.list = [...this.list, v];
  }
  remove(i: number) {
    this.list = this.list.filter((_, k) => k !== i);
  }
}
