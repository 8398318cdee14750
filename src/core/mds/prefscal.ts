/**
 * Penalised stress of PREFSCAL (Busing, Groenen & Heiser 2005, "Avoiding degeneracy in
 * multidimensional unfolding by penalizing on the coefficient of variation", Psychometrika 70,
 * 71-98; R smacof `unfolding(lambda = 0.5, omega = 1)`), for a weighted square dissimilarity matrix
 * with an interval transformation:
 *
 *   sigma_p(gamma, X) = sigma_n(gamma, X)^lambda * (1 + omega / nu(gamma)^2)
 *
 * sigma_n is normalised stress, nu the weighted coefficient of variation of the disparities gamma.
 * A degenerate unfolding flattens the disparities (nu -> 0), which the second factor forbids.
 * gamma = c (theta + delta): the scale c that minimises sigma_n is closed-form and leaves
 * sigma_n = 1 - (sum w g d)^2 / (sum w g^2 sum w d^2) with g = theta + delta, scale-free in g, so
 * the transformation step is a one-dimensional search over theta >= -min delta (a grid, then golden
 * section). The configuration step is one Guttman transform for the disparities, which lowers
 * sigma_n for fixed gamma and so sigma_p (the penalty factor does not depend on X).
 */
import { choleskyInPlace, choleskySolveInPlace } from './cholesky.ts';
import { fittedPairs } from './dissimilarities.ts';

/** Minimiser of f on [a, b] by golden-section search (60 steps: the bracket shrinks by 0.618^60). */
function goldenSection(f: (u: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a),
    e = a + r * (b - a);
  let fc = f(c),
    fe = f(e);
  for (let it = 0; it < 60; it++) {
    if (fc < fe) {
      b = e;
      e = c;
      fe = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = e;
      fc = fe;
      e = a + r * (b - a);
      fe = f(e);
    }
  }
  return (a + b) / 2;
}

export interface PrefscalOptions {
  /** Exponent of normalised stress. Default 0.5 (PREFSCAL, R smacof). */
  lambda?: number;
  /** Strength of the coefficient-of-variation penalty. Default 1 (R smacof 2.x). */
  omega?: number;
  /** Stop when penalised stress falls by less than this in one iteration. Default 1e-8. */
  tolerance?: number;
  maxIterations?: number;
}

export interface PrefscalResult {
  coords: Float64Array;
  /** Disparities (n x n) in the configuration's unit. */
  dhat: Float64Array;
  penalisedStress: number;
  normalisedStress: number;
  /** Coefficient of variation of the disparities. */
  variation: number;
  /** theta of gamma = c (theta + delta). */
  theta: number;
  iterations: number;
}

/** Weighted coefficient of variation (weighted sd / weighted mean) of the values with weight > 0. */
export function variation(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  let sw = 0,
    s1 = 0,
    s2 = 0;
  for (let k = 0; k < values.length; k++) {
    const w = weights[k];
    if (!(w > 0)) continue;
    sw += w;
    s1 += w * values[k];
    s2 += w * values[k] * values[k];
  }
  const mean = s1 / sw;
  const v = Math.max(0, s2 / sw - mean * mean);
  return Math.sqrt(v) / mean;
}

/** sigma_p for the shape theta at the distances d (pairs listed in `delta`, `w`, `d`). */
export function penalisedStressAt(theta: number, delta: ArrayLike<number>, w: ArrayLike<number>, d: ArrayLike<number>, lambda = 0.5, omega = 1): { sigmaP: number; sigmaN: number; nu: number } {
  let gd = 0,
    gg = 0,
    dd = 0;
  const g = new Float64Array(delta.length);
  for (let k = 0; k < delta.length; k++) {
    g[k] = theta + delta[k];
    gd += w[k] * g[k] * d[k];
    gg += w[k] * g[k] * g[k];
    dd += w[k] * d[k] * d[k];
  }
  const sigmaN = Math.max(0, 1 - (gd * gd) / (gg * dd));
  const nu = variation(g, w);
  return { sigmaP: sigmaN ** lambda * (1 + omega / (nu * nu)), sigmaN, nu };
}

