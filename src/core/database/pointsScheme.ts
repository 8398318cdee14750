/**
 * Qualitative fields scored (issue 14 item 2): the CRM practice of turning text columns (industry,
 * ownership, decision style, relationship history ...) into one number per customer.
 *
 * A scheme has categories; each category is one text column of the customer database with a
 * coefficient (its weight) and the evaluation values of that column with their points. A
 * customer's score is the sum over the categories of coefficient x points of the customer's value.
 * A blank cell (NULL, or only spaces) scores 0 and is counted; a value the scheme does not list
 * scores 0 too and is counted apart ("unscored"), with the values themselves, so the user sees what
 * the scheme misses instead of a silently low score. Values are matched as the database writes them
 * as text (the same text the app lists under the column), after trimming spaces.
 *
 * The score runs in SQL (pointsScoreSql) over the whole table in DuckDB or a warehouse; scoreRows is
 * the same arithmetic in JavaScript, for the tests and small tables.
 */
import { firstControlChar } from '../import/header.ts';
import { FORBIDDEN, isObj, Reader } from '../validate.ts';
import { doubleLiteral, quoteIdent, quoteString, ZERO } from './sql.ts';
import { TIER_CUTS, tierCases } from './tiers.ts';

export interface PointsCategory {
  /** The database column scored. */
  column: string;
  coefficient: number;
  /** Evaluation value (as text) -> points. */
  points: Record<string, number>;
}

export interface PointsScheme {
  name: string;
  categories: PointsCategory[];
}

export const SCHEME_FORMAT = 'icrm-points-scheme';
export const SCHEME_VERSION = 1;
export const SCHEME_LIMITS = { categories: 50, values: 1000, text: 200, bytes: 1_000_000, magnitude: 1e9 } as const;


/** A cell's text as the scheme matches it, or null when blank. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = (typeof v === 'string' ? v : String(v)).trim();
  return s === '' ? null : s;
}

export interface CategoryStats {
  column: string;
  blank: number;
  unscored: number;
  /** The values not in the scheme, most frequent first (at most UNSCORED_LISTED). */
  unscoredValues: { value: string; customers: number }[];
}

/** Scores of hand-sized rows (the reference for the SQL): one score per row, and the counts per category. */
export function scoreRows(rows: Record<string, unknown>[], scheme: PointsScheme): { scores: Float64Array; stats: CategoryStats[] } {
  const scores = new Float64Array(rows.length);
  const stats = scheme.categories.map((c) => ({ column: c.column, blank: 0, unscored: 0, counts: new Map<string, number>() }));
  rows.forEach((row, i) => {
    let s = 0;
    scheme.categories.forEach((c, j) => {
      const v = cellText(row[c.column]);
      if (v === null) stats[j].blank++;
      else if (Object.hasOwn(c.points, v)) s += c.coefficient * c.points[v];
      else {
        stats[j].unscored++;
        stats[j].counts.set(v, (stats[j].counts.get(v) ?? 0) + 1);
      }
    });
    scores[i] = s;
  });
  return {
    scores,
    stats: stats.map((x) => ({
      column: x.column,
      blank: x.blank,
      unscored: x.unscored,
      unscoredValues: [...x.counts].map(([value, customers]) => ({ value, customers })).sort((a, b) => b.customers - a.customers || (a.value < b.value ? -1 : 1)).slice(0, UNSCORED_LISTED),
    })),
  };
}

const trimmed = (alias: string, column: string) => `NULLIF(TRIM(CAST(${alias}${quoteIdent(column)} AS VARCHAR)), '')`;

/** The score of one customer as an SQL expression over the table aliased `alias` (e.g. `c.`). */
export function pointsScoreSql(scheme: PointsScheme, alias = ''): string {
  if (!scheme.categories.length) return ZERO;
  return scheme.categories
    .map((c) => {
      const whens = Object.entries(c.points).map(([v, p]) => `WHEN ${quoteString(v.trim())} THEN ${doubleLiteral(p)}`);
      const points = whens.length ? `CASE ${trimmed(alias, c.column)} ${whens.join(' ')} ELSE ${ZERO} END` : ZERO;
      return `${doubleLiteral(c.coefficient)} * ${points}`;
    })
    .join(' + ');
}

/** Values named per column: the editor lists this many, most customers first (a column of names has a million). */
export const VALUES_LISTED = 40;
/** Unscored values named per column in the counts (the editor's line, the CLI's columns.csv). */
export const UNSCORED_LISTED = 10;

