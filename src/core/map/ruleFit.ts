/**
 * Fitting a joint map under its reading rule (readingRule.ts): stress plus squared hinges on the
 * leader rule and on the within-segment (row) and within-firm (column) orders of share of value.
 *
 *   E(X) = sum w (dhat - d)^2 / sum w dhat^2                                   (normalised stress)
 *        + leaderWeight / S  * sum_s sum_{f not tied with the leader} [d(s,L) - k d(s,f)]_+^2 / rho^2
 *        + rowWeight / P_r   * sum_s sum_{SoV_a > SoV_b} [d(s,a) - d(s,b) + m rho]_+^2 / rho^2
 *        + columnWeight / P_c * sum_f sum_{SoV_fs > SoV_ft} [d(f,s) - d(f,t) + m rho]_+^2 / rho^2
 *
 * rho is the root mean square disparity (the map's unit), so the terms do not depend on the scale;
 * k = LEADER_TARGET (a little under the 5% margin, so the rule still holds after rounding) and m = ORDER_MARGIN.
 * Hinges of this kind are the "ordinal triplet" terms of metric learning (Weinberger & Saul 2009,
 * large-margin nearest neighbours) and of t-STE / ordinal embedding (van der Maaten & Weinberger 2012),
 * added to stress as a penalty; they are minimised by L-BFGS (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., algorithm 7.4) with a backtracking Armijo line search. Where the penalty
 * has not closed every leader hinge, repairLeaders moves the segment to the nearest point of the set
 * where rule 1 holds, which makes rule 1 a guarantee, not a hope.
 *
 * Points: firms 0..F-1, then segments F..F+S-1; coords is n x 2; dhat and weights are n x n.
 */
import { LEADER_MARGIN, checkLeader, leaderAndRivals, leadersNearest } from './readingRule.ts';
import { intervalFit } from '../mds/transform.ts';

/** The penalty aims at d(s, leader) <= LEADER_TARGET d(s, f), inside the 5% margin the rule checks. */
export const LEADER_TARGET = 0.93;
/** Order hinges ask for a gap of ORDER_MARGIN x the map unit between a stronger and a weaker pair. */
export const ORDER_MARGIN = 0.02;
/**
 * The joint method's order weights (market map and drill-down alike), chosen on the map-quality
 * benchmark: on 30 generated markets, row 1 and column 1.5 gave row fidelity 0.846 and column 0.808,
 * against 0.840 / 0.786 for (1, 0.5) and 0.836 / 0.809 for (0.3, 1.5).
 */
export const JOINT_ORDER_WEIGHTS = { rowWeight: 1, columnWeight: 1.5 } as const;

export interface RuleFitProblem {
  F: number;
  S: number;
  /** Segment x firm share of value (or any strength, larger = stronger), `sov[s * F + f]`. */
  sov: ArrayLike<number>;
  /** Target distances (n x n, map units); recomputed each round when `delta` is given. */
  dhat: Float64Array;
  weights: Float64Array;
  /** Dissimilarities (n x n): when given, the transformation is refitted to the distances between rounds. */
  delta?: Float64Array;
  /** The family refitted between rounds. Default `'interval'`. */
  transform?: 'interval' | 'ratio';
  /**
   * `'row'`: each segment's firm distances get their own interval transformation (PREFSCAL's
   * row-conditional unfolding), the within-set pairs one common one. Default `'matrix'` (one for all).
   */
  conditionality?: 'matrix' | 'row';
}

export interface RuleFitOptions {
  /** Weight of the leader hinge. Default 10; raised tenfold per round while a segment still breaks rule 1. */
  leaderWeight?: number;
  /** Weight of the within-segment order hinges. Default JOINT_ORDER_WEIGHTS.rowWeight. */
  rowWeight?: number;
  /** Weight of the within-firm order hinges. Default JOINT_ORDER_WEIGHTS.columnWeight. */
  columnWeight?: number;
  /** Let the firms move (the joint fit) or hold them (re-placing the segments only). Default true. */
  moveFirms?: boolean;
  /** Rounds of (refit the transformation, minimise). Default 4. */
  rounds?: number;
  /** L-BFGS iterations per round. Default 400. */
  maxIterations?: number;
}

interface Terms {
  leader: { s: number; lead: number[]; others: number[] }[];
  row: Int32Array; // triples (s, stronger a, weaker b)
  col: Int32Array; // triples (f, stronger s, weaker t)
}

