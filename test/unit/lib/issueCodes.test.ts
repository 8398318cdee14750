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

describe('issue codes', () => {
  const codes = new Map<string, string>();
  for (const file of sources('src/core')) {
    const s = readFileSync(file, 'utf8');
    for (const m of s.matchAll(/\b(?:error|warn)\(\s*'([a-z0-9-]+)'/g)) codes.set(m[1], file);
    for (const m of s.matchAll(/severity: '(?:error|warning)'[^}]{0,200}?code: '([a-z0-9-]+)'|code: '([a-z0-9-]+)'[^}]{0,300}?severity: '(?:error|warning)'/gs)) codes.set(m[1] ?? m[2], file);
  }

  it('are found in the core (the scan works)', () => {
    for (const known of ['not-a-number', 'field-count', 'empty-consideration', 'unmapped-value']) expect(codes.has(known), known).toBe(true);
    expect(codes.size).toBeGreaterThan(25);
  });

  it('each have a Chinese message and fix', () => {
    const missing = [...codes.entries()].filter(([code]) => !issueZh[code]).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    for (const [code, z] of Object.entries(issueZh)) {
      expect(z.message, code).toMatch(/\p{Script=Han}/u);
      expect(z.fix, code).toMatch(/\p{Script=Han}/u);
      // Only the issue's own fields can fill a template, and the counts the customer checks put in
      // their params (customerChecks.ts).
      const fields = code.startsWith('db-') ? ['value', 'row', 'column', 'ids', 'rows', 'count', 'filled', 'values'] : ['value', 'row', 'column'];
      for (const hole of [...`${z.message}${z.fix}`.matchAll(/\{(\w+)\}/g)].map((x) => x[1])) expect(fields, `${code}: {${hole}}`).toContain(hole);
    }
  });
});
