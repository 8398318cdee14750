import type { MapSettings } from '../workers/protocol.ts';
import type { ZoomState } from '../core/map/zoom.ts';

/** A saved view of the map for a workshop: what is shown, from where, at what zoom. */
export interface SavedView {
  name: string;
  settings: Omit<MapSettings, 'reference'>;
  zoom: ZoomState;
  selected: { kind: 'firm' | 'segment'; label: string } | null;
  /** Drill path: [] = market, ['S2'] = inside segment S2. */
  path: string[];
}

const KEY = 'icrm.views';

function isView(v: unknown): v is SavedView {
  const o = v as SavedView;
  return (
    !!o &&
    typeof o.name === 'string' &&
    typeof o.settings === 'object' &&
    !!o.zoom &&
    [o.zoom.k, o.zoom.x, o.zoom.y].every(Number.isFinite) &&
    Array.isArray(o.path) &&
    o.path.every((p) => typeof p === 'string')
  );
}

/** Saved views, kept in localStorage and validated when read back (they may be edited by hand). */
export class Views {
  list = $state<SavedView[]>(load());
  /** Index of the view being shown in presentation mode. */
  current = $state(-1);

  add(v: SavedView) {
    this.list = [...this.list, v];
    this.persist();
  }
  remove(i: number) {
    this.list = this.list.filter((_, k) => k !== i);
    this.persist();
  }
  private persist() {
    try {
      localStorage.setItem(KEY, JSON.stringify($state.snapshot(this.list)));
    } catch {
      /* not remembered */
    }
  }
}

function load(): SavedView[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter(isView) : [];
  } catch {
    return [];
  }
}
