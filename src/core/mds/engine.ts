/**
 * One SMACOF run: Guttman transforms alternating with optimal scaling, on packed pairs.
 * de Leeuw (1977), "Applications of convex analysis to multidimensional scaling"; de Leeuw & Mair
 * (2009), JSS 31(3), "Multidimensional scaling using majorization: SMACOF in R", eqs. 6-13;
 * Borg & Groenen, Modern MDS, 2nd ed., ch. 8 (Guttman transform, eq. 8.29 for weights) and ch. 9.
 * The loop mirrors R smacof's smacofSym(): start scaled by the optimal factor, one Guttman
 * transform and one disparity update per iteration, stop when the decrease of normalised stress
 * is below the tolerance, so iteration counts and stress values can be compared with R.
 *
 * Stress, with fitted pairs i < j and weights w:
 * - raw stress = sum w (dhat - d)^2;
 * - normalised stress = raw stress / sum w dhat^2 (R smacof: disparities are scaled to
 *   sum w dhat^2 = sum w, i.e. n(n-1)/2 for unit weights, then raw / n(n-1)/2);
 * - stress-1 (Kruskal 1964) = sqrt(sum w (dhat* - d)^2 / sum w d^2), where dhat* are the disparities
 *   rescaled by least squares to the distances (the transformations are closed under scaling), i.e.
 *   sqrt(1 - (sum w dhat d)^2 / (sum w dhat^2 sum w d^2)). At a SMACOF fixed point this equals
 *   sqrt(normalised stress), the "Stress-1 value" R smacof prints.
 *
 * The hot loop allocates nothing; all buffers are made in the constructor.
 */
import { assertConnected, assertFinite } from './dissimilarities.ts';
import type { PairSet } from './dissimilarities.ts';
import { choleskyInPlace, choleskySolveInPlace } from './cholesky.ts';
import { intervalFit, ordinalOrder, pava, pavaBuffers, sortTiesBy } from './transform.ts';
import type { LinearSums, OrdinalOrder, PavaBuffers } from './transform.ts';
import type { Disparity, ShepardData, Transformation } from './types.ts';

/**
 * Solver for V Y = B(X) X (free rows). Unit (or all equal) weights without fixed points:
 * Y = B(X) X / (w n), since V+ = J / (w n) and B(X) X is already centred. Otherwise a Cholesky
 * factor of V + 11'/n (no fixed points: its inverse is V+ + 11'/n, and 11' B(X) X = 0, so it gives
 * the Moore-Penrose solution; Borg & Groenen eq. 8.29) or of V_ff, the free-free block (fixed points).
 */
export type GuttmanSolver =
  | { kind: 'scalar'; factor: number }
  | { kind: 'cholesky'; l: Float64Array; free: Uint32Array };

/** Build the solver for these weights (shared by every run with the same weights and fixed set). */
export function makeSolver(pairs: PairSet, fixed?: Uint8Array): GuttmanSolver {
  const { n, w } = pairs;
  assertConnected(n, w, fixed);
  if (!fixed) {
    const w0 = w[0];
    let equal = w0 > 0;
    for (let k = 1; k < w.length && equal; k++) equal = w[k] === w0;
    if (equal) return { kind: 'scalar', factor: 1 / (w0 * n) };
  }
  const freeList: number[] = [];
  for (let i = 0; i < n; i++) if (!fixed || !fixed[i]) freeList.push(i);
  const free = Uint32Array.from(freeList);
  const f = free.length;
  const pos = new Int32Array(n).fill(-1);
  for (let a = 0; a < f; a++) pos[free[a]] = a;
  const v = new Float64Array(f * f);
  if (!fixed) v.fill(1 / n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const wij = w[k];
      if (wij === 0) continue;
      const a = pos[i];
      const b = pos[j];
      if (a >= 0) v[a * f + a] += wij;
      if (b >= 0) v[b * f + b] += wij;
      if (a >= 0 && b >= 0) {
        v[a * f + b] -= wij;
        v[b * f + a] -= wij;
      }
    }
  }
  assertFinite(v, 'the weight matrix V', f);
  choleskyInPlace(v, f, fixed ? 'V restricted to the free points' : 'V + 11\'/n');
  return { kind: 'cholesky', l: v, free };
}

