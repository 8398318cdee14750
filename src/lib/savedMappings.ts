import type { Mapping } from '../core/import/mapping.ts';

// A confirmed mapping is remembered per set of headers, so the next wave of the same survey
// imports with the user's corrections already applied.
const PREFIX = 'icrm.mapping.';

function key(headers: string[]): string {
  let h = 2166136261;
  for (const c of headers.join('\u0001')) h = Math.imul(h ^ c.codePointAt(0)!, 16777619);
  return PREFIX + (h >>> 0).toString(36) + '.' + headers.length;
}

export function saveMapping(m: Mapping): void {
  try {
    localStorage.setItem(key(m.columns.map((c) => c.column)), JSON.stringify(m));
  } catch {
    /* storage full or blocked: the mapping is simply not remembered */
  }
}

/** The remembered mapping for exactly these headers, validated, or null. */
export function loadSavedMapping(headers: string[]): Mapping | null {
  try {
    const raw = localStorage.getItem(key(headers));
    if (!raw) return null;
    const m = JSON.parse(raw) as Mapping;
    if (!Array.isArray(m.columns) || m.columns.length !== headers.length || m.columns.some((c, i) => c.column !== headers[i])) return null;
    return m;
  } catch {
    return null;
  }
}
