/**
 * Zoom out (METHOD.md "Zoom in and zoom out"): the customer database by market segment, set beside
 * the market's own value ranking, with every disagreement said in words.
 *
 * Two halves: zoomOutSql aggregates customer rows in the database (so it scales to millions in
 * DuckDB); zoomOut combines those per-segment sums with the survey's segment tables in plain
 * TypeScript. Messages come back as data (`{code, params}`) with English and Chinese templates
 * (zoomOutTemplates), never as HTML.
 *
 * Definitions:
 * - A customer counts in a segment with its segment probability (`assignment: 'probability'`,
 *   the default: expected counts and revenues, which add up to the database totals and respect
 *   uncertain membership) or wholly in its most likely segment (`'most-likely'`).
 * - Market size of a segment: the weighted survey size `sum w_i`, which is a count of customers
 *   only when the weights are expansion weights; or, when `population` (the number of customers in
 *   the whole market) is given, `population * size_s / sum_t size_t`. Penetration = database
 *   customers in the segment / market size.
 * - Revenue at risk: our database revenue in segments where a competitor holds a higher share of
 *   value than we do (the measure rows); 0 where we lead.
 * - Ranks: 1 = largest; ties keep the segment order of the survey.
 */
import type { MeasureResult } from '../measure/measure.ts';
import { ONE, quoteIdent, quoteString, ZERO } from './sql.ts';
import { tierCtes, TIER_CUTS, type TiersSqlOptions } from './tiers.ts';

export interface ZoomOutSqlOptions extends Omit<TiersSqlOptions, 'table'> {
  /** Customer table. */
  customers: string;
  /** Table of scoringSql's output (customer_id and the probability columns). */
  scores: string;
  segments: string[];
  /** scoringSql's probabilityColumns, in segment order. */
  probabilityColumns: string[];
  /** Default `margin_12m`; null when the database has no margin. */
  marginColumn?: string | null;
  /** Default `'probability'`. */
  assignment?: 'probability' | 'most-likely';
}

/**
 * Per segment, `segment_index, customers, revenue, margin, tier_0 .. tier_3, no_revenue`: sums
 * over customers of their weight in the segment (see the top of the file), of weight x revenue,
 * weight x margin, and of the weight by value tier. Customers missing from the scores table are
 * left out (inner join).
 */
export function zoomOutSql(options: ZoomOutSqlOptions): string {
  const K = options.segments.length;
  if (options.probabilityColumns.length !== K) throw new Error(`expected ${K} probability columns, got ${options.probabilityColumns.length}`);
  const cuts = options.cuts ?? TIER_CUTS;
  const ctes = tierCtes({ ...options, table: options.customers, marginColumn: options.marginColumn === undefined ? 'margin_12m' : options.marginColumn });
  ctes.push(`seg(k) AS (\n  SELECT CAST(k AS INTEGER) FROM (VALUES ${options.segments.map((_, k) => `(${k})`).join(', ')}) AS v(k)\n)`);
  const weight =
    (options.assignment ?? 'probability') === 'probability'
      ? `CASE seg.k ${options.probabilityColumns.map((c, k) => `WHEN ${k} THEN s.${quoteIdent(c)}`).join(' ')} END`
      : `CASE ${options.segments.map((label, k) => `WHEN seg.k = ${k} AND s.segment = ${quoteString(label)} THEN ${ONE}`).join(' ')} ELSE ${ZERO} END`;
  ctes.push(`weighted AS (
  SELECT seg.k, ${weight} AS p, t.revenue, t.margin, t.tier
  FROM tiered AS t
  JOIN ${quoteIdent(options.scores)} AS s ON s.customer_id = t.customer_id
  CROSS JOIN seg
)`);
  const tiers = [...cuts, 100].map((_, j) => `SUM(CASE WHEN tier = ${j} THEN p ELSE ${ZERO} END) AS tier_${j}`);
  return `WITH\n${ctes.join(',\n')}
SELECT k AS segment_index, SUM(p) AS customers, SUM(p * revenue) AS revenue, SUM(p * margin) AS margin,
  ${tiers.join(',\n  ')},
  SUM(CASE WHEN tier IS NULL THEN p ELSE ${ZERO} END) AS no_revenue
FROM weighted
GROUP BY k
ORDER BY k`;
}

/** One market segment as seen in the customer database. */
export interface DatabaseSegment {
  segment: string;
  customers: number;
  revenue: number;
  /** NaN when the database has no margin column. */
  margin: number;
  /** Customers per value tier (top 1%, next 4%, next 15%, rest 80%). */
  tiers: number[];
  /** Customers without a revenue (no tier). */
  noRevenue: number;
}

/** zoomOutSql's rows (plain objects) as DatabaseSegments; a segment without a row gets zeros. */
export function databaseSegmentsFromRows(rows: Record<string, unknown>[], segments: string[], tierCount = TIER_CUTS.length + 1): DatabaseSegment[] {
  const num = (v: unknown) => (v == null ? NaN : Number(v));
  return segments.map((segment, k) => {
    const r = rows.find((x) => Number(x.segment_index) === k);
    if (!r) return { segment, customers: 0, revenue: 0, margin: 0, tiers: Array(tierCount).fill(0), noRevenue: 0 };
    return {
      segment,
      customers: num(r.customers),
      revenue: r.revenue == null ? 0 : Number(r.revenue),
      margin: num(r.margin),
      tiers: Array.from({ length: tierCount }, (_, j) => num(r[`tier_${j}`])),
      noRevenue: num(r.no_revenue),
    };
  });
}

