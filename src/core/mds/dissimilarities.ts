/**
 * Validation and packing of a square dissimilarity matrix into its upper triangle.
 * Pairs (i < j) are stored in row order: pair (i, j) sits at pairIndex(n, i, j), so every hot loop
 * walks `for i, for j > i, k++` without storing indices.
 */

/** Dissimilarities of n points, one entry per pair i < j. Missing pairs have weight 0 (and delta 0). */
export interface PairSet {
  n: number;
  /** Number of pairs, n(n-1)/2. */
  m: number;
  delta: Float64Array;
  w: Float64Array;
  /** Number of pairs with weight > 0. */
  known: number;
  /** Messages about what was changed on the way in (symmetrising), for the user to see. */
  warnings: string[];
}

/** Index of pair (i, j), i < j, in the packed upper triangle of an n x n matrix. */
export function pairIndex(n: number, i: number, j: number): number {
  if (i > j) [i, j] = [j, i];
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Throws a clear Error if `values` holds NaN or +-Infinity (ml-matrix never returns on NaN). */
export function assertFinite(values: ArrayLike<number>, what: string, cols = 0): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) {
      const where = cols > 0 ? ` at row ${Math.floor(k / cols)}, column ${k % cols} (0-based)` : ` at index ${k}`;
      throw new Error(`${what} holds ${v}${where}; it must be finite before the linear algebra runs`);
    }
  }
}

/** Side of the square matrix stored in `values`, or a thrown Error naming `what`. */
export function squareSize(values: ArrayLike<number>, what: string): number {
  const n = Math.round(Math.sqrt(values.length));
  if (n * n !== values.length) {
    throw new Error(`${what} must be a square n x n matrix in row-major order; got ${values.length} values`);
  }
  return n;
}

export interface PackOptions {
  /** n x n non-negative weights; 0 = pair not fitted. Default: 1 for every pair. */
  weights?: Float64Array;
  /** Smallest number of points allowed. Default 3. */
  minPoints?: number;
  /** Throw when every known dissimilarity is the same value. Default true. */
  rejectConstant?: boolean;
}

/**
 * Validate and pack an n x n dissimilarity matrix (row-major). NaN marks a missing pair (weight 0);
 * the diagonal is ignored. An asymmetric matrix is symmetrised by averaging delta_ij and delta_ji
 * (or taking the known one when the other is missing), with a warning giving the largest
 * difference. Throws on +-Infinity, negative values, bad weights, too few points or (by default)
 * constant dissimilarities, naming the row and column.
 */
export function packSymmetric(delta: Float64Array, options: PackOptions = {}): PairSet {
  const { weights, minPoints = 3, rejectConstant = true } = options;
  const n = squareSize(delta, 'dissimilarities');
  if (n < minPoints) throw new Error(`MDS needs at least ${minPoints} points; got ${n}`);
  if (weights && weights.length !== n * n) {
    throw new Error(`weights must be n x n like the dissimilarities (${n * n} values); got ${weights.length}`);
  }
  const m = (n * (n - 1)) / 2;
  const d = new Float64Array(m);
  const w = new Float64Array(m);
  let maxAsym = 0;
  let asymAt: [number, number] = [0, 0];
  let known = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const a = delta[i * n + j];
      const b = delta[j * n + i];
      checkValue(a, i, j);
      checkValue(b, j, i);
      let wij = 1;
      if (weights) {
        const wa = weights[i * n + j];
        const wb = weights[j * n + i];
        if (!(Number.isFinite(wa) && wa >= 0 && Number.isFinite(wb) && wb >= 0)) {
          throw new Error(`weight at row ${i}, column ${j} (0-based) is ${wa} / ${wb}; weights must be finite and >= 0`);
        }
        wij = (wa + wb) / 2;
      }
      let v: number;
      if (Number.isNaN(a) && Number.isNaN(b)) v = NaN;
      else if (Number.isNaN(a)) v = b;
      else if (Number.isNaN(b)) v = a;
      else {
        v = (a + b) / 2;
        const diff = Math.abs(a - b);
        if (diff > maxAsym) {
          maxAsym = diff;
          asymAt = [i, j];
        }
      }
      if (Number.isNaN(v) || wij === 0) {
        d[k] = 0;
        w[k] = 0;
      } else {
        d[k] = v;
        w[k] = wij;
        known++;
      }
    }
  }
  const warnings: string[] = [];
  if (maxAsym > 0) {
    warnings.push(
      `the dissimilarity matrix was not symmetric (largest |delta_ij - delta_ji| = ${maxAsym} at row ${asymAt[0]}, ` +
        `column ${asymAt[1]}, 0-based); it was symmetrised by averaging delta_ij and delta_ji`,
    );
  }
  if (known === 0) throw new Error('no dissimilarity is known (all missing or weight 0)');
  if (rejectConstant) assertNotConstant(d, w);
  return { n, m, delta: d, w, known, warnings };
}