/**
 * Blank and unscored counts per category, and the UNSCORED_LISTED most frequent unscored values
 * with their customers: `column_index, kind ('blank' | 'unscored' | 'unscored-rest'), value,
 * customers`; 'unscored-rest' sums the other unscored values, so the counts stay whole while the
 * rows sent back stay few whatever the column holds.
 */
export function pointsStatsSql(scheme: PointsScheme, table: string): string {
  if (!scheme.categories.length) throw new Error('a points scheme needs at least one category (a column with its coefficient and values)');
  return scheme.categories
    .map((c, j) => {
      const v = trimmed('', c.column);
      const listed = Object.keys(c.points).map((k) => quoteString(k.trim()));
      const known = listed.length ? `${v} IN (${listed.join(', ')})` : 'FALSE';
      return `SELECT ${j} AS column_index, CASE WHEN kind = 'unscored' AND rank > ${UNSCORED_LISTED} THEN 'unscored-rest' ELSE kind END AS kind,
  CASE WHEN kind = 'unscored' AND rank > ${UNSCORED_LISTED} THEN NULL ELSE value END AS value, SUM(customers) AS customers
FROM (SELECT kind, value, customers, ROW_NUMBER() OVER (PARTITION BY kind ORDER BY customers DESC, value) AS rank
  FROM (SELECT CASE WHEN ${v} IS NULL THEN 'blank' ELSE 'unscored' END AS kind, ${v} AS value, COUNT(*) AS customers
    FROM ${quoteIdent(table)} WHERE ${v} IS NULL OR NOT (${known}) GROUP BY ${v}))
GROUP BY 1, 2, 3`;
    })
    .join('\nUNION ALL\n');
}

/**
 * The values of each scored column (trimmed, blanks left out) with their customers: the
 * VALUES_LISTED most frequent and every value the scheme gives points, with the column's number of
 * distinct values: `column_index, value, customers, distinct_values`.
 */
export function pointsValuesSql(scheme: PointsScheme, table: string): string {
  return scheme.categories
    .map((c, j) => {
      const v = trimmed('', c.column);
      const listed = Object.keys(c.points).map((k) => quoteString(k.trim()));
      return `SELECT ${j} AS column_index, value, customers, distinct_values FROM (SELECT ${v} AS value, COUNT(*) AS customers, COUNT(*) OVER () AS distinct_values,
  ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, ${v}) AS rank FROM ${quoteIdent(table)} WHERE ${v} IS NOT NULL GROUP BY ${v})
WHERE rank <= ${VALUES_LISTED}${listed.length ? ` OR value IN (${listed.join(', ')})` : ''}`;
    })
    .join('\nUNION ALL\n');
}

/** pointsValuesSql's rows: per column its values listed, most customers first, and its number of distinct values. */
export function valuesFromRows(rows: Record<string, unknown>[], scheme: PointsScheme): { values: { value: string; customers: number }[][]; distinctValues: number[] } {
  const values = scheme.categories.map(() => [] as { value: string; customers: number }[]);
  const distinctValues = scheme.categories.map(() => 0);
  for (const r of rows) {
    const j = Number(r.column_index);
    values[j].push({ value: String(r.value), customers: Number(r.customers) });
    distinctValues[j] = Number(r.distinct_values);
  }
  for (const list of values) list.sort((a, b) => b.customers - a.customers || (a.value < b.value ? -1 : 1));
  return { values, distinctValues };
}

/** pointsStatsSql's rows as CategoryStats. */
export function statsFromRows(rows: Record<string, unknown>[], scheme: PointsScheme): CategoryStats[] {
  const out = scheme.categories.map((c) => ({ column: c.column, blank: 0, unscored: 0, unscoredValues: [] as { value: string; customers: number }[] }));
  for (const r of rows) {
    const s = out[Number(r.column_index)];
    const n = Number(r.customers);
    if (r.kind === 'blank') s.blank += n;
    else {
      s.unscored += n;
      if (r.kind === 'unscored') s.unscoredValues.push({ value: String(r.value), customers: n });
    }
  }
  for (const s of out) s.unscoredValues = s.unscoredValues.sort((a, b) => b.customers - a.customers || (a.value < b.value ? -1 : 1)).slice(0, UNSCORED_LISTED);
  return out;
}

