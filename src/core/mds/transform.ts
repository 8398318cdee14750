/**
 * Optimal scaling steps of SMACOF: the disparities closest (weighted least squares) to the current
 * distances within the chosen family. Borg & Groenen, Modern MDS, 2nd ed., ch. 9; de Leeuw & Mair
 * (2009), JSS 31(3), section 2.3; R smacof transform().
 */

/** Weighted sums of (delta, target) over the fitted pairs, for the interval regression. */
export interface LinearSums {
  /** sum w, sum w delta, sum w delta^2 */
  s0: number;
  s1: number;
  s2: number;
  /** sum w t, sum w delta t, sum w t^2 (t = target, the current distances) */
  t0: number;
  t1: number;
  t2: number;
  /** smallest delta among the fitted pairs */
  deltaMin: number;
}

/**
 * dhat = a + b delta minimising sum w (a + b delta - t)^2 subject to b >= 0 and
 * a + b deltaMin >= 0 (so every disparity is >= 0). R smacof's interval step leaves a and b
 * unconstrained; the constraints keep the disparities non-negative, which the majorisation of the
 * cross term -2 sum w dhat d needs, and they keep the fit monotone. The feasible set is a convex
 * cone, so the optimum is the unconstrained one when feasible, else the best of the two edges.
 */
export function intervalFit(s: LinearSums): { a: number; b: number } {
  const loss = (a: number, b: number) =>
    a * a * s.s0 + 2 * a * b * s.s1 + b * b * s.s2 - 2 * a * s.t0 - 2 * b * s.t1 + s.t2;
  const det = s.s0 * s.s2 - s.s1 * s.s1;
  if (det > 1e-14 * s.s0 * s.s2) {
    const b = (s.s0 * s.t1 - s.s1 * s.t0) / det;
    const a = (s.t0 - b * s.s1) / s.s0;
    if (b >= 0 && a + b * s.deltaMin >= 0) return { a, b };
  }
  // Edge b = 0: a constant (the weighted mean of t, >= 0).
  const c1 = { a: s.t0 / s.s0, b: 0 };
  // Edge a = -b deltaMin: dhat = b (delta - deltaMin).
  const num = s.t1 - s.deltaMin * s.t0;
  const den = s.s2 - 2 * s.deltaMin * s.s1 + s.deltaMin * s.deltaMin * s.s0;
  const b2 = den > 0 ? Math.max(0, num / den) : 0;
  const c2 = { a: -b2 * s.deltaMin, b: b2 };
  return loss(c2.a, c2.b) < loss(c1.a, c1.b) ? c2 : c1;
}

/** Reusable buffers for pool-adjacent-violators on up to `size` values. */
export interface PavaBuffers {
  value: Float64Array;
  weight: Float64Array;
  count: Int32Array;
}

export function pavaBuffers(size: number): PavaBuffers {
  return { value: new Float64Array(size), weight: new Float64Array(size), count: new Int32Array(size) };
}

/**
 * Weighted monotone (non-decreasing) regression by pool-adjacent-violators, in the order
 * `order[0..len)`: out[order[t]] is the fitted value for target[order[t]] with weight w[order[t]] > 0.
 * Barlow, Bartholomew, Bremner & Brunk (1972), Statistical Inference under Order Restrictions.
 * Returns sum w out^2. No allocation.
 */
export function pava(
  order: Uint32Array,
  len: number,
  target: Float64Array,
  w: Float64Array,
  out: Float64Array,
  buf: PavaBuffers,
): number {
  const { value, weight, count } = buf;
  let blocks = 0;
  for (let t = 0; t < len; t++) {
    const k = order[t];
    value[blocks] = target[k];
    weight[blocks] = w[k];
    count[blocks] = 1;
    blocks++;
    while (blocks > 1 && value[blocks - 2] > value[blocks - 1]) {
      const wa = weight[blocks - 2];
      const wb = weight[blocks - 1];
      const ws = wa + wb;
      value[blocks - 2] = (value[blocks - 2] * wa + value[blocks - 1] * wb) / ws;
      weight[blocks - 2] = ws;
      count[blocks - 2] += count[blocks - 1];
      blocks--;
    }
  }
  let ss = 0;
  let t = 0;
  for (let bl = 0; bl < blocks; bl++) {
    const v = value[bl];
    ss += weight[bl] * v * v;
    for (let c = 0; c < count[bl]; c++) out[order[t++]] = v;
  }
  return ss;
}

