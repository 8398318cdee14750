/**
 * Checks of a customer table just loaded, the same in the db worker and in `icrm` (issue 12 items
 * 12 and 13). Every problem is reported as an Issue (file, column, the first rows, the count, the
 * fix) and repaired in the table, so that no later sum, tier or segment sees it:
 *
 * - Duplicate customer ids: the first row of each id, in file order, is kept; the later rows are
 *   deleted. Adding them up instead would guess what the repeat means (a second contract, or the
 *   same export appended twice); keeping them counted a customer twice in every total (500
 *   repeats in 5,500 rows read as 6,500 customers: the scores join matched each repeat twice).
 *   Blank ids are not duplicates of each other; those customers never join the scores.
 * - Revenue or margin that is NaN or ±infinity: set to NULL, a customer without a revenue (no
 *   tier, not in sums). One NaN otherwise made every segment's sum NaN, shown as 0.
 * - Revenue or margin read as text (a cell `n/a`, `#DIV/0!` or `1e999` among numbers): the column
 *   becomes DOUBLE; cells that are not finite numbers become NULL and are reported.
 *
 * DuckDB SQL (`rowid` is the load order, so row = rowid + firstRow; isfinite; TRY_CAST; ALTER ...
 * USING): this runs on the browser's and the command line's DuckDB, not in a warehouse.
 */
import type { Issue } from '../issues.ts';
import { cleanHeader, headerIssueText } from '../import/header.ts';
import { tableColumnsSql } from './importSql.ts';
import { intLiteral, quoteIdent } from './sql.ts';

/** Runs one statement and returns its rows as plain objects (the worker's `run`, the CLI's `rows`). */
export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export interface CustomerCheckOptions {
  table: string;
  /** File name shown in the issues. */
  file: string;
  /** Customer id column; null skips the duplicate check. */
  idColumn: string | null;
  /** Revenue and margin columns (nulls are skipped). */
  numberColumns: (string | null)[];
  /** Spreadsheet row of the first data row: 2 for a CSV with a header row (default), 1 for Parquet. */
  firstRow?: number;
  /** Rows named per problem. Default 5. */
  examples?: number;
}

/**
 * Renames the columns whose header holds control or text-direction characters, or is longer than
 * MAX_HEADER_LENGTH, to the name the survey import would read (import/header.ts), and reports each
 * as the survey import does. Run before the columns are proposed by name.
 */
export async function cleanColumnNames(query: Query, options: { table: string; file: string }): Promise<Issue[]> {
  const names = (await query(tableColumnsSql(options.table))).map((r) =>
    String(r.column_name),
  );
  const taken = new Set(names);
  const issues: Issue[] = [];
  for (const [j, name] of names.entries()) {
    if (name.includes('\u0000')) continue; // SQL cannot quote it; DuckDB's reader does not produce one
    const clean = cleanHeader(name);
    if (clean.name === name) continue;
    let to = clean.name || `column ${j + 1}`;
    for (let k = 2; taken.has(to); k++) to = `${clean.name || `column ${j + 1}`} (${k})`;
    await query(`ALTER TABLE ${quoteIdent(options.table)} RENAME COLUMN ${quoteIdent(name)} TO ${quoteIdent(to)}`);
    taken.add(to);
    for (const t of headerIssueText(j + 1, { ...clean, name: to })) issues.push({ severity: 'warning', file: options.file, row: 1, column: to, ...t });
  }
  return issues;
}

const FLOAT_TYPES = /^(DOUBLE|FLOAT|REAL)/i;
const TEXT_TYPES = /^(VARCHAR|TEXT|STRING)/i;

const list = (xs: string[]) => xs.join(', ');

