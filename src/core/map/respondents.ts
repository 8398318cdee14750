/**
 * The deepest level of the drill-down (METHOD.md, "The strategy sandbox"): individual respondents
 * placed out of sample against the firm points, which stay where the map put them. Respondent i's
 * dissimilarity to firm f is 1 - SoV_if, the same relationship the segment and sub-group points are
 * drawn for, put into map units by the map's own transformation (drill.ts parentUnit), so a
 * respondent sits among the segments and sub-groups on one scale.
 *
 * Firms outside a respondent's consideration set: by default they count, at SoV_if = 0 (dissimilarity
 * 1), with full weight. That is METHOD.md's definition of SoV_if, and the same zeros are averaged into
 * every segment's and sub-group's share of value, so a respondent and its group are placed by the same
 * numbers. Weighting them 0 instead (`outsideWeight: 0`) would leave a respondent who considers one
 * or two firms undetermined (any point on a circle, or either of two points); such a respondent then
 * lands on its firm or between its two firms. A firm is outside K_i exactly when SoV_if = 0, since the
 * logit share of a considered firm is positive.
 *
 * Respondent-level shares are more extreme than segment means (often 0 or 1), so their dissimilarities
 * may lie beyond the range the map's transformation was fitted on: a linear transformation extends
 * its line (never below 0), a monotone one stays at its end values. Cost is linear in the number of
 * respondents (one 2D out-of-sample placement each, mds/outOfSample.ts).
 */
import type { MeasureDetail } from '../measure/measure.ts';
import { outOfSample } from '../mds/outOfSample.ts';
import type { Disparity } from '../mds/types.ts';
import type { Survey } from '../survey.ts';

export interface PlaceRespondentsOptions {
  /** Weight, in [0, 1], of a firm outside the respondent's consideration set (SoV 0). Default 1 (see the module comment). */
  outsideWeight?: number;
  /** Stop a respondent when it moves less than this x the RMS radius of the firm points. Default 1e-6. */
  tolerance?: number;
  /** Iteration limit per respondent. Default 100. */
  maxIterations?: number;
}

export interface PlacedRespondents {
  /** x, y per listed respondent (`xy[2r]`, `xy[2r + 1]` for `respondentIndices[r]`); NaN when not placed. */
  xy: Float32Array;
  /** Per listed respondent, stress-1 of its distances to the firms against their disparities; NaN when not placed. */
  stress1: Float32Array;
  /** Respondents placed. */
  placed: number;
  /** Respondents not placed: no share of value (empty consideration set, or not measured). */
  withoutShare: number;
  /** Placed respondents that hit the iteration limit. */
  unconverged: number;
}

/**
 * Place the respondents `respondentIndices` (survey rows) against the firms at `firmCoords`
 * (F x 2, survey firm order), dissimilarity 1 - SoV_if in map units by `disparity`. Respondents
 * without a share of value get NaN and are counted. Throws, naming the problem, on a firm
 * coordinate array of the wrong size or with non-finite values, or an index outside the survey.
 */
export function placeRespondents(
  detail: MeasureDetail,
  survey: Pick<Survey, 'n' | 'firms'>,
  firmCoords: ArrayLike<number>,
  disparity: Disparity,
  respondentIndices: ArrayLike<number>,
  options: PlaceRespondentsOptions = {},
): PlacedRespondents {
  const { outsideWeight = 1, tolerance = 1e-6, maxIterations = 100 } = options;
  const F = survey.firms.length;
  if (firmCoords.length !== F * 2) throw new Error(`firmCoords must hold x, y for the ${F} firms (${F * 2} values); got ${firmCoords.length}`);
  if (detail.sov.length !== survey.n * F) throw new Error(`detail holds ${detail.sov.length / F} respondents but the survey has ${survey.n}: measure this survey first`);
  if (!(outsideWeight >= 0 && outsideWeight <= 1)) throw new Error(`outsideWeight must be in [0, 1]; got ${outsideWeight}`);
  const m = respondentIndices.length;
  const rows = new Int32Array(m);
  let placed = 0;
  for (let r = 0; r < m; r++) {
    const i = respondentIndices[r];
    if (!(Number.isInteger(i) && i >= 0 && i < survey.n)) throw new Error(`respondent index ${i} (position ${r}) is not a survey row 0..${survey.n - 1}`);
    if (detail.inShare[i]) rows[placed++] = r;
  }
  const delta = new Float64Array(placed * F);
  const weights = outsideWeight === 1 ? undefined : new Float64Array(placed * F);
  for (let q = 0; q < placed; q++) {
    const i = respondentIndices[rows[q]];
    for (let f = 0; f < F; f++) {
      const v = detail.sov[i * F + f];
      delta[q * F + f] = 1 - v;
      if (weights) weights[q * F + f] = v > 0 ? 1 : outsideWeight;
    }
  }
  const xy = new Float32Array(m * 2).fill(NaN);
  const stress1 = new Float32Array(m).fill(NaN);
  let unconverged = 0;
  if (placed > 0) {
    const res = outOfSample(Float64Array.from(firmCoords), delta, { disparity, weights, tolerance, maxIterations });
    unconverged = res.unconverged;
    for (let q = 0; q < placed; q++) {
      const r = rows[q];
      xy[2 * r] = res.coords[2 * q];
      xy[2 * r + 1] = res.coords[2 * q + 1];
      stress1[r] = res.stress1[q];
    }
  }
  return { xy, stress1, placed, withoutShare: m - placed, unconverged };
}

/** The firm with each listed respondent's largest share of value (-1 without any), for colouring points. */
export function topFirms(detail: Pick<MeasureDetail, 'sov'>, F: number, respondentIndices: ArrayLike<number>): Int32Array {
  const out = new Int32Array(respondentIndices.length);
  for (let r = 0; r < respondentIndices.length; r++) {
    const o = respondentIndices[r] * F;
    let best = -1,
      v = 0;
    for (let f = 0; f < F; f++)
      if (detail.sov[o + f] > v) {
        v = detail.sov[o + f];
        best = f;
      }
    out[r] = best;
  }
  return out;
}