/**
 * Customers, revenue and score per tier when the tiers are cut by score instead of revenue (the
 * score as a tier basis): the top 1% / next 4% / next 15% / rest 80% of customers by score, ties
 * broken by id as the revenue tiers are. `tier, customers, revenue, min_score, mean_score, max_score`.
 */
export function scoreTiersSql(scheme: PointsScheme, options: { table: string; idColumn: string; revenueColumn: string | null; quantiles?: boolean }): string {
  const id = quoteIdent(options.idColumn);
  const rev = options.revenueColumn ? `CAST(c.${quoteIdent(options.revenueColumn)} AS DOUBLE PRECISION)` : 'CAST(NULL AS DOUBLE PRECISION)';
  // The revenue tiers' own cut rule (tierCases), on the score's rank.
  const cases = tierCases('score_rank', 'n');
  // With `quantiles`, the score's quantiles over every customer (the map's five colour classes) in the
  // same pass, repeated on each tier's row: the editor asks for both on every change of the scheme.
  // Without (icrm points), no whole-table sorts for figures nobody reads.
  const qs = [0.2, 0.4, 0.6, 0.8].map((q, k) => `quantile_cont(score, ${doubleLiteral(q)}) OVER () AS q${k + 1}`).join(', ');
  const windows = options.quantiles ? `,\n    MIN(score) OVER () AS q0, ${qs}, MAX(score) OVER () AS q5` : '';
  const picked = options.quantiles ? `, ${[0, 1, 2, 3, 4, 5].map((k) => `MAX(q${k}) AS q${k}`).join(', ')}` : '';
  return `WITH scored AS (
  SELECT c.${id} AS customer_id, ${rev} AS revenue, ${pointsScoreSql(scheme, 'c.')} AS score FROM ${quoteIdent(options.table)} AS c
), ranked AS (
  SELECT *, ROW_NUMBER() OVER (ORDER BY score DESC, customer_id) AS score_rank, COUNT(*) OVER () AS n${windows} FROM scored
), tiered AS (
  SELECT *, CASE ${cases} ELSE ${TIER_CUTS.length} END AS tier FROM ranked
)
SELECT tier, COUNT(*) AS customers, SUM(revenue) AS revenue, MIN(score) AS min_score, AVG(score) AS mean_score, MAX(score) AS max_score,
  MAX(n) AS n${picked}
FROM tiered GROUP BY tier ORDER BY tier`;
}

/** How many customers, and the score at the 0, 20, 40, 60, 80 and 100th percentiles, from scoreTiersSql's rows asked with `quantiles` (none for an empty table). */
export function quantilesFromTierRows(rows: Record<string, unknown>[]): { customers: number; quantiles: number[] } {
  const r = rows[0];
  if (!r) return { customers: 0, quantiles: [NaN, NaN, NaN, NaN, NaN, NaN] };
  return { customers: Number(r.n), quantiles: [0, 1, 2, 3, 4, 5].map((k) => (r[`q${k}`] === null ? NaN : Number(r[`q${k}`]))) };
}

/**
 * The colour class (0-4, lowest to highest score) of a score among the quantiles of the whole
 * table; -1 when the score is not a number. Equal quantiles (many equal scores) share the lower class.
 */
export function scoreClass(score: number, quantiles: readonly number[]): number {
  if (!Number.isFinite(score)) return -1;
  let k = 0;
  for (let j = 1; j <= 4; j++) if (score > quantiles[j]) k = j;
  return k;
}

export interface PointsInfo {
  customers: number;
  stats: CategoryStats[];
  /** The values of each scored column the editor lists (pointsValuesSql), most customers first. */
  values: { value: string; customers: number }[][];
  /** How many distinct values each scored column has. */
  distinctValues: number[];
  tiers: ScoreTier[];
  quantiles: number[];
}

export interface ScoreTier {
  tier: number;
  customers: number;
  revenue: number;
  minScore: number;
  meanScore: number;
  maxScore: number;
}

export function scoreTiersFromRows(rows: Record<string, unknown>[]): ScoreTier[] {
  const num = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));
  return rows.map((r) => ({ tier: Number(r.tier), customers: Number(r.customers), revenue: num(r.revenue), minScore: num(r.min_score), meanScore: num(r.mean_score), maxScore: num(r.max_score) }));
}

