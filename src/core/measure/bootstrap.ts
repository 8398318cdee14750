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
  // Each segment's weights and weighted shares packed in member order, and each replicate's draws
  // counted before they are summed: adding the drawn respondents in the order drawn read the
  // million respondents' shares at random, 100 times (9 s of cache misses in Chromium); the same
  // draws, counted, are summed in one pass over memory in order. Only the order of the additions
  // differs from summing as drawn.
  const packed = members.map((m) => {
    const p = new Float64Array(m.length * (F + 1));
    m.forEach((i, k) => {
      const w = detail.weight[i];
      p[k * (F + 1)] = w;
      for (let f = 0; f < F; f++) p[k * (F + 1) + f + 1] = w * detail.sov[i * F + f];
    });
    return p;
  });
  const counts = new Int32Array(Math.max(0, ...members.map((m) => m.length)));
  const r = rng(seed);
  const out = new Float64Array(replicates * S * F).fill(NaN);
  const acc = new Float64Array(F + 1);
  for (let b = 0; b < replicates; b++) {
    for (let s = 0; s < S; s++) {
      const n = members[s].length;
      if (n === 0) continue;
      counts.fill(0, 0, n);
      for (let k = 0; k < n; k++) counts[Math.floor(r() * n)]++;
      acc.fill(0);
      const p = packed[s];
      for (let k = 0, o = 0; k < n; k++, o += F + 1) {
        const c = counts[k];
        if (c === 0) continue;
        for (let f = 0; f <= F; f++) acc[f] += c * p[o + f];
      }
      for (let f = 0; f < F; f++) out[(b * S + s) * F + f] = acc[f + 1] / acc[0];
    }
  }
  return out;
}