/** Checks `table` and repairs it in place (see the top of the file); the issues in the order found. */
export async function checkCustomers(query: Query, options: CustomerCheckOptions): Promise<Issue[]> {
  const t = quoteIdent(options.table);
  const first = options.firstRow ?? 2;
  const examples = options.examples ?? 5;
  const issues: Issue[] = [];
  const types = new Map(
    (await query(tableColumnsSql(options.table))).map((r) => [
      String(r.column_name),
      String(r.data_type),
    ]),
  );

  if (options.idColumn && types.has(options.idColumn)) {
    const id = quoteIdent(options.idColumn);
    const repeats = `SELECT rowid AS r, CAST(${id} AS VARCHAR) AS id, MIN(rowid) OVER (PARTITION BY ${id}) AS first_r, ROW_NUMBER() OVER (PARTITION BY ${id} ORDER BY rowid) AS k FROM ${t} WHERE ${id} IS NOT NULL`;
    const [sum] = await query(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM (${repeats}) WHERE k > 1`);
    const n = Number(sum.n);
    if (n > 0) {
      const ex = await query(`SELECT r, id, first_r FROM (${repeats}) WHERE k > 1 ORDER BY r LIMIT ${intLiteral(examples)}`);
      await query(`DELETE FROM ${t} WHERE rowid IN (SELECT r FROM (${repeats}) WHERE k > 1)`);
      const ids = Number(sum.ids);
      const shown = list(ex.map((e) => `row ${Number(e.r) + first} repeats ${JSON.stringify(String(e.id))} of row ${Number(e.first_r) + first}`));
      issues.push({
        severity: 'warning',
        code: 'db-duplicate-id',
        file: options.file,
        row: Number(ex[0].r) + first,
        column: options.idColumn,
        value: String(ex[0].id),
        message: `${ids} customer id(s) appear on more than one row: the first row of each id is kept, the ${n} later row(s) are left out of every count, sum and tier (${shown}${n > ex.length ? ', …' : ''})`,
        fix: 'give every customer its own id, or add up a customer’s rows into one before the export (one row per customer)',
        params: { ids, rows: n, examples: shown },
      });
    }
  }

  for (const column of options.numberColumns) {
    if (!column || !types.has(column)) continue;
    const type = types.get(column)!;
    const c = quoteIdent(column);
    const text = TEXT_TYPES.test(type);
    if (!text && !FLOAT_TYPES.test(type)) continue; // integers and decimals are always finite
    const number = `TRY_CAST(trim(${c}) AS DOUBLE)`;
    const bad = text ? `${c} IS NOT NULL AND trim(${c}) <> '' AND NOT coalesce(isfinite(${number}), false)` : `NOT isfinite(${c})`;
    const [sum] = await query(`SELECT COUNT(*) FILTER (WHERE ${bad}) AS n, COUNT(${c}) AS filled FROM ${t}`);
    const n = Number(sum.n);
    if (n > 0) {
      const ex = await query(`SELECT rowid AS r, CAST(${c} AS VARCHAR) AS value FROM ${t} WHERE ${bad} ORDER BY rowid LIMIT ${intLiteral(examples)}`);
      const rows = list(ex.map((e) => String(Number(e.r) + first)));
      const values = list([...new Set(ex.map((e) => JSON.stringify(String(e.value))))]);
      const found = {
        file: options.file,
        row: Number(ex[0].r) + first,
        column,
        value: String(ex[0].value),
        message: `${n} of ${Number(sum.filled)} values of ${column} are ${text ? 'not a number' : 'NaN or infinity'} (${ex.length > 1 ? 'rows' : 'row'} ${rows}${n > ex.length ? ', …' : ''}: ${values}): left out of sums and tiers, as customers without a value`,
        params: { count: n, filled: Number(sum.filled), rows, values },
      };
      issues.push(
        text
          ? {
              severity: 'warning',
              code: 'db-not-a-number',
              ...found,
              fix: 'write numbers only in that column (no currency signs, thousands separators or notes such as n/a), or leave a cell blank when the value is not known',
            }
          : {
              severity: 'warning',
              code: 'db-not-finite',
              ...found,
              fix: 'correct those cells in the source (a NaN or an infinity usually comes from a formula dividing by zero), or leave them blank',
            },
      );
    }
    if (text) await query(`ALTER TABLE ${t} ALTER ${c} SET DATA TYPE DOUBLE USING CASE WHEN isfinite(${number}) THEN ${number} END`);
    else if (n > 0) await query(`UPDATE ${t} SET ${c} = NULL WHERE ${bad}`);
  }
  return issues;
}
