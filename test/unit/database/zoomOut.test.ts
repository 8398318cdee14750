// The zoom-out (src/core/database/zoomOut.ts) and the strategy table (strategy.ts): a hand-made
// market, Kotler's grid cell by cell, and the sample database in DuckDB showing the planted
// disagreement (data/README.md: S3 is the market's most valuable segment but thin in the database).
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { adaptPriors, mapValues, trainClassifier } from '../../../src/core/database/classifier.ts';
import { combinationsFromRows, combinationsSql, profileValuesSql, scoringSql, valueEntries } from '../../../src/core/database/scoringSql.ts';
import { quoteString } from '../../../src/core/database/sql.ts';
import { explainRelationship, KOTLER_GRID, strategyTable, strategyTerms } from '../../../src/core/database/strategy.ts';
import {
  databaseSegmentsFromRows,
  renderZoomMessage,
  zoomOut,
  zoomOutSql,
  zoomOutTemplates,
  type DatabaseSegment,
  type ZoomOut,
} from '../../../src/core/database/zoomOut.ts';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measure, type MeasureResult } from '../../../src/core/measure/measure.ts';
import type { SegmentFirm } from '../../../src/core/measure/segments.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { expectClose } from '../helpers.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

type Market = Pick<MeasureResult, 'segments' | 'rows' | 'us' | 'firms'>;

/** A market from (label, weighted size, market value, share of value per firm) rows. */
function market(us: string | null, firms: string[], segs: [string, number, number, number[]][]): Market {
  return {
    us,
    firms,
    segments: segs.map(([label, size, marketValue]) => ({ label, respondents: size, size, marketValue, emptyConsideration: 0 })),
    rows: segs.flatMap(([segment, , , sov]) => firms.map((firm, f) => ({ segment, firm, shareOfValue: sov[f] }) as SegmentFirm)),
  };
}

const db = (segment: string, customers: number, revenue: number, margin: number): DatabaseSegment => ({
  segment,
  customers,
  revenue,
  margin,
  tiers: [0, 0, 0, customers],
  noRevenue: 0,
});

describe('zoomOut(market, database) on a hand-made market', () => {
  // A: 30 weighted respondents, market value 600, Us 0.3 / Them 0.7; B: 10, 400, Us 0.6 / Them 0.4.
  // Database: A 20 customers, revenue 100, margin 10; B 80 customers, revenue 900, margin 270.
  const m = market('Us', ['Us', 'Them'], [
    ['A', 30, 600, [0.3, 0.7]],
    ['B', 10, 400, [0.6, 0.4]],
  ]);
  const z = zoomOut(m, [db('A', 20, 100, 10), db('B', 80, 900, 270)], { population: 1000 });
  const [a, b] = z.segments;

  it('ranks the segments by market value and by revenue, with shares', () => {
    expect([a.marketShare, a.revenueShare, b.marketShare, b.revenueShare]).toEqual([0.6, 0.1, 0.4, 0.9]);
    expect([a.marketRank, a.revenueRank, b.marketRank, b.revenueRank]).toEqual([1, 2, 2, 1]);
    expect(z.marketRanking).toEqual(['A', 'B']);
    expect(z.databaseRanking).toEqual(['B', 'A']);
  });

  it('scales market size to the population: 1000 x 30/40 = 750 and 1000 x 10/40 = 250', () => {
    expect(a.marketSize).toBe(750);
    expectClose(a.penetration, 20 / 750, 1e-15);
    expectClose(b.penetration, 0.32, 1e-15);
    expect(z.marketSizeSource).toBe('population');
    expect(z.messages.some((x) => x.code === 'market-size-unscaled')).toBe(false);
  });

  it('puts the revenue of segments where a competitor leads at risk: A (gap 0.3 - 0.7 = -0.4), not B', () => {
    expectClose(a.gap, -0.4, 1e-15);
    expectClose(b.gap, 0.2, 1e-15);
    expect([a.leader, a.competitor, b.leader]).toEqual(['Them', 'Them', 'Us']);
    expect([a.revenueAtRisk, b.revenueAtRisk, z.totals.revenueAtRisk]).toEqual([100, 0, 100]);
    expect([a.marginRate, b.marginRate]).toEqual([0.1, 0.3]);
  });

  it('says every disagreement as data, rendered as plain text in English and Chinese', () => {
    expect(z.messages).toEqual([
      { code: 'rank-disagree', params: { segment: 'A', marketRank: 1, dbRank: 2, marketShare: 0.6, dbShare: 0.1 } },
      { code: 'rank-disagree', params: { segment: 'B', marketRank: 2, dbRank: 1, marketShare: 0.4, dbShare: 0.9 } },
      { code: 'revenue-at-risk', params: { segment: 'A', leader: 'Them', revenue: 100, dbShare: 0.1 } },
    ]);
    expect(renderZoomMessage(z.messages[0])).toBe(
      'A is number 1 in the market by value (60.0% of market value) but number 2 in our database by revenue (10.0% of our revenue).',
    );
    expect(renderZoomMessage(z.messages[0], 'zh')).toBe('A 按市场价值排第 1（占市场价值的 60.0%），但在我们的客户数据库中按收入排第 2（占我们收入的 10.0%）。');
  });

  it('agrees when the two rankings agree, and flags unscaled market sizes and a survey without "us"', () => {
    const same = zoomOut(market(null, ['X', 'Y'], [['A', 30, 600, [0.5, 0.5]], ['B', 10, 400, [0.5, 0.5]]]), [db('A', 50, 500, 50), db('B', 50, 100, 10)]);
    expect(same.messages.map((x) => x.code)).toEqual(['no-us', 'market-size-unscaled', 'rank-agree']);
    expect(same.segments[0].marketSize).toBe(30);
    expect(Number.isNaN(same.segments[0].revenueAtRisk)).toBe(true);
  });

  it('rejects a database segment that the market does not have', () => {
    expect(() => zoomOut(m, [db('Z', 1, 1, 1)])).toThrow(/database segment "Z" is not a market segment \(A, B\)/);
  });

  it('keeps a hostile segment label as text in the message, never as markup', () => {
    const label = '<img src=x onerror=alert(1)>';
    const h = zoomOut(market('Us', ['Us', 'Them'], [[label, 10, 900, [0.2, 0.8]], ['B', 10, 100, [0.5, 0.5]]]), [db(label, 1, 1, 0), db('B', 1, 9, 0)]);
    const text = renderZoomMessage(h.messages.find((x) => x.code === 'rank-disagree')!);
    expect(text.startsWith(label + ' is number 1')).toBe(true);
  });
});

