/**
 * Johnson's relative weights: J. W. Johnson (2000), "A heuristic method for estimating the relative
 * weight of predictor variables in multiple regression", Multivariate Behavioral Research 35(1), 1-19.
 * From the predictors' correlation matrix Rxx = V diag(eig) V' and their correlations rxy with the
 * target: Lambda = V diag(sqrt(eig)) V' (the symmetric square root of Rxx, which links the orthogonal
 * predictors Z to the original X), beta = Lambda^-1 rxy (the target regressed on Z), and the raw weight
 * of predictor j is `sum_k Lambda_jk^2 beta_k^2`. The raw weights sum to R^2 = sum_k beta_k^2; the
 * share is raw / R^2 x 100. Same steps as R rwa::rwa_multiregress() (Martin Chan) and Tonidandel &
 * LeBreton (2011), J Bus Psychol 26:1-9, appendix.
 *
 * A constant predictor has no correlation, and perfectly collinear predictors make Rxx singular:
 * both are returned as a reason naming the predictors, never as NaN weights.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { listNames } from '../format.ts';

/**
 * Smallest eigenvalue of a correlation matrix (trace = number of predictors) still taken as
 * non-singular. 1 - R^2 of any predictor on the others is at least the smallest eigenvalue, so below
 * this a predictor is a linear combination of the others to within 1e-8: collinear for any survey.
 */
export const COLLINEAR_TOLERANCE = 1e-8;

/** Loading above which a predictor counts as part of a collinear set (eigenvectors are unit length). */
const LOADING_TOLERANCE = 1e-6;

export interface ImportanceFit {
  ok: true;
  /** R^2 of the full regression. */
  r2: number;
  /** Raw weight per predictor; the raw weights sum to `r2`. */
  raw: Float64Array;
  /** Raw weight / R^2 x 100 per predictor: percent, sums to 100. */
  share: Float64Array;
}

export type NotFittedCode = 'constant-need' | 'collinear-needs' | 'constant-target' | 'zero-r2';

export interface NotFitted {
  ok: false;
  code: NotFittedCode;
  /** Indices of the predictors at fault (empty for a constant target or R^2 = 0). */
  needs: number[];
  /** Plain English, naming the predictors. */
  reason: string;
}

export type ImportanceResult = ImportanceFit | NotFitted;

export interface ImportanceOptions {
  /** Predictor names used in reasons; default `need 1`, `need 2`, ... */
  names?: readonly string[];
}

/** Weighted correlations of predictor columns with each other and with a target. */
export interface Correlations {
  /** Number of predictors P. */
  p: number;
  /** P x P row-major; the row, column and diagonal of a constant predictor are NaN. */
  rxx: Float64Array;
  /** Correlation of each predictor with the target; all NaN when the target is constant. */
  rxy: Float64Array;
  /** Complete rows used (finite in every column, the target and the weight, weight above 0). */
  n: number;
  weightSum: number;
}

/**
 * Survey-weighted Pearson correlations of `columns` with each other and with `target`, over the rows
 * complete in every column and the target (listwise) with a weight above 0:
 * `r_jk = sum w (x_j - m_j)(x_k - m_k) / sqrt(sum w (x_j - m_j)^2 sum w (x_k - m_k)^2)` with weighted
 * means `m`. A column whose complete rows all hold one value is constant: its correlations are NaN.
 */
export function weightedCorrelations(columns: readonly ArrayLike<number>[], target: ArrayLike<number>, weights: ArrayLike<number>): Correlations {
  const P = columns.length;
  for (const c of columns) if (c.length !== target.length) throw new Error(`every column must have one value per row: a column has ${c.length}, the target ${target.length}`);
  if (weights.length !== target.length) throw new Error(`weights must have one value per row: got ${weights.length} for ${target.length} rows`);
  const keep: number[] = [];
  for (let r = 0; r < target.length; r++) {
    if (!Number.isFinite(target[r]) || !(weights[r] > 0) || !Number.isFinite(weights[r])) continue;
    let complete = true;
    for (let j = 0; j < P && complete; j++) if (!Number.isFinite(columns[j][r])) complete = false;
    if (complete) keep.push(r);
  }
  const R = keep.length;
  const x = new Float64Array(R * P);
  const y = new Float64Array(R);
  const w = new Float64Array(R);
  keep.forEach((r, k) => {
    for (let j = 0; j < P; j++) x[k * P + j] = columns[j][r];
    y[k] = target[r];
    w[k] = weights[r];
  });
  return rowCorrelations(x, y, w, P);
}

