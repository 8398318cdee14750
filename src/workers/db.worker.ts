// Dispatcher only: the SQL and the model are in src/core/database. Holds DuckDB-WASM (which runs
// in its own nested worker) and one connection between messages.
import { pointsStatsSql, pointsValuesSql, valuesFromRows, quantilesFromTierRows, scoreTiersFromRows, scoreTiersSql, statsFromRows, type PointsInfo } from '../core/database/pointsScheme.ts';
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { adaptPriors, type PriorAdaptation } from '../core/database/classifier.ts';
import { countRowsSql, describeCsvSql, importCsvSql, importParquetSql, tableColumnsSql } from '../core/database/importSql.ts';
import { checkCustomers, cleanColumnNames } from '../core/database/customerChecks.ts';
import { detectCustomerColumns, idTextColumns } from '../core/database/customerColumns.ts';
import { combinationsFromRows, combinationsSql, profileValuesSql, scoringSql } from '../core/database/scoringSql.ts';
import { databaseSegmentsFromRows, zoomOutSql } from '../core/database/zoomOut.ts';
import { economicsFromRows, economicsSql, keyAccountsSql } from '../core/database/economics.ts';
import { pyramidFromRows, pyramidSql } from '../core/database/pyramid.ts';
import { customerSampleFromRows, customerSampleSql } from '../core/database/customerSample.ts';
import { importBudgetIssue } from '../core/database/importBudget.ts';
import { fileByteSource } from './fileSource.ts';
import { sniffDialect } from '../core/import/parseCsv.ts';
import { notCsvIssue, sniffFileType } from '../core/import/sniffFileType.ts';
import { IssueError, type Issue } from '../core/issues.ts';
import { decodeChunks, sniffEncoding, type Encoding } from '../core/import/decode.ts';
import type { CheckedColumns, DbReply, DbRequest, DbResults, ImportInfo, OpenInfo, ScoreInfo } from './dbProtocol.ts';

// selectBundle takes the exception-handling build where the browser supports wasm exceptions, else MVP.
const BUNDLES: duckdb.DuckDBBundles = {
  mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  eh: { mainModule: ehWasm, mainWorker: ehWorker },
};
/** One database file per origin, in the origin-private file system. */
const OPFS_PATH = 'opfs://icrm.db';
/** 64-bit counts and decimals reach JavaScript as numbers, not BigInt or unscaled integers. */
const QUERY_CONFIG = { castBigIntToDouble: true, castDecimalToDouble: true };

let db: duckdb.AsyncDuckDB | null = null;
let conn: duckdb.AsyncDuckDBConnection | null = null;
let storage: OpenInfo['storage'] = 'memory';
let lastScores: { segments: string[]; probabilityColumns: string[] } | null = null;
/** The request whose statement DuckDB is running (the one a cancel interrupts) and its progress sink. */
let running: { id: number; progress: ((f: number) => void) | null } | null = null;
const cancelled = new Set<number>();

const post = (r: DbReply) => (self as unknown as Worker).postMessage(r);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

function connection(): duckdb.AsyncDuckDBConnection {
  if (!conn) throw new Error('the customer database is not open yet');
  return conn;
}

/**
 * Runs one statement as a pending query, so that a `cancel` can interrupt it (cancelSent), and
 * returns its rows as plain objects.
 */
async function run(sql: string, id: number, progress: ((f: number) => void) | null = null): Promise<Record<string, unknown>[]> {
  if (cancelled.has(id)) throw new Cancelled();
  running = { id, progress };
  try {
    const reader = await connection().send(sql, true);
    const out: Record<string, unknown>[] = [];
    for await (const batch of reader) for (const row of batch.toArray()) out.push(row.toJSON() as Record<string, unknown>);
    return out;
  } catch (e) {
    throw cancelled.has(id) ? new Cancelled() : e;
  } finally {
    running = null;
  }
}

