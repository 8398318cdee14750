// The customer database's import checks (src/core/database/customerChecks.ts, issue 12 items 12
// and 13) through the command line's loader, which the db worker mirrors: ids read as text,
// duplicate ids reported and kept once, NaN, infinity and text in revenue and margin reported and
// left out of sums and tiers.
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLoadedCustomers, loadCustomers } from '../../../src/cli/customerDatabase.ts';
import { databaseSegmentsFromRows, zoomOutSql } from '../../../src/core/database/zoomOut.ts';
import { tiersSql } from '../../../src/core/database/tiers.ts';
import { formatIssue } from '../../../src/core/issues.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

let conn: Connection;
beforeAll(async () => {
  conn = await openDuckDB();
}, 60_000);

const hostile = (f: string) => `test/fixtures/database/${f}`;

async function load(file: string, table = 'customers') {
  const loaded = await loadCustomers(conn, file, table);
  const issues = await checkLoadedCustomers(conn, loaded, { id: loaded.detected.id, revenue: loaded.detected.revenue, margin: loaded.detected.margin });
  return { loaded, issues };
}

/** Two segments, every customer half in each: the zoom-out's sums are half the table's. */
function zoom(table: string) {
  conn.query(`CREATE OR REPLACE TABLE scores AS SELECT customer_id, CAST(0.5 AS DOUBLE) AS p_a, CAST(0.5 AS DOUBLE) AS p_b FROM "${table}"`);
  const sql = zoomOutSql({ customers: table, scores: 'scores', segments: ['A', 'B'], probabilityColumns: ['p_a', 'p_b'], idColumn: 'customer_id', revenueColumn: 'revenue_12m', marginColumn: 'margin_12m' });
  return databaseSegmentsFromRows(rows(conn, sql), ['A', 'B']);
}

describe('checkCustomers: duplicate customer ids (customers-duplicate-ids.csv)', () => {
  it('reads ids as text (000123 and 123 are two customers), reports the repeats with their rows, and keeps the first row of each id', async () => {
    const { loaded, issues } = await load(hostile('customers-duplicate-ids.csv'));
    expect(loaded.columns.find((c) => c.name === 'customer_id')?.type).toBe('VARCHAR');
    expect(loaded.rows).toBe(5);
    expect(issues).toHaveLength(1);
    const [dup] = issues;
    expect(dup).toMatchObject({ severity: 'warning', code: 'db-duplicate-id', file: 'test/fixtures/database/customers-duplicate-ids.csv', row: 6, column: 'customer_id', value: 'K7' });
    expect(formatIssue(dup)).toMatch(/2 customer id\(s\) appear on more than one row: the first row of each id is kept, the 2 later row\(s\) are left out/);
    expect(dup.message).toContain('row 6 repeats "K7" of row 4, row 7 repeats "000123" of row 2');
    expect(dup.fix).toMatch(/own id.*one row per customer/);
    const kept = rows(conn, 'SELECT customer_id, revenue_12m FROM customers ORDER BY customer_id');
    expect(kept).toEqual([
      { customer_id: '000123', revenue_12m: 100 },
      { customer_id: '123', revenue_12m: 200 },
      { customer_id: 'K7', revenue_12m: 300 },
      { customer_id: 'K8', revenue_12m: 400 },
      { customer_id: 'K9', revenue_12m: 500 },
    ]);
  });

  it('counts 500 repeated ids in 5,500 rows as 5,000 customers with the revenue of their first rows (6,500 before, every repeat’s revenue counted four times)', async () => {
    // 5,000 customers, revenue 1..5,000; the 500 largest appear a second time at the end.
    const lines = ['customer_id,revenue_12m,margin_12m'];
    for (let i = 1; i <= 5000; i++) lines.push(`${String(i).padStart(6, '0')},${i},${i / 10}`);
    for (let i = 4501; i <= 5000; i++) lines.push(`${String(i).padStart(6, '0')},${i},${i / 10}`);
    const file = join(mkdtempSync(join(tmpdir(), 'icrm-dup-')), 'customers.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const loaded = await loadCustomers(conn, file, 'big');
    expect(loaded.rows).toBe(5500);
    const before = zoom('big');
    // Each repeated id matches its two score rows twice: 4,500 + 500 x 4 = 6,500.
    expect(before[0].customers + before[1].customers).toBe(6500);
    const issues = await checkLoadedCustomers(conn, loaded, { id: 'customer_id', revenue: 'revenue_12m', margin: 'margin_12m' });
    expect(issues.map((i) => [i.code, i.params?.ids, i.params?.rows, i.row])).toEqual([['db-duplicate-id', 500, 500, 5002]]);
    expect(loaded.rows).toBe(5000);
    const after = zoom('big');
    const revenue = (5000 * 5001) / 2;
    expect(after[0].customers + after[1].customers).toBe(5000);
    expect(after[0].revenue + after[1].revenue).toBe(revenue);
    // The revenue counted before: every repeat's two rows matched twice (4 x 2,375,250 instead of 2,375,250).
    expect(before[0].revenue + before[1].revenue).toBe(revenue + 3 * 2_375_250);
  }, 30_000);
});

describe('loadCustomers: ids are text (issue 12 item 1)', () => {
  it('keeps leading zeros and 20 digits in the customer id and the respondent link, without an id column named as such too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-ids-'));
    writeFileSync(join(dir, 'a.csv'), 'customer_id,respondent_id,revenue_12m\n000123,0042,10\n123,42,20\n12345678901234567890,12345678901234567891,30\n');
    const a = await load(join(dir, 'a.csv'), 'ids_a');
    expect(a.loaded.columns.map((c) => c.type)).toEqual(['VARCHAR', 'VARCHAR', 'BIGINT']);
    expect(rows(conn, 'SELECT customer_id, respondent_id FROM ids_a').map((r) => [r.customer_id, r.respondent_id])).toEqual([
      ['000123', '0042'],
      ['123', '42'],
      ['12345678901234567890', '12345678901234567891'],
    ]);
    expect(a.issues).toEqual([]);
    // No column named like an id: the first column, the one the analysis falls back to, is read as text.
    writeFileSync(join(dir, 'b.csv'), 'kundennummer,umsatz\n0007,10\n7,20\n');
    await load(join(dir, 'b.csv'), 'ids_b');
    expect(rows(conn, 'SELECT kundennummer FROM ids_b').map((r) => r.kundennummer)).toEqual(['0007', '7']);
  });
});

