/**
 * Customer economics (METHOD.md, Improve, "Customer economics"): lifetime value per market
 * segment, the value at stake if churn falls by 5 points, and the lifetime value lost with one key
 * account, from the customer database scored into the market's segments.
 *
 * Two halves, as in zoomOut.ts: economicsSql and keyAccountsSql aggregate in the database (so they
 * scale to millions in DuckDB and run on a warehouse); customerEconomics does the arithmetic in
 * plain TypeScript, where the user's retention and discount rates apply without another query.
 *
 * Definitions (our reading of METHOD where it is silent):
 * - Lifetime value of a customer: `m x r / (1 + i - r)`, with `m` the customer's annual margin
 *   (the margin column, 12 months), `r` the segment's retention rate and `i` the discount rate
 *   (default 0.8 and 0.1). A segment's lifetime value is its customers times the mean margin times
 *   that factor, customers counted with their segment probability (as the zoom-out counts them).
 * - Retention from purchase dates: the database holds each customer's first and last purchase only,
 *   so we read a customer as buying throughout [first, last]. With T the as-of date (the latest
 *   last purchase in the table unless the user gives one), a customer was *active a year ago* when
 *   first <= T - 1 year and last > T - 2 years (a customer then, who had bought within the year
 *   before), and *bought again* when, in addition, last > T - 1 year. `r` = bought again / active a
 *   year ago, probability-weighted per segment. Customers without both dates do not count.
 * - Value at stake: churn `1 - r` falls by 5 points, so `r` rises to `min(1, r + 0.05)`; the stake
 *   is the segment's lifetime value at the new rate minus at the old.
 * - Key account: the segment's largest customer by revenue among those whose most likely segment it
 *   is (ties by id); the value lost with it is its own margin times the segment's factor.
 */
import { ONE, quoteIdent, quoteString, ZERO } from './sql.ts';
import { fillTemplate } from './zoomOut.ts';

/** METHOD's defaults. */
export const DEFAULT_RETENTION = 0.8;
export const DEFAULT_DISCOUNT = 0.1;
export const CHURN_DROP = 0.05;
/** Below this many (weighted) customers active a year ago, the date-based rate is too noisy to use. */
export const MIN_ACTIVE_FOR_RETENTION = 30;

