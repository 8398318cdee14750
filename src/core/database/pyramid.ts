/**
 * The customer value pyramid and its what-if (issue 14 item 1): the value tiers of tiers.ts (VIP
 * top 1%, large next 4%, medium next 15%, small the other 80%, by revenue) with customers, revenue,
 * margin, allocated cost and profit per tier, overall and per market segment; the same pyramid with
 * customers ranked by profit; and moves of customers between tiers.
 *
 * Two halves, as in zoomOut.ts: pyramidSql aggregates customer rows in DuckDB (the db worker and the
 * CLI run it), the rest is plain arithmetic on those sums.
 *
 * Definitions:
 * - Cost to serve: the shared operating cost the user enters is allocated to customers by a key
 *   (equal per customer, revenue, or a count column such as contacts or orders). Money is
 *   allocated in whole cents by the largest-remainder rule, in 128-bit integers, so that the
 *   allocations add up exactly to the cost entered: each customer gets floor(C k / K) cents, and
 *   the C - sum of those cents left over go one each to the largest remainders (ties by customer
 *   id). Key values are read in hundredths (revenue in cents); a blank or negative key is 0; when
 *   every key is 0 the cost is shared equally. Every customer carries cost, with or without a
 *   revenue.
 * - Profit = margin - allocated cost, per customer and per tier; overall, total margin - cost.
 * - The pyramid by profit ranks customers by profit with the same tier sizes and tie rule as the
 *   pyramid by revenue (customers without a margin have no profit tier).
 * - Per segment: each customer counts wholly in its most likely segment (the `segment` column of
 *   the scores), so a segment's pyramid counts whole customers.
 * - What-if (pyramidWhatIf): a move's percentage is of all customers in the pyramid (those with a
 *   revenue), rounded half up to whole customers; each moved customer trades the base mean revenue
 *   and margin of the tier it leaves for those of the tier it enters (nothing when lost). Cost
 *   stays as entered, so profit changes by the change in margin.
 */
import { csvLine } from '../format.ts';
import { intLiteral, quoteIdent } from './sql.ts';
import { tierCases, TIER_CUTS } from './tiers.ts';

/** The tiers from the top down, as the CLI and files name them. */
export const PYRAMID_TIERS = ['vip', 'large', 'medium', 'small'] as const;
export type PyramidTier = (typeof PYRAMID_TIERS)[number];

export type CostKey = { kind: 'equal' } | { kind: 'revenue' } | { kind: 'count'; column: string };

export interface PyramidSqlOptions {
  table: string;
  /** Default `customer_id`. */
  idColumn?: string;
  /** Default `revenue_12m`. */
  revenueColumn?: string;
  /** Default `margin_12m`; null when the database has none (no profit then). */
  marginColumn?: string | null;
  /** The shared operating cost, in currency units (rounded to cents). Default 0. */
  cost?: number;
  /** Default equal per customer. */
  key?: CostKey;
  /** A table with `customer_id` and `segment` (most likely segment), for the pyramid per segment. */
  scores?: string | null;
}

/** The cost in whole cents, refusing what cannot be a cost. */
export function costCents(cost: number): number {
  if (!(Number.isFinite(cost) && cost >= 0)) throw new Error(`the cost must be a number of 0 or more, got ${cost}`);
  const c = Math.round(cost * 100);
  if (!Number.isSafeInteger(c)) throw new Error(`the cost ${cost} is too large`);
  return c;
}

/**
 * The CTE `pyramid_customers`: `customer_id, revenue, margin, cost_cents, profit, revenue_tier,
 * profit_tier, segment` per customer (tiers 0..3, NULL without a revenue or a profit; segment NULL
 * without scores). DuckDB SQL (HUGEINT and `//`).
 */
