// Saved column mappings read back from browser storage are checked as an imported project's
// mapping is (issue 12 item 20): src/lib/savedMappings.ts over readStoredMapping.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { readSavedMapping } from '../../../src/lib/savedMappings.ts';
import type { Mapping } from '../../../src/core/import/mapping.ts';

/** A Storage stand-in holding one key. */
function storage(text: string) {
  const m = new Map([['icrm.mapping.k', text]]);
  return { getItem: (k: string) => m.get(k) ?? null, removeItem: (k: string) => void m.delete(k), has: (k: string) => m.has(k) };
}

const good: Mapping = {
  shape: 'wide',
  columns: [
    { column: 'id', role: 'id' },
    { column: 'imp:quality', role: 'imp', need: 'quality' },
    { column: 'perf:A:quality', role: 'perf', firm: 'A', need: 'quality' },
  ],
  scales: { imp: { min: 1, max: 7 }, perf: null, fam: null, overall: null },
  missingCodes: ['99', 'n/a'],
  likert: { 'Very good': 5 },
  us: 'A',
};

afterEach(() => vi.restoreAllMocks());

describe('readSavedMapping(key, storage)', () => {
  it('gives back a sound mapping as it was saved', () => {
    const s = storage(JSON.stringify(good));
    expect(readSavedMapping('icrm.mapping.k', s)).toEqual(good);
    expect(s.has('icrm.mapping.k')).toBe(true);
  });

  for (const [what, doc, reason] of [
    ['not JSON', '{"columns": [', /not valid JSON|JSON/],
    ['a role that does not exist', JSON.stringify({ ...good, columns: [{ column: 'id', role: 'drop table' }] }), /mapping\.columns\[0\]\.role must be one of ignore, id, segment/],
    ['a scale with text for a number', JSON.stringify({ ...good, scales: { ...good.scales, imp: { min: '1', max: 7 } } }), /mapping\.scales\.imp\.min must be a number/],
    ['an upside-down scale', JSON.stringify({ ...good, scales: { ...good.scales, perf: { min: 10, max: 1 } } }), /mapping\.scales\.perf must have min below max/],
    ['a Likert label mapped to text', JSON.stringify({ ...good, likert: { 'Very good': 'five' } }), /mapping\.likert.* must be a number/],
    ['missing codes that are not a list', JSON.stringify({ ...good, missingCodes: '99' }), /mapping\.missingCodes must be a list/],
    ['a shape it does not know', JSON.stringify({ ...good, shape: 'long' }), /mapping\.shape must be one of wide, stacked/],
    ['a firm that is not text', JSON.stringify({ ...good, columns: [{ column: 'perf:A:q', role: 'perf', firm: 7 }] }), /mapping\.columns\[0\]\.firm must be text/],
    ['null', 'null', /mapping must be an object/],
  ] as const)
    it(`forgets one with ${what}, saying why, and applies nothing`, () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const s = storage(doc);
      expect(readSavedMapping('icrm.mapping.k', s)).toBeNull();
      expect(s.has('icrm.mapping.k')).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(reason);
    });

  it('copies no __proto__ key into the mapping it gives back', () => {
    const s = storage(`{"shape":"wide","columns":[],"scales":{"imp":null,"perf":null,"fam":null,"overall":null},"missingCodes":[],"likert":{"__proto__":{"polluted":1},"Good":4},"us":null}`);
    const m = readSavedMapping('icrm.mapping.k', s)!;
    expect(m.likert).toEqual(Object.assign(Object.create(null), { Good: 4 }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