export interface EngineOptions {
  dims: number;
  type: Transformation;
  /** Stop when the decrease of normalised stress is below this. */
  tolerance: number;
  maxIterations: number;
  /** Points held at their start coordinates (anchored SMACOF); they also fix the unit, so disparities are not normalised. */
  fixed?: Uint8Array;
  solver?: GuttmanSolver;
}

/** What a finished run reports (see the module comment for the stress definitions). */
export interface RunResult {
  coords: Float64Array;
  rawStress: number;
  normalisedStress: number;
  stress1: number;
  iterations: number;
  converged: boolean;
  /** Percent of raw stress per point (each pair's residual split half to each end); sums to 100, all 0 when stress is 0. */
  pointStress: Float64Array;
  shepard: ShepardData;
  disparity: Disparity;
}

export class SmacofEngine {
  readonly n: number;
  readonly p: number;
  readonly m: number;
  readonly type: Transformation;
  readonly normalise: boolean;
  readonly solver: GuttmanSolver;
  private readonly opts: EngineOptions;
  private readonly w: Float64Array;
  private delta: Float64Array;
  private x: Float64Array;
  private y: Float64Array;
  private bx: Float64Array;
  private rhs: Float64Array;
  private fixedPull: Float64Array;
  private d: Float64Array;
  private e: Float64Array;
  readonly dhat: Float64Array;
  private order: OrdinalOrder | null = null;
  private pavaBuf: PavaBuffers | null = null;
  private cur: Float64Array;
  private readonly byCurrent = (a: number, b: number) => this.cur[a] - this.cur[b];
  private readonly sums: LinearSums = { s0: 0, s1: 0, s2: 0, t0: 0, t1: 0, t2: 0, deltaMin: 0 };
  /** sum w: the value sum w dhat^2 is normalised to. */
  private target = 0;
  private ratioFactor = 1;
  private lineA = 0;
  private lineB = 1;

  iteration = 0;
  rawStress = NaN;
  sumDhat2 = NaN;
  sumDhatD = NaN;
  sumD2 = NaN;
  done = false;
  converged = false;

  constructor(pairs: PairSet, options: EngineOptions) {
    this.opts = options;
    this.n = pairs.n;
    this.p = options.dims;
    this.m = pairs.m;
    this.type = options.type;
    this.w = pairs.w;
    this.delta = pairs.delta;
    this.normalise = !options.fixed;
    this.solver = options.solver ?? makeSolver(pairs, options.fixed);
    const np = this.n * this.p;
    this.x = new Float64Array(np);
    this.y = new Float64Array(np);
    this.bx = new Float64Array(np);
    this.rhs = this.solver.kind === 'cholesky' ? new Float64Array(this.solver.free.length * this.p) : new Float64Array(0);
    this.fixedPull = new Float64Array(this.rhs.length);
    this.d = new Float64Array(this.m);
    this.e = new Float64Array(this.m);
    this.dhat = new Float64Array(this.m);
    this.cur = this.d;
    if (this.type === 'ordinal') this.pavaBuf = pavaBuffers(pairs.known);
    this.load(pairs.delta);
  }

  /** Use other dissimilarities with the same weights (the permutation benchmark). */
  load(delta: Float64Array): void {
    this.delta = delta;
    const { w } = this;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let min = Infinity;
    for (let k = 0; k < this.m; k++) {
      const wk = w[k];
      if (wk === 0) continue;
      const dk = delta[k];
      s0 += wk;
      s1 += wk * dk;
      s2 += wk * dk * dk;
      if (dk < min) min = dk;
    }
    Object.assign(this.sums, { s0, s1, s2, deltaMin: min });
    this.target = s0;
    this.ratioFactor = Math.sqrt(s0 / s2);
    if (this.type === 'ordinal') this.order = ordinalOrder(delta, w);
  }