/**
 * The fitted pairs (weight > 0) sorted by delta, with the boundaries of runs of tied deltas, for
 * the ordinal transformation.
 */
export interface OrdinalOrder {
  order: Uint32Array;
  /** Number of fitted pairs (length of the used part of `order`). */
  len: number;
  /** Start offsets of tie blocks of length >= 2, paired with `tieEnd`. */
  tieStart: Uint32Array;
  tieEnd: Uint32Array;
}

export function ordinalOrder(delta: Float64Array, w: Float64Array): OrdinalOrder {
  let len = 0;
  for (let k = 0; k < w.length; k++) if (w[k] > 0) len++;
  const order = new Uint32Array(len);
  for (let k = 0, t = 0; k < w.length; k++) if (w[k] > 0) order[t++] = k;
  argsortNonNegative(delta, order);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let t = 0; t < len; ) {
    let u = t + 1;
    while (u < len && delta[order[u]] === delta[order[t]]) u++;
    if (u - t > 1) {
      starts.push(t);
      ends.push(u);
    }
    t = u;
  }
  return { order, len, tieStart: Uint32Array.from(starts), tieEnd: Uint32Array.from(ends) };
}

/**
 * Stable sort of the indices `idx` by `values[idx]` (all >= 0), by LSD radix sort on the IEEE-754
 * bits: for non-negative doubles the unsigned bit patterns order like the numbers. Four 16-bit
 * passes; at n = 2000 points (2M pairs) this takes ~0.1 s where a comparator sort takes ~1 s.
 */
export function argsortNonNegative(values: Float64Array, idx: Uint32Array): void {
  const len = idx.length;
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  const little = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;
  const hiWord = little ? 1 : 0;
  let keyHi = new Uint32Array(len);
  let keyLo = new Uint32Array(len);
  for (let t = 0; t < len; t++) {
    f[0] = values[idx[t]] + 0; // + 0 turns -0 into +0
    keyHi[t] = u[hiWord];
    keyLo[t] = u[1 - hiWord];
  }
  let src: Uint32Array = idx;
  let dst: Uint32Array = new Uint32Array(len);
  let hiTmp = new Uint32Array(len);
  let loTmp = new Uint32Array(len);
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const useHi = pass >= 2;
    const shift = pass % 2 === 0 ? 0 : 16;
    const keys = useHi ? keyHi : keyLo;
    count.fill(0);
    for (let t = 0; t < len; t++) count[(keys[t] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let t = 0; t < len; t++) {
      const pos = count[(keys[t] >>> shift) & 0xffff]++;
      dst[pos] = src[t];
      hiTmp[pos] = keyHi[t];
      loTmp[pos] = keyLo[t];
    }
    [src, dst] = [dst, src];
    [keyHi, hiTmp] = [hiTmp, keyHi];
    [keyLo, loTmp] = [loTmp, keyLo];
  }
  // An even number of passes leaves the result in the caller's array; copy in case that ever changes.
  if (src !== idx) idx.set(src);
}

/**
 * Primary approach to ties (Kruskal 1964): within each run of tied deltas, order the pairs by the
 * current distance, so that tied dissimilarities may receive different disparities.
 */
export function sortTiesBy(o: OrdinalOrder, compare: (a: number, b: number) => number): void {
  for (let b = 0; b < o.tieStart.length; b++) o.order.subarray(o.tieStart[b], o.tieEnd[b]).sort(compare);
}
