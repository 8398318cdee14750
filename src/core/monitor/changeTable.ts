/**
 * The Monitor's change table (METHOD.md "Monitor"): each firm's share of value per segment per
 * wave with a percentile bootstrap interval, and the change since the previous wave and since the
 * first with intervals; a change is significant when its interval excludes 0.
 *
 * Each wave's replicates resample its own respondents (within wave and segment), independently of
 * the other waves'. The interval of a change between waves v and w is the percentile interval of
 * `rep_w[b] - rep_v[b]` over replicate indices b: the difference of two independent draws, which is
 * a draw from the bootstrap distribution of the difference of the two independent wave means.
 * Percentiles as R's `quantile(type = 7)` (drivers/bootstrap.ts).
 */
import { percentile } from '../drivers/bootstrap.ts';

/** One wave's segment x firm shares and their bootstrap replicates. */
export interface WaveShares {
  wave: string;
  /** Share of value `sov[s * F + f]`; NaN where undefined (an empty segment, an absent firm). */
  sov: Float64Array;
  /** Replicates `replicates[(b * S + s) * F + f]`, B x S x F. */
  replicates: Float64Array;
}

/** One firm in one segment in one wave. NaN = undefined (blank in a file); null significance = no change to judge. */
export interface ChangeRow {
  wave: string;
  segment: string;
  firm: string;
  shareOfValue: number;
  low: number;
  high: number;
  /** Change since the previous wave (NaN in the first wave). */
  changePrev: number;
  changePrevLow: number;
  changePrevHigh: number;
  significantPrev: boolean | null;
  /** Change since the first wave (NaN in the first wave). */
  changeFirst: number;
  changeFirstLow: number;
  changeFirstHigh: number;
  significantFirst: boolean | null;
}

/**
 * The change table, wave-major, then segment, then firm (the order of `waves`, `segments`, `firms`).
 * Every wave must have the same number of replicates. `level` is the interval's coverage in (0, 1),
 * default 0.95.
 */
export function changeTable(waves: WaveShares[], segments: string[], firms: string[], level = 0.95): ChangeRow[] {
  const S = segments.length,
    F = firms.length;
  if (!(level > 0 && level < 1)) throw new Error(`level must be between 0 and 1, got ${level}`);
  const B = waves.length ? waves[0].replicates.length / (S * F) : 0;
  for (const w of waves) {
    if (w.sov.length !== S * F) throw new Error(`wave ${w.wave}: ${w.sov.length} shares, expected ${S} x ${F}`);
    if (w.replicates.length !== B * S * F) throw new Error(`wave ${w.wave}: ${w.replicates.length / (S * F)} replicates, expected ${B}`);
  }
  const lo = (1 - level) / 2,
    hi = 1 - lo;
  const values = new Float64Array(B);
  /** Percentile interval of `f(b)` over replicates, NaN when any replicate is undefined. */
  const interval = (f: (b: number) => number): [number, number] => {
    if (B === 0) return [NaN, NaN];
    for (let b = 0; b < B; b++) {
      const v = f(b);
      if (!Number.isFinite(v)) return [NaN, NaN];
      values[b] = v;
    }
    values.sort();
    return [percentile(values, lo), percentile(values, hi)];
  };
  const significant = (low: number, high: number): boolean | null => (Number.isFinite(low) && Number.isFinite(high) ? low > 0 || high < 0 : null);
  const change = (to: WaveShares, from: WaveShares | undefined, j: number, s: number, f: number) => {
    if (!from) return { change: NaN, low: NaN, high: NaN, significant: null };
    const d = to.sov[j] - from.sov[j];
    const [low, high] = Number.isFinite(d) ? interval((b) => to.replicates[(b * S + s) * F + f] - from.replicates[(b * S + s) * F + f]) : [NaN, NaN];
    return { change: d, low, high, significant: significant(low, high) };
  };
  const rows: ChangeRow[] = [];
  waves.forEach((w, k) => {
    for (let s = 0; s < S; s++)
      for (let f = 0; f < F; f++) {
        const j = s * F + f;
        const [low, high] = Number.isFinite(w.sov[j]) ? interval((b) => w.replicates[(b * S + s) * F + f]) : [NaN, NaN];
        const prev = change(w, k > 0 ? waves[k - 1] : undefined, j, s, f);
        const first = change(w, k > 0 ? waves[0] : undefined, j, s, f);
        rows.push({
          wave: w.wave,
          segment: segments[s],
          firm: firms[f],
          shareOfValue: w.sov[j],
          low,
          high,
          changePrev: prev.change,
          changePrevLow: prev.low,
          changePrevHigh: prev.high,
          significantPrev: prev.significant,
          changeFirst: first.change,
          changeFirstLow: first.low,
          changeFirstHigh: first.high,
          significantFirst: first.significant,
        });
      }
  });
  return rows;
}
