// The scoring SQL (src/core/database/scoringSql.ts) run in DuckDB's Node build gives the
// in-memory classifier's probabilities, on the sample database and on hostile labels.
import { describe, it, expect, beforeAll } from 'vitest';
import { adaptPriors, mapValues, scoreCodes, trainClassifier, type Classifier, type CodedColumn } from '../../../src/core/database/classifier.ts';
import {
  combinationsFromRows,
  combinationsSql,
  MAX_JOIN_COMBINATIONS,
  probabilityColumnNames,
  profileValuesSql,
  scoringScript,
  scoringSql,
  valueEntries,
  type ScoringColumn,
} from '../../../src/core/database/scoringSql.ts';
import { quoteIdent, quoteString } from '../../../src/core/database/sql.ts';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { parseCsv } from '../../../src/core/import/parseCsv.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { cellText, type RawTable } from '../../../src/core/table.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

const PROFILES = ['industry', 'size_band', 'region'];
/** Customers compared row by row (data/customers.csv in file order). */
const COMPARED = 5000;

let conn: Connection;
let survey: Survey;
let customers: RawTable;

beforeAll(async () => {
  conn = await openDuckDB();
  survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
  customers = (await parseCsv(fileSource('data/customers.csv'))).table;
  conn.query(
    `CREATE TABLE customers AS SELECT * FROM read_csv(${quoteString(`${process.cwd()}/data/customers.csv`)}, header = true, delim = ',', quote = '"', auto_detect = true) LIMIT ${COMPARED}`,
  );
}, 60_000);

/** Value maps of the customer table's columns against the model, from the database's own values. */
function scoringColumns(model: Classifier, table: string, dbColumns: string[], explicit: Record<string, string>[] = []): ScoringColumn[] {
  const values = rows(conn, profileValuesSql(table, dbColumns));
  return dbColumns.map((database, j) => {
    const dbValues = values.filter((r) => r.column_index === j && r.value !== null).map((r) => String(r.value));
    return { database, values: valueEntries(dbValues, mapValues(dbValues, model.columns[j].labels, explicit[j] ?? {})) };
  });
}

/** The first `n` customers of the CSV as label codes of the model's columns (-1 = unmapped). */
function customerCodes(model: Classifier, n: number): { ids: string[]; codes: Int32Array[] } {
  const col = (name: string) => customers.columns.find((c) => c.name === name)!;
  const ids = Array.from({ length: n }, (_, i) => cellText(col('customer_id'), i));
  const codes = PROFILES.map((name, j) => Int32Array.from({ length: n }, (_, i) => model.columns[j].labels.indexOf(cellText(col(name), i))));
  return { ids, codes };
}

function maxDifference(model: Classifier, sql: string, probabilityColumns: string[], n: number): { diff: number; sameSegment: boolean; count: number } {
  const { ids, codes } = customerCodes(model, n);
  const mem = scoreCodes(model, codes, n);
  const K = model.segments.length;
  const byId = new Map(ids.map((id, i) => [id, i]));
  let diff = 0;
  let sameSegment = true;
  const out = rows(conn, sql);
  for (const r of out) {
    const i = byId.get(String(r.customer_id))!;
    probabilityColumns.forEach((c, k) => (diff = Math.max(diff, Math.abs(Number(r[c]) - mem.prob[i * K + k]))));
    if (r.segment !== model.segments[mem.best[i]] || Number(r.by_rule) !== mem.byRule[i]) sameSegment = false;
  }
  return { diff, sameSegment, count: out.length };
}

