import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });
const DRIVERS_HEADER = 'segment,firm,need,target,respondents,r2,raw_weight,share,share_low,share_high,stated_importance,stated_rank,derived_rank,flag';
const IPA_HEADER = 'segment,firm,competitor,need,share,gap,quadrant';
const rows = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

describe('icrm drivers', () => {
  it('writes drivers.csv and ipa.csv with the contract headers for the sample; a fitted model\'s shares sum to 100 and the planted drivers lead', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-drivers-'));
    // 20 replicates keep the test light; the default of 200 only changes the intervals.
    const r = icrm('drivers', 'data/survey.csv', '--out', out, '--bootstrap', '20');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^36 of 36 models fitted \(target overall, relative weights, 20 bootstrap replicates, at least 40 complete respondents each\)/);
    const lines = rows(join(out, 'drivers.csv'));
    expect(lines[0]).toBe(DRIVERS_HEADER);
    // (market + 5 segments) x (5 firms + pooled) x 8 needs.
    expect(lines).toHaveLength(1 + 6 * 6 * 8);
    expect(lines.join('\n')).not.toMatch(/NaN|null|undefined/);
    const cells = lines.slice(1).map((l) => l.split(','));
    const byModel = new Map<string, string[][]>();
    for (const c of cells) byModel.set(`${c[0]}/${c[1]}`, [...(byModel.get(`${c[0]}/${c[1]}`) ?? []), c]);
    for (const [key, model] of byModel) {
      const sum = model.reduce((a, c) => a + Number(c[7]), 0);
      expect(Math.abs(sum - 100), key).toBeLessThan(1e-9);
      for (const c of model) expect(Number(c[8])).toBeLessThanOrEqual(Number(c[9]));
    }
    // The sample's overall rating is built from importance-weighted performance (data/generate.ts IMP_MEAN,
    // data/README.md "The market"): S1 is price-driven, S4 delivery-driven, S5 sustainability-driven.
    const top = (segment: string) => byModel.get(`${segment}/*`)!.find((c) => c[12] === '1')![2];
    expect([top('S1'), top('S4'), top('S5')]).toEqual(['price', 'delivery', 'sustainability']);
    expect(cells.find((c) => c[0] === 'S1' && c[1] === 'Apex')![3]).toBe('overall:Apex');
    const ipa = rows(join(out, 'ipa.csv'));
    expect(ipa[0]).toBe(IPA_HEADER);
    expect(ipa).toHaveLength(1 + 6 * 5 * 8);
    for (const l of ipa.slice(1)) expect(['fix-first', 'keep', 'dont-overspend', 'watch']).toContain(l.split(',')[6]);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.target).toBe('overall');
    expect(summary.not_fitted).toEqual([]);
  });

  it('falls back to share of wallet without overall ratings and lists the models not fitted with the reason', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-drivers-'));
    const r = icrm('drivers', 'test/fixtures/hand.csv', '--out', out, '--mapping', 'test/fixtures/hand.mapping.json', '--bootstrap', '0');
    expect(r.status).toBe(0);
    const lines = rows(join(out, 'drivers.csv'));
    expect(lines[0]).toBe(DRIVERS_HEADER);
    expect(lines[1]).toBe('*,A,q,sow:A,2,,,,,,0.75,1,,');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.target).toBe('sow');
    expect(summary.fitted).toBe(0);
    expect(summary.not_fitted[0]).toEqual({
      segment: '*',
      firm: 'A',
      target: 'sow:A',
      respondents: 2,
      code: 'too-few',
      reason: '2 complete respondents (rated A on every need and gave sow:A); a model needs at least 30 (max(30, 5 x 2 needs))',
    });
    expect(rows(join(out, 'ipa.csv'))[0]).toBe(IPA_HEADER);
  });

  it('exits 2 naming the option and its value on a bad option', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-drivers-'));
    const method = icrm('drivers', 'data/survey.csv', '--out', out, '--method', 'pca');
    expect(method.status).toBe(2);
    expect(method.stderr).toBe('icrm drivers: --method pca: use rw (relative weights) or shapley\n');
    const boot = icrm('drivers', 'data/survey.csv', '--out', out, '--bootstrap', '2.5');
    expect(boot.status).toBe(2);
    expect(boot.stderr).toContain('--bootstrap 2.5: must be a whole number of 0 or more');
    const target = icrm('drivers', 'test/fixtures/hand.csv', '--out', out, '--target', 'overall', '--bootstrap', '0');
    expect(target.status).toBe(2);
    expect(target.stderr).toContain('hand.csv: the survey has no overall rating (overall:<firm> columns): use the share of wallet (target sow)');
    expect(icrm('drivers', 'data/survey.csv').stderr).toContain('no output folder. Fix: add --out <dir>');
  });
});
