// Qualitative fields scored (issue 14 item 2) on a hand-made table: the score by hand, the same in
// JavaScript and in DuckDB's SQL, blanks and unscored values counted, tiers by score, and the
// scheme file validated like any imported file.
import { beforeAll, describe, expect, it } from 'vitest';
import { openDuckDB, rows, type Connection } from './duckdb.ts';
import { quoteString } from '../../../src/core/database/sql.ts';
import {
  pointsScoreSql,
  pointsStatsSql,
  readScheme,
  schemeFile,
  scoreRows,
  scoreTiersFromRows,
  scoreTiersSql,
  pointsValuesSql,
  quantilesFromTierRows,
  statsFromRows,
  UNSCORED_LISTED,
  VALUES_LISTED,
  valuesFromRows,
  type PointsScheme,
} from '../../../src/core/database/pointsScheme.ts';

// Ten customers, two text columns and a revenue.
const table = [
  { id: 'K01', industry: 'Manufacturing', ownership: 'Private', revenue: 100 },
  { id: 'K02', industry: 'Retail', ownership: 'State', revenue: 90 },
  { id: 'K03', industry: ' Manufacturing ', ownership: null, revenue: 80 },
  { id: 'K04', industry: 'Mining', ownership: 'Private', revenue: 70 },
  { id: 'K05', industry: null, ownership: 'Family', revenue: 60 },
  { id: 'K06', industry: 'Retail', ownership: '', revenue: 50 },
  { id: 'K07', industry: '制造业', ownership: 'Private', revenue: 40 },
  { id: 'K08', industry: 'Mining', ownership: 'State', revenue: 30 },
  { id: 'K09', industry: 'Retail', ownership: 'Private', revenue: 20 },
  { id: 'K10', industry: "O'Brien \"Ltd\"", ownership: 'State', revenue: 10 },
];

const scheme: PointsScheme = {
  name: 'Account attractiveness',
  categories: [
    { column: 'industry', coefficient: 2, points: { Manufacturing: 5, Retail: 3, 制造业: 5, "O'Brien \"Ltd\"": 1 } },
    { column: 'ownership', coefficient: 0.5, points: { Private: 4, State: 2 } },
  ],
};

// By hand: industry points x 2 + ownership points x 0.5 (blank and unlisted values are 0).
const expected = [
  2 * 5 + 0.5 * 4, // K01 12
  2 * 3 + 0.5 * 2, // K02 7
  2 * 5 + 0, // K03 10 (spaces trimmed; ownership blank)
  0 + 0.5 * 4, // K04 2 (Mining unscored)
  0 + 0, // K05 0 (industry blank, Family unscored)
  2 * 3 + 0, // K06 6 (ownership '' is blank)
  2 * 5 + 0.5 * 4, // K07 12
  0 + 0.5 * 2, // K08 1
  2 * 3 + 0.5 * 4, // K09 8
  2 * 1 + 0.5 * 2, // K10 3
];