  /** Start a run from the n x dims configuration `init` (copied). */
  start(init: Float64Array): void {
    const { n, p } = this;
    if (init.length !== n * p) throw new Error(`start configuration must be ${n} x ${p}; got ${init.length} values`);
    assertFinite(init, 'the start configuration', p);
    this.x.set(init);
    this.distances(this.x, this.d);
    if (this.normalise) {
      // R smacof: disparities start as the normalised dissimilarities, the configuration is scaled optimally.
      for (let k = 0; k < this.m; k++) this.dhat[k] = this.w[k] > 0 ? this.ratioFactor * this.delta[k] : 0;
      this.lineA = 0;
      this.lineB = this.ratioFactor;
      let num = 0;
      let den = 0;
      for (let k = 0; k < this.m; k++) {
        num += this.w[k] * this.d[k] * this.dhat[k];
        den += this.w[k] * this.d[k] * this.d[k];
      }
      if (!(den > 0)) throw new Error('the start configuration has every fitted pair at distance 0');
      const lb = num / den;
      for (let t = 0; t < n * p; t++) this.x[t] *= lb;
      for (let k = 0; k < this.m; k++) this.d[k] *= lb;
    } else {
      this.transform(this.d);
    }
    if (this.solver.kind === 'cholesky' && this.opts.fixed) this.computeFixedPull();
    this.stressSums(this.d);
    this.iteration = 0;
    this.done = this.opts.maxIterations <= 0;
    this.converged = false;
  }

  /** Fit the disparities to the current distances without moving the points (to evaluate a given configuration). */
  fitDisparities(): void {
    this.transform(this.d);
    this.stressSums(this.d);
    if (this.normalise && this.sumD2 > 0) {
      // Rescale the configuration optimally to the new disparities, as start() does.
      const lb = this.sumDhatD / this.sumD2;
      for (let t = 0; t < this.x.length; t++) this.x[t] *= lb;
      for (let k = 0; k < this.m; k++) this.d[k] *= lb;
      this.stressSums(this.d);
    }
  }

  /** One Guttman transform and disparity update. Returns true when the run has ended. */
  iterate(): boolean {
    if (this.done) return true;
    const rawOld = this.rawStress;
    this.guttman();
    this.distances(this.y, this.e);
    this.transform(this.e);
    this.stressSums(this.e);
    const x = this.x;
    this.x = this.y;
    this.y = x;
    const d = this.d;
    this.d = this.e;
    this.e = d;
    this.iteration++;
    const decrease = (rawOld - this.rawStress) / this.sumDhat2;
    if (decrease < this.opts.tolerance) {
      this.done = true;
      this.converged = true;
    } else if (this.iteration >= this.opts.maxIterations) {
      this.done = true;
    }
    return this.done;
  }

  get normalisedStress(): number {
    return this.rawStress / this.sumDhat2;
  }

  get stress1(): number {
    const r = (this.sumDhatD * this.sumDhatD) / (this.sumDhat2 * this.sumD2);
    return Math.sqrt(Math.max(0, 1 - r));
  }

  /** Current configuration (a view: copy it before the next iterate()). */
  get coords(): Float64Array {
    return this.x;
  }