describe('scoringSql(model) in DuckDB against scoreCodes(model) on the sample', () => {
  let model: Classifier;
  beforeAll(() => {
    model = trainClassifier(survey.profiles, survey.segment!, survey.segmentLabels, { weight: survey.weight });
  });

  it(`agrees to 1e-9 on the first ${COMPARED} customers, with the survey's priors`, () => {
    const q = scoringSql(model, { table: 'customers', columns: scoringColumns(model, 'customers', PROFILES) });
    expect(q.probabilityColumns).toEqual(['p_S1', 'p_S2', 'p_S3', 'p_S4', 'p_S5']);
    const r = maxDifference(model, q.sql, q.probabilityColumns, COMPARED);
    expect(r.count).toBe(COMPARED);
    expect(r.diff).toBeLessThan(1e-9);
    expect(r.sameSegment).toBe(true);
  });

  it('agrees with the priors adapted to the database from combinationsSql, and the adaptation matches one made in memory', () => {
    const columns = scoringColumns(model, 'customers', PROFILES);
    const combos = combinationsFromRows(rows(conn, combinationsSql(model, { table: 'customers', columns })), 3);
    expect(combos.counts.reduce((a, b) => a + b, 0)).toBe(COMPARED);
    const adapted = adaptPriors(model, combos);
    const { codes } = customerCodes(model, COMPARED);
    const inMemory = adaptPriors(model, { codes, counts: new Float64Array(COMPARED).fill(1) });
    adapted.databasePriors.forEach((p, k) => expect(Math.abs(p - inMemory.databasePriors[k])).toBeLessThan(1e-9));
    // The database holds Apex's customers: few in S3, many in S2 and S5 (data/README.md).
    expect(adapted.databasePriors[2]).toBeLessThan(0.07);
    expect(adapted.databasePriors[1] + adapted.databasePriors[4]).toBeGreaterThan(0.6);
    const q = scoringSql(adapted.model, { table: 'customers', columns });
    const r = maxDifference(adapted.model, q.sql, q.probabilityColumns, COMPARED);
    expect(r.diff).toBeLessThan(1e-9);
    expect(r.sameSegment).toBe(true);
  });

  it('scores a database with Chinese industry labels through an explicit value map exactly as the English one', () => {
    const zh: Record<string, string> = { Manufacturing: '制造业', Chemicals: '化工', 'Food & Beverage': '食品饮料', Construction: '建筑', Logistics: '物流' };
    const cases = Object.entries(zh).map(([en, z]) => `WHEN ${quoteString(en)} THEN ${quoteString(z)}`).join(' ');
    conn.query(`CREATE TABLE "客户 zh" AS SELECT customer_id, CASE industry ${cases} END AS "行业", size_band AS "规模", region AS "地区" FROM customers`);
    const back = Object.fromEntries(Object.entries(zh).map(([en, z]) => [z, en]));
    const q = scoringSql(model, { table: '客户 zh', columns: scoringColumns(model, '客户 zh', ['行业', '规模', '地区'], [back]) });
    const r = maxDifference(model, q.sql, q.probabilityColumns, COMPARED);
    expect(r.diff).toBeLessThan(1e-9);
    expect(r.sameSegment).toBe(true);
  });

  it('leaves an unmapped value out for that customer only, as scoreCodes does for code -1', () => {
    conn.query(`CREATE TABLE customers_x AS SELECT * REPLACE (CASE WHEN customer_id <= 'C000100' THEN 'Mining' ELSE industry END AS industry) FROM customers`);
    const columns = scoringColumns(model, 'customers_x', PROFILES);
    expect(columns[0].values.map((v) => v.value)).not.toContain('Mining');
    const q = scoringSql(model, { table: 'customers_x', columns });
    const out = rows(conn, `${q.sql} ORDER BY customer_id LIMIT 1`);
    const { codes } = customerCodes(model, 1);
    codes[0][0] = -1;
    const mem = scoreCodes(model, codes, 1);
    q.probabilityColumns.forEach((c, k) => expect(Math.abs(Number(out[0][c]) - mem.prob[k])).toBeLessThan(1e-12));
  });
});

