// Adding a wave (src/core/monitor/appendWave.ts): the sample's third wave imported as its own file
// and appended gives exactly the numbers of the survey that had it all along; a file that differs
// is used for what it shares, with each difference named; a clash or a file with nothing shared is refused.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendWave, waveLabelOf } from '../../../src/core/monitor/appendWave.ts';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measure } from '../../../src/core/measure/measure.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';

const dir = mkdtempSync(join(tmpdir(), 'icrm-wave-'));
const [header, ...lines] = readFileSync('data/survey.csv', 'utf8').trim().split('\n');
const names = header.split(',');
const waveCol = names.indexOf('wave');
/** The sample's rows of some waves as a CSV, keeping the columns `keep` accepts. */
function csv(name: string, waves: string[], keep: (column: string) => boolean = () => true): string {
  const cols = names.map((c, j) => (keep(c) ? j : -1)).filter((j) => j >= 0);
  const rows = lines.filter((l) => waves.includes(l.split(',')[waveCol]));
  const text = [cols.map((j) => names[j]).join(','), ...rows.map((l) => ((c) => cols.map((j) => c[j]).join(','))(l.split(',')))].join('\n') + '\n';
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}
const load = async (path: string) => (await importSurvey(fileSource(path))).survey!;

describe('appendWave', () => {
  let full: Survey, first: Survey, third: Survey;
  beforeAll(async () => {
    full = await load('data/survey.csv');
    first = await load(csv('waves12.csv', ['2025-H1', '2025-H2']));
    third = await load(csv('2026-H1.csv', ['2026-H1'], (c) => c !== 'wave'));
  });

  it('appends the third wave as a file of its own to exactly the survey that had it', () => {
    const { survey, added, notes } = appendWave(first, third, null);
    expect(added).toEqual(['2026-H1']);
    expect(notes).toEqual([]);
    expect(survey.n).toBe(full.n);
    expect(survey.waveLabels).toEqual(full.waveLabels);
    const beta = measure(full).beta;
    for (const wave of full.waveLabels) {
      const a = measure(survey, { wave, beta }),
        b = measure(full, { wave, beta });
      expect(a.rows.map((r) => r.shareOfValue), wave).toEqual(b.rows.map((r) => r.shareOfValue));
    }
    // The pooled calibration sees the same respondents too.
    expect(measure(survey).beta).toBe(beta);
  });

  it('uses a file that lacks a firm and a need for what it shares, naming both', async () => {
    const partial = await load(csv('partial.csv', ['2026-H1'], (c) => c !== 'wave' && !c.includes('Everfield') && !c.endsWith(':sustainability')));
    const { survey, notes } = appendWave(first, partial, 'Spring 2026');
    expect(survey.waveLabels).toEqual(['2025-H1', '2025-H2', 'Spring 2026']);
    expect(notes).toEqual([
      { code: 'missing-firm', params: { firm: 'Everfield' } },
      { code: 'missing-need', params: { need: 'sustainability' } },
    ]);
    const m = measure(survey, { wave: 'Spring 2026', beta: 8 });
    // Everfield is absent from the new wave (blank, not zero); the other firms still share all the value.
    for (const seg of m.segments) {
      const rows = m.rows.filter((r) => r.segment === seg.label);
      expect(rows.find((r) => r.firm === 'Everfield')!.shareOfValue).toBe(0);
      expect(Math.abs(rows.reduce((s, r) => s + r.shareOfValue, 0) - 1)).toBeLessThan(1e-9);
    }
    // The earlier waves are untouched.
    expect(measure(survey, { wave: '2025-H1', beta: 8 }).rows).toEqual(measure(first, { wave: '2025-H1', beta: 8 }).rows);
  });

  it('refuses a wave already in the survey and a file that shares no firm', async () => {
    expect(() => appendWave(first, third, '2025-H2')).toThrow(/wave "2025-H2" is already in the survey \(its waves: 2025-H1, 2025-H2\); give the new wave another name/);
    const noFirm = { ...third, firms: ['X', 'Y', 'Z', 'V', 'W'] };
    expect(() => appendWave(first, noFirm, 'x')).toThrow(/shares no firm with the survey/);
    expect(waveLabelOf('C:\\data\\wave 3.csv')).toBe('wave 3');
  });
});
