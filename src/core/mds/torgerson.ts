/**
 * Classical (Torgerson) MDS: double-centre the squared dissimilarities,
 * B = -1/2 J D^2 J with J = I - 11'/n, and take the top-k eigenpairs, X = V_k Lambda_k^(1/2).
 * Torgerson (1952), Psychometrika 17, 401-419; Gower (1966), Biometrika 53, 325-338;
 * Borg & Groenen, Modern Multidimensional Scaling, 2nd ed., ch. 12. As R smacof's torgerson(),
 * negative leading eigenvalues give coordinate 0 on that axis.
 *
 * Missing dissimilarities (NaN, or weight 0) are imputed before double centring:
 * - `'mean'` (default): the mean of the known dissimilarities, as R smacof's initConf() does;
 * - `'triangle'`: the midpoint of the triangle-inequality bounds through every third point k known
 *   to both, max_k |delta_ik - delta_jk| <= delta_ij <= min_k (delta_ik + delta_jk), falling back to
 *   the mean where no such k exists. Better when whole blocks are missing (unfolding), where the mean
 *   would pull each set into a ball.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { assertFinite, packSymmetric } from './dissimilarities.ts';
import type { PairSet } from './dissimilarities.ts';
import { lanczos } from './lanczos.ts';

/** Largest n for which `method: 'auto'` runs the full ml-matrix decomposition (about 0.2 s at 300). */
export const FULL_EIGEN_MAX_N = 300;

export interface TorgersonOptions {
  /** Number of dimensions k, 1 <= k < n. Default 2. */
  dims?: number;
  /** Optional n x n weights; weight 0 marks a pair as missing. Default: all 1. */
  weights?: Float64Array;
  /** Imputation of missing pairs: `'mean'` (default) or `'triangle'` (see the module comment). */
  impute?: 'mean' | 'triangle';
  /**
   * `'full'`: every eigenvalue by ml-matrix; `'lanczos'`: leading eigenpairs only (plus the bottom
   * ones that converge on the way); `'auto'` (default): full up to FULL_EIGEN_MAX_N points.
   */
  method?: 'auto' | 'full' | 'lanczos';
  /** Lanczos convergence, relative to ||B||_F. Default 1e-10. */
  tolerance?: number;
  /** Seed of the Lanczos start vector. Default 1. */
  seed?: number;
  /** Lanczos only: keep going until the most negative eigenvalue has converged too, to flag non-Euclidean input. Default true. */
  findNegative?: boolean;
}

export interface TorgersonResult {
  n: number;
  dims: number;
  /** n x dims configuration, row-major, in the unit of the dissimilarities. */
  coords: Float64Array;
  /**
   * Every eigenvalue computed, descending. With the full method that is all n of them; with
   * Lanczos it is the converged Ritz values (the leading ones and usually the most negative ones).
   */
  eigenvalues: Float64Array;
  /** True when `eigenvalues` is the whole spectrum. */
  complete: boolean;
  /** trace(B) = sum of all n eigenvalues (known exactly even when not all were computed). */
  trace: number;
  /** Eigenvalues below -1e-10 * max|lambda| among those computed (non-Euclidean dissimilarities). */
  negative: { count: number; sum: number; mostNegative: number };
  /** True when a clearly negative eigenvalue was found: the dissimilarities are not Euclidean distances. */
  nonEuclidean: boolean;
  /** Share of the positive eigenvalue mass on the k axes, sum(lambda_1..k)/sum(positive lambda); null when incomplete. */
  explained: number | null;
  /** Number of pairs that were missing and imputed. */
  imputed: number;
  method: 'full' | 'lanczos';
  warnings: string[];
}

/**
 * Classical MDS of an n x n dissimilarity matrix (row-major; NaN = missing, diagonal ignored,
 * symmetrised if needed). Throws on invalid input (see packSymmetric), fewer than 2 points or
 * dims outside 1..n-1.
 */
export function torgerson(delta: Float64Array, options: TorgersonOptions = {}): TorgersonResult {
  const pairs = packSymmetric(delta, { weights: options.weights, minPoints: 2, rejectConstant: false });
  return classicalFromPairs(pairs, options);
}

