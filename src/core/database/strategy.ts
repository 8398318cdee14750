/**
 * The strategy table per segment (METHOD.md "Improve": relationship type per segment from the
 * number of customers and the margin), beside the market figures of the zoom-out.
 *
 * Relationship levels follow Kotler's classic grid of the number of customers against the profit
 * margin (P. Kotler, Marketing Management, 8th ed., 1994, "relationship levels as a function of
 * profit margin and number of customers"; the levels after Kotler & Armstrong):
 *
 *                   high margin    medium margin   low margin
 *   many customers  accountable    reactive        basic
 *   medium number   proactive      accountable     reactive
 *   few customers   partnership    proactive       accountable
 *
 * (Kotler gives "basic or reactive" for many customers at a low margin; basic is taken.)
 *
 * Levels are relative to the other segments, so the grid explains itself in a workshop: a
 * segment has *many* customers when it has at least `countFactor` times the median segment's
 * database customers and *few* at most the median divided by `countFactor`; its margin rate
 * (margin / revenue in the database) is *high* at `marginFactor` times the median segment's rate
 * or more and *low* at the median divided by `marginFactor` or less. The medians are over the
 * segments where the figure is defined (the mean of the two middle ones for an even count).
 */
import { fillTemplate, type ZoomOut } from './zoomOut.ts';

export type Level = 'low' | 'medium' | 'high';
export type CountLevel = 'few' | 'medium' | 'many';
export type Relationship = 'basic' | 'reactive' | 'accountable' | 'proactive' | 'partnership';

/** Kotler's grid: `KOTLER_GRID[countLevel][marginLevel]`. */
export const KOTLER_GRID: Record<CountLevel, Record<Level, Relationship>> = {
  many: { high: 'accountable', medium: 'reactive', low: 'basic' },
  medium: { high: 'proactive', medium: 'accountable', low: 'reactive' },
  few: { high: 'partnership', medium: 'proactive', low: 'accountable' },
};

export interface StrategyOptions {
  /** Many / few customers at this factor above / below the median segment. Default 2; > 1. */
  countFactor?: number;
  /** High / low margin rate at this factor above / below the median segment. Default 1.25; > 1. */
  marginFactor?: number;
  /**
   * Margin rates the user set per segment (margin / revenue, e.g. 0.3), which replace the
   * database's for that segment: the database's margins may be missing, partial or known to be
   * wrong, and the workshop knows better (issue 14 item 3).
   */
  margins?: Record<string, number>;
}

export interface StrategyRow {
  segment: string;
  marketValue: number;
  marketRank: number;
  ourShareOfValue: number;
  leader: string;
  /** Ours minus the best competitor's share of value (> 0: we lead). */
  gap: number;
  penetration: number;
  revenueAtRisk: number;
  customers: number;
  marginRate: number;
  /** Where the margin rate comes from: the database, or the user's figure in the table. */
  marginSource: 'database' | 'user';
  customerLevel: CountLevel | null;
  marginLevel: Level | null;
  /** Null when the number of customers or the margin rate is not known. */
  relationship: Relationship | null;
}

export interface StrategyTable {
  rows: StrategyRow[];
  /** The thresholds used, for the explanation on screen. */
  thresholds: { fewAtMost: number; manyAtLeast: number; lowAtMost: number; highAtLeast: number };
}

function median(xs: number[]): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** The strategy table of a zoom-out. */
export function strategyTable(z: ZoomOut, options: StrategyOptions = {}): StrategyTable {
  const cf = options.countFactor ?? 2;
  const mf = options.marginFactor ?? 1.25;
  if (!(cf > 1)) throw new Error(`countFactor must be above 1, got ${cf}`);
  if (!(mf > 1)) throw new Error(`marginFactor must be above 1, got ${mf}`);
  const user = options.margins ?? {};
  const byUser = (s: ZoomOut['segments'][number]) => Object.hasOwn(user, s.segment) && Number.isFinite(user[s.segment]);
  const rateOf = (s: ZoomOut['segments'][number]) => (byUser(s) ? user[s.segment] : s.marginRate);
  const mc = median(z.segments.map((s) => s.customers));
  const mm = median(z.segments.map(rateOf));
  const thresholds = { fewAtMost: mc / cf, manyAtLeast: mc * cf, lowAtMost: mm / mf, highAtLeast: mm * mf };
  const rows = z.segments.map((s): StrategyRow => {
    const marginRate = rateOf(s);
    const customerLevel: CountLevel | null = !Number.isFinite(s.customers) || !Number.isFinite(mc)
      ? null
      : s.customers >= thresholds.manyAtLeast ? 'many' : s.customers <= thresholds.fewAtMost ? 'few' : 'medium';
    const marginLevel: Level | null = !Number.isFinite(marginRate) || !Number.isFinite(mm)
      ? null
      : marginRate >= thresholds.highAtLeast ? 'high' : marginRate <= thresholds.lowAtMost ? 'low' : 'medium';
    return {
      segment: s.segment,
      marketValue: s.marketValue,
      marketRank: s.marketRank,
      ourShareOfValue: s.ourShareOfValue,
      leader: s.leader,
      gap: s.gap,
      penetration: s.penetration,
      revenueAtRisk: s.revenueAtRisk,
      customers: s.customers,
      marginRate,
      marginSource: byUser(s) ? 'user' : 'database',
      customerLevel,
      marginLevel,
      relationship: customerLevel && marginLevel ? KOTLER_GRID[customerLevel][marginLevel] : null,
    };
  });
  return { rows, thresholds };
}

/** Words for the levels and relationship types, English and Chinese, as data. */
export const strategyTerms = {
  en: {
    few: 'few', many: 'many', low: 'low', medium: 'medium', high: 'high',
    basic: 'basic', reactive: 'reactive', accountable: 'accountable', proactive: 'proactive', partnership: 'partnership',
    why: '{segment}: {customers} customers ({customerLevel}) at a {marginRate} margin ({marginLevel}), so the relationship type is {relationship}.',
  },
  zh: {
    few: '少', many: '多', low: '低', medium: '中', high: '高',
    basic: '基本型', reactive: '被动型', accountable: '负责型', proactive: '主动型', partnership: '伙伴型',
    why: '{segment}：{customers} 个客户（{customerLevel}），利润率 {marginRate}（{marginLevel}）：{relationship}关系。',
  },
} as const;

/** Why a segment gets its relationship type, in words (plain text); null when it has none. */
export function explainRelationship(row: StrategyRow, locale: 'en' | 'zh' = 'en'): string | null {
  if (!row.relationship || !row.customerLevel || !row.marginLevel) return null;
  const t = strategyTerms[locale];
  return fillTemplate(
    t.why,
    { segment: row.segment, customers: row.customers, customerLevel: t[row.customerLevel], marginRate: row.marginRate, marginLevel: t[row.marginLevel], relationship: t[row.relationship] },
    locale,
  );
}