/** A finding in words: a template code and its parameters (shares in [0, 1], ranks from 1). */
export type ZoomMessage =
  | { code: 'rank-disagree'; params: { segment: string; marketRank: number; dbRank: number; marketShare: number; dbShare: number } }
  | { code: 'rank-agree'; params: { segments: number } }
  | { code: 'revenue-at-risk'; params: { segment: string; leader: string; revenue: number; dbShare: number } }
  | { code: 'market-size-unscaled'; params: Record<string, never> }
  | { code: 'no-us'; params: Record<string, never> };

export interface ZoomOutSegment extends DatabaseSegment {
  marketValue: number;
  /** Share of the market's value, in [0, 1]. */
  marketShare: number;
  marketRank: number;
  /** Share of our database revenue, in [0, 1]. */
  revenueShare: number;
  revenueRank: number;
  customerShare: number;
  /** Margin / revenue; NaN without margin or revenue. */
  marginRate: number;
  /** Weighted survey size, or the population share (see the top of the file). */
  marketSize: number;
  penetration: number;
  /** Our share of value in the segment (NaN when the survey has no "us"). */
  ourShareOfValue: number;
  /** The firm with the highest share of value (the first on a tie). */
  leader: string;
  leaderShareOfValue: number;
  /** The best competitor other than us. */
  competitor: string;
  /** Ours minus the best competitor's share of value: > 0 we lead by that much, < 0 we trail. */
  gap: number;
  revenueAtRisk: number;
}

export interface ZoomOut {
  segments: ZoomOutSegment[];
  totals: { customers: number; revenue: number; margin: number; marketValue: number; revenueAtRisk: number };
  /** Segment labels by market value, and by database revenue, largest first. */
  marketRanking: string[];
  databaseRanking: string[];
  marketSizeSource: 'population' | 'survey-weights';
  messages: ZoomMessage[];
}

export interface ZoomOutOptions {
  /**
   * Number of customers in the whole market. When given, a segment's market size is this times
   * the segment's weighted share of the survey; otherwise the weighted survey size itself.
   */
  population?: number | null;
}

function ranks(values: number[]): number[] {
  const order = values.map((_, k) => k).sort((a, b) => values[b] - values[a] || a - b);
  const r = new Array<number>(values.length);
  order.forEach((k, i) => (r[k] = i + 1));
  return r;
}

