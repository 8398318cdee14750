// The customer database on the command line: DuckDB-WASM's Node build (the same engine and the same
// SQL as the app's db worker), loading a customer export and scoring it into the market's segments
// the way the app does (src/workers/db.worker.ts and src/lib/customers.svelte.ts).
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { adaptPriors, mapValues, type Classifier } from '../core/database/classifier.ts';
import { checkCustomers, cleanColumnNames } from '../core/database/customerChecks.ts';
import { detectCustomerColumns, idTextColumns, type CustomerColumns } from '../core/database/customerColumns.ts';
import { countRowsSql, describeCsvSql, importCsvSql, tableColumnsSql } from '../core/database/importSql.ts';
import { combinationsFromRows, combinationsSql, profileValuesSql, scoringSql, valueEntries, type ScoringColumn, type ScoringSql, type ScoringSqlOptions } from '../core/database/scoringSql.ts';
import { decodeChunks, sniffEncoding } from '../core/import/decode.ts';
import { sniffDialect } from '../core/import/parseCsv.ts';
import { notCsvIssue, sniffFileType } from '../core/import/sniffFileType.ts';
import { formatIssue, type Issue } from '../core/issues.ts';
import type { SurveyModel } from '../core/model/surveyModel.ts';
import { fileSource } from './nodeSource.ts';
import { UsageError } from './surveyInput.ts';

export type Connection = duckdb.DuckDBConnection;