describe('the message templates', () => {
  it('exist in English and Chinese for every code, with the same {placeholders}', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
    expect(Object.keys(zoomOutTemplates.zh).sort()).toEqual(Object.keys(zoomOutTemplates.en).sort());
    for (const [code, en] of Object.entries(zoomOutTemplates.en)) expect(holes(zoomOutTemplates.zh[code as keyof typeof zoomOutTemplates.en]), code).toEqual(holes(en));
    expect(holes(strategyTerms.zh.why)).toEqual(holes(strategyTerms.en.why));
  });
});

describe('strategyTable(zoomOut): Kotler grid with thresholds relative to the median segment', () => {
  // Customers 25 / 100 / 400 (median 100: few <= 50, many >= 200) crossed with margin rates
  // 10% / 20% / 30% (median 20%: low <= 16%, high >= 25%).
  const cells: [string, number, number][] = [];
  for (const c of [25, 100, 400]) for (const r of [0.1, 0.2, 0.3]) cells.push([`${c}@${r}`, c, r]);
  const z: ZoomOut = zoomOut(
    market('Us', ['Us', 'Them'], cells.map(([label]) => [label, 1, 1, [0.5, 0.5]])),
    cells.map(([label, c, r]) => db(label, c, 1000, 1000 * r)),
  );
  const t = strategyTable(z);

  it('places each segment in its cell of the grid', () => {
    expect(t.thresholds).toEqual({ fewAtMost: 50, manyAtLeast: 200, lowAtMost: 0.2 / 1.25, highAtLeast: 0.2 * 1.25 });
    expect(t.rows.map((r) => r.relationship)).toEqual([
      'accountable', 'proactive', 'partnership', // few customers: low, medium, high margin
      'reactive', 'accountable', 'proactive', // medium number
      'basic', 'reactive', 'accountable', // many customers
    ]);
    expect(t.rows[8]).toMatchObject({ customerLevel: 'many', marginLevel: 'high' });
    expect(KOTLER_GRID.few.high).toBe('partnership');
  });

  it('explains the choice in words', () => {
    expect(explainRelationship(t.rows[2])).toBe('25@0.3: 25 customers (few) at a 30.0% margin (high), so the relationship type is partnership.');
    expect(explainRelationship(t.rows[6], 'zh')).toBe('400@0.1：400 个客户（多），利润率 10.0%（低）：基本型关系。');
  });

  it('has no type where the margin is unknown, and rejects factors <= 1', () => {
    const none = strategyTable(zoomOut(market('Us', ['Us'], [['A', 1, 1, [1]]]), [db('A', 5, 0, NaN)]));
    expect(none.rows[0].relationship).toBeNull();
    expect(() => strategyTable(z, { countFactor: 1 })).toThrow(/countFactor must be above 1, got 1/);
  });

  it("uses the user's margin rate for a segment in place of the database's, and says so", () => {
    // 25@0.1 is few customers at a low margin (accountable); at a user's 40% it is high: partnership.
    // The median margin is over the rates used (10, 10, 20, 20, 20, 30, 30, 30, 40 %): still 20%.
    const u = strategyTable(z, { margins: { '25@0.1': 0.4 } });
    const row = u.rows.find((r) => r.segment === '25@0.1')!;
    expect(row).toMatchObject({ marginRate: 0.4, marginSource: 'user', marginLevel: 'high', relationship: 'partnership' });
    expect(u.thresholds.highAtLeast).toBeCloseTo(0.25, 12);
    expect(u.rows.filter((r) => r.marginSource === 'user')).toHaveLength(1);
    expect(t.rows.every((r) => r.marginSource === 'database')).toBe(true);
    // A rate that is not a number is no rate: the database's stays.
    expect(strategyTable(z, { margins: { '25@0.1': NaN } }).rows[0].marginSource).toBe('database');
  });
});