describe('checkCustomers: revenue and margin that are not finite numbers', () => {
  it('reports NaN and infinity per column with the count and the rows, and leaves them out of sums and tiers (customers-nan-revenue.csv)', async () => {
    const { loaded, issues } = await load(hostile('customers-nan-revenue.csv'));
    expect(loaded.rows).toBe(6);
    expect(issues.map((i) => [i.code, i.column, i.row, i.value, i.params?.count, i.params?.rows])).toEqual([
      ['db-not-finite', 'revenue_12m', 3, 'nan', 2, '3, 4'],
      ['db-not-finite', 'margin_12m', 5, '-inf', 1, '5'],
    ]);
    expect(issues[0].message).toBe('2 of 5 values of revenue_12m are NaN or infinity (rows 3, 4: "nan", "inf"): left out of sums and tiers, as customers without a value');
    expect(issues[0].fix).toMatch(/leave them blank/);
    expect(issues[1].message).toMatch(/^1 of 6 values of margin_12m are NaN or infinity \(row 5: "-inf"\)/);
    // One NaN revenue used to make every segment's revenue NaN, shown as 0.
    const segs = zoom('customers');
    expect(segs.map((s) => s.revenue)).toEqual([950, 950]);
    expect(segs.map((s) => s.margin)).toEqual([130, 130]);
    expect(segs.map((s) => s.noRevenue)).toEqual([1.5, 1.5]);
    // Three customers ranked: C1 is in the top 20% (100 x 1 <= 3 x 20 + 50), C5 and C4 in the rest.
    const tiers = rows(conn, `${tiersSql({ table: 'customers' })} ORDER BY customer_id`).map((r) => [r.customer_id, r.tier]);
    expect(tiers).toEqual([
      ['C1', 2],
      ['C2', null],
      ['C3', null],
      ['C4', 3],
      ['C5', 3],
      ['C6', null],
    ]);
  });

  it('reads a revenue column with text in it as numbers and reports the cells that are not (customers-text-revenue.csv)', async () => {
    const { loaded, issues } = await load(hostile('customers-text-revenue.csv'));
    expect(loaded.columns.find((c) => c.name === 'revenue_12m')?.type).toBe('DOUBLE');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'db-not-a-number', column: 'revenue_12m', row: 3, value: 'n/a', params: { count: 3, filled: 5, rows: '3, 4, 6' } });
    expect(issues[0].message).toBe('3 of 5 values of revenue_12m are not a number (rows 3, 4, 6: "n/a", "#DIV/0!", "1e999"): left out of sums and tiers, as customers without a value');
    expect(issues[0].fix).toMatch(/no currency signs, thousands separators or notes such as n\/a/);
    expect(rows(conn, 'SELECT revenue_12m FROM customers ORDER BY customer_id').map((r) => r.revenue_12m)).toEqual([1000, null, null, 400, null]);
    expect(zoom('customers').map((s) => s.revenue)).toEqual([700, 700]);
  });

  it('finds nothing in the sample database and leaves it as it is', async () => {
    const { loaded, issues } = await load('data/customers.csv');
    expect(issues).toEqual([]);
    expect(loaded.rows).toBe(50_000);
  }, 30_000);
});

describe('cleanColumnNames: customer headers cleaned as the survey import cleans them (issue 12 item 5)', () => {
  it('renames a BEL, a line break and a 1,000-character header, reports each, and still finds the id column as text', async () => {
    const long = 'x'.repeat(1000);
    const file = join(mkdtempSync(join(tmpdir(), 'icrm-headers-')), 'customers.csv');
    writeFileSync(file, `customer\u0007_id,"industry\n(2024)",${long},revenue_12m\n007,Retail,a,10\n7,Energy,b,20\n`);
    const { loaded, issues } = await load(file, 'headers');
    expect(loaded.columns.map((c) => [c.name.length > 30 ? `${c.name.slice(0, 3)}…(${[...c.name].length})` : c.name, c.type])).toEqual([
      ['customer_id', 'VARCHAR'],
      ['industry (2024)', 'VARCHAR'],
      ['xxx…(201)', 'VARCHAR'],
      ['revenue_12m', 'BIGINT'],
    ]);
    expect(loaded.detected.id).toBe('customer_id');
    expect(rows(conn, 'SELECT customer_id FROM headers ORDER BY customer_id').map((r) => r.customer_id)).toEqual(['007', '7']);
    expect(issues).toEqual([]);
    // The same issues as the survey import gives these headers.
    expect(loaded.renamed.map((i) => [i.code, i.row, i.column!.slice(0, 15), i.params])).toEqual([
      ['header-control-characters', 1, 'customer_id', { characters: 'U+0007' }],
      ['header-control-characters', 1, 'industry (2024)', { characters: 'U+000A' }],
      ['header-too-long', 1, 'xxxxxxxxxxxxxxx', { length: 1000, max: 200 }],
    ]);
  });
});

