import { describe, expect, it } from 'vitest';
import { actFirstSentence, valuableSegments } from '../../../src/core/improve/valuableSegments.ts';
import type { SegmentFirm } from '../../../src/core/measure/segments.ts';

const row = (segment: string, firm: string, shareOfValue: number, marketValue: number): SegmentFirm =>
  ({ segment, firm, shareOfValue, marketValue, opportunity: NaN, size: 1, familiarityRate: NaN, meanValue: NaN, relativeValue: NaN, shareOfWallet: NaN }) as SegmentFirm;

describe('valuableSegments(result)', () => {
  // Hand-made: 4 segments, us = A. Opportunity = market value x (max share - our share).
  const mv = { P: 1000, Q: 600, R: 300, T: 100 };
  const shares: Record<string, [number, number]> = { P: [0.3, 0.7], Q: [0.6, 0.4], R: [0.2, 0.8], T: [0.1, 0.9] };
  const rows = Object.entries(shares).flatMap(([s, [a, b]]) => {
    const top = Math.max(a, b);
    return [
      { ...row(s, 'A', a, mv[s as keyof typeof mv]), opportunity: mv[s as keyof typeof mv] * (top - a) },
      { ...row(s, 'B', b, mv[s as keyof typeof mv]), opportunity: mv[s as keyof typeof mv] * (top - b) },
    ];
  });
  const r = { rows, us: 'A', firms: ['A', 'B'], segments: Object.entries(mv).map(([label, marketValue]) => ({ label, marketValue, respondents: 1, size: 1, emptyConsideration: 0 })) };

  it('ranks by our opportunity with the leader, our gap (or lead) and the value rank (hand-computed)', () => {
    const v = valuableSegments(r);
    // Opportunities: P 1000 x 0.4 = 400, R 300 x 0.6 = 180, T 100 x 0.8 = 80, Q 0 (we lead by 0.2).
    expect(v.map((x) => x.segment)).toEqual(['P', 'R', 'T', 'Q']);
    expect(v[0]).toMatchObject({ segment: 'P', leader: 'B', valueRank: 1, opportunityRank: 1 });
    expect(v[0].opportunity).toBeCloseTo(400, 9);
    expect(v[0].gap).toBeCloseTo(-0.4, 12);
    expect(v.find((x) => x.segment === 'Q')).toMatchObject({ leader: 'A', gap: 0 });
    expect(v.find((x) => x.segment === 'Q')!.lead).toBeCloseTo(0.2, 12);
  });

  it('names the segments to act on first: top half by market value with an opportunity at least the median', () => {
    const v = valuableSegments(r);
    // Top half by value: P (1000), Q (600). Median opportunity of (0, 80, 180, 400) = 130: P only (Q has none).
    expect(v.filter((x) => x.actFirst).map((x) => x.segment)).toEqual(['P']);
    expect(actFirstSentence(v, 'A')).toBe("A should act first in P (B leads; opportunity 400): segments in the top half by market value where A's opportunity is largest.");
    expect(actFirstSentence(v, 'A', 'zh')).toContain('A 应首先在 P');
  });

  it('gives nothing without our firm', () => {
    expect(valuableSegments({ ...r, us: null })).toEqual([]);
  });
});