describe('points scheme: a customer score from qualitative fields', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openDuckDB();
    conn.query('CREATE TABLE customers (customer_id VARCHAR, industry VARCHAR, ownership VARCHAR, revenue_12m DOUBLE)');
    const lit = (v: string | null) => (v === null ? 'NULL' : quoteString(v));
    conn.query(`INSERT INTO customers VALUES ${table.map((c) => `(${lit(c.id)}, ${lit(c.industry)}, ${lit(c.ownership)}, ${c.revenue})`).join(', ')}`);
  });

  it('scores each customer as the sum of coefficient x points, in JavaScript and in SQL alike', () => {
    const js = scoreRows(table, scheme);
    expect([...js.scores]).toEqual(expected);
    const sql = rows(conn, `SELECT customer_id, ${pointsScoreSql(scheme, 'c.')} AS score FROM customers AS c ORDER BY customer_id`);
    expect(sql.map((r) => Number(r.score))).toEqual(expected);
  });

  it('counts blanks and unscored values per column, with the values', () => {
    const js = scoreRows(table, scheme).stats;
    expect(js).toEqual([
      { column: 'industry', blank: 1, unscored: 2, unscoredValues: [{ value: 'Mining', customers: 2 }] },
      { column: 'ownership', blank: 2, unscored: 1, unscoredValues: [{ value: 'Family', customers: 1 }] },
    ]);
    expect(statsFromRows(rows(conn, pointsStatsSql(scheme, 'customers')), scheme)).toEqual(js);
  });

  it('sends back few rows for a column of a thousand distinct values, the counts kept whole', () => {
    // 1,000 customers named N0000..N0999 (one each) plus 3 named 'Top' and 2 blank; points for 'Top' and 'N0500'.
    conn.query(`CREATE TABLE named AS SELECT 'N' || lpad(CAST(i AS VARCHAR), 4, '0') AS name FROM range(1000) t(i)
      UNION ALL SELECT 'Top' FROM range(3) UNION ALL SELECT NULL FROM range(2)`);
    const many: PointsScheme = { name: 'names', categories: [{ column: 'name', coefficient: 1, points: { Top: 2, N0500: 1 } }] };
    const stats = statsFromRows(rows(conn, pointsStatsSql(many, 'named')), many);
    expect(rows(conn, pointsStatsSql(many, 'named')).length).toBe(1 + UNSCORED_LISTED + 1);
    expect(stats[0].blank).toBe(2);
    expect(stats[0].unscored).toBe(999);
    expect(stats[0].unscoredValues.map((v) => v.value)).toEqual(Array.from({ length: UNSCORED_LISTED }, (_, i) => `N${String(i).padStart(4, '0')}`));
    const { values, distinctValues } = valuesFromRows(rows(conn, pointsValuesSql(many, 'named')), many);
    expect(distinctValues).toEqual([1001]);
    // The most frequent first ('Top'), then by value; N0500 is sent because it has points.
    expect(values[0]).toHaveLength(VALUES_LISTED + 1);
    expect(values[0][0]).toEqual({ value: 'Top', customers: 3 });
    expect(values[0].some((v) => v.value === 'N0500')).toBe(true);
  });

  it('cuts tiers by score (top 1% / 4% / 15% / 80%) with ties broken by id', () => {
    // Ranks by score: K01 12, K07 12 (the tie goes by id), K03 10, K09 8 ... With 10 customers the
    // revenue tiers' cut rule (rank r in tier j when 100 r <= n cut_j + 50) gives sizes 0, 1, 1, 8.
    const tiers = scoreTiersFromRows(rows(conn, scoreTiersSql(scheme, { table: 'customers', idColumn: 'customer_id', revenueColumn: 'revenue_12m' })));
    expect(tiers).toEqual([
      { tier: 1, customers: 1, revenue: 100, minScore: 12, meanScore: 12, maxScore: 12 },
      { tier: 2, customers: 1, revenue: 40, minScore: 12, meanScore: 12, maxScore: 12 },
      { tier: 3, customers: 8, revenue: 410, minScore: 0, meanScore: (10 + 8 + 7 + 6 + 3 + 2 + 1 + 0) / 8, maxScore: 10 },
    ]);
    // The same pass gives the score's quantiles over every customer, by linear interpolation on the
    // sorted scores 0 1 2 3 6 7 8 10 12 12: at (n - 1) q = 1.8, 3.6, 5.4 and 7.2.
    const q = quantilesFromTierRows(rows(conn, scoreTiersSql(scheme, { table: 'customers', idColumn: 'customer_id', revenueColumn: null, quantiles: true })));
    expect(q.customers).toBe(10);
    expect(q.quantiles.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0, 1.8, 4.8, 7.4, 10.4, 12]);
    // With them (the editor) the same tiers; without (icrm points, above) no quantile columns.
    expect(scoreTiersFromRows(rows(conn, scoreTiersSql(scheme, { table: 'customers', idColumn: 'customer_id', revenueColumn: 'revenue_12m', quantiles: true })))).toEqual(tiers);
    const plainRows = rows(conn, scoreTiersSql(scheme, { table: 'customers', idColumn: 'customer_id', revenueColumn: 'revenue_12m' }));
    expect(Object.keys(plainRows[0]).some((k) => /^q\d$/.test(k))).toBe(false);
    conn.query('CREATE TABLE nobody AS SELECT * FROM customers WHERE FALSE');
    expect(quantilesFromTierRows(rows(conn, scoreTiersSql(scheme, { table: 'nobody', idColumn: 'customer_id', revenueColumn: null, quantiles: true })))).toEqual({ customers: 0, quantiles: [NaN, NaN, NaN, NaN, NaN, NaN] });
  });

  it('reads back its own file; refuses a wrong, hostile or mismatched file saying where and what to do', () => {
    expect(readScheme(schemeFile(scheme), 'scheme.json')).toEqual(scheme);
    expect(() => readScheme('{', 's.json')).toThrow(/^s\.json: not valid JSON .* Fix: choose the scheme file exported from the app/);
    expect(() => readScheme('{"format":"icrm-project"}', 's.json')).toThrow('s.json: "format" must be "icrm-points-scheme"');
    const file = (o: object) => JSON.stringify({ format: 'icrm-points-scheme', version: 1, name: 'x', ...o });
    expect(() => readScheme(file({ version: 9, categories: [] }), 's.json')).toThrow(/made by a newer version of the app/);
    expect(() => readScheme(file({ categories: [{ column: 'industry', coefficient: 1e300, points: {} }] }), 's.json')).toThrow('s.json: categories[0].coefficient must be a number from -1000000000 to 1000000000');
    expect(() => readScheme(file({ categories: [{ column: 'industry', coefficient: 1, points: { a: 'five' } }] }), 's.json')).toThrow('s.json: categories[0].points["a"] must be a number');
    expect(() => readScheme(file({ categories: [{ column: 'segment', coefficient: 1, points: {} }] }), 's.json', ['industry', 'ownership'])).toThrow(
      's.json: categories[0].column "segment" is not a column of the customer database (industry, ownership)',
    );
    expect(() => readScheme(file({ categories: [{ column: 'a\u0007', coefficient: 1, points: {} }] }), 's.json')).toThrow('holds a control character');
    // __proto__ as a value name pollutes nothing and is not kept.
    const s = readScheme('{"format":"icrm-points-scheme","version":1,"name":"x","categories":[{"column":"industry","coefficient":1,"points":{"__proto__":{"polluted":1},"Retail":2}}]}', 's.json');
    expect(Object.keys(s.categories[0].points)).toEqual(['Retail']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => readScheme('x'.repeat(1_000_001), 's.json')).toThrow('too large for a points scheme');
  });
});
