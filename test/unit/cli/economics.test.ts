import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';

const icrm = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/icrm.ts', ...args], { encoding: 'utf8' });
const HEADER = 'segment,customers,margin_per_customer,retention,retention_source,active_year_ago,clv,lifetime_value,stake,key_account,key_account_revenue,key_account_margin,key_account_clv';
const table = (path: string) => {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head.split(',');
  return { head, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [names[j], v]))) };
};

describe('icrm economics', () => {
  it('writes economics.csv for the sample with retention from the dates, and every figure follows METHOD from the row itself', () => {
    const out = mkdtempSync(join(tmpdir(), 'icrm-econ-'));
    const r = icrm('economics', 'data/survey.csv', '--customers', 'data/customers.csv', '--out', out, '--retention', 'S3=0.9');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^50000 customers scored into 5 segments on industry, size_band, region; retention from first_purchase and last_purchase as of 2025-12-31/);
    const { head, rows } = table(join(out, 'economics.csv'));
    expect(head).toBe(HEADER);
    expect(rows.map((x) => x.segment)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(Math.abs(rows.reduce((a, x) => a + Number(x.customers), 0) - 50_000)).toBeLessThan(1e-6);
    for (const x of rows) {
      const [n, m, rr] = [Number(x.customers), Number(x.margin_per_customer), Number(x.retention)];
      expect(x.retention_source, x.segment).toBe(x.segment === 'S3' ? 'user' : 'dates');
      const factor = rr / (1.1 - rr);
      expect(Math.abs(Number(x.clv) - m * factor) / (m * factor)).toBeLessThan(1e-12);
      expect(Math.abs(Number(x.lifetime_value) - n * m * factor) / (n * m * factor)).toBeLessThan(1e-12);
      const up = Math.min(1, rr + 0.05);
      expect(Math.abs(Number(x.stake) - n * m * (up / (1.1 - up) - factor)) / Number(x.stake)).toBeLessThan(1e-12);
      expect(Math.abs(Number(x.key_account_clv) - Number(x.key_account_margin) * factor) / Number(x.key_account_clv)).toBeLessThan(1e-12);
      expect(x.key_account).toMatch(/^C\d{6}$/);
    }
    expect(Number(rows[2].retention)).toBe(0.9);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ as_of: '2025-12-31', discount: 0.1, churn_drop: 0.05 });
    expect(summary.findings.map((f: { code: string }) => f.code)).toEqual(['largest-stake', 'key-account']);
  }, 60_000);

  it('reads a GB18030 export with Chinese headers and values against the Chinese survey', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-econ-zh-'));
    const zh: Record<string, string> = { Manufacturing: '制造业', Chemicals: '化工', 'Food & Beverage': '食品饮料', Construction: '建筑', Logistics: '物流', North: '北部', South: '南部', East: '东部', West: '西部' };
    const lines = readFileSync('data/customers.csv', 'utf8').trim().split('\n').slice(0, 3001);
    const body = lines.slice(1).map((l) => l.split(',').map((v) => zh[v] ?? v).slice(0, 8).join(','));
    const text = ['客户编号,行业,规模,地区,收入,利润,首次购买,最近购买', ...body].join('\n') + '\n';
    writeFileSync(join(dir, 'customers.csv'), iconv.encode(text, 'gb18030'));
    const r = icrm('economics', 'data/survey_zh_gb18030.csv', '--customers', join(dir, 'customers.csv'), '--out', join(dir, 'out'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^3000 customers scored into 5 segments on 行业, 规模, 地区; retention from 首次购买 and 最近购买 as of \d{4}-\d{2}-\d{2}/);
    const { rows } = table(join(dir, 'out', 'economics.csv'));
    expect(rows.map((x) => x.segment)).toEqual(['细分1', '细分2', '细分3', '细分4', '细分5']);
    expect(rows.every((x) => x.retention_source === 'dates' || x.retention_source === 'default')).toBe(true);
  }, 60_000);

  it('names the file, the column or the option and the fix on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-econ-bad-'));
    const noMargin = readFileSync('data/customers.csv', 'utf8').trim().split('\n').slice(0, 50).map((l) => l.split(',').filter((_, j) => j !== 5).join(',')).join('\n') + '\n';
    writeFileSync(join(dir, 'c.csv'), noMargin);
    let r = icrm('economics', 'data/survey.csv', '--customers', join(dir, 'c.csv'), '--out', join(dir, 'o'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/c\.csv: no margin column .* Fix: add the annual margin per customer/);
    r = icrm('economics', 'data/survey.csv', '--customers', 'data/customers.csv', '--out', join(dir, 'o'), '--retention', 'S9=0.5');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--retention names S9, not a segment of data\/survey\.csv \(S1, S2, S3, S4, S5\)/);
    r = icrm('economics', 'data/survey.csv', '--customers', 'data/customers.csv', '--out', join(dir, 'o'), '--discount', '10');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--discount 10: must be a number from 0 to 1 \(a rate, so 0.8 rather than 80\)/);
    r = icrm('economics', 'data/survey.csv', '--out', join(dir, 'o'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no customer database\. Fix: add --customers/);
  }, 60_000);
});
