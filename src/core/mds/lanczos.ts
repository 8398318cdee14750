/**
 * Leading eigenpairs of a dense symmetric matrix by the Lanczos method with full
 * reorthogonalisation (Golub & Van Loan, Matrix Computations, 4th ed., sections 10.1-10.3;
 * "twice is enough": Parlett, The Symmetric Eigenvalue Problem, section 6.9). Each step costs one
 * n x n matrix-vector product, so the top few eigenpairs of a 2000 x 2000 matrix take well under a
 * second where a full decomposition takes minutes. The Krylov space also converges at the bottom
 * end of the spectrum, which is how negative eigenvalues are found and reported.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { rng } from '../random.ts';
import { assertFinite } from './dissimilarities.ts';

export interface LanczosOptions {
  /** Convergence: residual of every wanted Ritz pair <= tolerance * ||A||_F. Default 1e-10. */
  tolerance?: number;
  /** Largest Krylov dimension. Default min(n, max(200, 4k + 40)). */
  maxSteps?: number;
  /** Seed of the start vector. Default 1. */
  seed?: number;
  /**
   * Also run until the smallest eigenvalue has converged, so that a negative end of the spectrum
   * (non-Euclidean dissimilarities) is found and reported. Default true.
   */
  bottom?: boolean;
}

export interface LanczosResult {
  /** The k algebraically largest Ritz values, descending. */
  values: Float64Array;
  /** Their Ritz vectors, n x k row-major (vector c is column c), unit length. */
  vectors: Float64Array;
  /** Every Ritz value that converged (residual within tolerance), descending: eigenvalues found. */
  converged: Float64Array;
  /** Largest residual among the k wanted pairs, relative to ||A||_F. */
  residual: number;
  /** Krylov dimension used. */
  steps: number;
}

/** The k largest eigenpairs of the symmetric n x n matrix `a` (row-major). */
export function lanczos(a: Float64Array, n: number, k: number, options: LanczosOptions = {}): LanczosResult {
  const { tolerance = 1e-10, seed = 1, bottom = true } = options;
  const maxSteps = Math.min(n, options.maxSteps ?? Math.max(200, 4 * k + 40));
  if (k > maxSteps) throw new Error(`lanczos: asked for ${k} eigenpairs of a ${n} x ${n} matrix`);
  let norm = 0;
  for (let t = 0; t < a.length; t++) norm += a[t] * a[t];
  norm = Math.sqrt(norm);
  const q = new Float64Array(n * maxSteps);
  const alpha = new Float64Array(maxSteps);
  const beta = new Float64Array(maxSteps);
  const w = new Float64Array(n);
  const r = rng(seed);

  const randomUnit = (into: number, against: number): boolean => {
    // A fresh start vector orthogonal to the first `against` Lanczos vectors.
    for (let i = 0; i < n; i++) q[into + i] = r() - 0.5;
    for (let pass = 0; pass < 2; pass++) {
      for (let v = 0; v < against; v++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += q[v * n + i] * q[into + i];
        for (let i = 0; i < n; i++) q[into + i] -= c * q[v * n + i];
      }
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += q[into + i] * q[into + i];
    s = Math.sqrt(s);
    if (!(s > 1e-8)) return false;
    for (let i = 0; i < n; i++) q[into + i] /= s;
    return true;
  };

  randomUnit(0, 0);
  let steps = 0;
  let ritz: { values: number[]; vectors: Matrix } | null = null;
  let wanted: number[] = [];
  let residual = Infinity;
  if (norm === 0) {
    // The zero matrix: every vector is an eigenvector with eigenvalue 0.
    steps = k;
    for (let v = 1; v < k; v++) randomUnit(v * n, v);
    ritz = { values: new Array(k).fill(0), vectors: Matrix.eye(k) };
    wanted = [...Array(k).keys()];
    residual = 0;
  }
  for (let j = 0; j < maxSteps && norm > 0; j++) {
    const qj = j * n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let t = 0; t < n; t++) s += a[row + t] * q[qj + t];
      w[i] = s;
    }
    let aj = 0;
    for (let i = 0; i < n; i++) aj += q[qj + i] * w[i];
    alpha[j] = aj;
    for (let pass = 0; pass < 2; pass++) {
      for (let v = 0; v <= j; v++) {
        let c = 0;
        for (let i = 0; i < n; i++) c += q[v * n + i] * w[i];
        for (let i = 0; i < n; i++) w[i] -= c * q[v * n + i];
      }
    }
    let bj = 0;
    for (let i = 0; i < n; i++) bj += w[i] * w[i];
    bj = Math.sqrt(bj);
    steps = j + 1;
    const invariant = bj <= 1e-12 * norm;
    beta[j] = invariant ? 0 : bj;
    const last = steps === maxSteps;
    if (steps >= k && (invariant || last || steps % 5 === 0)) {
      ritz = tridiagonalEigen(alpha, beta, steps);
      wanted = topIndices(ritz.values, k);
      residual = 0;
      for (const idx of wanted) residual = Math.max(residual, Math.abs(beta[j] * ritz.vectors.get(steps - 1, idx)) / norm);
      let low = 0;
      if (bottom) {
        const idx = topIndices(ritz.values.map((v) => -v), 1)[0];
        low = Math.abs(beta[j] * ritz.vectors.get(steps - 1, idx)) / norm;
      }
      if (residual <= tolerance && low <= tolerance) break;
    }
    if (last) break;
    if (invariant) {
      // The Krylov space is invariant: continue in a fresh direction (T decouples there).
      if (!randomUnit((j + 1) * n, j + 1)) break;
    } else {
      for (let i = 0; i < n; i++) q[(j + 1) * n + i] = w[i] / bj;
    }
  }
  if (!ritz) throw new Error('lanczos: no Ritz values were computed');

  const values = new Float64Array(k);
  const vectors = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const idx = wanted[c];
    values[c] = ritz.values[idx];
    for (let v = 0; v < steps; v++) {
      const s = ritz.vectors.get(v, idx);
      if (s === 0) continue;
      for (let i = 0; i < n; i++) vectors[i * k + c] += s * q[v * n + i];
    }
  }
  const betaLast = beta[steps - 1];
  const conv: number[] = [];
  for (let idx = 0; idx < ritz.values.length; idx++) {
    if (Math.abs(betaLast * ritz.vectors.get(steps - 1, idx)) <= Math.max(tolerance, 1e-8) * norm) conv.push(ritz.values[idx]);
  }
  conv.sort((x, y) => y - x);
  return { values, vectors, converged: Float64Array.from(conv), residual, steps };
}

/** Eigen-decomposition of the m x m symmetric tridiagonal matrix with diagonal alpha, off-diagonal beta. */
function tridiagonalEigen(alpha: Float64Array, beta: Float64Array, m: number): { values: number[]; vectors: Matrix } {
  const t = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    t[i * m + i] = alpha[i];
    if (i + 1 < m) {
      t[i * m + i + 1] = beta[i];
      t[(i + 1) * m + i] = beta[i];
    }
  }
  assertFinite(t, 'Lanczos tridiagonal matrix', m);
  const e = new EigenvalueDecomposition(Matrix.from1DArray(m, m, t), { assumeSymmetric: true });
  return { values: e.realEigenvalues, vectors: e.eigenvectorMatrix };
}

function topIndices(values: number[], k: number): number[] {
  return [...values.keys()].sort((x, y) => values[y] - values[x]).slice(0, k);
}
