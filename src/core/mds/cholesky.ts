/**
 * Dense Cholesky factorisation and solves on Float64Array (row-major), for the Guttman transform
 * with general weights. Factor once (n^3/3 flops), then every iteration costs two triangular
 * solves (n^2 per column), the same order as the pair loop itself.
 * Golub & Van Loan, Matrix Computations, 4th ed., algorithm 4.2.1 (gaxpy Cholesky).
 */

/**
 * Factor the symmetric positive definite f x f matrix `a` in place: its lower triangle becomes L
 * with A = L L'. Throws (naming `what`) when a pivot is not positive, i.e. A is not positive definite.
 */
export function choleskyInPlace(a: Float64Array, f: number, what: string): void {
  for (let j = 0; j < f; j++) {
    const rowJ = j * f;
    let s = a[rowJ + j];
    for (let k = 0; k < j; k++) s -= a[rowJ + k] * a[rowJ + k];
    // Relative pivot test: a pivot lost to rounding means the weight graph is (near) disconnected.
    if (!(s > 1e-13 * Math.abs(a[rowJ + j]))) {
      throw new Error(`${what} is not positive definite (pivot ${s} at row ${j}); the weights may not connect all points`);
    }
    const ljj = Math.sqrt(s);
    a[rowJ + j] = ljj;
    for (let i = j + 1; i < f; i++) {
      const rowI = i * f;
      let t = a[rowI + j];
      for (let k = 0; k < j; k++) t -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = t / ljj;
    }
  }
}

/**
 * Solve L L' X = B in place for the f x p right-hand side `b` (row-major), with L from
 * choleskyInPlace. No allocation.
 */
export function choleskySolveInPlace(l: Float64Array, f: number, b: Float64Array, p: number): void {
  // Forward, row-oriented: L Z = B (row i of L is contiguous).
  for (let i = 0; i < f; i++) {
    const rowI = i * f;
    for (let k = 0; k < i; k++) {
      const lik = l[rowI + k];
      if (lik === 0) continue;
      for (let c = 0; c < p; c++) b[i * p + c] -= lik * b[k * p + c];
    }
    const lii = l[rowI + i];
    for (let c = 0; c < p; c++) b[i * p + c] /= lii;
  }
  // Backward, column-oriented: L' X = Z, using row i of L as column i of L' (contiguous again).
  for (let i = f - 1; i >= 0; i--) {
    const rowI = i * f;
    const lii = l[rowI + i];
    for (let c = 0; c < p; c++) b[i * p + c] /= lii;
    for (let k = 0; k < i; k++) {
      const lik = l[rowI + k];
      if (lik === 0) continue;
      for (let c = 0; c < p; c++) b[k * p + c] -= lik * b[i * p + c];
    }
  }
}