export function pyramidCustomersSql(options: PyramidSqlOptions): string {
  const id = quoteIdent(options.idColumn ?? 'customer_id');
  const rev = quoteIdent(options.revenueColumn ?? 'revenue_12m');
  const marginColumn = options.marginColumn === undefined ? 'margin_12m' : options.marginColumn;
  const margin = marginColumn ? `CAST(c.${quoteIdent(marginColumn)} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)';
  const C = intLiteral(costCents(options.cost ?? 0));
  const key = options.key ?? { kind: 'equal' };
  const hundredths = (col: string) => `CAST(GREATEST(0, COALESCE(ROUND(CAST(c.${quoteIdent(col)} AS DOUBLE) * 100), 0)) AS HUGEINT)`;
  const k = key.kind === 'equal' ? 'CAST(1 AS HUGEINT)' : hundredths(key.kind === 'revenue' ? (options.revenueColumn ?? 'revenue_12m') : key.column);
  const segment = options.scores ? 's.segment' : 'CAST(NULL AS VARCHAR)';
  const join = options.scores ? `LEFT JOIN ${quoteIdent(options.scores)} AS s ON s.customer_id = c.${id}` : '';
  return `pyramid_keyed AS (
  SELECT c.${id} AS customer_id, CAST(c.${rev} AS DOUBLE) AS revenue, ${margin} AS margin, ${segment} AS segment, ${k} AS k
  FROM ${quoteIdent(options.table)} AS c ${join}
),
pyramid_share AS (
  SELECT *, CASE WHEN SUM(k) OVER () = 0 THEN CAST(1 AS HUGEINT) ELSE k END AS k1,
    CASE WHEN SUM(k) OVER () = 0 THEN CAST(COUNT(*) OVER () AS HUGEINT) ELSE SUM(k) OVER () END AS k_total
  FROM pyramid_keyed
),
pyramid_floor AS (
  SELECT *, (CAST(${C} AS HUGEINT) * k1) // k_total AS base_cents, (CAST(${C} AS HUGEINT) * k1) % k_total AS remainder
  FROM pyramid_share
),
pyramid_cost AS (
  SELECT customer_id, revenue, margin, segment,
    base_cents + CASE WHEN ROW_NUMBER() OVER (ORDER BY remainder DESC, customer_id) <= ${C} - SUM(base_cents) OVER () THEN 1 ELSE 0 END AS cost_cents
  FROM pyramid_floor
),
pyramid_profit AS (
  SELECT *, margin - CAST(cost_cents AS DOUBLE) / 100 AS profit FROM pyramid_cost
),
pyramid_revenue_ranked AS (
  SELECT *,
    ROW_NUMBER() OVER (ORDER BY CASE WHEN revenue IS NULL THEN 1 ELSE 0 END, revenue DESC, customer_id) AS revenue_rank,
    COUNT(revenue) OVER () AS revenue_n
  FROM pyramid_profit
),
pyramid_ranked AS (
  SELECT *,
    ROW_NUMBER() OVER (ORDER BY CASE WHEN profit IS NULL THEN 1 ELSE 0 END, profit DESC, customer_id) AS profit_rank,
    COUNT(profit) OVER () AS profit_n
  FROM pyramid_revenue_ranked
),
pyramid_customers AS (
  SELECT customer_id, revenue, margin, CAST(cost_cents AS DOUBLE) AS cost_cents, profit, segment,
    CASE WHEN revenue IS NULL THEN NULL ${tierCases('revenue_rank', 'revenue_n')} ELSE ${TIER_CUTS.length} END AS revenue_tier,
    CASE WHEN profit IS NULL THEN NULL ${tierCases('profit_rank', 'profit_n')} ELSE ${TIER_CUTS.length} END AS profit_tier
  FROM pyramid_ranked
)`;
}

/**
 * Sums by `basis` (revenue or profit tiers), `segment` (NULL = the whole database) and `tier`
 * (NULL = customers without that tier): `customers, revenue, margin, cost_cents`.
 */
export function pyramidSql(options: PyramidSqlOptions): string {
  const sums = `COUNT(*) AS customers, FSUM(revenue) AS revenue, FSUM(margin) AS margin, SUM(cost_cents) AS cost_cents`;
  const parts = [
    `SELECT 'revenue' AS basis, CAST(NULL AS VARCHAR) AS segment, revenue_tier AS tier, ${sums} FROM pyramid_customers GROUP BY revenue_tier`,
    `SELECT 'profit' AS basis, CAST(NULL AS VARCHAR) AS segment, profit_tier AS tier, ${sums} FROM pyramid_customers GROUP BY profit_tier`,
  ];
  if (options.scores) {
    parts.push(`SELECT 'revenue' AS basis, CAST(segment AS VARCHAR), revenue_tier AS tier, ${sums} FROM pyramid_customers WHERE segment IS NOT NULL GROUP BY segment, revenue_tier`);
    parts.push(`SELECT 'profit' AS basis, CAST(segment AS VARCHAR), profit_tier AS tier, ${sums} FROM pyramid_customers WHERE segment IS NOT NULL GROUP BY segment, profit_tier`);
  }
  return `WITH\n${pyramidCustomersSql(options)}\n${parts.join('\nUNION ALL\n')}`;
}

/** One tier (or the customers without one): sums, with cost in currency units and profit = margin - cost. */
export interface PyramidRow {
  customers: number;
  revenue: number;
  /** NaN when the database has no margin column. */
  margin: number;
  costCents: number;
  cost: number;
  profit: number;
}

export interface PyramidLevels {
  /** vip, large, medium, small. */
  tiers: PyramidRow[];
  /** Customers without a tier (no revenue, or no margin for the pyramid by profit). */
  none: PyramidRow;
}

export interface Pyramid {
  byRevenue: PyramidLevels;
  byProfit: PyramidLevels;
  /** The pyramid by revenue within each segment (the segments of the scores, in their order). */
  segments: { segment: string; tiers: PyramidRow[]; none: PyramidRow }[];
  totals: PyramidRow;
  /** The cost entered, in cents; totals.costCents always equals it. */
  costCents: number;
}

function row(customers: number, revenue: number, margin: number, cents: number): PyramidRow {
  return { customers, revenue, margin, costCents: cents, cost: cents / 100, profit: margin - cents / 100 };
}
const EMPTY = () => row(0, 0, 0, 0);

function add(a: PyramidRow, b: PyramidRow): PyramidRow {
  return row(a.customers + b.customers, a.revenue + b.revenue, a.margin + b.margin, a.costCents + b.costCents);
}

/**
 * pyramidSql's rows as a Pyramid. `segments` gives the order (and includes segments without
 * customers); `hasMargin` false makes every margin and profit NaN.
 */
export function pyramidFromRows(rows: Record<string, unknown>[], segments: string[] = [], hasMargin = true): Pyramid {
  const num = (v: unknown) => (v == null ? 0 : Number(v));
  const levels = (basis: string, segment: string | null): PyramidLevels => {
    const pick = (tier: number | null) => {
      const r = rows.find((x) => x.basis === basis && (x.segment ?? null) === segment && (x.tier == null ? null : Number(x.tier)) === tier);
      if (!r) return EMPTY();
      return row(num(r.customers), num(r.revenue), hasMargin ? num(r.margin) : NaN, num(r.cost_cents));
    };
    return { tiers: PYRAMID_TIERS.map((_, j) => pick(j)), none: pick(null) };
  };
  const byRevenue = levels('revenue', null);
  const totals = [...byRevenue.tiers, byRevenue.none].reduce(add, EMPTY());
  if (!hasMargin) Object.assign(totals, { margin: NaN, profit: NaN });
  return {
    byRevenue,
    byProfit: levels('profit', null),
    segments: segments.map((segment) => ({ segment, ...levels('revenue', segment) })),
    totals,
    costCents: totals.costCents,
  };
}

/** One move: a share of all customers that leaves `from` for `to` (or is lost). */
export interface PyramidMove {
  from: PyramidTier;
  to: PyramidTier | 'lost';
  /** Percent of all customers, e.g. 2 for 2%. */
  percent: number;
}

/** `small>medium=2%,large>lost=1%` as moves. */
export function parseMoves(text: string): PyramidMove[] {
  const moves: PyramidMove[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\w+)\s*>\s*(\w+)\s*=\s*([0-9]*\.?[0-9]+)\s*%?$/.exec(part);
    if (!m) throw new Error(`"${part}": write from>to=percent, e.g. small>medium=2% (tiers ${PYRAMID_TIERS.join(', ')}; to may be lost)`);
    const from = m[1].toLowerCase();
    const to = m[2].toLowerCase();
    if (!(PYRAMID_TIERS as readonly string[]).includes(from)) throw new Error(`"${part}": ${m[1]} is not a tier (${PYRAMID_TIERS.join(', ')})`);
    if (!(PYRAMID_TIERS as readonly string[]).includes(to) && to !== 'lost') throw new Error(`"${part}": ${m[2]} is not a tier (${PYRAMID_TIERS.join(', ')}, or lost)`);
    moves.push({ from: from as PyramidTier, to: to as PyramidTier | 'lost', percent: Number(m[3]) });
  }
  return moves;
}

/** The moves as the text parseMoves reads. */
export function formatMoves(moves: PyramidMove[]): string {
  return moves.map((m) => `${m.from}>${m.to}=${m.percent}%`).join(',');
}

/**
 * round(n x percent / 100), halves up, in exact decimal arithmetic: 2.5% of 1,000 is 25, and
 * 0.15% of 1,000 is 2 (1.5 rounded up), where binary floating point would see 1.4999999999999998.
 */
export function customersFor(n: number, percent: number): number {
  const text = String(percent);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`a move's percent must be a plain number of 0 or more, got ${text}`);
  const [whole, frac = ''] = text.split('.');
  const scaled = BigInt(whole + frac);
  const den = 100n * 10n ** BigInt(frac.length);
  return Number((2n * BigInt(n) * scaled + den) / (2n * den));
}

