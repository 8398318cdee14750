import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });
const csv = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('icrm pyramid', () => {
  it('writes tiers.csv and whatif.csv for a hand-computed database of 100 customers', () => {
    // VIP: 1 customer (revenue 10000, margin 3000); large: 4 (5000, 1000 each); medium: 15 (1000, 300);
    // small: 80 (100, 20). Totals 53000 revenue, 13100 margin; cost 10000 gives profit 3100.
    const dir = mkdtempSync(join(tmpdir(), 'icrm-pyramid-'));
    const lines = ['id,sales,gm,contacts'];
    const add = (n: number, revenue: number, margin: number) => {
      for (let i = 0; i < n; i++) lines.push(`K${String(lines.length).padStart(3, '0')},${revenue},${margin},1`);
    };
    add(1, 10000, 3000);
    add(4, 5000, 1000);
    add(15, 1000, 300);
    add(80, 100, 20);
    writeFileSync(join(dir, 'db.csv'), lines.join('\n') + '\n');
    const out = join(dir, 'out');
    const r = icrm('pyramid', join(dir, 'db.csv'), '--revenue', 'sales', '--margin', 'gm', '--cost', '10000', '--move', 'small>medium=2%,large>lost=1%', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(csv(join(out, 'tiers.csv'))).toEqual([
      ['tier', 'customers', 'revenue', 'margin'],
      ['vip', '1', '10000', '3000'],
      ['large', '4', '20000', '4000'],
      ['medium', '15', '15000', '4500'],
      ['small', '80', '8000', '1600'],
    ]);
    // 2 small customers become medium (+900 revenue, +280 margin each); 1 large is lost (-5000, -1000).
    expect(csv(join(out, 'whatif.csv'))).toEqual([
      ['measure', 'base', 'scenario', 'change', 'change_percent'],
      ['revenue', '53000', '49800', '-3200', String((100 * -3200) / 53000)],
      ['margin', '13100', '12660', '-440', String((100 * -440) / 13100)],
      ['profit', '3100', '2660', '-440', String((100 * -440) / 3100)],
    ]);
    expect(r.stdout).toMatch(/^100 customers; tiers vip 1, large 4, medium 15, small 80\n/);
  }, 60_000);

  it('on the sample database, matches the tiers counted in plain TypeScript and the what-if arithmetic', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-pyramid-sample-'));
    const r = icrm('pyramid', 'data/customers.csv', '--move', 'small>medium=2%,large>lost=1%', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Reference: rank by revenue (ties by id), 1% / 4% / 15% / 80% of 50,000.
    const [head, ...body] = readFileSync('data/customers.csv', 'utf8').trim().split('\n');
    const cols = head.split(',');
    const [ci, ri, mi] = ['customer_id', 'revenue_12m', 'margin_12m'].map((c) => cols.indexOf(c));
    const db = body.map((l) => l.split(',')).map((f) => ({ id: f[ci], revenue: Number(f[ri]), margin: Number(f[mi]) }));
    db.sort((a, b) => b.revenue - a.revenue || (a.id < b.id ? -1 : 1));
    const sizes = [500, 2000, 7500, 40000];
    const tiers = csv(join(out, 'tiers.csv')).slice(1);
    let at = 0;
    const means: { revenue: number; margin: number }[] = [];
    sizes.forEach((n, j) => {
      const part = db.slice(at, at + n);
      at += n;
      const revenue = part.reduce((s, c) => s + c.revenue, 0);
      const margin = part.reduce((s, c) => s + c.margin, 0);
      expect(tiers[j][1]).toBe(String(n));
      expect(Math.abs(Number(tiers[j][2]) - revenue) / revenue).toBeLessThan(1e-12);
      expect(Math.abs(Number(tiers[j][3]) - margin) / margin).toBeLessThan(1e-12);
      means.push({ revenue: Number(tiers[j][2]) / n, margin: Number(tiers[j][3]) / n });
    });
    // 2% and 1% of 50,000: 1,000 small customers grow to medium, 500 large are lost.
    const w = Object.fromEntries(csv(join(out, 'whatif.csv')).slice(1).map((x) => [x[0], x.slice(1).map(Number)]));
    const dRevenue = 1000 * (means[2].revenue - means[3].revenue) - 500 * means[1].revenue;
    const dMargin = 1000 * (means[2].margin - means[3].margin) - 500 * means[1].margin;
    expect(Math.abs(w.revenue[2] - dRevenue) / Math.abs(dRevenue)).toBeLessThan(1e-9);
    expect(Math.abs(w.margin[2] - dMargin) / Math.abs(dMargin)).toBeLessThan(1e-9);
    expect(w.profit).toEqual(w.margin); // no cost entered
    expect(Math.abs(w.revenue[3] - (100 * w.revenue[2]) / w.revenue[0])).toBeLessThan(1e-12);
  }, 60_000);

  it('names the option and the fix on bad input', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-pyramid-bad-'));
    const parquet = join(out, 'customers.parquet');
    writeFileSync(parquet, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')]));
    const bad = [
      [['pyramid', 'data/customers.csv'], /no output folder. Fix: add --out/],
      [['pyramid', 'data/customers.csv', '--out', out, '--cost=-5'], /--cost -5: must be an amount of 0 or more/],
      [['pyramid', 'data/customers.csv', '--out', out, '--move', 'tiny>vip=1%'], /--move "tiny>vip=1%": tiny is not a tier/],
      [['pyramid', 'data/customers.csv', '--out', out, '--move', 'vip>large=5%'], /more customers from vip than its 500/],
      [['pyramid', 'data/customers.csv', '--out', out, '--revenue', 'sales'], /--revenue sales: not a column of data\/customers.csv/],
      [['pyramid', 'nowhere.csv', '--out', out], /nowhere.csv: the file does not exist/],
      // Not a CSV: refused by what it is, with the survey import's words (the app's db worker says the same).
      [['pyramid', 'test/fixtures/hostile/workbook.csv', '--out', out], /workbook.csv: this is an Excel workbook \(.xlsx\), not a CSV file. Fix: open it in Excel/],
      [['pyramid', parquet, '--out', out], /customers.parquet: this is a Parquet file; the command line reads the customer database as CSV. Fix: export it as CSV/],
    ] as const;
    for (const [args, message] of bad) {
      const r = icrm(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  }, 120_000);

  it('reports repeated ids, NaN, infinity and text in the revenue as the app does, and leaves them out (issue 12 items 12 and 13)', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-pyramid-hostile-'));
    // 7 rows, K7 and 000123 repeated: 5 customers, revenue 100 + 200 + 300 + 400 + 500.
    let r = icrm('pyramid', 'test/fixtures/database/customers-duplicate-ids.csv', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^Warning: test\/fixtures\/database\/customers-duplicate-ids\.csv, row 6, column "customer_id": 2 customer id\(s\) appear on more than one row: the first row of each id is kept.*Fix: give every customer its own id/,
    );
    expect(r.stdout).toMatch(/^5 customers;/);
    const sum = (col: number) => csv(join(out, 'tiers.csv')).slice(1).reduce((a, row) => a + Number(row[col]), 0);
    expect(sum(1)).toBe(5);
    expect(sum(2)).toBe(1500);
    // NaN and inf revenue on rows 3 and 4, -Infinity margin on row 5: blanks, so 3 customers ranked.
    r = icrm('pyramid', 'test/fixtures/database/customers-nan-revenue.csv', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf(':', 10)))).toEqual([
      'Warning: test/fixtures/database/customers-nan-revenue.csv, row 3, column "revenue_12m"',
      'Warning: test/fixtures/database/customers-nan-revenue.csv, row 5, column "margin_12m"',
    ]);
    expect(r.stdout).toMatch(/\(3 without a revenue\)/);
    expect(sum(2)).toBe(1900);
    // Text in the revenue: read as numbers, n/a, #DIV/0! and 1e999 as blanks.
    r = icrm('pyramid', 'test/fixtures/database/customers-text-revenue.csv', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/row 3, column "revenue_12m": 3 of 5 values of revenue_12m are not a number \(rows 3, 4, 6: "n\/a", "#DIV\/0!", "1e999"\)/);
    expect(sum(2)).toBe(1400);
  }, 120_000);
});
