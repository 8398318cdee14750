/**
 * Most valuable segments (METHOD.md, "Improve"): each segment's market value, our opportunity
 * `market value x (max_g SoV_gs - SoV_us,s)`, the leader and our gap to it, ranked; and the segments
 * to act on first named in one sentence: those in the top half by market value where our opportunity
 * is among the largest (at least the median opportunity of the segments), most opportunity first.
 */
import type { MeasureResult } from '../measure/measure.ts';

export interface ValuableSegment {
  segment: string;
  marketValue: number;
  /** 1 = the largest market value. */
  valueRank: number;
  ourShareOfValue: number;
  leader: string;
  /** Our share minus the leader's (0 when we lead: then `lead` says by how much). */
  gap: number;
  /** When we lead: our share minus the runner-up's (> 0). */
  lead: number;
  opportunity: number;
  /** 1 = the largest opportunity. */
  opportunityRank: number;
  actFirst: boolean;
}

export function valuableSegments(r: Pick<MeasureResult, 'rows' | 'segments' | 'us' | 'firms'>, us = r.us): ValuableSegment[] {
  if (!us) return [];
  const out = r.segments.map((s) => {
    const rows = r.rows.filter((x) => x.segment === s.label && Number.isFinite(x.shareOfValue));
    const sorted = [...rows].sort((a, b) => b.shareOfValue - a.shareOfValue);
    const ours = rows.find((x) => x.firm === us);
    const top = sorted[0];
    const ourShare = ours?.shareOfValue ?? 0;
    const leads = top?.firm === us;
    return {
      segment: s.label,
      marketValue: s.marketValue,
      valueRank: 0,
      ourShareOfValue: ourShare,
      leader: top?.firm ?? '',
      gap: top ? ourShare - top.shareOfValue : NaN,
      lead: leads && sorted[1] ? ourShare - sorted[1].shareOfValue : 0,
      opportunity: ours?.opportunity ?? NaN,
      opportunityRank: 0,
      actFirst: false,
    };
  });
  const rank = (key: 'marketValue' | 'opportunity', into: 'valueRank' | 'opportunityRank') =>
    [...out].sort((a, b) => (Number.isFinite(b[key]) ? b[key] : -Infinity) - (Number.isFinite(a[key]) ? a[key] : -Infinity)).forEach((x, i) => (x[into] = i + 1));
  rank('marketValue', 'valueRank');
  rank('opportunity', 'opportunityRank');
  const opps = out.map((x) => x.opportunity).filter(Number.isFinite).sort((a, b) => a - b);
  const median = opps.length ? (opps[(opps.length - 1) >> 1] + opps[opps.length >> 1]) / 2 : NaN;
  const half = Math.ceil(out.length / 2);
  for (const x of out) x.actFirst = x.valueRank <= half && x.opportunity > 0 && x.opportunity >= median;
  return out.sort((a, b) => a.opportunityRank - b.opportunityRank);
}

/** The act-first sentence in English or Chinese, or null when nothing qualifies. */
export function actFirstSentence(rows: ValuableSegment[], us: string, locale: 'en' | 'zh' = 'en', money: (v: number) => string = (v) => Math.round(v).toLocaleString('en')): string | null {
  const first = rows.filter((x) => x.actFirst);
  if (!first.length) return null;
  const list = first.map((x) => (locale === 'zh' ? `${x.segment}（${x.leader} 领先，机会 ${money(x.opportunity)}）` : `${x.segment} (${x.leader} leads; opportunity ${money(x.opportunity)})`));
  return locale === 'zh'
    ? `${us} 应首先在 ${list.join('、')} 采取行动：这些细分的市场价值居前一半，且 ${us} 的机会最大。`
    : `${us} should act first in ${list.join(' and ')}: segments in the top half by market value where ${us}'s opportunity is largest.`;
}