export interface EconomicsSqlOptions {
  customers: string;
  /** Table of scoringSql's output (customer_id, segment and the probability columns). */
  scores: string;
  segments: string[];
  probabilityColumns: string[];
  /** Default `customer_id`. */
  idColumn?: string;
  /** Default `margin_12m`. */
  marginColumn?: string;
  /** First and last purchase dates; retention is not measured without both. */
  firstPurchaseColumn?: string | null;
  lastPurchaseColumn?: string | null;
  /** ISO date `YYYY-MM-DD`; default the latest last purchase. */
  asOf?: string | null;
  /** Default `'probability'` (see zoomOut.ts). */
  assignment?: 'probability' | 'most-likely';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Per segment `segment_index, customers, margin_customers, margin, active, retained, as_of`.
 * `margin_customers` counts customers with a margin; `active` and `retained` are NULL without dates.
 * Standard SQL (`DATE` literals and `INTERVAL '1' YEAR`), run by DuckDB and PostgreSQL alike.
 */
export function economicsSql(options: EconomicsSqlOptions): string {
  const K = options.segments.length;
  if (options.probabilityColumns.length !== K) throw new Error(`expected ${K} probability columns, got ${options.probabilityColumns.length}`);
  if (options.asOf != null && !ISO_DATE.test(options.asOf)) throw new Error(`the as-of date must be written YYYY-MM-DD, got "${options.asOf}"`);
  const id = quoteIdent(options.idColumn ?? 'customer_id');
  const margin = quoteIdent(options.marginColumn ?? 'margin_12m');
  const dated = !!options.firstPurchaseColumn && !!options.lastPurchaseColumn;
  const first = dated ? `CAST(c.${quoteIdent(options.firstPurchaseColumn!)} AS DATE)` : 'CAST(NULL AS DATE)';
  const last = dated ? `CAST(c.${quoteIdent(options.lastPurchaseColumn!)} AS DATE)` : 'CAST(NULL AS DATE)';
  // One row either way: a literal date has no FROM (a FROM would repeat it once per customer).
  const bounds = options.asOf ? `SELECT DATE ${quoteString(options.asOf)} AS as_of` : 'SELECT MAX(last_date) AS as_of FROM dated';
  const weight =
    (options.assignment ?? 'probability') === 'probability'
      ? `CASE seg.k ${options.probabilityColumns.map((c, k) => `WHEN ${k} THEN s.${quoteIdent(c)}`).join(' ')} END`
      : `CASE ${options.segments.map((label, k) => `WHEN seg.k = ${k} AND s.segment = ${quoteString(label)} THEN ${ONE}`).join(' ')} ELSE ${ZERO} END`;
  const flag = (cond: string) => (dated ? `CASE WHEN ${cond} THEN ${ONE} ELSE ${ZERO} END` : 'CAST(NULL AS DOUBLE PRECISION)');
  return `WITH
dated AS (
  SELECT c.${id} AS customer_id, CAST(c.${margin} AS DOUBLE PRECISION) AS margin, ${first} AS first_date, ${last} AS last_date
  FROM ${quoteIdent(options.customers)} AS c
),
bounds AS (
  ${bounds}
),
flagged AS (
  SELECT d.customer_id, d.margin, b.as_of,
    ${flag(`d.first_date <= b.as_of - INTERVAL '1' YEAR AND d.last_date > b.as_of - INTERVAL '2' YEAR`)} AS active,
    ${flag(`d.first_date <= b.as_of - INTERVAL '1' YEAR AND d.last_date > b.as_of - INTERVAL '1' YEAR`)} AS retained
  FROM dated AS d CROSS JOIN bounds AS b
),
seg(k) AS (
  SELECT CAST(k AS INTEGER) FROM (VALUES ${options.segments.map((_, k) => `(${k})`).join(', ')}) AS v(k)
),
weighted AS (
  SELECT seg.k, ${weight} AS p, f.margin, f.active, f.retained, f.as_of
  FROM flagged AS f
  JOIN ${quoteIdent(options.scores)} AS s ON s.customer_id = f.customer_id
  CROSS JOIN seg
)
SELECT k AS segment_index, SUM(p) AS customers,
  SUM(CASE WHEN margin IS NULL THEN ${ZERO} ELSE p END) AS margin_customers, SUM(p * margin) AS margin,
  SUM(p * active) AS active, SUM(p * retained) AS retained, CAST(MAX(as_of) AS VARCHAR(10)) AS as_of
FROM weighted
GROUP BY k
ORDER BY k`;
}

export interface KeyAccountsSqlOptions {
  customers: string;
  scores: string;
  idColumn?: string;
  revenueColumn?: string;
  marginColumn?: string;
}

/** Per most-likely segment label, its largest customer by revenue: `segment, customer_id, revenue, margin`. */
export function keyAccountsSql(options: KeyAccountsSqlOptions): string {
  const id = quoteIdent(options.idColumn ?? 'customer_id');
  const rev = quoteIdent(options.revenueColumn ?? 'revenue_12m');
  const margin = quoteIdent(options.marginColumn ?? 'margin_12m');
  return `SELECT segment, customer_id, revenue, margin FROM (
  SELECT s.segment, CAST(c.${id} AS VARCHAR(200)) AS customer_id, CAST(c.${rev} AS DOUBLE PRECISION) AS revenue, CAST(c.${margin} AS DOUBLE PRECISION) AS margin,
    ROW_NUMBER() OVER (PARTITION BY s.segment ORDER BY c.${rev} DESC, c.${id}) AS rn
  FROM ${quoteIdent(options.customers)} AS c
  JOIN ${quoteIdent(options.scores)} AS s ON s.customer_id = c.${id}
  WHERE c.${rev} IS NOT NULL
) AS ranked
WHERE rn = 1
ORDER BY segment`;
}

/** One segment's sums from the database (economicsSql's row, with its key account). */
export interface EconomicsRow {
  segment: string;
  customers: number;
  marginCustomers: number;
  /** Sum of (weighted) margins. */
  margin: number;
  /** NaN without purchase dates. */
  active: number;
  retained: number;
  keyAccount: { id: string; revenue: number; margin: number } | null;
}

/** economicsSql's and keyAccountsSql's rows as EconomicsRows in segment order, and the as-of date. */
export function economicsFromRows(rows: Record<string, unknown>[], keyRows: Record<string, unknown>[], segments: string[]): { rows: EconomicsRow[]; asOf: string | null } {
  const num = (v: unknown) => (v == null ? NaN : Number(v));
  let asOf: string | null = null;
  const out = segments.map((segment, k) => {
    const r = rows.find((x) => Number(x.segment_index) === k);
    const key = keyRows.find((x) => String(x.segment) === segment);
    if (r?.as_of != null) asOf = String(r.as_of).slice(0, 10);
    return {
      segment,
      customers: r ? num(r.customers) : 0,
      marginCustomers: r ? num(r.margin_customers) : 0,
      margin: r ? num(r.margin) || 0 : 0,
      active: r ? num(r.active) : NaN,
      retained: r ? num(r.retained) : NaN,
      keyAccount: key ? { id: String(key.customer_id), revenue: num(key.revenue), margin: num(key.margin) } : null,
    };
  });
  return { rows: out, asOf };
}

export interface EconomicsOptions {
  /** Discount rate `i`, in (0, 1]. */
  discount?: number;
  /** Retention used where the dates do not give one. */
  defaultRetention?: number;
  /** The user's retention per segment, in [0, 1]; it overrides the dates. */
  retention?: Record<string, number | null | undefined>;
  /** How far churn falls in the stake, in [0, 1]. Default 0.05. */
  churnDrop?: number;
}

export type RetentionSource = 'user' | 'dates' | 'default';

export interface SegmentEconomics {
  segment: string;
  customers: number;
  /** Mean annual margin per customer (NaN without margins). */
  marginPerCustomer: number;
  /** Retention from the dates (NaN when there are none or too few). */
  measuredRetention: number;
  active: number;
  retention: number;
  retentionSource: RetentionSource;
  /** `r / (1 + i - r)`: lifetime value per unit of annual margin. */
  factor: number;
  /** Lifetime value of one customer. */
  clv: number;
  /** Customers x clv. */
  lifetimeValue: number;
  /** Lifetime value gained if churn falls by `churnDrop`. */
  stake: number;
  keyAccount: { id: string; revenue: number; margin: number; clv: number; shareOfSegment: number } | null;
}

export type EconomicsMessage =
  | { code: 'largest-stake'; params: { segment: string; stake: number; share: number } }
  | { code: 'key-account'; params: { segment: string; id: string; clv: number; share: number } }
  | { code: 'retention-default'; params: { segments: string; retention: number } }
  | { code: 'no-dates'; params: { retention: number } };

export interface Economics {
  segments: SegmentEconomics[];
  totals: { customers: number; lifetimeValue: number; stake: number };
  discount: number;
  churnDrop: number;
  asOf: string | null;
  messages: EconomicsMessage[];
}

function checkRate(name: string, v: number, lo: number, hi: number, loOpen = false) {
  if (!Number.isFinite(v) || v > hi || (loOpen ? v <= lo : v < lo)) throw new Error(`${name} must be a number ${loOpen ? 'above' : 'from'} ${lo} ${loOpen ? 'up ' : ''}to ${hi}, got ${v}`);
}

/** `r / (1 + i - r)`: the present value of a margin of 1 a year kept with probability r each year. */
export function lifetimeFactor(r: number, i: number): number {
  return r / (1 + i - r);
}

/** Lifetime values, stakes and key accounts per segment (see the top of the file). */
export function customerEconomics(rows: EconomicsRow[], asOf: string | null, options: EconomicsOptions = {}): Economics {
  const i = options.discount ?? DEFAULT_DISCOUNT;
  const r0 = options.defaultRetention ?? DEFAULT_RETENTION;
  const drop = options.churnDrop ?? CHURN_DROP;
  checkRate('the discount rate', i, 0, 1, true);
  checkRate('the default retention rate', r0, 0, 1);
  checkRate('the fall in churn', drop, 0, 1);
  const segments = rows.map((row): SegmentEconomics => {
    const user = options.retention?.[row.segment];
    if (user != null) checkRate(`the retention rate of ${row.segment}`, user, 0, 1);
    const measured = row.active >= MIN_ACTIVE_FOR_RETENTION ? row.retained / row.active : NaN;
    const [r, source]: [number, RetentionSource] = user != null ? [user, 'user'] : Number.isFinite(measured) ? [measured, 'dates'] : [r0, 'default'];
    const m = row.marginCustomers > 0 ? row.margin / row.marginCustomers : NaN;
    const factor = lifetimeFactor(r, i);
    const clv = m * factor;
    const lifetimeValue = row.customers * clv;
    const stake = row.customers * m * (lifetimeFactor(Math.min(1, r + drop), i) - factor);
    const k = row.keyAccount;
    const keyClv = k ? k.margin * factor : NaN;
    return {
      segment: row.segment,
      customers: row.customers,
      marginPerCustomer: m,
      measuredRetention: measured,
      active: row.active,
      retention: r,
      retentionSource: source,
      factor,
      clv,
      lifetimeValue,
      stake,
      keyAccount: k ? { ...k, clv: keyClv, shareOfSegment: lifetimeValue > 0 ? keyClv / lifetimeValue : NaN } : null,
    };
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const totals = { customers: sum(segments.map((s) => s.customers)), lifetimeValue: sum(segments.map((s) => s.lifetimeValue)), stake: sum(segments.map((s) => s.stake)) };
  const messages: EconomicsMessage[] = [];
  const byStake = segments.filter((s) => s.stake > 0).sort((a, b) => b.stake - a.stake);
  if (byStake.length) messages.push({ code: 'largest-stake', params: { segment: byStake[0].segment, stake: byStake[0].stake, share: totals.stake > 0 ? byStake[0].stake / totals.stake : NaN } });
  const keys = segments.filter((s) => s.keyAccount && Number.isFinite(s.keyAccount.clv)).sort((a, b) => b.keyAccount!.clv - a.keyAccount!.clv);
  if (keys.length) {
    const s = keys[0];
    messages.push({ code: 'key-account', params: { segment: s.segment, id: s.keyAccount!.id, clv: s.keyAccount!.clv, share: s.keyAccount!.shareOfSegment } });
  }
  const dated = rows.some((r) => Number.isFinite(r.active));
  if (!dated) messages.push({ code: 'no-dates', params: { retention: r0 } });
  else {
    const fallback = segments.filter((s) => s.retentionSource === 'default').map((s) => s.segment);
    if (fallback.length) messages.push({ code: 'retention-default', params: { segments: fallback.join(', '), retention: r0 } });
  }
  return { segments, totals, discount: i, churnDrop: drop, asOf, messages };
}

/** Templates of the economics messages (`{param}` holes; `share` and `retention` as percentages). Plain text. */
export const economicsTemplates = {
  en: {
    'largest-stake': 'If churn fell by 5 points, {segment} would gain the most lifetime value: {stake} ({share} of the gain over all segments).',
    'key-account': 'Losing customer {id}, the largest account of {segment}, would cost {clv} of lifetime value ({share} of the segment’s).',
    'retention-default': 'Too few customers were active a year ago in {segments} to measure retention from the dates: {retention} is used there; edit it if you know better.',
    'no-dates': 'The database has no first and last purchase dates, so retention is {retention} everywhere unless you edit it.',
  },
  zh: {
    'largest-stake': '如果流失率下降 5 个百分点，{segment} 的终身价值增加最多：{stake}（占所有细分增加值的 {share}）。',
    'key-account': '失去 {segment} 最大的客户 {id}，将损失 {clv} 的终身价值（占该细分的 {share}）。',
    'retention-default': '{segments} 中一年前活跃的客户太少，无法从日期测算保留率：这些细分使用 {retention}；如有更准确的数字请修改。',
    'no-dates': '数据库没有首次和最近购买日期，因此所有细分的保留率均为 {retention}，除非您修改。',
  },
} as const satisfies Record<'en' | 'zh', Record<EconomicsMessage['code'], string>>;

/** One economics message in the given language, as plain text. */
export function renderEconomicsMessage(m: EconomicsMessage, locale: 'en' | 'zh' = 'en'): string {
  const params: Record<string, string | number> = { ...m.params };
  if ('retention' in m.params) params.retention = `${(m.params.retention * 100).toFixed(0)}%`;
  return fillTemplate(economicsTemplates[locale][m.code], params, locale);
}