/**
 * `weightedCorrelations` over rows already complete: `x` is R x P row-major, `y` and `w` have R
 * values. Rows with weight 0 are left out (a bootstrap replicate gives the rows it did not draw weight 0).
 */
export function rowCorrelations(x: Float64Array, y: Float64Array, w: Float64Array, P: number): Correlations {
  const R = y.length;
  const V = P + 1;
  const mean = new Float64Array(V);
  const first = new Float64Array(V).fill(NaN);
  const constant = new Uint8Array(V).fill(1);
  let W = 0,
    n = 0;
  for (let r = 0; r < R; r++) {
    const wr = w[r];
    if (!(wr > 0)) continue;
    W += wr;
    n++;
    for (let j = 0; j < V; j++) {
      const v = j < P ? x[r * P + j] : y[r];
      mean[j] += wr * v;
      // Constancy tested on the values themselves: a rounded weighted mean leaves tiny deviations.
      if (first[j] !== first[j]) first[j] = v;
      else if (v !== first[j]) constant[j] = 0;
    }
  }
  for (let j = 0; j < V; j++) mean[j] /= W;
  const cov = new Float64Array(V * V);
  const d = new Float64Array(V);
  for (let r = 0; r < R; r++) {
    const wr = w[r];
    if (!(wr > 0)) continue;
    for (let j = 0; j < V; j++) d[j] = (j < P ? x[r * P + j] : y[r]) - mean[j];
    for (let j = 0; j < V; j++) {
      const wd = wr * d[j];
      for (let k = j; k < V; k++) cov[j * V + k] += wd * d[k];
    }
  }
  const sd = Float64Array.from({ length: V }, (_, j) => (n > 1 && !constant[j] ? Math.sqrt(cov[j * V + j]) : NaN));
  const corr = (j: number, k: number) => (j === k ? (sd[j] === sd[j] ? 1 : NaN) : cov[Math.min(j, k) * V + Math.max(j, k)] / (sd[j] * sd[k]));
  const rxx = new Float64Array(P * P);
  const rxy = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    for (let k = 0; k < P; k++) rxx[j * P + k] = corr(j, k);
    rxy[j] = corr(j, P);
  }
  return { p: P, rxx, rxy, n, weightSum: W };
}


function nameOf(options: ImportanceOptions, j: number): string {
  return options.names?.[j] ?? `need ${j + 1}`;
}

/**
 * The eigen-decomposition of Rxx, or the reason there is no model: a constant predictor (NaN
 * correlations), a constant target (NaN rxy), or perfectly collinear predictors (an eigenvalue below
 * COLLINEAR_TOLERANCE; the predictors loading on its eigenvectors are named).
 * Eigenvalues are ascending (ml-matrix's symmetric solver); `vectors[j * P + k]` is component j of vector k.
 */