function checkValue(v: number, r: number, c: number): void {
  if (v === Infinity || v === -Infinity) {
    throw new Error(`dissimilarity at row ${r}, column ${c} (0-based) is ${v}; use a finite value, or NaN for missing`);
  }
  if (v < 0) {
    throw new Error(`dissimilarity at row ${r}, column ${c} (0-based) is negative (${v}); dissimilarities must be >= 0`);
  }
}

/** Throws when every pair with weight > 0 has the same dissimilarity: there is nothing to scale. */
export function assertNotConstant(delta: Float64Array, w: Float64Array): void {
  let first = NaN;
  for (let k = 0; k < delta.length; k++) {
    if (w[k] <= 0) continue;
    if (Number.isNaN(first)) first = delta[k];
    else if (delta[k] !== first) return;
  }
  throw new Error(
    `all known dissimilarities are equal (${first}): there is no structure to map; check the input or add data`,
  );
}

/**
 * Throws unless the pairs with weight > 0 connect the points: otherwise the relative position of
 * the separate groups is undetermined (and V in the Guttman transform is singular). With `fixed`,
 * each group of free points must be linked to at least one fixed point instead.
 */
export function assertConnected(n: number, w: Float64Array, fixed?: Uint8Array): void {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      if (w[k] > 0) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[a] = b;
      }
    }
  }
  if (fixed) {
    // Merge all fixed points into one group: they are tied together by being held in place.
    let anchor = -1;
    for (let i = 0; i < n; i++) {
      if (!fixed[i]) continue;
      if (anchor < 0) anchor = find(i);
      else {
        const a = find(i);
        if (a !== anchor) parent[a] = anchor;
        anchor = find(anchor);
      }
    }
  }
  const root = find(0);
  const apart: number[] = [];
  for (let i = 0; i < n; i++) if (find(i) !== root) apart.push(i);
  if (apart.length > 0) {
    const list = apart.slice(0, 10).join(', ') + (apart.length > 10 ? ', ...' : '');
    throw new Error(
      `the known dissimilarities (weight > 0) do not connect all points: point(s) ${list} (0-based) form a ` +
        `separate group whose position relative to point 0 is undetermined; add dissimilarities linking the groups`,
    );
  }
}


/** The fitted pairs (i < j, weight > 0, finite dissimilarity) of an n x n matrix, as parallel arrays. */
export function fittedPairs(delta: Float64Array, weights: Float64Array): { n: number; I: Int32Array; J: Int32Array; delta: Float64Array; w: Float64Array } {
  const n = Math.round(Math.sqrt(delta.length));
  const I: number[] = [],
    J: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (weights[i * n + j] > 0 && Number.isFinite(delta[i * n + j])) {
        I.push(i);
        J.push(j);
      }
  return { n, I: Int32Array.from(I), J: Int32Array.from(J), delta: Float64Array.from(I, (i, k) => delta[i * n + J[k]]), w: Float64Array.from(I, (i, k) => weights[i * n + J[k]]) };
}