/** An in-memory DuckDB, synchronous (the blocking Node build). */
export async function openDuckDB(): Promise<Connection> {
  const dist = dirname(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  return db.connect();
}

/** Query result rows as plain objects; 64-bit integers as numbers. */
export function rows(conn: Connection, sql: string): Record<string, unknown>[] {
  return conn
    .query(sql)
    .toArray()
    .map((r) => {
      const o = r.toJSON() as Record<string, unknown>;
      for (const k of Object.keys(o)) if (typeof o[k] === 'bigint') o[k] = Number(o[k]);
      return o;
    });
}

export interface LoadedCustomers {
  /** The file as named on the command line (for the issues). */
  file: string;
  table: string;
  rows: number;
  columns: { name: string; type: string }[];
  detected: CustomerColumns;
  /** Headers renamed at the load (control characters, too long), also written to stderr. */
  renamed: Issue[];
}

/** The first 64 KB of a file (what the sniffers look at), without reading the rest. */
function readHead(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = new Uint8Array(65536);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads a customer CSV into `table` with the app's dialect rule, the id columns read as text
 * (idTextColumns). DuckDB reads UTF-8 only, so a GB18030 or UTF-16 file is transcoded to a
 * temporary UTF-8 copy first, as the worker does in memory. Run checkLoadedCustomers next.
 */
export async function loadCustomers(conn: Connection, file: string, table = 'customers'): Promise<LoadedCustomers> {
  const head = readHead(file);
  // What the file is, as the app's db worker tells it: anything that is not delimited text is refused
  // by name. Parquet too: DuckDB-WASM's Node build hangs writing Parquet, so the command line could
  // not be tested on it; the app's Customers view reads it.
  const kind = sniffFileType(head);
  if (kind?.kind === 'parquet') throw new UsageError(`${file}: this is a Parquet file; the command line reads the customer database as CSV. Fix: export it as CSV, or import the Parquet file in the app's Customers view`);
  if (kind) throw new UsageError(formatIssue(notCsvIssue(kind, file)));
  const encoding = sniffEncoding(head);
  const dialect = sniffDialect(new TextDecoder(encoding).decode(head));
  const base = { delimiter: dialect.delimiter, decimalSeparator: dialect.decimalComma ? (',' as const) : ('.' as const) };
  let path = resolve(file);
  let tmp: string | null = null;
  try {
    if (encoding !== 'utf-8') {
      // DuckDB reads UTF-8 only: transcode to a temporary file, chunk by chunk.
      tmp = mkdtempSync(join(tmpdir(), 'icrm-customers-'));
      path = join(tmp, 'customers.csv');
      const fd = openSync(path, 'w');
      try {
        for await (const chunk of decodeChunks(fileSource(file), encoding)) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    }
    const names = rows(conn, describeCsvSql(path, base)).map((r) => String(r.column_name));
    conn.query(importCsvSql(path, table, { ...base, textColumns: idTextColumns(names) }));
  } catch (e) {
    throw new UsageError(`${file}: cannot read the customer database (${(e as Error).message}). Fix: export it as a CSV with a header row`);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  const renamed = await cleanColumnNames(async (sql) => rows(conn, sql), { table, file });
  for (const i of renamed) process.stderr.write(formatIssue(i) + '\n');
  const n = Number(rows(conn, countRowsSql(table))[0].n);
  const columns = rows(conn, tableColumnsSql(table)).map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
  return { file, table, rows: n, columns, detected: detectCustomerColumns(columns), renamed };
}

/**
 * The import's checks (customerChecks.ts) on the columns a command reads, as the app's db worker
 * runs them: duplicate ids keep their first row, NaN, infinity and text in revenue or margin become
 * blanks. Each issue goes to stderr; `loaded.rows` is updated.
 */
export async function checkLoadedCustomers(conn: Connection, loaded: LoadedCustomers, columns: { id: string | null; revenue: string | null; margin: string | null }): Promise<Issue[]> {
  const issues = await checkCustomers(async (sql) => rows(conn, sql), { table: loaded.table, file: loaded.file, idColumn: columns.id, numberColumns: [columns.revenue, columns.margin] });
  for (const i of issues) process.stderr.write(formatIssue(i) + '\n');
  loaded.rows = Number(rows(conn, countRowsSql(loaded.table))[0].n);
  loaded.columns = rows(conn, tableColumnsSql(loaded.table)).map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
  return issues;
}

/**
 * Scores every customer into the `scores` table: the survey model's classifier on the profile
 * columns the two share by name (case-insensitive), values matched as the app matches them, the
 * segment mix re-estimated on the database (the app's default).
 */
export interface ScoredCustomers {
  segments: string[];
  probabilityColumns: string[];
  /** Survey profile columns linked, and the database columns they read. */
  linked: string[];
  databaseColumns: string[];
  /** The query that filled `scores`, and the model it scores (segment mix re-estimated on the database). */
  query: ScoringSql;
  model: Classifier;
  accuracy: number;
  chance: number;
  customers: number;
}

export function scoreCustomers(conn: Connection, model: SurveyModel, loaded: LoadedCustomers, form: ScoringSqlOptions['form'] = 'auto'): ScoredCustomers {
  const idColumn = loaded.detected.id ?? loaded.columns[0].name;
  const names = loaded.columns.map((c) => c.name);
  const profiles = model.measurement().profileColumns;
  const link = (c: string) => names.find((n) => n.toLowerCase() === c.toLowerCase()) ?? null;
  const shared = profiles.filter((c) => link(c) !== null);
  if (!shared.length)
    throw new UsageError(`${loaded.table}: the customer database shares no profile column with the survey (the survey has ${profiles.join(', ') || 'none'}). Fix: name a database column like a survey profile column`);
  const classifier = model.classifier(null, shared);
  const dbCols = shared.map((c) => link(c)!);
  const values = rows(conn, profileValuesSql(loaded.table, dbCols));
  const columns: ScoringColumn[] = classifier.model.columns.map((mc, k) => {
    const dbValues = values.filter((v) => Number(v.column_index) === k && v.value !== null).map((v) => String(v.value));
    return { database: dbCols[k], values: valueEntries(dbValues, mapValues(dbValues, mc.labels, {}, dbCols[k])) };
  });
  const options = { table: loaded.table, idColumn, columns, form };
  const adaptation = adaptPriors(classifier.model, combinationsFromRows(rows(conn, combinationsSql(classifier.model, options)), columns.length));
  const q = scoringSql(adaptation.model, options);
  conn.query(`CREATE OR REPLACE TABLE scores AS ${q.sql}`);
  return {
    segments: adaptation.model.segments,
    probabilityColumns: q.probabilityColumns,
    linked: shared,
    databaseColumns: dbCols,
    query: q,
    model: adaptation.model,
    accuracy: classifier.cv.accuracy,
    chance: classifier.cv.chance,
    customers: adaptation.customers,
  };
}