/** The zoom-out table: database segments beside the market's segments and relationships. */
export function zoomOut(
  market: Pick<MeasureResult, 'segments' | 'rows' | 'us' | 'firms'>,
  database: DatabaseSegment[],
  options: ZoomOutOptions = {},
): ZoomOut {
  const labels = market.segments.map((s) => s.label);
  for (const d of database)
    if (!labels.includes(d.segment)) throw new Error(`database segment "${d.segment}" is not a market segment (${labels.join(', ')})`);
  const population = options.population ?? null;
  if (population !== null && !(population > 0)) throw new Error(`population must be a number above 0, got ${population}`);
  const db = labels.map(
    (segment) => database.find((d) => d.segment === segment) ?? { segment, customers: 0, revenue: 0, margin: 0, tiers: Array(TIER_CUTS.length + 1).fill(0), noRevenue: 0 },
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const totalValue = sum(market.segments.map((s) => s.marketValue));
  const totalRevenue = sum(db.map((d) => d.revenue));
  const totalCustomers = sum(db.map((d) => d.customers));
  const totalSize = sum(market.segments.map((s) => s.size));
  const marketRank = ranks(market.segments.map((s) => s.marketValue));
  const revenueRank = ranks(db.map((d) => d.revenue));
  const us = market.us;
  const messages: ZoomMessage[] = [];
  if (!us) messages.push({ code: 'no-us', params: {} });
  if (population === null) messages.push({ code: 'market-size-unscaled', params: {} });

  const segments: ZoomOutSegment[] = market.segments.map((s, k) => {
    const d = db[k];
    const rows = market.rows.filter((r) => r.segment === s.label);
    let leader = rows[0];
    for (const r of rows) if (r.shareOfValue > leader.shareOfValue) leader = r;
    const ours = us ? rows.find((r) => r.firm === us) : undefined;
    let competitor: (typeof rows)[number] | undefined;
    for (const r of rows) if (r.firm !== us && (!competitor || r.shareOfValue > competitor.shareOfValue)) competitor = r;
    const ourSov = ours ? ours.shareOfValue : NaN;
    const gap = ours && competitor ? ourSov - competitor.shareOfValue : NaN;
    const marketSize = population === null ? s.size : (population * s.size) / totalSize;
    return {
      ...d,
      tiers: [...d.tiers],
      marketValue: s.marketValue,
      marketShare: totalValue > 0 ? s.marketValue / totalValue : NaN,
      marketRank: marketRank[k],
      revenueShare: totalRevenue > 0 ? d.revenue / totalRevenue : NaN,
      revenueRank: revenueRank[k],
      customerShare: totalCustomers > 0 ? d.customers / totalCustomers : NaN,
      marginRate: d.revenue > 0 ? d.margin / d.revenue : NaN,
      marketSize,
      penetration: marketSize > 0 ? d.customers / marketSize : NaN,
      ourShareOfValue: ourSov,
      leader: leader?.firm ?? '',
      leaderShareOfValue: leader?.shareOfValue ?? NaN,
      competitor: competitor?.firm ?? '',
      gap,
      revenueAtRisk: gap < 0 ? d.revenue : gap >= 0 ? 0 : NaN,
    };
  });

  const byMarket = [...segments].sort((a, b) => a.marketRank - b.marketRank);
  for (const s of byMarket)
    if (s.marketRank !== s.revenueRank)
      messages.push({
        code: 'rank-disagree',
        params: { segment: s.segment, marketRank: s.marketRank, dbRank: s.revenueRank, marketShare: s.marketShare, dbShare: s.revenueShare },
      });
  if (!messages.some((m) => m.code === 'rank-disagree')) messages.push({ code: 'rank-agree', params: { segments: segments.length } });
  for (const s of byMarket)
    if (s.revenueAtRisk > 0)
      messages.push({ code: 'revenue-at-risk', params: { segment: s.segment, leader: s.competitor, revenue: s.revenueAtRisk, dbShare: s.revenueShare } });

  return {
    segments,
    totals: {
      customers: totalCustomers,
      revenue: totalRevenue,
      margin: sum(db.map((d) => d.margin)),
      marketValue: totalValue,
      revenueAtRisk: sum(segments.map((s) => (s.revenueAtRisk > 0 ? s.revenueAtRisk : 0))),
    },
    marketRanking: byMarket.map((s) => s.segment),
    databaseRanking: [...segments].sort((a, b) => a.revenueRank - b.revenueRank).map((s) => s.segment),
    marketSizeSource: population === null ? 'survey-weights' : 'population',
    messages,
  };
}

/**
 * Templates of the zoom-out messages, by code, with `{param}` holes. Shares are filled in as
 * percentages, ranks as numbers (renderMessage). Plain text: the UI must insert it as text.
 */
export const zoomOutTemplates = {
  en: {
    'rank-disagree':
      '{segment} is number {marketRank} in the market by value ({marketShare} of market value) but number {dbRank} in our database by revenue ({dbShare} of our revenue).',
    'rank-agree': 'The database ranks all {segments} segments by revenue in the same order as the market ranks them by value.',
    'revenue-at-risk': 'In {segment}, {leader} holds a higher share of value than we do: {revenue} of our revenue ({dbShare}) is at risk.',
    'market-size-unscaled':
      'Market sizes are the weighted survey sizes; penetration is a count of customers only if the survey weights are expansion weights. Give the number of customers in the market to scale them.',
    'no-us': 'The survey does not say which firm is ours, so our share of value and the revenue at risk are not known.',
  },
  zh: {
    'rank-disagree': '{segment} 按市场价值排第 {marketRank}（占市场价值的 {marketShare}），但在我们的客户数据库中按收入排第 {dbRank}（占我们收入的 {dbShare}）。',
    'rank-agree': '数据库按收入对全部 {segments} 个细分的排序与市场按价值的排序相同。',
    'revenue-at-risk': '在 {segment} 中，{leader} 的价值份额高于我们：我们有 {revenue} 的收入（{dbShare}）面临风险。',
    'market-size-unscaled': '市场规模为调查的加权样本量；只有当调查权重是扩展权重时，渗透率才是客户数之比。请输入市场中的客户总数以换算。',
    'no-us': '调查没有指明哪家企业是我们，因此无法得知我们的价值份额和面临风险的收入。',
  },
} as const satisfies Record<'en' | 'zh', Record<ZoomMessage['code'], string>>;

/** Parameters shown as percentages (their values are shares in [0, 1]). */
const SHARE_PARAMS = new Set(['marketShare', 'dbShare', 'share', 'marginRate', 'penetration']);

/** Fills a template with its parameters as plain text: shares as `4.6%`, other numbers rounded with thousands separators. */
export function fillTemplate(template: string, params: Record<string, string | number>, locale: 'en' | 'zh' = 'en'): string {
  return template.replace(/\{(\w+)\}/g, (hole, name: string) => {
    const v = params[name];
    if (v === undefined) return hole;
    if (typeof v === 'string') return v;
    if (!Number.isFinite(v)) return '–';
    if (SHARE_PARAMS.has(name)) return `${(v * 100).toFixed(1)}%`;
    return Math.round(v).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-US');
  });
}

/** One zoom-out message in the given language, as plain text. */
export function renderZoomMessage(m: ZoomMessage, locale: 'en' | 'zh' = 'en'): string {
  return fillTemplate(zoomOutTemplates[locale][m.code], m.params, locale);
}