  /** Everything a finished run reports, copied out of the engine's buffers. */
  result(withShepard = true): RunResult {
    const { n, w } = this;
    const d = this.d;
    const pointStress = new Float64Array(n);
    const known = this.order ? this.order.len : countPositive(w);
    const sh: ShepardData = withShepard
      ? {
          i: new Uint32Array(known),
          j: new Uint32Array(known),
          delta: new Float64Array(known),
          dhat: new Float64Array(known),
          distance: new Float64Array(known),
        }
      : { i: new Uint32Array(0), j: new Uint32Array(0), delta: new Float64Array(0), dhat: new Float64Array(0), distance: new Float64Array(0) };
    let k = 0;
    let t = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, k++) {
        if (w[k] === 0) continue;
        const r = this.dhat[k] - d[k];
        const s = w[k] * r * r;
        pointStress[i] += s;
        pointStress[j] += s;
        if (withShepard) {
          sh.i[t] = i;
          sh.j[t] = j;
          sh.delta[t] = this.delta[k];
          sh.dhat[t] = this.dhat[k];
          sh.distance[t] = d[k];
          t++;
        }
      }
    }
    const total = 2 * this.rawStress;
    for (let i = 0; i < n; i++) pointStress[i] = total > 0 ? (100 * pointStress[i]) / total : 0;
    return {
      coords: this.x.slice(),
      rawStress: this.rawStress,
      normalisedStress: this.normalisedStress,
      stress1: this.stress1,
      iterations: this.iteration,
      converged: this.converged,
      pointStress,
      shepard: sh,
      disparity: this.disparity(),
    };
  }

  private disparity(): Disparity {
    if (this.type !== 'ordinal' || !this.order) return { kind: 'linear', intercept: this.lineA, slope: this.lineB };
    const { order, len } = this.order;
    const knotsDelta: number[] = [];
    const knotsDhat: number[] = [];
    for (let t = 0; t < len; ) {
      const v = this.delta[order[t]];
      let sw = 0;
      let s = 0;
      let u = t;
      for (; u < len && this.delta[order[u]] === v; u++) {
        sw += this.w[order[u]];
        s += this.w[order[u]] * this.dhat[order[u]];
      }
      knotsDelta.push(v);
      knotsDhat.push(s / sw);
      t = u;
    }
    return { kind: 'monotone', delta: Float64Array.from(knotsDelta), dhat: Float64Array.from(knotsDhat) };
  }

  private distances(x: Float64Array, out: Float64Array): void {
    const { n, p } = this;
    let k = 0;
    if (p === 2) {
      for (let i = 0; i < n; i++) {
        const xi = x[2 * i];
        const yi = x[2 * i + 1];
        for (let j = i + 1; j < n; j++, k++) {
          const dx = xi - x[2 * j];
          const dy = yi - x[2 * j + 1];
          out[k] = Math.sqrt(dx * dx + dy * dy);
        }
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, k++) {
        let s = 0;
        for (let c = 0; c < p; c++) {
          const diff = x[i * p + c] - x[j * p + c];
          s += diff * diff;
        }
        out[k] = Math.sqrt(s);
      }
    }
  }

  /** y = V+ B(x) x (free rows; fixed rows copied). */
  private guttman(): void {
    const { n, p, w, dhat, d, x, bx } = this;
    bx.fill(0);
    let k = 0;
    if (p === 2) {
      for (let i = 0; i < n; i++) {
        const xi = x[2 * i];
        const yi = x[2 * i + 1];
        let ax = 0;
        let ay = 0;
        for (let j = i + 1; j < n; j++, k++) {
          const dk = d[k];
          if (dk === 0) continue;
          const r = (w[k] * dhat[k]) / dk;
          const dx = r * (xi - x[2 * j]);
          const dy = r * (yi - x[2 * j + 1]);
          ax += dx;
          ay += dy;
          bx[2 * j] -= dx;
          bx[2 * j + 1] -= dy;
        }
        bx[2 * i] += ax;
        bx[2 * i + 1] += ay;
      }
    } else {
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++, k++) {
          const dk = d[k];
          if (dk === 0) continue;
          const r = (w[k] * dhat[k]) / dk;
          for (let c = 0; c < p; c++) {
            const diff = r * (x[i * p + c] - x[j * p + c]);
            bx[i * p + c] += diff;
            bx[j * p + c] -= diff;
          }
        }
      }
    }
    const s = this.solver;
    if (s.kind === 'scalar') {
      for (let t = 0; t < n * p; t++) this.y[t] = s.factor * bx[t];
      return;
    }
    const { free, l } = s;
    const f = free.length;
    const rhs = this.rhs;
    for (let a = 0; a < f; a++) {
      const i = free[a];
      for (let c = 0; c < p; c++) rhs[a * p + c] = bx[i * p + c] + this.fixedPull[a * p + c];
    }
    choleskySolveInPlace(l, f, rhs, p);
    if (this.opts.fixed) this.y.set(x);
    for (let a = 0; a < f; a++) {
      const i = free[a];
      for (let c = 0; c < p; c++) this.y[i * p + c] = rhs[a * p + c];
    }
  }

  /** sum over fixed j of w_ij x_j for each free i: the fixed points' pull, constant during a run. */
  private computeFixedPull(): void {
    const { n, p, w, x } = this;
    const fixed = this.opts.fixed!;
    const s = this.solver as { kind: 'cholesky'; free: Uint32Array };
    const pos = new Int32Array(n).fill(-1);
    for (let a = 0; a < s.free.length; a++) pos[s.free[a]] = a;
    this.fixedPull.fill(0);
    let k = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++, k++) {
        const wk = w[k];
        if (wk === 0) continue;
        if (pos[i] >= 0 && fixed[j]) for (let c = 0; c < p; c++) this.fixedPull[pos[i] * p + c] += wk * x[j * p + c];
        if (pos[j] >= 0 && fixed[i]) for (let c = 0; c < p; c++) this.fixedPull[pos[j] * p + c] += wk * x[i * p + c];
      }
    }
  }

  /** Disparities from the distances `t`: the least-squares member of the transformation family (normalised unless anchored). */
  private transform(t: Float64Array): void {
    const { m, w, delta, dhat } = this;
    if (this.type === 'ratio') {
      if (this.normalise) return; // dhat = normalised delta throughout
      let num = 0;
      for (let k = 0; k < m; k++) num += w[k] * delta[k] * t[k];
      const b = num / this.sums.s2;
      for (let k = 0; k < m; k++) dhat[k] = w[k] > 0 ? b * delta[k] : 0;
      this.lineA = 0;
      this.lineB = b;
      return;
    }
    if (this.type === 'interval') {
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      for (let k = 0; k < m; k++) {
        const wk = w[k];
        const tk = t[k];
        t0 += wk * tk;
        t1 += wk * delta[k] * tk;
        t2 += wk * tk * tk;
      }
      const s = this.sums;
      s.t0 = t0;
      s.t1 = t1;
      s.t2 = t2;
      let { a, b } = intervalFit(s);
      if (this.normalise) {
        const ss = a * a * s.s0 + 2 * a * b * s.s1 + b * b * s.s2;
        const c = ss > 0 ? Math.sqrt(this.target / ss) : 1;
        a *= c;
        b *= c;
      }
      for (let k = 0; k < m; k++) dhat[k] = w[k] > 0 ? a + b * delta[k] : 0;
      this.lineA = a;
      this.lineB = b;
      return;
    }
    const o = this.order!;
    this.cur = t;
    sortTiesBy(o, this.byCurrent);
    const ss = pava(o.order, o.len, t, w, dhat, this.pavaBuf!);
    if (this.normalise && ss > 0) {
      const c = Math.sqrt(this.target / ss);
      const order = o.order;
      for (let u = 0; u < o.len; u++) dhat[order[u]] *= c;
    }
  }

  private stressSums(t: Float64Array): void {
    const { m, w, dhat } = this;
    let raw = 0;
    let sdh2 = 0;
    let sdhd = 0;
    let sd2 = 0;
    for (let k = 0; k < m; k++) {
      const wk = w[k];
      if (wk === 0) continue;
      const h = dhat[k];
      const dk = t[k];
      const r = h - dk;
      raw += wk * r * r;
      sdh2 += wk * h * h;
      sdhd += wk * h * dk;
      sd2 += wk * dk * dk;
    }
    this.rawStress = raw;
    this.sumDhat2 = sdh2;
    this.sumDhatD = sdhd;
    this.sumD2 = sd2;
  }
}

function countPositive(w: Float64Array): number {
  let c = 0;
  for (let k = 0; k < w.length; k++) if (w[k] > 0) c++;
  return c;
}
