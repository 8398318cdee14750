import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });

describe('icrm measure', () => {
  it('writes segments.csv with the contract header and summary.json for the sample', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-'));
    const r = icrm('measure', 'data/survey.csv', '--out', out);
    expect(r.status).toBe(0);
    const lines = readFileSync(join(out, 'segments.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('segment,firm,size,familiarity_rate,mean_value,relative_value,share_of_value,share_of_wallet,market_value,opportunity');
    expect(lines).toHaveLength(1 + 25);
    expect(lines.join('\n')).not.toMatch(/NaN|null|undefined/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.firms).toEqual(['Apex', 'Boreal', 'Cobalt', 'Dynamo', 'Everfield']);
    expect(summary.segments).toHaveLength(5);
    expect(summary.needs).toHaveLength(8);
    expect(summary.respondents).toBe(4800);
    expect(summary.beta).toBeGreaterThan(7);
    expect(Object.keys(summary.beta_fit)).toEqual(expect.arrayContaining(['r2', 'mae']));
  });

  it('honours a fixed --beta with beta_fit null, and a --mapping file', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-'));
    const r = icrm('measure', 'test/fixtures/hand.csv', '--out', out, '--beta', '3', '--mapping', 'test/fixtures/hand.mapping.json');
    expect(r.stderr).toMatch(/^Warning: hand.csv: 1 respondent of segment S2 considers no firm/);
    expect(r.status).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.beta).toBe(3);
    expect(summary.beta_fit).toBeNull();
    const csv = readFileSync(join(out, 'segments.csv'), 'utf8').trim().split('\n');
    // With sow:A ignored, A is never named: its share of wallet is 0 (not blank), B takes it all.
    const cells = (seg: string, firm: string) => csv.find((l) => l.startsWith(`${seg},${firm},`))!.split(',');
    expect(cells('S1', 'A')[7]).toBe('0');
    expect(cells('S1', 'B')[7]).toBe('1');
    expect(cells('S1', 'A')[6]).toBe(String((Math.E / (Math.E + 1) + 2) / 3));
  });

  it('exits 2 naming file, row and column on a broken survey', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-'));
    const r = icrm('measure', 'test/fixtures/broken-row.csv', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('broken-row.csv, row 5, column "perf:A:quality"');
    expect(r.stderr).toContain('Fix:');
  });

  it('exits 2 with a clear message for a missing file, a bad beta and a bad mapping', () => {
    expect(icrm('measure', 'nope.csv', '--out', '/tmp/x').stderr).toContain('does not exist');
    const bad = icrm('measure', 'data/survey.csv', '--out', '/tmp/x', '--beta', 'abc');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('between 0 and 50');
    const m = icrm('measure', 'data/survey.csv', '--out', '/tmp/x', '--mapping', 'test/fixtures/broken-row.csv');
    expect(m.status).toBe(2);
    expect(m.stderr).toContain('not valid JSON');
  });

  it('says a flat beta fit is not calibrated, on stdout and in the warning (issue 12 item 11)', () => {
    const r = icrm('measure', 'test/fixtures/hostile/flat-beta.csv', '--out', mkdtempSync(join(tmpdir(), 'icrm-flat-')));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/; beta 0\.0000 from a flat fit, not calibrated \(R\^2 0\.000, MAE 0\.275\)\n/);
    expect(r.stderr).toMatch(/^Warning: flat-beta\.csv: beta is not calibrated by the data, the fit is flat \(the best beta is 0, the lower end of the range/m);
    // The sample's fit is sound: no such words.
    const sample = icrm('measure', 'data/survey.csv', '--out', mkdtempSync(join(tmpdir(), 'icrm-')));
    expect(sample.stdout).toMatch(/beta \d+\.\d{4} calibrated \(R\^2/);
    expect(sample.stderr).not.toMatch(/flat/);
  }, 60_000);

  it('--names renames firms and segments as the app does: the same numbers under the new labels', () => {
    const base = mkdtempSync(join(tmpdir(), 'icrm-'));
    const named = mkdtempSync(join(tmpdir(), 'icrm-'));
    expect(icrm('measure', 'data/survey.csv', '--out', base, '--beta', '8').status).toBe(0);
    const r = icrm('measure', 'data/survey.csv', '--out', named, '--beta', '8', '--names', 'test/fixtures/names/names.csv');
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const rename = (l: string) => l.replace(/^S3,/, 'Key accounts 大客户,').replace(/,Boreal,/, ',Boreal North,');
    expect(readFileSync(join(named, 'segments.csv'), 'utf8')).toBe(readFileSync(join(base, 'segments.csv'), 'utf8').split('\n').map(rename).join('\n'));
    expect(JSON.parse(readFileSync(join(named, 'summary.json'), 'utf8')).firms).toEqual(['Apex', 'Boreal North', 'Cobalt', 'Dynamo', 'Everfield']);
  });

  it('--names refuses a name another segment has, naming the file, line and column', () => {
    const r = icrm('measure', 'data/survey.csv', '--out', mkdtempSync(join(tmpdir(), 'icrm-')), '--names', 'test/fixtures/names/taken.csv');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^icrm: test\/fixtures\/names\/taken.csv: line 2, column to: another segment is already called "S1": choose a name no other segment has\n$/m);
  });
});
