import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { SEGMENTS_HEADER } from '../../../src/core/measure/segmentsCsv.ts';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });

describe('icrm whatif', () => {
  it('writes the scenario segments.csv, compare.csv and an aligned map.json with the contract headers', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-'));
    const r = icrm('whatif', 'data/survey.csv', '--firm', 'Apex', '--change', 'quality=+1,delivery=+1', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'segments.csv'), 'utf8').split('\n')[0]).toBe(SEGMENTS_HEADER);
    const compare = readFileSync(join(out, 'compare.csv'), 'utf8').trim().split('\n');
    expect(compare[0]).toBe('segment,firm,share_of_value_base,share_of_value_scenario,delta,value_change');
    expect(compare).toHaveLength(1 + 25);
    for (const line of compare.slice(1)) {
      const [, firm, base, scenario, delta, value] = line.split(',');
      expect(Number(scenario) - Number(base)).toBeCloseTo(Number(delta), 15);
      if (firm === 'Apex') expect(Number(delta)).toBeGreaterThan(0);
      else expect(Number(delta)).toBeLessThanOrEqual(0);
      expect(Number.isFinite(Number(value))).toBe(true);
    }
    const map = JSON.parse(readFileSync(join(out, 'map.json'), 'utf8'));
    expect(map.leaders_nearest).toBe(5);
    expect(map.beta).toBeGreaterThan(7);
    expect(r.stdout).toMatch(/^Apex: share of value S1 \d+\.\d% -> \d+\.\d%/);
  });

  it('exits 2 naming the problem: a change it cannot read, an unknown firm or need, no --firm', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-'));
    expect(icrm('whatif', 'data/survey.csv', '--firm', 'Apex', '--change', 'quality+1', '--out', out).stderr).toContain('"quality+1" is not need=points');
    const zed = icrm('whatif', 'data/survey.csv', '--firm', 'Zed', '--change', 'quality=1', '--out', out);
    expect(zed.status).toBe(2);
    expect(zed.stderr).toContain('firm "Zed" is not in the survey');
    expect(icrm('whatif', 'data/survey.csv', '--firm', 'Apex', '--change', 'taste=1', '--out', out).stderr).toContain('need "taste" is not in the survey');
    expect(icrm('whatif', 'data/survey.csv', '--change', 'quality=1', '--out', out).stderr).toContain('whatif needs --firm');
  });
});
