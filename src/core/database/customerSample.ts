/**
 * The customers drawn on the map and listed in a campaign export: a seeded sample of the scored
 * table with each customer's segment probabilities, revenue and value tier. The tier is ranked
 * over the whole table (tierCtes, the zoom-out's rule), then the sample is drawn: ranking inside a
 * 20,000-customer sample put customers in other tiers than the zoom-out and the pyramid (issue 12
 * item 15). A customer without a revenue has no tier (-1) and a NaN revenue.
 *
 * DuckDB SQL (`USING SAMPLE reservoir(n ROWS) REPEATABLE (seed)`): the app's and the CLI's engine.
 */
import { intLiteral, quoteIdent } from './sql.ts';
import { tierCtes } from './tiers.ts';
import { pointsScoreSql, type PointsScheme } from './pointsScheme.ts';

export interface CustomerSampleSqlOptions {
  table: string;
  idColumn: string;
  revenueColumn: string;
  /** Column holding the survey respondent id of a customer; null when none. */
  respondentColumn?: string | null;
  /** Table of scoringSql's output (customer_id and the probability columns). Default `scores`. */
  scores?: string;
  probabilityColumns: string[];
  /** Most customers returned; the whole table when it holds fewer. */
  limit: number;
  /** Seed of the reservoir sample, so the same table draws the same customers. Default 7. */
  seed?: number;
  /** A points scheme (pointsScheme.ts): each customer's score comes back as `points`. */
  scheme?: PointsScheme | null;
}

/** `id, revenue, tier, respondent` and the probability columns of up to `limit` scored customers. */
export function customerSampleSql(options: CustomerSampleSqlOptions): string {
  const ctes = tierCtes({ table: options.table, idColumn: options.idColumn, revenueColumn: options.revenueColumn });
  const respondent = options.respondentColumn ? `c.${quoteIdent(options.respondentColumn)}` : 'NULL';
  const probs = options.probabilityColumns.map((c) => `s.${quoteIdent(c)}`).join(', ');
  return `WITH\n${ctes.join(',\n')}
SELECT t.customer_id AS id, t.revenue, t.tier, ${respondent} AS respondent${options.scheme ? `, ${pointsScoreSql(options.scheme, 'c.')} AS points` : ''}${probs ? `, ${probs}` : ''}
FROM tiered AS t
JOIN ${quoteIdent(options.table)} AS c ON c.${quoteIdent(options.idColumn)} = t.customer_id
JOIN ${quoteIdent(options.scores ?? 'scores')} AS s ON s.customer_id = t.customer_id
USING SAMPLE reservoir(${intLiteral(Math.max(1, Math.floor(options.limit)))} ROWS) REPEATABLE (${intLiteral(options.seed ?? 7)})`;
}

/** customerSampleSql's rows as columns: ids as text, a missing revenue as NaN and no tier as -1. */
export function customerSampleFromRows(rows: Record<string, unknown>[], probabilityColumns: string[]) {
  const K = probabilityColumns.length;
  const prob = new Float32Array(rows.length * K);
  const revenue = new Float64Array(rows.length);
  const tier = new Int32Array(rows.length);
  const ids: string[] = [];
  const respondents: string[] = [];
  // NaN for every customer when no scheme was given.
  const points = new Float64Array(rows.length).fill(NaN);
  rows.forEach((r, i) => {
    ids.push(String(r.id));
    respondents.push(r.respondent === null || r.respondent === undefined ? '' : String(r.respondent));
    revenue[i] = r.revenue === null || r.revenue === undefined ? NaN : Number(r.revenue);
    tier[i] = r.tier === null || r.tier === undefined ? -1 : Number(r.tier);
    if (r.points !== undefined && r.points !== null) points[i] = Number(r.points);
    probabilityColumns.forEach((c, k) => (prob[i * K + k] = Number(r[c])));
  });
  return { ids, respondents, revenue, tier, prob, points };
}
