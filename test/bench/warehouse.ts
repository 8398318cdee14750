// The warehouse path (issue 13 item 5): the exported scoring SQL run on PostgreSQL (Debian's, via
// scripts/postgres.sh or ICRM_PG_URL) against 10,000,000 customers, in the join form and (on
// 1,000,000, since it takes minutes at 10 M) the general form, beside a plain scan and a plain copy
// of the same table in the same run.
import pg from 'pg';
import { adaptPriors, trainClassifier } from '../../src/core/database/classifier.ts';
import { scoringSql, type ScoringColumn } from '../../src/core/database/scoringSql.ts';
import { importSurvey } from '../../src/core/import/importSurvey.ts';
import { parseCsv } from '../../src/core/import/parseCsv.ts';
import { cellText } from '../../src/core/table.ts';
import { fileSource } from '../../src/cli/nodeSource.ts';

const PROFILES = ['industry', 'size_band', 'region'];

export async function warehouseBench(rows: number, log: (s: string) => void): Promise<void> {
  const url = process.env.ICRM_PG_URL ?? 'postgres://icrm:icrm@127.0.0.1:5432/icrm';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    log(`## Warehouse: skipped, no PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} (${(e as Error).message}); run sudo bash scripts/postgres.sh`);
    return;
  }
  const schema = `icrm_bench_${process.pid}`;
  try {
    await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    const survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
    const sample = (await parseCsv(fileSource('data/customers.csv'))).table;
    const col = (name: string) => sample.columns.find((c) => c.name === name)!;
    const n = sample.rowCount;
    const text = ['customer_id', ...PROFILES].map((p) => Array.from({ length: n }, (_, i) => cellText(col(p), i)));
    const base = trainClassifier(survey.profiles, survey.segment!, survey.segmentLabels, { weight: survey.weight });
    const codes = PROFILES.map((_, j) => Int32Array.from(text[j + 1], (v) => base.columns[j].labels.indexOf(v)));
    const model = adaptPriors(base, { codes, counts: new Float64Array(n).fill(1) }).model;
    const columns: ScoringColumn[] = PROFILES.map((database, j) => ({ database, values: base.columns[j].labels.map((value, code) => ({ value, code })) }));

    // The sample's 50,000 customers repeated with fresh ids, generated in the database (no 770 MB file).
    await client.query(`CREATE TABLE sample (customer_id VARCHAR, industry VARCHAR, size_band VARCHAR, region VARCHAR)`);
    for (let at = 0; at < n; at += 5000) {
      const part = Array.from({ length: Math.min(5000, n - at) }, (_, r) => text.map((t) => t[at + r] || null));
      await client.query(`INSERT INTO sample VALUES ${part.map((_, r) => `($${4 * r + 1}, $${4 * r + 2}, $${4 * r + 3}, $${4 * r + 4})`).join(', ')}`, part.flat());
    }
    const make = async (table: string, size: number) => {
      await client.query(
        `CREATE TABLE ${table} AS SELECT 'W' || g || '-' || s.customer_id AS customer_id, s.industry, s.size_band, s.region FROM generate_series(1, ${Math.ceil(size / n)}) AS g CROSS JOIN sample AS s LIMIT ${size}`,
      );
      await client.query(`VACUUM ANALYZE ${table}`);
    };
    const time = async (sql: string) => {
      const t0 = performance.now();
      await client.query(sql);
      return performance.now() - t0;
    };
    const small = Math.min(rows, 1_000_000);
    await make('customers', rows);
    await make('customers_small', small);
    const scan = await time(`SELECT COUNT(*), SUM(LENGTH(customer_id) + LENGTH(industry) + LENGTH(size_band) + LENGTH(region)) FROM customers`);
    const copy = await time(`CREATE TABLE copied AS SELECT * FROM customers`);
    const join = scoringSql(model, { table: 'customers', columns, form: 'join' });
    const joinMs = await time(`CREATE TABLE scores_join AS ${join.sql}`);
    const scanSmall = await time(`SELECT COUNT(*), SUM(LENGTH(customer_id) + LENGTH(industry) + LENGTH(size_band) + LENGTH(region)) FROM customers_small`);
    const joinSmall = await time(`CREATE TABLE scores_join_small AS ${scoringSql(model, { table: 'customers_small', columns, form: 'join' }).sql}`);
    const generalSmall = await time(`CREATE TABLE scores_general_small AS ${scoringSql(model, { table: 'customers_small', columns, form: 'general' }).sql}`);
    const version = (await client.query('SHOW server_version')).rows[0].server_version as string;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    log(`## Warehouse: the exported scoring SQL on PostgreSQL ${version} (${join.combinations} profile combinations)`);
    log('| task | time | x plain scan |');
    log('|---|---|---|');
    log(`| ${rows.toLocaleString('en')} customers: plain scan (floor) | ${s(scan)} | 1.00 |`);
    log(`| ${rows.toLocaleString('en')} customers: plain copy into a table | ${s(copy)} | ${(copy / scan).toFixed(2)} |`);
    log(`| ${rows.toLocaleString('en')} customers: scored into a table, join form | ${s(joinMs)} | ${(joinMs / scan).toFixed(2)} |`);
    log(`| ${small.toLocaleString('en')} customers: plain scan | ${s(scanSmall)} | 1.00 |`);
    log(`| ${small.toLocaleString('en')} customers: scored into a table, join form | ${s(joinSmall)} | ${(joinSmall / scanSmall).toFixed(2)} |`);
    log(`| ${small.toLocaleString('en')} customers: scored into a table, general form | ${s(generalSmall)} | ${(generalSmall / scanSmall).toFixed(2)} |`);
    log(`general form / join form on ${small.toLocaleString('en')}: ${(generalSmall / joinSmall).toFixed(1)}x`);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await warehouseBench(Number(process.env.BENCH_WAREHOUSE_ROWS ?? 10_000_000), console.log);