async function open(persistent: boolean): Promise<OpenInfo> {
  if (!db) {
    const bundle = await duckdb.selectBundle(BUNDLES);
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker!));
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    // Query progress comes through a handler list that duckdb-wasm 1.32 keeps protected; used when present.
    const hooks = (db as unknown as { _onExecutionProgress?: ((p: duckdb.ProgressEntry) => void)[] })._onExecutionProgress;
    hooks?.push((p) => {
      const f = Number(p.percentage) / 100;
      if (running?.progress && f >= 0 && f <= 1) running.progress(f);
    });
  }
  if (conn) await conn.close();
  conn = null;
  lastScores = null;
  storage = 'memory';
  let why: string | null = null;
  if (persistent) {
    if (typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function') {
      try {
        await db.open({ path: OPFS_PATH, accessMode: duckdb.DuckDBAccessMode.READ_WRITE, query: QUERY_CONFIG });
        storage = 'opfs';
      } catch (e) {
        why = `the browser's private storage could not be opened (${message(e)}; is the app open in another tab?), so the customer database is kept in memory and is lost when the page closes`;
      }
    } else why = 'this browser has no origin-private file system, so the customer database is kept in memory and is lost when the page closes';
  }
  if (storage === 'memory') await db.open({ path: ':memory:', query: QUERY_CONFIG });
  conn = await db.connect();
  try {
    await conn.query('SET enable_progress_bar = true');
  } catch {
    // Progress is a nicety: an engine without the setting still imports.
  }
  const tables = (await conn.query('SELECT table_name FROM information_schema.tables ORDER BY table_name')).toArray().map((r) => String(r.table_name));
  return { storage, message: why, version: await db.getVersion(), tables };
}


/** UTF-16 or GB18030 to UTF-8 bytes, since DuckDB's CSV reader reads UTF-8. Holds the file in memory once. */
async function toUtf8(file: File, encoding: Encoding, id: number, progress: (f: number) => void): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const text of decodeChunks(fileByteSource(file), encoding, (read) => progress(file.size ? read / file.size : 0))) {
    if (cancelled.has(id)) throw new Cancelled();
    const bytes = encoder.encode(text);
    parts.push(bytes);
    size += bytes.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The origin's storage use and quota, when the browser tells them (not in every browser or window). */
async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e && Number.isFinite(e.usage) && Number.isFinite(e.quota) ? { usage: e.usage!, quota: e.quota! } : null;
  } catch {
    return null;
  }
}