/** Classical MDS from packed pairs (for callers that already validated their input). */
export function classicalFromPairs(pairs: PairSet, options: TorgersonOptions = {}): TorgersonResult {
  const { dims = 2, impute = 'mean', tolerance = 1e-10, seed = 1, findNegative = true } = options;
  const { n } = pairs;
  if (!(Number.isInteger(dims) && dims >= 1 && dims < n)) {
    throw new Error(`dims must be an integer from 1 to n - 1 = ${n - 1}; got ${dims}`);
  }
  const method = options.method === 'full' || options.method === 'lanczos' ? options.method : n <= FULL_EIGEN_MAX_N ? 'full' : 'lanczos';
  const warnings = [...pairs.warnings];
  const { full, imputed } = imputeFull(pairs, impute);
  if (imputed > 0) {
    warnings.push(`${imputed} missing dissimilarit${imputed === 1 ? 'y was' : 'ies were'} imputed (${impute}) for the classical solution`);
  }
  const b = doubleCentre(full, n);
  assertFinite(b, 'the double-centred matrix B', n);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += b[i * n + i];

  let values: Float64Array;
  let vectors: Float64Array;
  let eigenvalues: Float64Array;
  if (method === 'full') {
    const e = new EigenvalueDecomposition(Matrix.from1DArray(n, n, b), { assumeSymmetric: true });
    const all = e.realEigenvalues;
    const order = [...all.keys()].sort((x, y) => all[y] - all[x]);
    eigenvalues = Float64Array.from(order, (i) => all[i]);
    values = eigenvalues.slice(0, dims);
    vectors = new Float64Array(n * dims);
    const v = e.eigenvectorMatrix;
    for (let c = 0; c < dims; c++) for (let i = 0; i < n; i++) vectors[i * dims + c] = v.get(i, order[c]);
  } else {
    const l = lanczos(b, n, dims, { tolerance, seed, bottom: findNegative });
    values = l.values;
    vectors = l.vectors;
    eigenvalues = l.converged;
    if (l.residual > tolerance) {
      warnings.push(`Lanczos stopped after ${l.steps} steps with relative residual ${l.residual.toExponential(2)} (> ${tolerance})`);
    }
  }
  // Deterministic sign: the largest-magnitude entry of each eigenvector is positive.
  for (let c = 0; c < dims; c++) {
    let best = 0;
    for (let i = 0; i < n; i++) if (Math.abs(vectors[i * dims + c]) > Math.abs(best)) best = vectors[i * dims + c];
    if (best < 0) for (let i = 0; i < n; i++) vectors[i * dims + c] = -vectors[i * dims + c];
  }
  const coords = new Float64Array(n * dims);
  for (let c = 0; c < dims; c++) {
    const s = Math.sqrt(Math.max(values[c], 0));
    for (let i = 0; i < n; i++) coords[i * dims + c] = vectors[i * dims + c] * s;
  }

  let maxAbs = 0;
  for (const v of eigenvalues) maxAbs = Math.max(maxAbs, Math.abs(v));
  const negative = { count: 0, sum: 0, mostNegative: 0 };
  for (const v of eigenvalues) {
    if (v < -1e-10 * maxAbs) {
      negative.count++;
      negative.sum += v;
      negative.mostNegative = Math.min(negative.mostNegative, v);
    }
  }
  const nonEuclidean = negative.count > 0;
  if (nonEuclidean) {
    warnings.push(
      `B has ${negative.count} negative eigenvalue(s) among those computed (most negative ${negative.mostNegative}, ` +
        `largest ${eigenvalues[0]}): the dissimilarities are not Euclidean distances`,
    );
  }
  for (let c = 0; c < dims; c++) {
    if (!(values[c] > 1e-12 * maxAbs)) warnings.push(`eigenvalue ${c + 1} is ${values[c]}: axis ${c + 1} carries no information (coordinates 0)`);
  }
  let explained: number | null = null;
  if (method === 'full') {
    let pos = 0;
    for (const v of eigenvalues) if (v > 0) pos += v;
    let top = 0;
    for (let c = 0; c < dims; c++) top += Math.max(values[c], 0);
    explained = pos > 0 ? top / pos : 0;
  }
  return { n, dims, coords, eigenvalues, complete: method === 'full', trace, negative, nonEuclidean, explained, imputed, method, warnings };
}

/** Full n x n matrix of the packed pairs with missing pairs imputed. */
function imputeFull(pairs: PairSet, impute: 'mean' | 'triangle'): { full: Float64Array; imputed: number } {
  const { n, delta, w } = pairs;
  const full = new Float64Array(n * n);
  const known = new Uint8Array(n * n);
  let sum = 0;
  let count = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      if (w[k] > 0) {
        full[i * n + j] = full[j * n + i] = delta[k];
        known[i * n + j] = known[j * n + i] = 1;
        sum += delta[k];
        count++;
      }
    }
  }
  const mean = count > 0 ? sum / count : 0;
  let imputed = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (known[i * n + j]) continue;
      imputed++;
      let v = mean;
      if (impute === 'triangle') {
        let lo = 0;
        let hi = Infinity;
        for (let t = 0; t < n; t++) {
          if (!known[i * n + t] || !known[j * n + t]) continue;
          const a = full[i * n + t];
          const b = full[j * n + t];
          lo = Math.max(lo, Math.abs(a - b));
          hi = Math.min(hi, a + b);
        }
        if (hi < Infinity) v = (lo + hi) / 2;
      }
      full[i * n + j] = full[j * n + i] = v;
    }
  }
  return { full, imputed };
}

/** B = -1/2 J D^2 J for the n x n dissimilarities `full`. */
function doubleCentre(full: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n * n);
  const rowMean = new Float64Array(n);
  let grand = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const d2 = full[i * n + j] * full[i * n + j];
      b[i * n + j] = d2;
      s += d2;
    }
    rowMean[i] = s / n;
    grand += s;
  }
  grand /= n * n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) b[i * n + j] = -0.5 * (b[i * n + j] - rowMean[i] - rowMean[j] + grand);
  }
  return b;
}