/** PREFSCAL-penalised interval fit of `delta` (n x n) with `weights` from `init` (n x 2). */
export function prefscal(delta: Float64Array, weights: Float64Array, init: Float64Array, options: PrefscalOptions = {}): PrefscalResult {
  const { lambda = 0.5, omega = 1, tolerance = 1e-8, maxIterations = 1000 } = options;
  const { n, I, J, delta: dl, w } = fittedPairs(delta, weights);
  const P = I.length;
  let dmin = Infinity,
    dmax = -Infinity;
  for (const v of dl) {
    dmin = Math.min(dmin, v);
    dmax = Math.max(dmax, v);
  }
  const span = Math.max(dmax - dmin, 1e-12);
  // V + 11'/n is positive definite when the weights connect the points; solving with it applies V+ to centred B X.
  const v = new Float64Array(n * n);
  for (let k = 0; k < P; k++) {
    const i = I[k],
      j = J[k];
    v[i * n + i] += w[k];
    v[j * n + j] += w[k];
    v[i * n + j] -= w[k];
    v[j * n + i] -= w[k];
  }
  for (let k = 0; k < n * n; k++) v[k] += 1 / n;
  choleskyInPlace(v, n, 'V of the PREFSCAL fit');

  let x = init.slice();
  const d = new Float64Array(P);
  const distances = () => {
    for (let k = 0; k < P; k++) d[k] = Math.hypot(x[2 * I[k]] - x[2 * J[k]], x[2 * I[k] + 1] - x[2 * J[k] + 1]);
  };
  // theta = -dmin + span * u / (1 - u), u in [0, 0.98]: from a zero at the smallest dissimilarity to a large constant.
  const thetaOf = (u: number) => -dmin + (span * u) / (1 - u);
  const bestTheta = (): number => {
    const f = (u: number) => penalisedStressAt(thetaOf(u), dl, w, d, lambda, omega).sigmaP;
    let bu = 0,
      bf = Infinity;
    const G = 40;
    for (let q = 0; q <= G; q++) {
      const u = (0.98 * q) / G;
      const val = f(u);
      if (val < bf) {
        bf = val;
        bu = u;
      }
    }
    return thetaOf(goldenSection(f, Math.max(0, bu - 0.98 / G), Math.min(0.98, bu + 0.98 / G)));
  };
  const gamma = new Float64Array(P);
  let theta = 0;
  const setGamma = () => {
    // Scale c minimising sum w (c g - d)^2 for fixed shape.
    let gd = 0,
      gg = 0;
    for (let k = 0; k < P; k++) {
      const g = theta + dl[k];
      gd += w[k] * g * d[k];
      gg += w[k] * g * g;
    }
    const c = gg > 0 ? gd / gg : 1;
    for (let k = 0; k < P; k++) gamma[k] = c * (theta + dl[k]);
  };
  distances();
  theta = bestTheta();
  setGamma();
  let old = penalisedStressAt(theta, dl, w, d, lambda, omega).sigmaP;
  let it = 1;
  const rhs = new Float64Array(2 * n);
  for (; it <= maxIterations; it++) {
    // Guttman transform: X <- V+ B(X) X.
    rhs.fill(0);
    for (let k = 0; k < P; k++) {
      if (!(d[k] > 0)) continue;
      const i = I[k],
        j = J[k];
      const b = (w[k] * gamma[k]) / d[k];
      const dx = x[2 * i] - x[2 * j],
        dy = x[2 * i + 1] - x[2 * j + 1];
      rhs[2 * i] += b * dx;
      rhs[2 * i + 1] += b * dy;
      rhs[2 * j] -= b * dx;
      rhs[2 * j + 1] -= b * dy;
    }
    choleskySolveInPlace(v, n, rhs, 2);
    x = rhs.slice();
    distances();
    theta = bestTheta();
    setGamma();
    const now = penalisedStressAt(theta, dl, w, d, lambda, omega).sigmaP;
    if (old - now < tolerance) {
      old = now;
      break;
    }
    old = now;
  }
  const fin = penalisedStressAt(theta, dl, w, d, lambda, omega);
  const dhat = new Float64Array(n * n);
  for (let k = 0; k < P; k++) dhat[I[k] * n + J[k]] = dhat[J[k] * n + I[k]] = gamma[k];
  return { coords: x, dhat, penalisedStress: fin.sigmaP, normalisedStress: fin.sigmaN, variation: fin.nu, theta, iterations: Math.min(it, maxIterations) };
}