export function eigenOrReason(rxx: Float64Array, rxy: Float64Array, options: ImportanceOptions = {}): { values: Float64Array; vectors: Float64Array } | NotFitted {
  const P = rxy.length;
  if (rxx.length !== P * P) throw new Error(`the correlation matrix must be ${P} x ${P} (one row per predictor), got ${rxx.length} values`);
  const constant: number[] = [];
  for (let j = 0; j < P; j++) if (!Number.isFinite(rxx[j * P + j])) constant.push(j);
  if (constant.length) {
    const names = constant.map((j) => nameOf(options, j));
    return {
      ok: false,
      code: 'constant-need',
      needs: constant,
      reason: `${listNames(names)} ${names.length === 1 ? 'has' : 'have'} the same rating from every respondent (no variance), so cannot explain differences; leave ${names.length === 1 ? 'it' : 'them'} out`,
    };
  }
  for (let j = 0; j < P * P; j++) if (!Number.isFinite(rxx[j])) throw new Error(`the correlation matrix holds ${rxx[j]} at row ${Math.floor(j / P) + 1}, column ${(j % P) + 1}`);
  if (rxy.every((v) => !Number.isFinite(v))) return { ok: false, code: 'constant-target', needs: [], reason: 'the target has the same value for every respondent (no variance): there is nothing to explain' };
  for (let j = 0; j < P; j++) if (!Number.isFinite(rxy[j])) throw new Error(`the correlation of ${nameOf(options, j)} with the target is ${rxy[j]}`);
  const e = new EigenvalueDecomposition(Matrix.from1DArray(P, P, rxx), { assumeSymmetric: true });
  const values = Float64Array.from(e.realEigenvalues);
  const vectors = Float64Array.from(e.eigenvectorMatrix.to1DArray());
  const collinear = new Set<number>();
  for (let k = 0; k < P; k++) {
    if (values[k] >= COLLINEAR_TOLERANCE) continue;
    for (let j = 0; j < P; j++) if (Math.abs(vectors[j * P + k]) > LOADING_TOLERANCE) collinear.add(j);
  }
  if (collinear.size) {
    const needs = [...collinear].sort((a, b) => a - b);
    return {
      ok: false,
      code: 'collinear-needs',
      needs,
      reason: `${listNames(needs.map((j) => nameOf(options, j)))} are perfectly collinear (one is a linear combination of the others, for example two identical columns), so their weights cannot be told apart; merge them or leave one out`,
    };
  }
  return { values, vectors };
}

/** Shares from raw weights, or the R^2 = 0 reason. */
export function shareOf(raw: Float64Array, r2: number): ImportanceResult {
  // R^2 at rounding level: the target is uncorrelated with every predictor and a share means nothing.
  if (!(r2 > 1e-14)) return { ok: false, code: 'zero-r2', needs: [], reason: 'the needs explain none of the target (R^2 = 0), so there is no importance to share out' };
  return { ok: true, r2, raw, share: Float64Array.from(raw, (v) => (v / r2) * 100) };
}

/**
 * Johnson's (2000) relative weights from the predictors' correlation matrix `rxx` (P x P, row-major)
 * and their correlations `rxy` with the target. Raw weights sum to R^2; shares to 100.
 */
export function relativeWeights(rxx: Float64Array, rxy: Float64Array, options: ImportanceOptions = {}): ImportanceResult {
  const P = rxy.length;
  const eig = eigenOrReason(rxx, rxy, options);
  if ('ok' in eig) return eig;
  const { values, vectors } = eig;
  const lambda = new Float64Array(P * P);
  const inverse = new Float64Array(P * P);
  for (let j = 0; j < P; j++)
    for (let l = 0; l < P; l++) {
      let a = 0,
        b = 0;
      for (let k = 0; k < P; k++) {
        const vv = vectors[j * P + k] * vectors[l * P + k];
        const root = Math.sqrt(values[k]);
        a += vv * root;
        b += vv / root;
      }
      lambda[j * P + l] = a;
      inverse[j * P + l] = b;
    }
  const beta = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    let s = 0;
    for (let l = 0; l < P; l++) s += inverse[j * P + l] * rxy[l];
    beta[j] = s;
  }
  let r2 = 0;
  for (let k = 0; k < P; k++) r2 += beta[k] * beta[k];
  const raw = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    let s = 0;
    for (let k = 0; k < P; k++) s += lambda[j * P + k] ** 2 * beta[k] ** 2;
    raw[j] = s;
  }
  return shareOf(raw, r2);
}
