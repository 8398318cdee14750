// The warehouse path (issue 13 item 5): the scoring SQL, in its join form and its general form,
// run unchanged on a real PostgreSQL and on DuckDB, gives the in-memory classifier's
// probabilities for every one of the 50,000 sample customers; `icrm score` writes that SQL and
// the scores it gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { adaptPriors, scoreCodes, trainClassifier, type Classifier } from '../../../src/core/database/classifier.ts';
import { scoringSql, type ScoringColumn } from '../../../src/core/database/scoringSql.ts';
import { quoteString } from '../../../src/core/database/sql.ts';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { parseCsv } from '../../../src/core/import/parseCsv.ts';
import { cellText } from '../../../src/core/table.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { main } from '../../../src/cli/icrm.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';
import { connectPostgres, insertRows } from './postgres.ts';

const PROFILES = ['industry', 'size_band', 'region'];
const pgConn = await connectPostgres();
if (!pgConn.client) console.warn(`warehouse tests on PostgreSQL skipped: ${pgConn.reason}`);
const client = pgConn.client as pg.Client | null;

let duck: Connection;
let model: Classifier;
let ids: string[];
let codes: Int32Array[];
let columns: ScoringColumn[];

beforeAll(async () => {
  const survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
  const table = (await parseCsv(fileSource('data/customers.csv'))).table;
  const col = (name: string) => table.columns.find((c) => c.name === name)!;
  const n = table.rowCount;
  ids = Array.from({ length: n }, (_, i) => cellText(col('customer_id'), i));
  const text = PROFILES.map((p) => Array.from({ length: n }, (_, i) => cellText(col(p), i)));
  const base = trainClassifier(survey.profiles, survey.segment!, survey.segmentLabels, { weight: survey.weight });
  codes = PROFILES.map((_, j) => Int32Array.from(text[j], (v) => base.columns[j].labels.indexOf(v)));
  // The segment mix re-estimated on the database, as the app scores (any model would do; this is the one shipped).
  model = adaptPriors(base, { codes, counts: new Float64Array(n).fill(1) }).model;
  columns = PROFILES.map((database, j) => ({ database, values: base.columns[j].labels.map((value, code) => ({ value, code })) }));
  duck = await openDuckDB();
  duck.query(`CREATE TABLE customers AS SELECT customer_id, industry, size_band, region FROM read_csv(${quoteString(`${process.cwd()}/data/customers.csv`)}, header = true, all_varchar = true)`);
  if (client) await insertRows(client, 'customers', ['customer_id', ...PROFILES], ids.map((id, i) => [id, ...text.map((t) => t[i] || null)]));
}, 120_000);

afterAll(async () => {
  if (client) {
    await client.query(`DROP SCHEMA ${(pgConn as { schema: string }).schema} CASCADE`);
    await client.end();
  }
});

/** The largest difference from scoreCodes over all customers, and whether every segment and by_rule agree. */
function compare(out: Record<string, unknown>[], probabilityColumns: string[]) {
  const mem = scoreCodes(model, codes, ids.length);
  const K = model.segments.length;
  const at = new Map(ids.map((id, i) => [id, i]));
  let diff = 0;
  let same = true;
  for (const r of out) {
    const i = at.get(String(r.customer_id))!;
    probabilityColumns.forEach((c, k) => (diff = Math.max(diff, Math.abs(Number(r[c]) - mem.prob[i * K + k]))));
    if (r.segment !== model.segments[mem.best[i]] || Number(r.by_rule) !== mem.byRule[i]) same = false;
  }
  return { diff, same, count: out.length, distinct: new Set(out.map((r) => String(r.customer_id))).size };
}

describe('the scoring SQL on DuckDB, every sample customer', () => {
  for (const form of ['join', 'general'] as const)
    it(`${form} form: every probability within 1e-12 of the in-memory model, the same segment and by_rule`, () => {
      const q = scoringSql(model, { table: 'customers', columns, form });
      const r = compare(rows(duck, q.sql), q.probabilityColumns);
      expect(r.count).toBe(50_000);
      expect(r.distinct).toBe(50_000);
      expect(r.diff).toBeLessThan(1e-12);
      expect(r.same).toBe(true);
    });
});

describe.skipIf(!client)('the scoring SQL on PostgreSQL (Debian’s package), every sample customer', () => {
  for (const form of ['join', 'general'] as const)
    it(`${form} form: every probability within 1e-12 of the in-memory model, the same segment and by_rule`, async () => {
      const q = scoringSql(model, { table: 'customers', columns, form });
      const out = (await client!.query(q.sql)).rows as Record<string, unknown>[];
      const r = compare(out, q.probabilityColumns);
      expect(r.count).toBe(50_000);
      expect(r.distinct).toBe(50_000);
      expect(r.diff).toBeLessThan(1e-12);
      expect(r.same).toBe(true);
      if (form === 'join') expect(r.diff).toBe(0);
    });

  it('icrm score writes scores.csv and a SQL file that PostgreSQL runs unchanged to the same numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-score-'));
    const code = await main(['score', 'data/survey.csv', 'data/customers.csv', '--sql', join(dir, 'scoring.sql'), '--out', join(dir, 'scores.csv')]);
    expect(code).toBe(0);
    const script = readFileSync(join(dir, 'scoring.sql'), 'utf8');
    expect(script).toMatch(/^-- ICRM Strategy Sandbox: segment scoring/);
    expect(script).toContain("Form: a join to the model's 150 profile combinations");
    const lines = readFileSync(join(dir, 'scores.csv'), 'utf8').trimEnd().split('\n');
    const header = lines[0].split(',');
    expect(header).toEqual(['customer_id', 'p_S1', 'p_S2', 'p_S3', 'p_S4', 'p_S5', 'segment', 'by_rule']);
    expect(lines.length - 1).toBe(50_000);
    const fromCsv = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, k) => [header[k], v])));
    const fromPg = new Map(((await client!.query(script)).rows as Record<string, unknown>[]).map((r) => [String(r.customer_id), r]));
    let diff = 0;
    let same = true;
    for (const r of fromCsv) {
      const p = fromPg.get(r.customer_id)!;
      for (const c of header.slice(1, 6)) diff = Math.max(diff, Math.abs(Number(r[c]) - Number(p[c])));
      if (r.segment !== p.segment || Number(r.by_rule) !== Number(p.by_rule)) same = false;
    }
    expect(fromPg.size).toBe(50_000);
    expect(diff).toBeLessThan(1e-12);
    expect(same).toBe(true);
  }, 120_000);
});