function terms(F: number, S: number, sov: ArrayLike<number>): Terms {
  const leader: Terms['leader'] = [];
  const row: number[] = [];
  const col: number[] = [];
  for (let s = 0; s < S; s++) {
    const r = Array.from({ length: F }, (_, f) => sov[s * F + f]);
    const { lead, rivals } = leaderAndRivals(r);
    if (lead.length && rivals.length) leader.push({ s, lead, others: rivals });
    for (let a = 0; a < F; a++)
      for (let b = 0; b < F; b++) if (Number.isFinite(r[a]) && Number.isFinite(r[b]) && r[a] > r[b]) row.push(s, a, b);
  }
  for (let f = 0; f < F; f++)
    for (let s = 0; s < S; s++)
      for (let t = 0; t < S; t++) {
        const vs = sov[s * F + f],
          vt = sov[t * F + f];
        if (Number.isFinite(vs) && Number.isFinite(vt) && vs > vt) col.push(f, s, t);
      }
  return { leader, row: Int32Array.from(row), col: Int32Array.from(col) };
}

export interface Objective {
  value: number;
  gradient: Float64Array;
}

/**
 * E(X) and its gradient (see the module comment). Exported so that a test can check the gradient
 * against finite differences.
 */
export function ruleObjective(
  x: Float64Array,
  p: RuleFitProblem,
  w: { leader: number; row: number; column: number },
  t: Terms = terms(p.F, p.S, p.sov),
): Objective {
  const { F, S, dhat, weights } = p;
  const n = F + S;
  const g = new Float64Array(2 * n);
  let sw = 0,
    swh = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const wij = weights[i * n + j];
      if (wij > 0) {
        sw += wij;
        swh += wij * dhat[i * n + j] ** 2;
      }
    }
  const rho2 = swh / sw;
  let value = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const wij = weights[i * n + j];
      if (!(wij > 0)) continue;
      const dx = x[2 * i] - x[2 * j],
        dy = x[2 * i + 1] - x[2 * j + 1];
      const d = Math.sqrt(dx * dx + dy * dy);
      const r = d - dhat[i * n + j];
      value += (wij * r * r) / swh;
      if (d > 0) {
        const c = (2 * wij * r) / (swh * d);
        g[2 * i] += c * dx;
        g[2 * i + 1] += c * dy;
        g[2 * j] -= c * dx;
        g[2 * j + 1] -= c * dy;
      }
    }
  // d(i, j) and its gradient added with coefficient c.
  const dist = (i: number, j: number) => Math.hypot(x[2 * i] - x[2 * j], x[2 * i + 1] - x[2 * j + 1]);
  const addGrad = (i: number, j: number, c: number) => {
    const dx = x[2 * i] - x[2 * j],
      dy = x[2 * i + 1] - x[2 * j + 1];
    const d = Math.sqrt(dx * dx + dy * dy);
    if (d === 0) return;
    g[2 * i] += (c * dx) / d;
    g[2 * i + 1] += (c * dy) / d;
    g[2 * j] -= (c * dx) / d;
    g[2 * j + 1] -= (c * dy) / d;
  };
  if (w.leader > 0 && t.leader.length) {
    const c0 = w.leader / (S * rho2);
    for (const { s, lead, others } of t.leader) {
      const si = F + s;
      let L = lead[0];
      for (const f of lead) if (dist(si, f) < dist(si, L)) L = f;
      const dL = dist(si, L);
      for (const f of others) {
        const h = dL - LEADER_TARGET * dist(si, f);
        if (h <= 0) continue;
        value += c0 * h * h;
        addGrad(si, L, 2 * c0 * h);
        addGrad(si, f, -2 * c0 * h * LEADER_TARGET);
      }
    }
  }
  const m = ORDER_MARGIN * Math.sqrt(rho2);
  const orders = (trip: Int32Array, weight: number, rowWise: boolean) => {
    if (!(weight > 0) || !trip.length) return;
    const c0 = weight / ((trip.length / 3) * rho2);
    for (let k = 0; k < trip.length; k += 3) {
      // Row: segment F + s with firms a (stronger) and b; column: firm f with segments F + s (stronger) and F + t.
      const [o, a, b] = rowWise ? [F + trip[k], trip[k + 1], trip[k + 2]] : [trip[k], F + trip[k + 1], F + trip[k + 2]];
      const h = dist(o, a) - dist(o, b) + m;
      if (h <= 0) continue;
      value += c0 * h * h;
      addGrad(a, o, 2 * c0 * h);
      addGrad(b, o, -2 * c0 * h);
    }
  };
  orders(t.row, w.row, true);
  orders(t.col, w.column, false);
  return { value, gradient: g };
}

