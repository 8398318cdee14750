import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });

describe('icrm map', () => {
  it('writes the joint map of the sample with points and every fit figure', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'icrm-')), 'map.json');
    const r = icrm('map', 'data/survey.csv', '--out', out, '--bootstrap', '20');
    expect(r.status).toBe(0);
    const map = JSON.parse(readFileSync(out, 'utf8'));
    expect(map.points).toHaveLength(10);
    expect(map.points.filter((p: { kind: string }) => p.kind === 'firm').map((p: { label: string }) => p.label)).toEqual(['Apex', 'Boreal', 'Cobalt', 'Dynamo', 'Everfield']);
    for (const key of ['stress1', 'firm_segment_stress1', 'rank_fidelity', 'row_fidelity', 'column_fidelity', 'leaders_nearest', 'random_stress1', 'normalised_stress']) expect(typeof map[key]).toBe('number');
    expect(map.method).toBe('joint');
    expect(map.leaders_nearest).toBe(5);
    expect(map.row_fidelity).toBe(map.rank_fidelity);
    expect(map.misplaced).toEqual([]);
    expect(map.degeneracy.signs).toEqual([]);
    expect(r.stdout).toMatch(/^method=joint leaders_nearest=5\/5 row_fidelity=0\.\d+ column_fidelity=0\.\d+ stress1=0\.\d+ firm_segment_stress1=0\.\d+/);
  });

  it('--method interval draws the plain fit and names each segment it misplaces on stderr', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'icrm-')), 'map.json');
    const r = icrm('map', 'data/survey.csv', '--out', out, '--bootstrap', '0', '--method', 'interval');
    expect(r.status).toBe(0);
    const map = JSON.parse(readFileSync(out, 'utf8'));
    expect(map.method).toBe('interval');
    expect(map.leaders_nearest).toBe(3);
    expect(map.misplaced.map((m: { segment: string }) => m.segment)).toEqual(['S3', 'S4']);
    for (const m of map.misplaced) expect(r.stderr).toContain(`segment ${m.segment}'s strongest firm is ${m.strongest}`);
    expect(icrm('map', 'data/survey.csv', '--out', out, '--method', 'best').stderr).toMatch(/map method "best" is not known; use one of joint, replace/);
  });

  it('draws the leader-gap alternative on request, naming it in the output', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'icrm-')), 'map.json');
    const r = icrm('map', 'data/survey.csv', '--out', out, '--bootstrap', '0', '--distance', 'leader-gap');
    expect(r.status).toBe(0);
    const map = JSON.parse(readFileSync(out, 'utf8'));
    expect(map.distance).toBe('leaderGap');
    expect(map.method).toBe('leader-gap');
    expect(map.misplaced).toEqual([]);
    expect(icrm('map', 'data/survey.csv', '--out', out, '--distance', 'nearest').stderr).toContain('--distance nearest');
  });

  it('exits 2 with a clear message on a bad option and on a survey that cannot be mapped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-'));
    const r = icrm('map', 'test/fixtures/hand.csv', '--out', join(dir, 'm.json'), '--type', 'wrong');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--type wrong');
    const one = icrm('map', 'test/fixtures/field-count.csv', '--out', join(dir, 'm.json'));
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/row 3/);
  });
});