async function importCsv(req: Extract<DbRequest, { type: 'importCsv' }>, progress: (f: number, stage: string, rows?: number) => void): Promise<ImportInfo> {
  const database = db!;
  connection();
  const table = req.table ?? 'customers';
  const head = new Uint8Array(await req.file.slice(0, 65536).arrayBuffer());
  // What the file is, as the survey import tells it: Parquet is read as it is, a workbook, archive,
  // web page or binary file is refused by name before DuckDB reads it as a CSV of noise.
  const kind = sniffFileType(head);
  if (kind && kind.kind !== 'parquet') throw new IssueError(notCsvIssue(kind, req.file.name));
  // Parquet is read in place like UTF-8 text; other encodings are decoded in memory first.
  const encoding = kind ? 'utf-8' : sniffEncoding(head);
  // Said before reading, not after minutes: a file the browser cannot hold (importBudget.ts).
  const tooLarge = importBudgetIssue({ file: req.file.name, bytes: req.file.size, storage, utf8: encoding === 'utf-8', estimate: await storageEstimate() });
  if (tooLarge) throw new IssueError(tooLarge);
  if (kind?.kind === 'parquet') {
    const pq = `import-${req.id}.parquet`;
    progress(0, 'read');
    await database.registerFileHandle(pq, req.file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    try {
      await run(importParquetSql(pq, table), req.id, (f) => progress(0.95 * f, 'load'));
    } finally {
      await database.dropFile(pq);
    }
    return finishImport(table, 'parquet', req, progress);
  }
  // The dialect as the survey import reads it (delimiter, decimal comma), unless the caller set one.
  const dialect = sniffDialect(new TextDecoder(encoding).decode(head));
  const options = { delimiter: dialect.delimiter, decimalSeparator: dialect.decimalComma ? (',' as const) : ('.' as const), ...req.options };
  const name = `import-${req.id}.csv`;
  progress(0, 'read');
  if (encoding === 'utf-8') await database.registerFileHandle(name, req.file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  else await database.registerFileBuffer(name, await toUtf8(req.file, encoding, req.id, (f) => progress(0.3 * f, 'transcode')));
  try {
    const start = encoding === 'utf-8' ? 0 : 0.3;
    const names = (await run(describeCsvSql(name, options), req.id)).map((r) => String(r.column_name));
    await run(importCsvSql(name, table, { textColumns: idTextColumns(names), ...options }), req.id, (f) => progress(start + (0.95 - start) * f, 'load'));
  } finally {
    await database.dropFile(name);
  }
  return finishImport(table, encoding, req, progress);
}

/** The import's checks on the columns proposed by name (customerChecks.ts), as `icrm` runs them. */
async function finishImport(
  table: string,
  encoding: string,
  req: Extract<DbRequest, { type: 'importCsv' }>,
  progress: (f: number, stage: string, rows?: number) => void,
): Promise<ImportInfo> {
  const renamed = await cleanColumnNames((sql) => run(sql, req.id), { table, file: req.file.name });
  const loaded = await describe(table, req.id);
  const found = detectCustomerColumns(loaded.columns);
  const checked = { id: found.id ?? loaded.columns[0]?.name ?? null, revenue: found.revenue, margin: found.margin };
  const issues = [...renamed, ...(await check(table, req.file.name, checked, encoding === 'parquet' ? 1 : 2, req.id))];
  const { rows, columns } = issues.length ? await describe(table, req.id) : loaded;
  if (storage === 'opfs') await run('CHECKPOINT', req.id);
  progress(1, 'done', rows);
  return { table, rows, columns, encoding, issues, checked };
}

async function describe(table: string, id: number): Promise<Pick<ImportInfo, 'rows' | 'columns'>> {
  const rows = Number((await run(countRowsSql(table), id))[0].n);
  const columns = (await run(tableColumnsSql(table), id)).map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
  return { rows, columns };
}

function check(table: string, file: string, columns: CheckedColumns, firstRow: number, id: number): Promise<Issue[]> {
  return checkCustomers((sql) => run(sql, id), { table, file, idColumn: columns.id, numberColumns: [columns.revenue, columns.margin], firstRow });
}

async function score(req: Extract<DbRequest, { type: 'score' }>, progress: (f: number, stage: string) => void): Promise<ScoreInfo> {
  const options = { table: req.table, idColumn: req.idColumn, columns: req.columns };
  let model = req.model;
  let priors: PriorAdaptation | null = null;
  if ((req.priors ?? 'database') === 'database') {
    progress(0, 'segment mix');
    const combos = combinationsFromRows(await run(combinationsSql(model, options), req.id), model.columns.length);
    priors = adaptPriors(model, combos);
    model = priors.model;
  }
  const q = scoringSql(model, options);
  progress(0.2, 'score');
  await run(`CREATE OR REPLACE TABLE scores AS ${q.sql}`, req.id, (f) => progress(0.2 + 0.75 * f, 'score'));
  if (storage === 'opfs') await run('CHECKPOINT', req.id);
  lastScores = { segments: model.segments, probabilityColumns: q.probabilityColumns };
  const rows = Number((await run(countRowsSql('scores'), req.id))[0].n);
  return { table: 'scores', rows, probabilityColumns: q.probabilityColumns, segments: model.segments, priors, sql: q.sql, form: q.form, combinations: q.combinations };
}

async function handle(req: Exclude<DbRequest, { type: 'cancel' }>): Promise<DbResults[keyof DbResults]> {
  const progress = (fraction: number, stage: string, rows?: number) => post({ id: req.id, type: 'progress', fraction, stage, rows });
  if (req.type !== 'open' && !db) throw new Error('the customer database is not open yet');
  switch (req.type) {
    case 'open':
      progress(0, 'start');
      return open(req.persistent ?? true);
    case 'describe':
      return { table: req.table, ...(await describe(req.table, req.id)), encoding: '', issues: [], checked: null } satisfies ImportInfo;
    case 'check': {
      // Columns the user chose after the import: the same checks, then the table as it now is.
      const issues = await check(req.table, req.file, req.columns, req.firstRow, req.id);
      if (issues.length && storage === 'opfs') await run('CHECKPOINT', req.id);
      return { table: req.table, ...(await describe(req.table, req.id)), encoding: '', issues, checked: req.columns } satisfies ImportInfo;
    }
    case 'customerSample':
      // Tiers ranked over the whole table, then the sample drawn (customerSample.ts).
      return customerSampleFromRows(await run(customerSampleSql({ ...req, scores: 'scores' }), req.id), req.probabilityColumns);
    case 'points': {
      const o = { table: req.table, idColumn: req.idColumn, revenueColumn: req.revenueColumn };
      const stats = statsFromRows(await run(pointsStatsSql(req.scheme, req.table), req.id, (f) => progress(0.4 * f, 'points')), req.scheme);
      const tierRows = await run(scoreTiersSql(req.scheme, { ...o, quantiles: true }), req.id, (f) => progress(0.4 + 0.4 * f, 'points'));
      const tiers = scoreTiersFromRows(tierRows);
      const q = quantilesFromTierRows(tierRows);
      const { values, distinctValues } = valuesFromRows(await run(pointsValuesSql(req.scheme, req.table), req.id), req.scheme);
      return { customers: q.customers, stats, tiers, quantiles: q.quantiles, values, distinctValues } satisfies PointsInfo;
    }
    case 'importCsv':
      return importCsv(req, progress);
    case 'profileValues':
      return (await run(profileValuesSql(req.table, req.columns), req.id)).map((r) => ({
        column_index: Number(r.column_index),
        value: r.value == null ? null : String(r.value),
        customers: Number(r.customers),
      }));
    case 'score':
      return score(req, progress);
    case 'zoomOut': {
      if (!lastScores) throw new Error('score the customers before the zoom-out');
      const sql = zoomOutSql({ ...req.options, scores: 'scores', ...lastScores });
      return databaseSegmentsFromRows(await run(sql, req.id, (f) => progress(f, 'zoom out')), lastScores.segments);
    }
    case 'pyramid': {
      // The pyramid is the database's own: without scores it has no per-segment rows.
      const sql = pyramidSql({ ...req.options, scores: lastScores ? 'scores' : null });
      return pyramidFromRows(await run(sql, req.id, (f) => progress(f, 'pyramid')), lastScores?.segments ?? [], req.options.marginColumn !== null);
    }
    case 'economics': {
      if (!lastScores) throw new Error('score the customers before the customer economics');
      const sums = await run(economicsSql({ ...req.options, scores: 'scores', ...lastScores }), req.id, (f) => progress(0.8 * f, 'economics'));
      const keys = await run(keyAccountsSql({ ...req.options, scores: 'scores' }), req.id, (f) => progress(0.8 + 0.2 * f, 'key accounts'));
      return economicsFromRows(sums, keys, lastScores.segments);
    }
  }
}

/**
 * Requests run one at a time, in the order they came: they share one connection, and an import
 * that replaces the customer table while an analysis scores it (the sample's automatic link and a
 * user's file, or the zoom-out refreshed by a new measurement) could hang or read half a table.
 */
let chain: Promise<void> = Promise.resolve();
/** Requests waiting their turn; a cancel answers one at once, so its hard stop never ends the request running before it. */
const queued = new Set<number>();

self.onmessage = async (e: MessageEvent<DbRequest>) => {
  const req = e.data;
  if (req.type === 'cancel') {
    cancelled.add(req.id);
    if (queued.delete(req.id)) {
      cancelled.delete(req.id);
      post({ id: req.id, type: 'error', message: 'cancelled', cancelled: true });
    } else if (running?.id === req.id) await conn?.cancelSent();
    return;
  }
  queued.add(req.id);
  chain = chain.then(async () => {
    if (!queued.delete(req.id)) return; // cancelled while it waited: already answered
    try {
      post({ id: req.id, type: 'done', result: await handle(req) });
    } catch (err) {
      const isCancel = err instanceof Cancelled || cancelled.has(req.id);
      post({ id: req.id, type: 'error', message: isCancel ? 'cancelled' : message(err), cancelled: isCancel, issue: err instanceof IssueError ? err.issue : undefined });
    } finally {
      cancelled.delete(req.id);
    }
  });
};