/** Minimise f from x by L-BFGS (memory 7) with Armijo backtracking; `mask` zeroes the gradient of held coordinates. */
function lbfgs(f: (x: Float64Array) => Objective, x0: Float64Array, mask: Float64Array, maxIterations: number): { x: Float64Array; iterations: number } {
  const M = 7;
  let x = x0.slice();
  let cur = f(x);
  const masked = (g: Float64Array) => g.map((v, k) => v * mask[k]);
  let g = masked(cur.gradient);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let k = 0; k < a.length; k++) s += a[k] * b[k];
    return s;
  };
  let it = 0;
  for (; it < maxIterations; it++) {
    // Two-loop recursion for the search direction.
    const q = g.slice();
    const alpha: number[] = [];
    for (let k = sHist.length - 1; k >= 0; k--) {
      const a = dot(sHist[k], q) / dot(yHist[k], sHist[k]);
      alpha[k] = a;
      for (let c = 0; c < q.length; c++) q[c] -= a * yHist[k][c];
    }
    const last = sHist.length - 1;
    const gamma = last >= 0 ? dot(sHist[last], yHist[last]) / dot(yHist[last], yHist[last]) : 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
    for (let c = 0; c < q.length; c++) q[c] *= gamma;
    for (let k = 0; k < sHist.length; k++) {
      const b = dot(yHist[k], q) / dot(yHist[k], sHist[k]);
      for (let c = 0; c < q.length; c++) q[c] += sHist[k][c] * (alpha[k] - b);
    }
    let dir = q.map((v) => -v);
    let slope = dot(dir, g);
    if (!(slope < 0)) {
      dir = g.map((v) => -v);
      slope = -dot(g, g);
      sHist.length = yHist.length = 0;
    }
    if (slope > -1e-20) break;
    let step = 1;
    let next: Objective | null = null;
    let xn = x;
    for (let b = 0; b < 40; b++) {
      xn = x.map((v, k) => v + step * dir[k]);
      const o = f(xn);
      if (o.value <= cur.value + 1e-4 * step * slope) {
        next = o;
        break;
      }
      step /= 2;
    }
    if (!next) break;
    const gn = masked(next.gradient);
    const s = xn.map((v, k) => v - x[k]);
    const y = gn.map((v, k) => v - g[k]);
    if (dot(s, y) > 1e-16) {
      sHist.push(s);
      yHist.push(y);
      if (sHist.length > M) {
        sHist.shift();
        yHist.shift();
      }
    }
    const drop = cur.value - next.value;
    x = xn;
    cur = next;
    g = gn;
    if (drop <= 1e-12 * Math.max(cur.value, 1e-12)) break;
  }
  return { x, iterations: it };
}

/**
 * Least-squares interval (transform.ts's intervalFit) or ratio transformation of `delta` to the
 * current distances; row-conditional (one per segment for its firm pairs, one for the within-set
 * pairs) when asked. The disparities returned are of `applyTo` (default `delta`) under the fitted
 * transformation: a what-if holds the base map's transformation and applies it to its own table.
 */
export function refitTransform(x: Float64Array, p: RuleFitProblem, applyTo?: Float64Array): Float64Array {
  const n = p.F + p.S;
  const delta = p.delta!;
  const out = new Float64Array(n * n);
  const fitGroup = (pairs: [number, number][]) => {
    const s = { s0: 0, s1: 0, s2: 0, t0: 0, t1: 0, t2: 0, deltaMin: Infinity };
    for (const [i, j] of pairs) {
      const w = p.weights[i * n + j];
      const d = delta[i * n + j],
        t = Math.hypot(x[2 * i] - x[2 * j], x[2 * i + 1] - x[2 * j + 1]);
      s.s0 += w;
      s.s1 += w * d;
      s.s2 += w * d * d;
      s.t0 += w * t;
      s.t1 += w * d * t;
      s.t2 += w * t * t;
      s.deltaMin = Math.min(s.deltaMin, d);
    }
    if (!(s.s0 > 0)) return;
    const { a, b } = p.transform === 'ratio' ? { a: 0, b: s.s2 > 0 ? s.t1 / s.s2 : 1 } : intervalFit(s);
    const target = applyTo ?? delta;
    for (const [i, j] of pairs) out[i * n + j] = out[j * n + i] = a + b * target[i * n + j];
  };
  const all: [number, number][] = [];
  const within: [number, number][] = [];
  const rows: [number, number][][] = Array.from({ length: p.S }, () => []);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (!(p.weights[i * n + j] > 0)) continue;
      all.push([i, j]);
      if (i < p.F && j >= p.F) rows[j - p.F].push([i, j]);
      else within.push([i, j]);
    }
  if (p.conditionality === 'row') {
    fitGroup(within);
    for (const r of rows) fitGroup(r);
  } else fitGroup(all);
  return out;
}