/** Why a what-if cannot be made, as data, so that the app can say it in the user's language. */
export class PyramidMoveError extends Error {
  constructor(
    readonly code: 'same-tier' | 'percent' | 'too-many' | 'empty-tier',
    readonly move: PyramidMove,
    message: string,
  ) {
    super(message);
  }
}

export type PyramidMeasure = 'revenue' | 'margin' | 'profit';

export interface PyramidWhatIf {
  /** The moves with their customers. */
  moves: (PyramidMove & { customers: number })[];
  /** Customers per tier after the moves (vip, large, medium, small), and lost. */
  tierCustomers: number[];
  lost: number;
  measures: { measure: PyramidMeasure; base: number; scenario: number; change: number; changePercent: number }[];
}

/**
 * The what-if on a pyramid's sums (see the top of the file). Throws when a move takes more
 * customers than its tier holds, or moves into a tier without customers (no mean to take).
 */
export function pyramidWhatIf(pyramid: Pick<Pyramid, 'byRevenue' | 'totals'>, moves: PyramidMove[]): PyramidWhatIf {
  const tiers = pyramid.byRevenue.tiers;
  const n = tiers.reduce((a, t) => a + t.customers, 0);
  const index = (t: PyramidTier) => PYRAMID_TIERS.indexOf(t);
  const counts = tiers.map((t) => t.customers);
  let lost = 0;
  let dRevenue = 0;
  let dMargin = 0;
  const out: PyramidWhatIf['moves'] = [];
  for (const m of moves) {
    if (m.from === m.to) throw new PyramidMoveError('same-tier', m, `${m.from}>${m.to}: a move must go to another tier`);
    if (!(m.percent >= 0 && m.percent <= 100)) throw new PyramidMoveError('percent', m, `${m.from}>${m.to}=${m.percent}%: the percent must be from 0 to 100`);
    const customers = customersFor(n, m.percent);
    const from = tiers[index(m.from)];
    counts[index(m.from)] -= customers;
    if (counts[index(m.from)] < 0)
      throw new PyramidMoveError('too-many', m, `${formatMoves([m])}: the moves take more customers from ${m.from} than its ${from.customers} (the percent is of all ${n} customers)`);
    let revenueTo = 0;
    let marginTo = 0;
    if (m.to === 'lost') lost += customers;
    else {
      const to = tiers[index(m.to)];
      if (customers > 0 && to.customers === 0) throw new PyramidMoveError('empty-tier', m, `${formatMoves([m])}: ${m.to} has no customers, so there is no mean revenue to grow into`);
      counts[index(m.to)] += customers;
      revenueTo = to.customers ? to.revenue / to.customers : 0;
      marginTo = to.customers ? to.margin / to.customers : 0;
    }
    if (customers > 0) {
      dRevenue += customers * (revenueTo - from.revenue / from.customers);
      dMargin += customers * (marginTo - from.margin / from.customers);
    }
    out.push({ ...m, customers });
  }
  const cost = pyramid.totals.costCents / 100;
  const base = { revenue: pyramid.totals.revenue, margin: pyramid.totals.margin, profit: pyramid.totals.margin - cost };
  const scenario = { revenue: base.revenue + dRevenue, margin: base.margin + dMargin, profit: base.margin + dMargin - cost };
  const measures = (['revenue', 'margin', 'profit'] as const).map((measure) => {
    const change = scenario[measure] - base[measure];
    return { measure, base: base[measure], scenario: scenario[measure], change, changePercent: base[measure] !== 0 ? (100 * change) / Math.abs(base[measure]) : NaN };
  });
  return { moves: out, tierCustomers: counts, lost, measures };
}

/** `tier,customers,revenue,margin`, tiers vip large medium small, full precision. */
export function tiersCsv(pyramid: Pyramid): string {
  const lines = ['tier,customers,revenue,margin'];
  pyramid.byRevenue.tiers.forEach((t, j) => lines.push(csvLine([PYRAMID_TIERS[j], t.customers, t.revenue, t.margin])));
  return lines.join('\n') + '\n';
}

/** `measure,base,scenario,change,change_percent` for revenue, margin and profit. */
export function whatIfCsv(w: PyramidWhatIf): string {
  const lines = ['measure,base,scenario,change,change_percent'];
  for (const m of w.measures) lines.push(csvLine([m.measure, m.base, m.scenario, m.change, m.changePercent]));
  return lines.join('\n') + '\n';
}
