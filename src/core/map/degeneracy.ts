/**
 * Signs that a joint (unfolding) map has degenerated (Busing, Groenen & Heiser 2005, Psychometrika
 * 70, 71-98, section 2): the transformation flattens the firm-segment disparities so that every
 * segment sits at about the same distance from every firm, and the two sets drift apart.
 * - variation ratio: within each segment, the coefficient of variation of its distances to the firms
 *   over that of its dissimilarities, averaged over segments. Busing et al. penalise the variation of
 *   the disparities; we measure the distances drawn, so that every method (penalised or not, row- or
 *   matrix-conditional) is judged on the picture itself, and within segments, because a map may
 *   rightly drop differences between segments' overall strength (the joint method's per-segment
 *   transformation does) but must not draw a segment equally far from every firm. Near 1 the map kept
 *   the spread; below VARIATION_SIGN it flattened it.
 * - intermixedness (DeSarbo, Young & Rangaswamy 1997, J. Marketing Research 34, 499-516, as used by
 *   Busing et al.): for each point, its mean distance to its own set against its mean distance to the
 *   other set, squared differences averaged over each set and added, with the distances divided by
 *   their mean over all pairs so the index does not depend on the map's scale. 0 when firms and
 *   segments are perfectly intermixed; it grows as the two sets separate. Our reading: the sum of the
 *   two sets' means, each over its points (documented here because sources differ in the scaling).
 *   The index is symmetric: firms spread around a central group of segments score high too, and such
 *   a map reads well. So the "separated" sign needs the index above INTERMIXEDNESS_SIGN and both sets,
 *   on average, nearer their own members than the other set's.
 */
import { variation } from '../mds/prefscal.ts';

/** Below this variation ratio, the map says its transformation flattened the data. */
export const VARIATION_SIGN = 0.5;
/**
 * Above this intermixedness, the map says firms and segments stand apart. Set from the map-quality
 * benchmark: the plain interval maps of the sample (0.92) and of breakfast (1.27), which draw the two
 * sets on opposite sides, score above it; maps that read as intermixed scored 0.07 to 0.5.
 */
export const INTERMIXEDNESS_SIGN = 0.6;

export interface Degeneracy {
  /** Mean over segments of CV(its map distances to the firms) / CV(its dissimilarities to them). */
  variationRatio: number;
  /** DeSarbo's intermixedness (0 = intermixed). */
  intermixedness: number;
  /** Plain signs to show: 'flattened' and/or 'separated'. */
  signs: ('flattened' | 'separated')[];
}

/**
 * Degeneracy signs of a joint map: firms 0..F-1 then segments, `coords` n x 2, firm-segment `delta`
 * and map `distance` per pair, with `segmentOf` giving each pair's segment (0..S-1).
 */
export function degeneracy(F: number, S: number, coords: ArrayLike<number>, fsDelta: ArrayLike<number>, fsDistance: ArrayLike<number>, segmentOf: ArrayLike<number>): Degeneracy {
  let ratioSum = 0,
    rows = 0;
  for (let s = 0; s < S; s++) {
    const dl: number[] = [],
      ds: number[] = [];
    for (let k = 0; k < segmentOf.length; k++)
      if (segmentOf[k] === s) {
        dl.push(fsDelta[k]);
        ds.push(fsDistance[k]);
      }
    const ones = dl.map(() => 1);
    const cvDelta = dl.length > 1 ? variation(dl, ones) : 0;
    if (!(cvDelta > 1e-12)) continue; // a segment with equal shares everywhere has no spread to keep
    ratioSum += variation(ds, ones) / cvDelta;
    rows++;
  }
  const variationRatio = rows ? ratioSum / rows : NaN;
  const n = F + S;
  const d = (i: number, j: number) => Math.hypot(coords[2 * i] - coords[2 * j], coords[2 * i + 1] - coords[2 * j + 1]);
  let total = 0,
    count = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      total += d(i, j);
      count++;
    }
  const unit = total / count || 1;
  // Per set: mean squared and mean signed (other - own) difference of mean distances, in map units.
  const setTerm = (from: number, to: number, own: [number, number], other: [number, number]) => {
    let sq = 0,
      signed = 0;
    for (let i = from; i < to; i++) {
      let a = 0,
        b = 0;
      for (let j = own[0]; j < own[1]; j++) if (j !== i) a += d(i, j);
      for (let j = other[0]; j < other[1]; j++) b += d(i, j);
      const ownCount = own[1] - own[0] - 1;
      const diff = (b / (other[1] - other[0]) - (ownCount > 0 ? a / ownCount : 0)) / unit;
      sq += diff * diff;
      signed += diff;
    }
    return { sq: sq / (to - from), signed: signed / (to - from) };
  };
  const firms = setTerm(0, F, [0, F], [F, n]);
  const segs = setTerm(F, n, [F, n], [0, F]);
  const intermixedness = firms.sq + segs.sq;
  const signs: Degeneracy['signs'] = [];
  if (variationRatio < VARIATION_SIGN) signs.push('flattened');
  if (intermixedness > INTERMIXEDNESS_SIGN && firms.signed > 0 && segs.signed > 0) signs.push('separated');
  return { variationRatio, intermixedness, signs };
}
