// `icrm measure` and the app give the same outcome for every hostile fixture: the app's path (the
// survey model the worker dispatches to: parse, then build with the proposed mapping, as the
// mapping step's confirm does) is run here, and the CLI must print exactly those issues and
// refuse exactly when the app does.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/icrm.ts';
import { formatIssue, type Issue } from '../../../src/core/issues.ts';
import { SurveyModel } from '../../../src/core/model/surveyModel.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';

const DIR = 'test/fixtures/hostile';
const FIXTURES = readdirSync(DIR).filter((f) => !f.endsWith('.md') && !f.endsWith('.json'));

async function appOutcome(file: string, delimiter?: string): Promise<{ ok: boolean; issues: Issue[] }> {
  const model = new SurveyModel('t');
  const parsed = await model.parse(fileSource(join(DIR, file)), {}, { delimiter });
  if (parsed.issues.some((i) => i.severity === 'error')) return { ok: false, issues: parsed.issues };
  const built = model.build(parsed.proposal);
  return { ok: built.ok, issues: [...parsed.issues, ...built.issues] };
}

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), stderr };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('icrm measure on the hostile fixtures', () => {
  it('finds the fixtures', () => expect(FIXTURES.length).toBeGreaterThanOrEqual(9));

  for (const file of FIXTURES)
    it(`${file}: the same issues and the same verdict as the app`, async () => {
      const app = await appOutcome(file);
      const r = await cli('measure', join(DIR, file), '--out', mkdtempSync(join(tmpdir(), 'icrm-hostile-')));
      const lines = r.stderr.split('\n').filter((l) => /^(Error|Warning): /.test(l));
      expect(lines).toEqual(app.issues.map(formatIssue));
      expect(r.code).toBe(app.ok ? 0 : 2);
      if (!app.ok) expect(r.stderr).toMatch(/nothing was written/);
    });

  it('--separator "^" reads the file whose separator is not recognised, as the app does with the separator chosen', async () => {
    const app = await appOutcome('caret-separator.csv', '^');
    expect(app.ok).toBe(true);
    const r = await cli('measure', join(DIR, 'caret-separator.csv'), '--separator', '^', '--out', mkdtempSync(join(tmpdir(), 'icrm-hostile-')));
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter((l) => /^(Error|Warning): /.test(l))).toEqual(app.issues.map(formatIssue));
  });

  it('--separator must be one character or "tab"', async () => {
    const r = await cli('measure', join(DIR, 'caret-separator.csv'), '--separator', '^^', '--out', mkdtempSync(join(tmpdir(), 'icrm-hostile-')));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--separator "\^\^": the separator must be one character/);
  });
});