describe('zoom-out of the sample database (data/customers.csv, 50,000 customers) in DuckDB', () => {
  const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
  let conn: Connection;
  let m: MeasureResult;
  let probability: ZoomOut;
  let mostLikely: ZoomOut;

  beforeAll(async () => {
    conn = await openDuckDB();
    const survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
    m = measure(survey);
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
    const run = (assignment: 'probability' | 'most-likely') =>
      zoomOut(m, databaseSegmentsFromRows(rows(conn, zoomOutSql({ customers: 'customers', scores: 'scores', segments: adapted.segments, probabilityColumns: q.probabilityColumns, assignment })), adapted.segments));
    probability = run('probability');
    mostLikely = run('most-likely');
  }, 120_000);

  it('accounts for every customer, all revenue and every tier', () => {
    for (const z of [probability, mostLikely]) {
      expectClose(z.totals.customers, 50_000, 1e-6);
      expectClose(z.totals.revenue, Number(rows(conn, 'SELECT SUM(revenue_12m) AS r FROM customers')[0].r), 1e-3);
      [500, 2000, 7500, 40_000].forEach((n, j) => expectClose(z.segments.reduce((s, x) => s + x.tiers[j], 0), n, 1e-6));
    }
    expect(mostLikely.segments.every((s) => Number.isInteger(s.customers))).toBe(true);
  });

  it('shows the planted disagreement: S3 first by market value, a small share of database revenue', () => {
    for (const z of [probability, mostLikely]) {
      expect(z.marketRanking).toEqual(truth.market_value_rank);
      const s3 = z.segments.find((s) => s.segment === 'S3')!;
      expect(s3.marketRank).toBe(1);
      expect(s3.revenueShare).toBeLessThan(0.1); // planted 4.6%
      expect(s3.revenueRank).toBeGreaterThanOrEqual(4);
      expect(z.databaseRanking.slice(0, 2).sort()).toEqual(['S2', 'S5']); // planted 44% and 38%
      expect(z.messages).toContainEqual({ code: 'rank-disagree', params: expect.objectContaining({ segment: 'S3', marketRank: 1 }) });
    }
  });

  it('comes close to the planted database mix with the database-adapted priors', () => {
    for (const s of probability.segments) {
      expect(Math.abs(s.revenueShare - truth.database_revenue_share[s.segment])).toBeLessThan(0.04);
      expect(Math.abs(s.customers - truth.database_customer_count[s.segment]) / 50_000).toBeLessThan(0.02);
    }
  });

  it('puts revenue at risk exactly where Apex does not lead (S1, S3, S4)', () => {
    const atRisk = probability.segments.filter((s) => s.revenueAtRisk > 0).map((s) => s.segment);
    expect(atRisk).toEqual(['S1', 'S3', 'S4']);
    for (const s of probability.segments) expect(s.leader).toBe(truth.leaders[s.segment]);
  });

  it('gives the few-customer segment S3 a closer relationship type than the many-customer segments S2 and S5', () => {
    const t = strategyTable(probability);
    const type = (seg: string) => t.rows.find((r) => r.segment === seg)!;
    expect(type('S3').customerLevel).toBe('few');
    expect(['proactive', 'partnership']).toContain(type('S3').relationship);
    for (const seg of ['S2', 'S5']) expect(type(seg).customerLevel).toBe('many');
  });
});
