import type { Mapping } from '../core/import/mapping.ts';
import { applySavedMapping } from '../core/import/importSurvey.ts';
import { readStoredMapping } from '../core/project/schema.ts';

// A confirmed mapping is remembered per set of headers, so the next wave of the same survey
// imports with the user's corrections already applied. A new file takes the remembered mapping that
// names most of its columns, applied by column name (the same rule as the CLI's --mapping).
const PREFIX = 'icrm.mapping.';
const INDEX = 'icrm.mappings';
/** Mappings remembered; the oldest is forgotten first. */
const KEEP = 20;
/** A remembered mapping is used when it names at least this share of the new file's columns. */
const MIN_SHARED = 0.5;

function key(headers: string[]): string {
  let h = 2166136261;
  for (const c of headers.join('\u0001')) h = Math.imul(h ^ c.codePointAt(0)!, 16777619);
  return PREFIX + (h >>> 0).toString(36) + '.' + headers.length;
}

function index(): string[] {
  try {
    const list = JSON.parse(localStorage.getItem(INDEX) ?? '[]');
    return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string' && k.startsWith(PREFIX)) : [];
  } catch {
    return [];
  }
}

export function saveMapping(m: Mapping): void {
  try {
    const k = key(m.columns.map((c) => c.column));
    localStorage.setItem(k, JSON.stringify(m));
    const list = [k, ...index().filter((x) => x !== k)];
    for (const old of list.slice(KEEP)) localStorage.removeItem(old);
    localStorage.setItem(INDEX, JSON.stringify(list.slice(0, KEEP)));
  } catch {
    /* storage full or blocked: the mapping is simply not remembered */
  }
}

/**
 * A remembered mapping, checked as an imported project's mapping is (readStoredMapping: every role,
 * scale, code and label typed and bounded), since anything on the page or an older version may have
 * written the key. One that fails is forgotten, with the reason in the console, and not applied.
 */
export function readSavedMapping(k: string, storage: Pick<Storage, 'getItem' | 'removeItem'> = localStorage): Mapping | null {
  try {
    const text = storage.getItem(k);
    return text === null ? null : readStoredMapping(JSON.parse(text), 'a column mapping saved in this browser');
  } catch (e) {
    console.warn(`Forgotten: ${(e as Error).message}`);
    try {
      storage.removeItem(k);
    } catch {
      /* storage blocked: it stays unread */
    }
    return null;
  }
}

/**
 * The remembered mapping that names most of this file's columns (at least half), applied to the
 * file's proposal by column name, with the columns it did not know and those the file lacks; or null.
 */
export function loadSavedMapping(proposal: Mapping): ReturnType<typeof applySavedMapping> | null {
  const headers = new Set(proposal.columns.map((c) => c.column));
  const exact = readSavedMapping(key([...headers]));
  let best: Mapping | null = exact;
  let bestShared = exact ? headers.size : 0;
  if (!exact)
    for (const k of index()) {
      const m = readSavedMapping(k);
      if (!m) continue;
      const shared = m.columns.filter((c) => headers.has(c.column)).length;
      if (shared > bestShared) {
        best = m;
        bestShared = shared;
      }
    }
  if (!best || bestShared < MIN_SHARED * headers.size) return null;
  return applySavedMapping(proposal, best);
}
