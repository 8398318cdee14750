// Customer economics (src/core/database/economics.ts): METHOD's lifetime value worked by hand, the
// retention rule on a hand-made table at its date boundaries in DuckDB, and the sample database.
import { describe, it, expect, beforeAll } from 'vitest';
import {
  customerEconomics,
  economicsFromRows,
  economicsSql,
  economicsTemplates,
  keyAccountsSql,
  lifetimeFactor,
  renderEconomicsMessage,
  type EconomicsRow,
} from '../../../src/core/database/economics.ts';
import { adaptPriors, mapValues, trainClassifier } from '../../../src/core/database/classifier.ts';
import { combinationsFromRows, combinationsSql, profileValuesSql, scoringSql, valueEntries } from '../../../src/core/database/scoringSql.ts';
import { quoteString } from '../../../src/core/database/sql.ts';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { expectClose } from '../helpers.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

const row = (segment: string, customers: number, margin: number, active: number, retained: number, keyAccount: EconomicsRow['keyAccount'] = null): EconomicsRow => ({
  segment,
  customers,
  marginCustomers: customers,
  margin,
  active,
  retained,
  keyAccount,
});

describe('customerEconomics: METHOD worked by hand', () => {
  it('values a margin of 100 kept with r = 0.8 at i = 0.1 at 100 x 0.8 / 0.3 = 266.67', () => {
    expectClose(lifetimeFactor(0.8, 0.1), 0.8 / 0.3, 1e-15);
    const e = customerEconomics([row('A', 1, 100, NaN, NaN)], null);
    expectClose(e.segments[0].clv, 266.6666666666667, 1e-12);
    expect(e.segments[0].retentionSource).toBe('default');
    expect(e.messages.map((m) => m.code)).toContain('no-dates');
  });

  // A: 10 customers, margins 1,000 in all (100 each), 40 active a year ago of whom 30 bought again.
  // r = 0.75, factor 0.75 / 0.35 = 2.142857; CLV 214.2857; 10 customers: 2,142.857.
  // Churn 5 points lower: r = 0.8, factor 2.666667; stake 10 x 100 x (2.666667 - 2.142857) = 523.81.
  // Key account: margin 50, so 50 x 2.142857 = 107.14, 5% of the segment's lifetime value.
  const e = customerEconomics(
    [row('A', 10, 1000, 40, 30, { id: 'C9', revenue: 900, margin: 50 }), row('B', 20, 4000, 10, 10), row('C', 5, 500, 100, 100)],
    '2025-12-31',
    { retention: { C: 0.9 } },
  );
  const [a, b, c] = e.segments;

  it('measures retention from the dates where enough customers were active a year ago', () => {
    expect([a.retention, a.retentionSource]).toEqual([0.75, 'dates']);
    expectClose(a.clv, 100 * (0.75 / 0.35), 1e-12);
    expectClose(a.lifetimeValue, 2142.857142857143, 1e-9);
    expectClose(a.stake, 1000 * (0.8 / 0.3 - 0.75 / 0.35), 1e-9);
    expectClose(a.stake, 523.8095238095239, 1e-9);
  });

  it('values the key account with its own margin and the segment factor', () => {
    expect(a.keyAccount!.id).toBe('C9');
    expectClose(a.keyAccount!.clv, 50 * (0.75 / 0.35), 1e-12);
    expectClose(a.keyAccount!.shareOfSegment, 0.05, 1e-12);
  });

  it('falls back to the default rate below 30 active customers, and takes the user rate over the dates', () => {
    expect([b.retention, b.retentionSource, b.measuredRetention]).toEqual([0.8, 'default', NaN]);
    expect([c.retention, c.retentionSource, c.measuredRetention]).toEqual([0.9, 'user', 1]);
    // r = 0.9 + 0.05 = 0.95: factor 0.95 / 0.15 against 0.9 / 0.2.
    expectClose(c.stake, 500 * (0.95 / 0.15 - 0.9 / 0.2), 1e-9);
    expect(e.messages).toContainEqual({ code: 'retention-default', params: { segments: 'B', retention: 0.8 } });
  });

  it('caps the raised retention at 1 and sums the totals', () => {
    const full = customerEconomics([row('A', 2, 200, 50, 49)], null, { retention: { A: 0.98 } });
    expectClose(full.segments[0].stake, 200 * (1 / 0.1 - 0.98 / 0.12), 1e-9);
    expectClose(e.totals.lifetimeValue, a.lifetimeValue + b.lifetimeValue + c.lifetimeValue, 1e-9);
    expectClose(e.totals.customers, 35, 1e-12);
  });

  it('names the largest stake and the costliest key account as data, rendered as text in both languages', () => {
    const largest = [a, b, c].sort((x, y) => y.stake - x.stake)[0];
    expect(e.messages[0]).toEqual({ code: 'largest-stake', params: { segment: largest.segment, stake: largest.stake, share: largest.stake / e.totals.stake } });
    expect(renderEconomicsMessage(e.messages[1])).toBe('Losing customer C9, the largest account of A, would cost 107 of lifetime value (5.0% of the segment’s).');
    expect(renderEconomicsMessage(e.messages[2], 'zh')).toBe('B 中一年前活跃的客户太少，无法从日期测算保留率：这些细分使用 80%；如有更准确的数字请修改。');
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    for (const [code, en] of Object.entries(economicsTemplates.en)) expect(holes(economicsTemplates.zh[code as keyof typeof economicsTemplates.en]), code).toEqual(holes(en));
  });

  it('refuses rates outside their range with a message naming the rate', () => {
    expect(() => customerEconomics([row('A', 1, 1, NaN, NaN)], null, { discount: 0 })).toThrow(/discount rate must be a number above 0/);
    expect(() => customerEconomics([row('A', 1, 1, NaN, NaN)], null, { retention: { A: 1.2 } })).toThrow(/retention rate of A/);
    expect(() => economicsSql({ customers: 'c', scores: 's', segments: ['A'], probabilityColumns: ['p'], asOf: '31/12/2025' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('economicsSql and keyAccountsSql in DuckDB on a hand-made table', () => {
  let conn: Connection;
  // As of 2025-12-31: a year ago is 2024-12-31, two years ago 2023-12-31.
  const customers: [string, number, number, string, string][] = [
    ['c1', 100, 10, '2020-01-01', '2025-06-01'], // active a year ago, bought again
    ['c2', 300, 30, '2024-12-31', '2025-01-01'], // first exactly a year ago: counts; bought again
    ['c3', 50, 5, '2020-01-01', '2024-12-31'], // last exactly a year ago: active, not again
    ['c4', 70, 7, '2020-01-01', '2023-12-31'], // last exactly two years ago: lapsed before, not active
    ['c5', 80, 8, '2025-01-01', '2025-12-31'], // new this year: not active a year ago
    ['c6', 90, 9, '2020-01-01', '2024-03-01'], // active a year ago, gone
  ];
  // Probabilities of segment A (the rest is B); most likely segment by the larger one.
  const pA: Record<string, number> = { c1: 1, c2: 0.25, c3: 0.5, c4: 1, c5: 0, c6: 0.75 };

  beforeAll(async () => {
    conn = await openDuckDB();
    conn.query(`CREATE TABLE customers (customer_id VARCHAR, revenue_12m DOUBLE, margin_12m DOUBLE, first_purchase DATE, last_purchase DATE)`);
    conn.query(`INSERT INTO customers VALUES ${customers.map(([id, r, m, f, l]) => `('${id}', ${r}, ${m}, DATE '${f}', DATE '${l}')`).join(', ')}`);
    conn.query(`CREATE TABLE scores (customer_id VARCHAR, segment VARCHAR, p_a DOUBLE, p_b DOUBLE)`);
    conn.query(`INSERT INTO scores VALUES ${customers.map(([id]) => `('${id}', '${pA[id] > 0.5 ? 'A' : 'B'}', ${pA[id]}, ${1 - pA[id]})`).join(', ')}`);
  });

  const opts = { customers: 'customers', scores: 'scores', segments: ['A', 'B'], probabilityColumns: ['p_a', 'p_b'], firstPurchaseColumn: 'first_purchase', lastPurchaseColumn: 'last_purchase' };

  it('counts active and retained customers at the boundaries, weighted by segment probability', () => {
    const { rows: out, asOf } = economicsFromRows(rows(conn, economicsSql(opts)), [], ['A', 'B']);
    expect(asOf).toBe('2025-12-31');
    // Active: c1, c2, c3, c6; retained: c1, c2.
    expectClose(out[0].active, 1 + 0.25 + 0.5 + 0.75, 1e-12);
    expectClose(out[0].retained, 1 + 0.25, 1e-12);
    expectClose(out[1].active, 0 + 0.75 + 0.5 + 0.25, 1e-12);
    expectClose(out[1].retained, 0.75, 1e-12);
    expectClose(out[0].customers, 3.5, 1e-12);
    expectClose(out[0].margin, 10 + 7.5 + 2.5 + 7 + 0 + 6.75, 1e-12);
  });

  it('takes a given as-of date, and counts wholly in the most likely segment on request', () => {
    const { rows: out, asOf } = economicsFromRows(rows(conn, economicsSql({ ...opts, asOf: '2025-06-01', assignment: 'most-likely' })), [], ['A', 'B']);
    expect(asOf).toBe('2025-06-01');
    // A year ago 2024-06-01, two years 2023-06-01. Most likely A: c1, c4, c6. Active: c1, c4 (last 2023-12-31 > 2023-06-01), c6; again: c1.
    expect([out[0].customers, out[0].active, out[0].retained]).toEqual([3, 3, 1]);
    // B: c2 (first 2024-12-31, too new), c3 (active, last 2024-12-31 > 2024-06-01: again), c5 (new).
    expect([out[1].customers, out[1].active, out[1].retained]).toEqual([3, 1, 1]);
  });

  it('leaves retention unmeasured without date columns', () => {
    const { rows: out } = economicsFromRows(rows(conn, economicsSql({ ...opts, firstPurchaseColumn: null })), [], ['A', 'B']);
    expect(Number.isNaN(out[0].active)).toBe(true);
    expectClose(out[0].customers, 3.5, 1e-12);
  });

  it('finds each segment’s largest account by revenue', () => {
    const keys = rows(conn, keyAccountsSql({ customers: 'customers', scores: 'scores' }));
    expect(keys).toEqual([
      { segment: 'A', customer_id: 'c1', revenue: 100, margin: 10 },
      { segment: 'B', customer_id: 'c2', revenue: 300, margin: 30 },
    ]);
  });
});

describe('the sample database (data/customers.csv) scored into the sample market', () => {
  let conn: Connection;
  let sqlRows: EconomicsRow[];
  let asOf: string | null;
  let segments: string[];

  beforeAll(async () => {
    conn = await openDuckDB();
    const survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
    conn.query(`CREATE TABLE customers AS SELECT * FROM read_csv(${quoteString(`${process.cwd()}/data/customers.csv`)}, header = true, delim = ',')`);
    const model = trainClassifier(survey.profiles, survey.segment!, survey.segmentLabels, { weight: survey.weight });
    const names = survey.profiles.map((p) => p.name);
    const values = rows(conn, profileValuesSql('customers', names));
    const columns = names.map((database, j) => {
      const dbValues = values.filter((r) => r.column_index === j).map((r) => String(r.value));
      return { database, values: valueEntries(dbValues, mapValues(dbValues, model.columns[j].labels)) };
    });
    const adapted = adaptPriors(model, combinationsFromRows(rows(conn, combinationsSql(model, { table: 'customers', columns })), names.length)).model;
    const q = scoringSql(adapted, { table: 'customers', columns });
    conn.query(`CREATE TABLE scores AS ${q.sql}`);
    segments = adapted.segments;
    const sql = economicsSql({ customers: 'customers', scores: 'scores', segments, probabilityColumns: q.probabilityColumns, firstPurchaseColumn: 'first_purchase', lastPurchaseColumn: 'last_purchase', assignment: 'most-likely' });
    ({ rows: sqlRows, asOf } = economicsFromRows(rows(conn, sql), rows(conn, keyAccountsSql({ customers: 'customers', scores: 'scores' })), segments));
  }, 120_000);

  it('agrees with the rule applied row by row in TypeScript', () => {
    const raw = rows(conn, `SELECT c.customer_id, CAST(c.first_purchase AS VARCHAR) AS f, CAST(c.last_purchase AS VARCHAR) AS l, s.segment FROM customers c JOIN scores s USING (customer_id)`);
    const latest = raw.reduce((m, r) => (String(r.l) > m ? String(r.l) : m), '');
    expect(asOf).toBe(latest);
    const year = (d: string, back: number) => `${Number(d.slice(0, 4)) - back}${d.slice(4)}`;
    for (const [k, s] of segments.entries()) {
      let active = 0;
      let again = 0;
      for (const r of raw) {
        if (r.segment !== s) continue;
        const [f, l] = [String(r.f), String(r.l)];
        if (f <= year(latest, 1) && l > year(latest, 2)) {
          active++;
          if (l > year(latest, 1)) again++;
        }
      }
      expect([sqlRows[k].active, sqlRows[k].retained], s).toEqual([active, again]);
    }
  });

  it('gives every segment a retention from the dates, a lifetime value and a key account', () => {
    const e = customerEconomics(sqlRows, asOf);
    for (const s of e.segments) {
      expect(s.retentionSource, s.segment).toBe('dates');
      // data/README.md: about 20% of customers have lapsed at some point in their tenure.
      expect(s.retention).toBeGreaterThan(0.6);
      expect(s.retention).toBeLessThan(1);
      expect(s.lifetimeValue).toBeGreaterThan(0);
      expect(s.stake).toBeGreaterThan(0);
      expect(s.keyAccount?.id).toMatch(/^C\d{6}$/);
    }
    expectClose(e.totals.customers, 50_000, 1e-9);
  });
});