describe('scoringSql with hostile names and an exact rule', () => {
  // Segment labels, column names, table name and values that break naive quoting.
  const segments = ["S'1", '细分 "2"', '<img src=x onerror=alert(1)>'];
  const n = 240;
  const industry = new Int32Array(n);
  const region = new Int32Array(n);
  const segment = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    industry[i] = i % 2;
    region[i] = Math.floor(i / 2) % 3;
    segment[i] = industry[i] === 0 ? (region[i] === 2 ? 1 : 0) : 2; // exact rule on (industry, region)
  }
  const columns: CodedColumn[] = [
    { name: 'industry', labels: ["O'Brien & Co", '化工'], codes: industry },
    { name: 'region', labels: ['North', 'South', 'West "Coast"'], codes: region },
  ];

  it('quotes every label, and the rule decides the combinations it has seen (probability 1)', () => {
    const model = trainClassifier(columns, segment, segments);
    expect(model.rule?.columns).toEqual([0, 1]);
    const ind = quoteIdent("Indus'try \"X\"");
    const reg = quoteIdent('地区');
    conn.query(`CREATE TABLE "Kunden ""DB""" (customer_id VARCHAR, ${ind} VARCHAR, ${reg} VARCHAR)`);
    const data: [string, string | null, string | null][] = [
      ['a', "O'Brien & Co", 'North'],
      ['b', "o'brien & co", 'West "Coast"'],
      ['c', '化工', 'South'],
      ['d', '化工', null],
      ['e', 'Mining', 'Mining'],
      ['f', "O'Brien & Co", 'Moon'],
    ];
    conn.query(
      `INSERT INTO "Kunden ""DB""" VALUES ${data.map((r) => `(${r.map((v) => (v === null ? 'NULL' : quoteString(v))).join(', ')})`).join(', ')}`,
    );
    for (const form of ['join', 'general'] as const) {
    const q = scoringSql(model, { table: 'Kunden "DB"', columns: scoringColumns(model, 'Kunden "DB"', ["Indus'try \"X\"", '地区']), form });
    expect(q.form).toBe(form);
    expect(q.probabilityColumns).toEqual(segments.map((s) => `p_${s}`));
    const out = rows(conn, `${q.sql} ORDER BY customer_id`);
    const codes = [Int32Array.from([0, 0, 1, 1, -1, 0]), Int32Array.from([0, 2, 1, -1, -1, -1])];
    const mem = scoreCodes(model, codes, data.length);
    out.forEach((r, i) => {
      q.probabilityColumns.forEach((c, k) => expect(Math.abs(Number(r[c]) - mem.prob[i * 3 + k])).toBeLessThan(1e-12));
      expect(r.segment).toBe(segments[mem.best[i]]);
      expect(Number(r.by_rule)).toBe(mem.byRule[i]);
    });
    expect(out.map((r) => Number(r.by_rule))).toEqual([1, 1, 1, 0, 0, 0]);
    expect(out[1].segment).toBe('细分 "2"');
    }
  });

  it('scoringScript: a header with a newline cannot break out of a -- comment (issue 12 item 14)', () => {
    const model = trainClassifier(columns, segment, segments);
    // A header that would end the comment line and run a statement, and a segment label doing the same.
    const evil = 'industry\nDROP TABLE customers; --';
    const evilRegion = 'region\r\u2028CREATE TABLE pwned (x INT);';
    conn.query(`CREATE TABLE hostile_names (customer_id VARCHAR, ${quoteIdent(evil)} VARCHAR, ${quoteIdent(evilRegion)} VARCHAR)`);
    conn.query(`INSERT INTO hostile_names VALUES ('a', ${quoteString("O'Brien & Co")}, 'North'), ('b', '化工', 'South')`);
    const q = scoringSql(model, { table: 'hostile_names', columns: scoringColumns(model, 'hostile_names', [evil, evilRegion]), form: 'join' });
    const script = scoringScript(q, model, { databaseColumns: [evil, evilRegion], accuracy: 0.9, chance: 0.5, adaptedOn: null }, 'hostile_names');
    const head = script.slice(0, script.indexOf(q.sql)).split('\n').filter(Boolean);
    expect(head.length).toBeGreaterThan(3);
    for (const line of head) expect(line).toMatch(/^-- /);
    expect(head[0]).toContain('"industry DROP TABLE customers; --"');
    expect(head.join('\n')).not.toMatch(/[\r\u2028]/);
    // The names appear in the SQL only as quoted identifiers; the whole script runs as one query.
    expect(q.sql).toContain(quoteIdent(evil));
    const before = rows(conn, "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name IN ('customers', 'pwned')")[0].n;
    expect(rows(conn, script.replace(/;\n$/, '')).map((r) => r.customer_id)).toEqual(['a', 'b']);
    expect(rows(conn, "SELECT table_name FROM information_schema.tables WHERE table_name IN ('customers', 'pwned')").length).toBe(before);
    expect(rows(conn, "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'customers'")[0].n).toBe(1);
  });

  it('names the probability columns p_1..p_K when labels differ only in case', () => {
    expect(probabilityColumnNames(['a', 'A'])).toEqual(['p_1', 'p_2']);
    expect(probabilityColumnNames(['id', 'x'])).toEqual(['p_id', 'p_x']);
  });

  it('refuses a NUL character rather than cutting the text', () => {
    expect(() => quoteString('a\u0000b')).toThrow(/NUL/);
  });

  it('gives probability 0 to a segment without respondents and still sums to 1', () => {
    const model = trainClassifier(columns, segment, [...segments, 'S4'], { rule: 'off' });
    expect(model.logPrior[3]).toBe(-Infinity);
    for (const form of ['join', 'general'] as const) {
      const q = scoringSql(model, { table: 'Kunden "DB"', columns: scoringColumns(model, 'Kunden "DB"', ["Indus'try \"X\"", '地区']), form });
      const out = rows(conn, q.sql);
      expect(out.length).toBe(6);
      for (const r of out) {
        expect(r[q.probabilityColumns[3]]).toBe(0);
        expect(Math.abs(q.probabilityColumns.reduce((s, c) => s + Number(r[c]), 0) - 1)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('the join form (a table of every profile combination) against the general form', () => {
  it('gives scoreCodes’ probabilities bit for bit on the sample, the general form to 1e-12, and the same segments', () => {
    const model = trainClassifier(survey.profiles, survey.segment!, survey.segmentLabels, { weight: survey.weight });
    const columns = scoringColumns(model, 'customers', PROFILES);
    const join = scoringSql(model, { table: 'customers', columns });
    const general = scoringSql(model, { table: 'customers', columns, form: 'general' });
    expect(join.form).toBe('join');
    expect(general.form).toBe('general');
    // Every label of each profile column plus blank: (industries + 1) x (sizes + 1) x (regions + 1).
    expect(join.combinations).toBe(model.columns.reduce((n, c) => n * (c.labels.length + 1), 1));
    expect(join.sql).toContain('JOIN answers AS a ON COALESCE(m.x_0, -1) = a.x_0');
    const exact = maxDifference(model, join.sql, join.probabilityColumns, COMPARED);
    expect(exact.count).toBe(COMPARED);
    expect(exact.diff).toBe(0);
    expect(exact.sameSegment).toBe(true);
    const byId = (sql: string) => new Map(rows(conn, sql).map((r) => [String(r.customer_id), r]));
    const a = byId(join.sql);
    const b = byId(general.sql);
    let diff = 0;
    for (const [id, r] of a) for (const c of join.probabilityColumns) diff = Math.max(diff, Math.abs(Number(r[c]) - Number(b.get(id)![c])));
    expect(diff).toBeLessThan(1e-12);
  });

  it('falls back to the general form above MAX_JOIN_COMBINATIONS, and refuses to force the join there', () => {
    const n = 400;
    const labels = Array.from({ length: 60 }, (_, v) => `v${v}`);
    const cols: CodedColumn[] = ['a', 'b', 'c'].map((name, j) => ({ name, labels, codes: Int32Array.from({ length: n }, (_, i) => (i * (j + 7)) % 60) }));
    const seg = Int32Array.from({ length: n }, (_, i) => i % 2);
    const model = trainClassifier(cols, seg, ['S1', 'S2'], { rule: 'off' });
    const values = labels.map((value, code) => ({ value, code }));
    const options = { table: 't', columns: ['a', 'b', 'c'].map((database) => ({ database, values })) };
    expect(61 ** 3).toBeGreaterThan(MAX_JOIN_COMBINATIONS);
    const q = scoringSql(model, options);
    expect(q.form).toBe('general');
    expect(q.combinations).toBe(61 ** 3);
    expect(() => scoringSql(model, { ...options, form: 'join' })).toThrow(/226981 profile combinations/);
  });
});
