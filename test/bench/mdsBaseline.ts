/**
 * Benchmark baseline for src/core/mds: a straightforward ratio SMACOF on full n x n Float64Arrays,
 * written the way the textbook states it (Borg & Groenen, Modern MDS, 2nd ed., eq. 8.24 with unit
 * weights; de Leeuw & Mair 2009, JSS 31(3)), with R smacof's normalisation and stopping rule so that
 * iteration counts and stress can be set beside the engine's:
 *
 * - disparities: dhat = delta scaled to sum_{i<j} dhat^2 = n(n-1)/2 (constant for ratio MDS);
 * - the start is scaled by the least-squares factor sum d dhat / sum d^2, as smacofSym() does;
 * - one Guttman transform per iteration, X <- (1/n) B(X) X, with (B(X) X)_i = sum_{j != i}
 *   (dhat_ij / d_ij)(x_i - x_j), looping over the whole row j = 0..n-1 of each point;
 * - normalised stress sigma_n = sum_{i<j} (dhat - d)^2 / sum_{i<j} dhat^2; stop when the decrease
 *   in one iteration is below `tolerance`, or after `maxIterations` transforms.
 *
 * No packing of the upper triangle, no special case for 2 dimensions, no fused loops: a fair
 * "first correct version" to measure the engine against. Only for test/bench/mds.ts.
 */

export interface BaselineResult {
  /** n x dims, row-major, in the normalised unit (sum dhat^2 = n(n-1)/2). */
  coords: Float64Array;
  iterations: number;
  converged: boolean;
  /** Final normalised stress (R smacof's sigma_n). */
  normalisedStress: number;
}

/** Upper-triangle distances of the n x p configuration x into the full n x n matrix d (both halves). */
function distances(x: Float64Array, n: number, p: number, d: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let c = 0; c < p; c++) {
        const diff = x[i * p + c] - x[j * p + c];
        s += diff * diff;
      }
      d[i * n + j] = d[j * n + i] = Math.sqrt(s);
    }
  }
}

/** sum_{i<j} (dhat - d)^2. */
function rawStress(dhat: Float64Array, d: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const r = dhat[i * n + j] - d[i * n + j];
      s += r * r;
    }
  }
  return s;
}

/**
 * Ratio SMACOF of the full n x n dissimilarity matrix `delta` (symmetric, no missing values) from
 * the n x dims start `init`.
 */
export function baselineSmacof(
  delta: Float64Array,
  n: number,
  init: Float64Array,
  dims: number,
  tolerance: number,
  maxIterations: number,
): BaselineResult {
  const p = dims;
  const pairs = (n * (n - 1)) / 2;
  let ss = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) ss += delta[i * n + j] ** 2;
  const f = Math.sqrt(pairs / ss);
  const dhat = new Float64Array(n * n);
  for (let t = 0; t < n * n; t++) dhat[t] = f * delta[t];
  for (let i = 0; i < n; i++) dhat[i * n + i] = 0;

  let x = init.slice();
  let y = new Float64Array(n * p);
  const d = new Float64Array(n * n);
  distances(x, n, p, d);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      num += d[i * n + j] * dhat[i * n + j];
      den += d[i * n + j] * d[i * n + j];
    }
  }
  const lb = num / den;
  for (let t = 0; t < n * p; t++) x[t] *= lb;
  for (let t = 0; t < n * n; t++) d[t] *= lb;

  let stress = rawStress(dhat, d, n) / pairs;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    // Guttman transform.
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < p; c++) y[i * p + c] = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dij = d[i * n + j];
        if (dij === 0) continue;
        const b = dhat[i * n + j] / dij;
        for (let c = 0; c < p; c++) y[i * p + c] += b * (x[i * p + c] - x[j * p + c]);
      }
      for (let c = 0; c < p; c++) y[i * p + c] /= n;
    }
    const t = x;
    x = y;
    y = t;
    distances(x, n, p, d);
    const next = rawStress(dhat, d, n) / pairs;
    iterations++;
    const decrease = stress - next;
    stress = next;
    if (decrease < tolerance) {
      converged = true;
      break;
    }
  }
  return { coords: x, iterations, converged, normalisedStress: stress };
}
