/**
 * Shapley value decomposition of R^2, known as LMG: Lindeman, Merenda & Gold (1980), Introduction to
 * Bivariate and Multivariate Analysis, p. 119ff; Grömping (2006), "Relative importance for linear
 * regression in R: the package relaimpo", J Stat Softw 17(1) (relaimpo's `type = "lmg"`). A
 * predictor's share is its gain in R^2 when it joins, averaged over every order of entry:
 * `phi_j = sum_(S not holding j) |S|! (P - |S| - 1)! / P! (R^2(S + j) - R^2(S))`; the values sum to R^2.
 *
 * R^2 of a subset S from the correlations: solve `R_SS b = r_Sy`, `R^2 = r_Sy' b`. The subsets are
 * walked depth first, each one extending its parent's Cholesky factor by one row, so a subset costs
 * one triangular solve and all 2^P of them about 2^P P^2 / 2 operations.
 */
import { eigenOrReason, shareOf, type ImportanceOptions, type ImportanceResult } from './relativeWeights.ts';

/** Most predictors the exact decomposition takes: 2^15 = 32,768 subsets (a few milliseconds); each one more doubles it. */
export const SHAPLEY_MAX_NEEDS = 15;

/** R^2 of the regression of the target on the predictors in `subset` (indices), from correlations. */
export function subsetR2(rxx: Float64Array, rxy: Float64Array, subset: readonly number[]): number {
  const P = rxy.length;
  const k = subset.length;
  // Cholesky of R_SS, then R^2 = |L^-1 r_Sy|^2.
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j <= i; j++) {
      let s = rxx[subset[i] * P + subset[j]];
      for (let m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
      if (i === j) {
        if (!(s > 0)) throw new Error('the correlation matrix of the subset is not positive definite');
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j];
    }
  let r2 = 0;
  const z = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = rxy[subset[i]];
    for (let m = 0; m < i; m++) s -= L[i * k + m] * z[m];
    z[i] = s / L[i * k + i];
    r2 += z[i] * z[i];
  }
  return r2;
}

/** R^2 of every subset, indexed by bit mask (bit j = predictor j). Rxx must be positive definite. */
export function allSubsetR2(rxx: Float64Array, rxy: Float64Array): Float64Array {
  const P = rxy.length;
  const r2 = new Float64Array(1 << P);
  // Rows of the Cholesky factor along the current path; row i holds i + 1 entries.
  const L = new Float64Array(P * P);
  const z = new Float64Array(P);
  const members = new Int32Array(P);
  const visit = (mask: number, depth: number, from: number, base: number) => {
    for (let v = from; v < P; v++) {
      const row = depth * P;
      let sq = 0;
      for (let i = 0; i < depth; i++) {
        let s = rxx[members[i] * P + v];
        for (let m = 0; m < i; m++) s -= L[i * P + m] * L[row + m];
        const l = s / L[i * P + i];
        L[row + i] = l;
        sq += l * l;
      }
      const d = rxx[v * P + v] - sq;
      if (!(d > 0)) throw new Error('the correlation matrix is not positive definite');
      const diag = Math.sqrt(d);
      L[row + depth] = diag;
      let s = rxy[v];
      for (let i = 0; i < depth; i++) s -= L[row + i] * z[i];
      z[depth] = s / diag;
      members[depth] = v;
      const next = mask | (1 << v);
      r2[next] = base + z[depth] * z[depth];
      visit(next, depth + 1, v + 1, r2[next]);
    }
  };
  visit(0, 0, 0, 0);
  return r2;
}

/**
 * LMG shares of R^2 from the predictors' correlation matrix `rxx` (P x P) and their correlations
 * `rxy` with the target: raw values sum to R^2, shares to 100. Throws when P is above
 * SHAPLEY_MAX_NEEDS; a constant or collinear predictor is a reason, as for relative weights.
 */
export function shapleyR2(rxx: Float64Array, rxy: Float64Array, options: ImportanceOptions = {}): ImportanceResult {
  const P = rxy.length;
  if (P > SHAPLEY_MAX_NEEDS)
    throw new Error(`the Shapley decomposition takes at most ${SHAPLEY_MAX_NEEDS} needs (it fits all 2^P subsets), got ${P}: use relative weights (method 'rw')`);
  const check = eigenOrReason(rxx, rxy, options);
  if ('ok' in check) return check;
  const r2 = allSubsetR2(rxx, rxy);
  // Weight of a subset of size s that does not hold j: s! (P - s - 1)! / P!.
  const weight = new Float64Array(P);
  for (let s = 0; s < P; s++) {
    let w = 1 / P;
    for (let t = 1; t <= s; t++) w *= t / (P - t);
    weight[s] = w;
  }
  const raw = new Float64Array(P);
  const full = (1 << P) - 1;
  for (let mask = 0; mask < full; mask++) {
    let size = 0;
    for (let m = mask; m; m &= m - 1) size++;
    const w = weight[size];
    for (let j = 0; j < P; j++) {
      const bit = 1 << j;
      if (!(mask & bit)) raw[j] += w * (r2[mask | bit] - r2[mask]);
    }
  }
  return shareOf(raw, r2[full]);
}
