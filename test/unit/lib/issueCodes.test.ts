// Every issue code the core emits has a Chinese text: the codes are read from the source itself
// (issue objects with a severity, and the import's error()/warn() helpers), so a new code cannot
// ship in English only.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { issueZh } from '../../../src/lib/messages.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Template values beyond the issue's fields, by code: customerChecks.ts and import/header.ts. */
const PARAMS: Record<string, string[]> = {
  'db-duplicate-id': ['ids', 'rows'],
  'db-not-finite': ['count', 'filled', 'rows', 'values'],
  'db-not-a-number': ['count', 'filled', 'rows', 'values'],
  'header-control-characters': ['characters'],
  'header-too-long': ['length', 'max'],
  'beta-fit-flat': ['r2'],
  'db-too-large-for-storage': ['need', 'free'],
  'db-too-large-to-decode': ['limit'],
  'db-too-large-for-memory': ['limit'],
};

describe('issue codes', () => {
  const codes = new Map<string, string>();
  for (const file of sources('src/core')) {
    const s = readFileSync(file, 'utf8');
    for (const m of s.matchAll(/\b(?:error|warn)\(\s*'([a-z0-9-]+)'/g)) codes.set(m[1], file);
    for (const m of s.matchAll(/severity: '(?:error|warning)'[^}]{0,200}?code: '([a-z0-9-]+)'|code: '([a-z0-9-]+)'[^}]{0,300}?severity: '(?:error|warning)'/gs)) codes.set(m[1] ?? m[2], file);
    // Codes built apart from their issue (import/header.ts), by their own pattern.
    for (const m of s.matchAll(/code: '(header-[a-z-]+)'/g)) codes.set(m[1], file);
  }

  it('are found in the core (the scan works)', () => {
    for (const known of ['not-a-number', 'field-count', 'empty-consideration', 'unmapped-value']) expect(codes.has(known), known).toBe(true);
    expect(codes.has('header-too-long')).toBe(true);
    expect(codes.size).toBeGreaterThan(25);
  });

  it('each have a Chinese message and fix', () => {
    const missing = [...codes.entries()].filter(([code]) => !issueZh[code]).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    for (const [code, z] of Object.entries(issueZh)) {
      expect(z.message, code).toMatch(/\p{Script=Han}/u);
      expect(z.fix, code).toMatch(/\p{Script=Han}/u);
      // Only the issue's own fields can fill a template, and the params the core puts in some issues.
      const fields = ['value', 'row', 'column', ...(PARAMS[code] ?? [])];
      for (const hole of [...`${z.message}${z.fix}`.matchAll(/\{(\w+)\}/g)].map((x) => x[1])) expect(fields, `${code}: {${hole}}`).toContain(hole);
    }
  });
});
