import { rng } from '../random.ts';
import type { MeasureDetail } from './measure.ts';

/**
 * Bootstrap replicates of the segment x firm share-of-value table: respondents are resampled
 * with replacement within each segment (stratified, so every replicate keeps each segment's
 * sample size), seeded. Beta stays at the full-sample value: the replicates show sampling
 * variation of the segment means, which is what a workshop may over-read on the map.
 * Returns `B x S x F` values, `out[(b * S + s) * F + f]`.
 */
export function bootstrapSegmentSov(detail: MeasureDetail, S: number, F: number, { replicates = 100, seed = 7 } = {}): Float64Array {
  const members: number[][] = Array.from({ length: S }, () => []);
  for (let i = 0; i < detail.segment.length; i++) {
    const g = detail.segment[i];
    if (g >= 0 && g < S && detail.inShare[i]) members[g].push(i);
  }
  const r = rng(seed);
  const out = new Float64Array(replicates * S * F).fill(NaN);
  const acc = new Float64Array(F);
  for (let b = 0; b < replicates; b++) {
    for (let s = 0; s < S; s++) {
      const m = members[s];
      if (m.length === 0) continue;
      acc.fill(0);
      let wsum = 0;
      for (let k = 0; k < m.length; k++) {
        const i = m[Math.floor(r() * m.length)];
        const w = detail.weight[i];
        wsum += w;
        for (let f = 0; f < F; f++) acc[f] += w * detail.sov[i * F + f];
      }
      for (let f = 0; f < F; f++) out[(b * S + s) * F + f] = acc[f] / wsum;
    }
  }
  return out;
}
