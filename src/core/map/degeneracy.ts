/**
 * Signs that a joint (unfolding) map has degenerated (Busing, Groenen & Heiser 2005, Psychometrika
 * 70, 71-98, section 2): the transformation flattens the firm-segment disparities so that every
 * segment sits at about the same distance from every firm, and the two sets drift apart.
 * - variation ratio: the coefficient of variation of the firm-segment map distances over that of the
 *   firm-segment dissimilarities. Busing et al. penalise the variation of the disparities; we measure
 *   the distances drawn, so that every method (penalised or not, whatever transformation it fitted) is
 *   judged on the picture itself. Near 1 the map kept the spread of the data; below VARIATION_SIGN it
 *   flattened it (every segment about equally far from every firm).
 * - intermixedness (DeSarbo, Young & Rangaswamy 1997, J. Marketing Research 34, 499-516, as used by
 *   Busing et al.): for each point, its mean distance to its own set against its mean distance to the
 *   other set, squared differences averaged over each set and added, with the distances divided by
 *   their mean over all pairs so the index does not depend on the map's scale. 0 when firms and
 *   segments are perfectly intermixed; it grows as the two sets separate. Our reading: the sum of the
 *   two sets' means, each over its points (documented here because sources differ in the scaling).
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
  /** CV of firm-segment map distances / CV of firm-segment dissimilarities. */
  variationRatio: number;
  /** DeSarbo's intermixedness (0 = intermixed). */
  intermixedness: number;
  /** Plain signs to show: 'flattened' and/or 'separated'. */
  signs: ('flattened' | 'separated')[];
}

/** Degeneracy signs of a joint map: firms 0..F-1 then segments, `coords` n x 2, firm-segment `delta` and map distance per pair. */
export function degeneracy(F: number, S: number, coords: ArrayLike<number>, fsDelta: ArrayLike<number>, fsDistance: ArrayLike<number>): Degeneracy {
  const ones = new Float64Array(fsDelta.length).fill(1);
  const variationRatio = variation(fsDistance, ones) / variation(fsDelta, ones);
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
  const setTerm = (from: number, to: number, own: [number, number], other: [number, number]) => {
    let sum = 0;
    for (let i = from; i < to; i++) {
      let a = 0,
        b = 0;
      for (let j = own[0]; j < own[1]; j++) if (j !== i) a += d(i, j);
      for (let j = other[0]; j < other[1]; j++) b += d(i, j);
      const ownCount = own[1] - own[0] - 1;
      const meanOwn = ownCount > 0 ? a / ownCount : 0;
      sum += ((meanOwn - b / (other[1] - other[0])) / unit) ** 2;
    }
    return sum / (to - from);
  };
  const intermixedness = setTerm(0, F, [0, F], [F, n]) + setTerm(F, n, [F, n], [0, F]);
  const signs: Degeneracy['signs'] = [];
  if (variationRatio < VARIATION_SIGN) signs.push('flattened');
  if (intermixedness > INTERMIXEDNESS_SIGN) signs.push('separated');
  return { variationRatio, intermixedness, signs };
}
