/**
 * Safe pieces of SQL text for the database builders. Everything a user can name (tables,
 * columns, values, segment labels) reaches SQL only through these helpers, so a label such as
 * `O'Brien "Ltd"`, `制造业` or `<img src=x onerror=alert(1)>` is data, never syntax.
 *
 * Standard SQL quoting (ISO 9075): identifiers in double quotes with `"` doubled, strings in
 * single quotes with `'` doubled, no backslash escapes. This is what DuckDB, PostgreSQL
 * (standard_conforming_strings, the default since 9.1), Snowflake, Oracle and SQLite read.
 * MySQL needs `ANSI_QUOTES` and `NO_BACKSLASH_ESCAPES`; BigQuery quotes identifiers with backticks.
 */

function noNul(s: string, what: string): void {
  // A NUL cannot be written inside a quoted SQL token in most engines; refuse rather than cut.
  if (s.includes('\u0000')) throw new Error(`${what} ${JSON.stringify(s)} contains a NUL character, which SQL cannot quote`);
}

/** `name` as a quoted SQL identifier: `"a""b"`. Throws on an empty name or a NUL character. */
export function quoteIdent(name: string): string {
  if (name === '') throw new Error('an SQL identifier cannot be empty');
  noNul(name, 'the identifier');
  return `"${name.replace(/"/g, '""')}"`;
}

/** `s` as an SQL string literal: `'it''s'`. Throws on a NUL character. */
export function quoteString(s: string): string {
  noNul(s, 'the text');
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * A finite double as an exact SQL literal. Written in exponent form because DuckDB reads a plain
 * `1.5` as DECIMAL(2,1) (exact decimal arithmetic, then a rounding cast) but `1.5e+0` as DOUBLE;
 * `toExponential()` without digits is the shortest form that reads back to the same double.
 */
export function doubleLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write ${x} as an SQL number`);
  return x.toExponential();
}

/** A safe integer as an SQL literal. */
export function intLiteral(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Error(`cannot write ${x} as an SQL integer`);
  return String(x);
}

/**
 * 1 and 0 as doubles. A bare `1.0` is DECIMAL(2,1) in DuckDB, and a CASE or SUM of decimals stays
 * decimal, which Arrow hands to JavaScript as an unscaled integer (10 for 1.0).
 */
export const ONE = 'CAST(1 AS DOUBLE PRECISION)';
export const ZERO = 'CAST(0 AS DOUBLE PRECISION)';

/** One VALUES row list, or null when there are no rows (an empty VALUES is not valid SQL). */
export function valuesList(rows: string[][]): string | null {
  if (!rows.length) return null;
  return 'VALUES\n    ' + rows.map((r) => `(${r.join(', ')})`).join(',\n    ');
}