export interface RuleFitResult {
  coords: Float64Array;
  /** L-BFGS iterations over all rounds. */
  iterations: number;
  /** Segments that repairLeaders had to move after the penalised fit (indices). */
  repaired: number[];
}

/** Minimise E(X) from `coords` (see the module comment), then repair any segment still breaking rule 1. */
export function ruleFit(coords: Float64Array, p: RuleFitProblem, options: RuleFitOptions = {}): RuleFitResult {
  const { rowWeight = JOINT_ORDER_WEIGHTS.rowWeight, columnWeight = JOINT_ORDER_WEIGHTS.columnWeight, moveFirms = true, rounds = 4, maxIterations = 400 } = options;
  let leaderWeight = options.leaderWeight ?? 10;
  const { F, S } = p;
  const n = F + S;
  const mask = new Float64Array(2 * n).fill(1);
  if (!moveFirms) mask.fill(0, 0, 2 * F);
  const t = terms(F, S, p.sov);
  let x: Float64Array = Float64Array.from(coords);
  let iterations = 0;
  let problem = p;
  for (let r = 0; r < rounds; r++) {
    if (p.delta && r > 0) problem = { ...p, dhat: refitTransform(x, p) };
    const w = { leader: leaderWeight, row: rowWeight, column: columnWeight };
    const res = lbfgs((y) => ruleObjective(y, problem, w, t), x, mask, maxIterations);
    x = res.x;
    iterations += res.iterations;
    const failing = leadersNearest(F, S, p.sov, x).failing.length;
    if (failing && r >= 1) leaderWeight *= 10;
    if (!p.delta && !failing) break;
  }
  const repaired = repairLeaders(x, F, S, p.sov);
  return { coords: x, iterations, repaired };
}

/**
 * Move every segment that breaks rule 1 (in place) to a point where it holds, close to where it was.
 * For the leader L and another firm f, {p : |p - L| <= k |p - f|} with k < 1 is a disc (an Apollonius
 * circle) that contains L; the set where rule 1 holds is the intersection of these discs, convex and
 * never empty (L is in it). Alternating projections onto the violated discs bring the point close to
 * that set, and a bisection on the segment towards L, inside which the feasible part is one interval
 * ending at L, finishes exactly on it. Returns the indices of the segments moved.
 */
export function repairLeaders(x: Float64Array, F: number, S: number, sov: ArrayLike<number>, margin = LEADER_MARGIN): number[] {
  const firmXy = x.subarray(0, 2 * F);
  // A hair inside the margin, so that the check at `margin` passes after floating-point rounding.
  const k = margin * (1 - 1e-9);
  const moved: number[] = [];
  for (let s = 0; s < S; s++) {
    const row = Array.from({ length: F }, (_, f) => sov[s * F + f]);
    const si = 2 * (F + s);
    const first = checkLeader(row, firmXy, x[si], x[si + 1], margin);
    if (first.ok) continue;
    const L = first.leader;
    const others = leaderAndRivals(row).rivals;
    const lx = firmXy[2 * L],
      ly = firmXy[2 * L + 1];
    const feasible = (px: number, py: number) => others.every((f) => Math.hypot(px - lx, py - ly) <= k * Math.hypot(px - firmXy[2 * f], py - firmXy[2 * f + 1]));
    let px = x[si],
      py = x[si + 1];
    for (let it = 0; it < 200 && !feasible(px, py); it++)
      for (const f of others) {
        const fx = firmXy[2 * f],
          fy = firmXy[2 * f + 1];
        const cx = (lx - k * k * fx) / (1 - k * k),
          cy = (ly - k * k * fy) / (1 - k * k);
        const rad = (k * Math.hypot(lx - fx, ly - fy)) / (1 - k * k);
        const d = Math.hypot(px - cx, py - cy);
        if (d > rad && d > 0) {
          px = cx + ((px - cx) * rad) / d;
          py = cy + ((py - cy) * rad) / d;
        }
      }
    if (!feasible(px, py)) {
      let lo = 0,
        hi = 1; // t = 1 is the leader itself, always feasible
      const at = (t: number) => [px + t * (lx - px), py + t * (ly - py)] as const;
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (feasible(...at(mid))) hi = mid;
        else lo = mid;
      }
      [px, py] = at(hi);
    }
    x[si] = px;
    x[si + 1] = py;
    moved.push(s);
  }
  return moved;
}
