import type { Survey } from '../survey.ts';
import type { RespondentValues } from './value.ts';

/** One segment x firm row of the segment tables (METHOD.md, Segment level). NaN = undefined. */
export interface SegmentFirm {
  segment: string;
  firm: string;
  /** Weighted respondents in the segment. */
  size: number;
  familiarityRate: number;
  meanValue: number;
  relativeValue: number;
  shareOfValue: number;
  shareOfWallet: number;
  marketValue: number;
  opportunity: number;
}

export interface SegmentInfo {
  label: string;
  /** Unweighted respondents measured in the segment. */
  respondents: number;
  size: number;
  marketValue: number;
  /** Measured respondents left out of share of value because they consider no firm. */
  emptyConsideration: number;
}

/**
 * Weighted segment tables: familiarity rate, mean and relative value, share of value
 * (relationship strength), observed share of wallet, size, market value and opportunity,
 * for every segment and firm, plus a market-wide row set when `withMarket` is set.
 * `segment[i]` is the respondent's segment index into `labels` (-1 = none).
 */
export function segmentTables(
  s: Survey,
  rv: RespondentValues,
  sov: Float64Array,
  segment: Int32Array,
  labels: string[],
): { rows: SegmentFirm[]; segments: SegmentInfo[] } {
  const F = s.firms.length;
  const S = labels.length;
  const size = new Float64Array(S);
  const count = new Int32Array(S);
  const market = new Float64Array(S);
  const empty = new Int32Array(S);
  const famW = new Float64Array(S * F);
  const mvSum = new Float64Array(S * F);
  const mvW = new Float64Array(S * F);
  const sovSum = new Float64Array(S * F);
  const sovW = new Float64Array(S);
  const sowSum = new Float64Array(S * F);
  const sowW = new Float64Array(S);
  const named = new Uint8Array(S);
  for (let i = 0; i < s.n; i++) {
    const g = segment[i];
    if (g < 0 || !rv.included[i]) continue;
    const w = s.weight[i];
    const sp = s.spend && s.spend[i] === s.spend[i] ? s.spend[i] : 1;
    count[g]++;
    size[g] += w;
    market[g] += w * sp;
    let anyK = false;
    for (let f = 0; f < F; f++) {
      const j = i * F + f;
      if (s.fam[j] >= 0.5) famW[g * F + f] += w;
      if (rv.considered[j]) {
        anyK = true;
        mvSum[g * F + f] += w * rv.value[j];
        mvW[g * F + f] += w;
      }
    }
    if (anyK) {
      sovW[g] += w;
      for (let f = 0; f < F; f++) sovSum[g * F + f] += w * sov[i * F + f];
    } else empty[g]++;
    if (s.sow) {
      let total = 0,
        filled = false;
      for (let f = 0; f < F; f++) {
        const v = s.sow[i * F + f];
        if (v === v) {
          filled = true;
          total += v;
        }
      }
      if (filled && total > 0) {
        named[g] = 1;
        sowW[g] += w * sp;
        for (let f = 0; f < F; f++) {
          const v = s.sow[i * F + f];
          if (v === v) sowSum[g * F + f] += (w * sp * v) / total;
        }
      }
    }
  }
  const rows: SegmentFirm[] = [];
  for (let g = 0; g < S; g++) {
    const mv = Array.from({ length: F }, (_, f) => (mvW[g * F + f] > 0 ? mvSum[g * F + f] / mvW[g * F + f] : NaN));
    const defined = mv.filter((v) => v === v);
    const meanMv = defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : NaN;
    const sovs = Array.from({ length: F }, (_, f) => (sovW[g] > 0 ? sovSum[g * F + f] / sovW[g] : NaN));
    const maxSov = Math.max(...sovs.map((v) => (v === v ? v : -Infinity)));
    for (let f = 0; f < F; f++) {
      rows.push({
        segment: labels[g],
        firm: s.firms[f],
        size: size[g],
        familiarityRate: size[g] > 0 ? famW[g * F + f] / size[g] : NaN,
        meanValue: mv[f],
        relativeValue: mv[f] === mv[f] && meanMv > 0 ? mv[f] / meanMv : NaN,
        shareOfValue: sovs[f],
        shareOfWallet: s.sow && named[g] && sowW[g] > 0 ? sowSum[g * F + f] / sowW[g] : NaN,
        marketValue: market[g],
        opportunity: sovs[f] === sovs[f] ? market[g] * (maxSov - sovs[f]) : NaN,
      });
    }
  }
  const segments = labels.map((label, g) => ({ label, respondents: count[g], size: size[g], marketValue: market[g], emptyConsideration: empty[g] }));
  return { rows, segments };
}
