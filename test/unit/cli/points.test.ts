// icrm points: the Customers view's points scheme on the command line, checked by hand on ten customers.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });

describe('icrm points', () => {
  it('writes each score, the blanks and unscored values per column, and the tiers by score', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-points-'));
    const r = icrm('points', 'test/fixtures/points/customers.csv', '--scheme', 'test/fixtures/points/scheme.json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('10 customers scored with "Account attractiveness" (2 columns); 3 blank and 4 unscored cells scored 0');
    // industry x 2 + ownership x 0.5; blanks (K05's industry, K03's and K06's ownership) and unlisted values score 0.
    expect(readFileSync(join(out, 'points.csv'), 'utf8')).toBe(
      ['customer_id,points', 'K01,12', 'K02,7', 'K03,10', 'K04,2', 'K05,0', 'K06,6', 'K07,12', 'K08,1', 'K09,8', 'K10,1', ''].join('\n'),
    );
    // The formula in K10's industry is an unscored value: listed after Mining (2 customers), inside the cell, where it cannot run.
    expect(readFileSync(join(out, 'columns.csv'), 'utf8')).toBe(
      ['column,coefficient,blank,unscored,unscored_values', `industry,2,1,3,"Mining; =HYPERLINK(""x"")"`, 'ownership,0.5,2,1,Family', ''].join('\n'),
    );
    expect(readFileSync(join(out, 'tiers.csv'), 'utf8')).toBe(
      ['tier,customers,revenue,min_points,mean_points,max_points', 'large,1,100,12,12,12', 'medium,1,40,12,12,12', `small,8,410,0,${(10 + 8 + 7 + 6 + 2 + 1 + 1 + 0) / 8},10`, ''].join('\n'),
    );
  });

  it('refuses a scheme on a column the file lacks, naming it, and a file that is not a scheme', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-points-'));
    const r = icrm('points', 'data/customers.csv', '--scheme', 'test/fixtures/points/scheme.json', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('test/fixtures/points/scheme.json: categories[1].column "ownership" is not a column of the customer database');
    const s = icrm('points', 'test/fixtures/points/customers.csv', '--scheme', 'test/fixtures/points/customers.csv', '--out', out);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/customers\.csv: not valid JSON .* Fix: choose the scheme file exported from the app/);
  });
});
