/**
 * Value tiers of the customer database by revenue (METHOD.md "Zoom in and zoom out": top 1% /
 * next 4% / next 15% / rest 80%), by rank.
 *
 * Rule, the same in TypeScript and SQL:
 * - Customers with a revenue are ranked from the largest revenue down, r = 1..n. Equal revenues
 *   are ordered by customer id (ascending), so tier sizes are exact and reproducible; two
 *   customers with the same revenue can therefore fall on either side of a tier boundary.
 * - Tier j holds the ranks up to round(n * c_j / 100), with c = 1, 5, 20 the cumulative percents
 *   and halves rounded up: rank r is within the top c percent when 100 r <= n c + 50 (integer
 *   arithmetic, no floating point). n = 100 gives 1 / 4 / 15 / 80; n = 150 gives 2 / 6 / 22 / 120;
 *   n = 10 gives 0 / 1 / 1 / 8.
 * - A customer without a revenue has no tier and does not count in n.
 */
import { intLiteral, quoteIdent } from './sql.ts';

/** Cumulative percents of the tier boundaries: top 1%, top 5%, top 20%; the rest is the fourth tier. */
export const TIER_CUTS = [1, 5, 20] as const;
export const TIER_LABELS = ['top 1%', 'next 4%', 'next 15%', 'rest 80%'] as const;

/** Tier (0..3) of rank `r` (1-based) among `n` ranked customers. */
export function tierOfRank(r: number, n: number, cuts: readonly number[] = TIER_CUTS): number {
  for (let j = 0; j < cuts.length; j++) if (100 * r <= n * cuts[j] + 50) return j;
  return cuts.length;
}

/** Number of customers in each tier for `n` ranked customers. */
export function tierSizes(n: number, cuts: readonly number[] = TIER_CUTS): number[] {
  const ends = cuts.map((c) => Math.min(n, Math.floor((n * c + 50) / 100)));
  return [...ends, n].map((e, j) => e - (j ? ends[j - 1] : 0));
}

/**
 * Tier per customer (-1 when the revenue is not a finite number), in memory: the reference the
 * tests hold tiersSql to (the app and the CLI tier in SQL, over the whole table). `ids` break ties
 * (ascending by UTF-16 code unit, which is SQL's binary order for ids without characters beyond U+FFFF); without them the row order does.
 */
export function assignTiers(revenue: ArrayLike<number>, ids?: ArrayLike<string>, cuts: readonly number[] = TIER_CUTS): Int32Array {
  const order: number[] = [];
  for (let i = 0; i < revenue.length; i++) if (Number.isFinite(revenue[i])) order.push(i);
  order.sort((a, b) => revenue[b] - revenue[a] || (ids ? (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0) : a - b));
  const tier = new Int32Array(revenue.length).fill(-1);
  order.forEach((i, k) => (tier[i] = tierOfRank(k + 1, order.length, cuts)));
  return tier;
}

/** The WHEN arms of tierOfRank in SQL, for a rank and a count column; the CASE's ELSE is the last tier. */
export function tierCases(rank: string, n: string, cuts: readonly number[] = TIER_CUTS): string {
  return cuts.map((c, j) => `WHEN 100 * ${rank} <= ${n} * ${intLiteral(c)} + 50 THEN ${j}`).join(' ');
}

export interface TiersSqlOptions {
  table: string;
  /** Default `customer_id`. */
  idColumn?: string;
  /** Default `revenue_12m`. */
  revenueColumn?: string;
  /** Carried along as `margin` when given (for the zoom-out); NULL otherwise. */
  marginColumn?: string | null;
  cuts?: readonly number[];
}

/**
 * The CTEs `ranked` and `tiered`; `tiered` has `customer_id, revenue, margin, revenue_rank, tier`
 * (tier 0..3, NULL without a revenue) for every customer. Standard SQL window functions; NULL
 * revenues are ordered last with a CASE rather than `NULLS LAST`, which SQL Server and MySQL lack.
 */
export function tierCtes(options: TiersSqlOptions): string[] {
  const id = quoteIdent(options.idColumn ?? 'customer_id');
  const rev = quoteIdent(options.revenueColumn ?? 'revenue_12m');
  const margin = options.marginColumn ? `CAST(c.${quoteIdent(options.marginColumn)} AS DOUBLE PRECISION)` : 'CAST(NULL AS DOUBLE PRECISION)';
  const cuts = options.cuts ?? TIER_CUTS;
  const cases = tierCases('revenue_rank', 'ranked_n', cuts);
  return [
    `ranked AS (
  SELECT c.${id} AS customer_id, CAST(c.${rev} AS DOUBLE PRECISION) AS revenue, ${margin} AS margin,
    ROW_NUMBER() OVER (ORDER BY CASE WHEN c.${rev} IS NULL THEN 1 ELSE 0 END, c.${rev} DESC, c.${id}) AS revenue_rank,
    COUNT(c.${rev}) OVER () AS ranked_n
  FROM ${quoteIdent(options.table)} AS c
)`,
    `tiered AS (
  SELECT customer_id, revenue, margin, CASE WHEN revenue IS NULL THEN NULL ELSE revenue_rank END AS revenue_rank,
    CASE WHEN revenue IS NULL THEN NULL ${cases} ELSE ${cuts.length} END AS tier
  FROM ranked
)`,
  ];
}

/** `customer_id, revenue, margin, revenue_rank, tier` for every customer (see tierCtes). */
export function tiersSql(options: TiersSqlOptions): string {
  return `WITH\n${tierCtes(options).join(',\n')}\nSELECT * FROM tiered`;
}