/** A scheme as its small file (JSON, versioned, values in the order given). */
export function schemeFile(scheme: PointsScheme): string {
  return JSON.stringify({ format: SCHEME_FORMAT, version: SCHEME_VERSION, name: scheme.name, categories: scheme.categories }, null, 2) + '\n';
}

/** A problem with a scheme file or a stored scheme: where it is in the file and what to do. */
export class SchemeError extends Error {}

/**
 * A scheme from its file's text (or an already parsed object), validated as any imported file:
 * size checked before parsing, a known format and version, text of bounded length, finite numbers
 * of bounded size, no repeated column, and keys like `__proto__` copied into nothing. `columns`,
 * when given, are the database's columns: a category on another column is refused by name.
 */
export function readScheme(input: string | unknown, file: string, columns?: readonly string[]): PointsScheme {
  let json: unknown = input;
  if (typeof input === 'string') {
    if (input.length > SCHEME_LIMITS.bytes) throw new SchemeError(`${file}: ${input.length} characters is too large for a points scheme (at most ${SCHEME_LIMITS.bytes}). Fix: choose the scheme file exported from the app`);
    try {
      json = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new SchemeError(`${file}: not valid JSON (${(e as Error).message}). Fix: choose the scheme file exported from the app, or correct its JSON`);
    }
  }
  const r = new Reader(file, (message) => new SchemeError(message));
  const fail = (path: string, what: string): never => r.fail(path, what);
  if (!isObj(json)) fail('the file', 'must be a JSON object with "format": "icrm-points-scheme". Fix: choose the scheme file exported from the app');
  const o = json as Record<string, unknown>;
  if (o.format !== SCHEME_FORMAT) fail('"format"', `must be "${SCHEME_FORMAT}" (found ${JSON.stringify(o.format ?? null)}): this is not a points scheme. Fix: choose the scheme file exported from the app`);
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) fail('"version"', 'must be a whole number');
  if ((o.version as number) > SCHEME_VERSION) fail('"version"', `is ${o.version}: made by a newer version of the app (this one reads up to ${SCHEME_VERSION}). Fix: update the app`);
  // A name, a column or a value: text a person typed, shown on screen and written into SQL as a literal.
  const text = (v: unknown, path: string): string => {
    const s = r.str(v, path, SCHEME_LIMITS.text);
    if (!s.trim()) fail(path, 'must not be empty');
    if (firstControlChar(s) !== null) fail(path, 'holds a control character. Fix: type it again without it');
    return s;
  };
  const num = (v: unknown, path: string): number => r.num(v, path, -SCHEME_LIMITS.magnitude, SCHEME_LIMITS.magnitude);
  const name = text(o.name, '"name"');
  if (!Array.isArray(o.categories)) fail('"categories"', 'must be a list of {column, coefficient, points}');
  const cats = o.categories as unknown[];
  if (!cats.length) fail('"categories"', 'is empty. Fix: score at least one column');
  if (cats.length > SCHEME_LIMITS.categories) fail('"categories"', `has ${cats.length} entries (at most ${SCHEME_LIMITS.categories})`);
  const seen = new Set<string>();
  const categories = cats.map((c, i): PointsCategory => {
    const path = `categories[${i}]`;
    if (!isObj(c)) fail(path, 'must be an object {column, coefficient, points}');
    const x = c as Record<string, unknown>;
    const column = text(x.column, `${path}.column`);
    if (seen.has(column)) fail(`${path}.column`, `"${column}" is scored twice. Fix: one category per column`);
    seen.add(column);
    if (columns && !columns.includes(column)) fail(`${path}.column`, `"${column}" is not a column of the customer database (${columns.join(', ')}). Fix: rename the column in the scheme, or load the database it was made for`);
    if (!isObj(x.points)) fail(`${path}.points`, 'must be an object {"value": points}');
    const keys = Object.keys(x.points as object);
    if (keys.length > SCHEME_LIMITS.values) fail(`${path}.points`, `has ${keys.length} values (at most ${SCHEME_LIMITS.values})`);
    const points: Record<string, number> = Object.create(null);
    for (const k of keys) {
      if (FORBIDDEN.has(k)) continue;
      text(k, `${path}.points key`);
      points[k.trim()] = num((x.points as Record<string, unknown>)[k], `${path}.points["${k}"]`);
    }
    return { column, coefficient: num(x.coefficient, `${path}.coefficient`), points };
  });
  return { name, categories };
}
