/**
 * SMACOF with some points held fixed (e.g. the firms, when drilling into a segment, stay where the
 * parent map had them). Majorising weighted stress with the configuration split into free rows X_f
 * and fixed rows X_F gives the update for the free rows only (Borg & Groenen, Modern MDS, 2nd ed.,
 * section 10.3, "configurational restrictions"; Heiser & Meulman 1983):
 *   V_ff X_f = (B(Z) Z)_f - V_fF X_F,   i.e.   X_f = V_ff^-1 ( (B(Z) Z)_f + sum_{j fixed} w_ij x_j ),
 * with V_ff the free-free block of V (diagonal sum_j w_ij over all j, off-diagonal -w_ij), which is
 * positive definite when every group of free points is linked to a fixed point. The fixed points set
 * the unit, so disparities are not normalised: each transformation, scale included, is fitted to the
 * current distances by least squares. Raw stress never increases.
 */
import { rng } from '../random.ts';
import { packSymmetric } from './dissimilarities.ts';
import { SmacofEngine } from './engine.ts';
import type { RunResult } from './engine.ts';
import { outOfSample } from './outOfSample.ts';
import type { MdsProgress, MdsStepper, Transformation } from './types.ts';

export interface AnchoredOptions {
  /** Length n; a truthy entry holds point i at its `init` coordinates. At least one point must be fixed and one free. */
  fixed: ArrayLike<number | boolean>;
  /**
   * n x dims start (row-major). Fixed rows are the held coordinates. Free rows with a NaN are placed
   * first against the fixed points by outOfSample (with a ratio scale estimated from the fixed-fixed
   * pairs); finite free rows are used as given.
   */
  init: Float64Array;
  /** Dimensions. Default 2. */
  dims?: number;
  /** Transformation. Default `'ratio'`. */
  type?: Transformation;
  /** n x n weights; 0 = pair not fitted. Default 1. */
  weights?: Float64Array;
  /** Stop when the decrease of raw stress, relative to sum w dhat^2, is below this. Default 1e-6. */
  tolerance?: number;
  /** Iteration limit. Default 1000. */
  maxIterations?: number;
  /** Return Shepard data. Default true. */
  shepard?: boolean;
  /** Seed for separating free points that start on the same spot. Default 1. */
  seed?: number;
}

/**
 * An anchored fit. Stress figures as in engine.ts, except that the disparities are in the fixed
 * points' unit (not normalised): rawStress = sum w (dhat - d)^2, normalisedStress = raw / sum w dhat^2,
 * stress1 = Kruskal's stress-1.
 */
export interface AnchoredResult extends RunResult {
  n: number;
  dims: number;
  type: Transformation;
  /** Number of fixed points. */
  fixedCount: number;
  finished: boolean;
  warnings: string[];
}

/** Start a stepping anchored SMACOF run (validation happens here and throws on bad input). */
export function createAnchoredSmacof(delta: Float64Array, options: AnchoredOptions): MdsStepper<AnchoredResult> {
  const { dims = 2, type = 'ratio', tolerance = 1e-6, maxIterations = 1000, shepard = true, seed = 1 } = options;
  const pairs = packSymmetric(delta, { weights: options.weights });
  const { n } = pairs;
  if (!(Number.isInteger(dims) && dims >= 1 && dims < n)) throw new Error(`dims must be an integer from 1 to n - 1 = ${n - 1}; got ${dims}`);
  if (options.fixed.length !== n) throw new Error(`fixed must have one entry per point (${n}); got ${options.fixed.length}`);
  if (options.init.length !== n * dims) throw new Error(`init must be n x dims = ${n} x ${dims} values; got ${options.init.length}`);
  const fixed = Uint8Array.from(options.fixed as ArrayLike<number>, (v) => (v ? 1 : 0));
  let fixedCount = 0;
  for (let i = 0; i < n; i++) fixedCount += fixed[i];
  if (fixedCount === 0) throw new Error('anchored SMACOF needs at least one fixed point; use smacof() otherwise');
  if (fixedCount === n) throw new Error('every point is fixed: there is nothing to fit');
  for (let i = 0; i < n; i++) {
    if (!fixed[i]) continue;
    for (let c = 0; c < dims; c++) {
      if (!Number.isFinite(options.init[i * dims + c])) throw new Error(`fixed point ${i} has a non-finite coordinate ${c} in init (${options.init[i * dims + c]})`);
    }
  }
  const engine = new SmacofEngine(pairs, { dims, type, tolerance, maxIterations, fixed });
  const start = startConfiguration(pairs.delta, pairs.w, n, dims, fixed, options.init, seed);
  const warnings = [...pairs.warnings];
  let begun = false;
  let done = false;

  const progress = (): MdsProgress => ({
    phase: 'fit',
    run: 0,
    runs: 1,
    iteration: engine.iteration,
    stress: engine.normalisedStress,
    stress1: engine.stress1,
    progress: done ? 1 : 0,
    done,
  });

  return {
    get done() {
      return done;
    },
    step(k = 1) {
      if (!begun) {
        engine.start(start);
        begun = true;
      }
      for (let t = 0; t < Math.max(1, Math.floor(k)) && !engine.done; t++) engine.iterate();
      done = engine.done;
      return progress();
    },
    result(): AnchoredResult {
      if (!begun) throw new Error('anchored smacof: call step() first');
      const run = engine.result(shepard);
      const w = [...warnings];
      if (done && !run.converged) w.push(`SMACOF stopped at the iteration limit (${run.iterations}) before converging; raise maxIterations`);
      return { ...run, n, dims, type, fixedCount, finished: done, warnings: w };
    },
  };
}

/** Run anchored SMACOF to the end (see createAnchoredSmacof). */
export function anchoredSmacof(delta: Float64Array, options: AnchoredOptions): AnchoredResult {
  const s = createAnchoredSmacof(delta, options);
  while (!s.done) s.step(1000);
  return s.result();
}

/** init with the free rows that hold a NaN placed out of sample against the fixed points. */
function startConfiguration(
  delta: Float64Array,
  w: Float64Array,
  n: number,
  p: number,
  fixed: Uint8Array,
  init: Float64Array,
  seed: number,
): Float64Array {
  const start = init.slice();
  const todo: number[] = [];
  for (let i = 0; i < n; i++) {
    if (fixed[i]) continue;
    for (let c = 0; c < p; c++) {
      if (!Number.isFinite(start[i * p + c])) {
        todo.push(i);
        break;
      }
    }
  }
  if (todo.length === 0) return start;
  const fixedIdx: number[] = [];
  for (let i = 0; i < n; i++) if (fixed[i]) fixedIdx.push(i);
  const k = fixedIdx.length;
  const pos = new Int32Array(n).fill(-1);
  fixedIdx.forEach((i, a) => (pos[i] = a));
  const fixedCoords = new Float64Array(k * p);
  fixedIdx.forEach((i, a) => fixedCoords.set(start.subarray(i * p, i * p + p), a * p));
  // Ratio scale from the fixed-fixed pairs: their map distances against their dissimilarities.
  let num = 0;
  let den = 0;
  const toFixed = new Float64Array(todo.length * k).fill(NaN);
  const row = new Int32Array(n).fill(-1);
  todo.forEach((i, r) => (row[i] = r));
  let kk = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, kk++) {
      if (w[kk] === 0) continue;
      if (fixed[i] && fixed[j]) {
        let d2 = 0;
        for (let c = 0; c < p; c++) d2 += (start[i * p + c] - start[j * p + c]) ** 2;
        num += w[kk] * delta[kk] * Math.sqrt(d2);
        den += w[kk] * delta[kk] * delta[kk];
      } else if (row[i] >= 0 && fixed[j]) toFixed[row[i] * k + pos[j]] = delta[kk];
      else if (row[j] >= 0 && fixed[i]) toFixed[row[j] * k + pos[i]] = delta[kk];
    }
  }
  const slope = den > 0 && num > 0 ? num / den : 1;
  const placed = outOfSample(fixedCoords, toFixed, { dims: p, disparity: { kind: 'linear', intercept: 0, slope } });
  // Free points that share a start (no link to a fixed point) are nudged apart, or they would stay together.
  const r = rng(seed);
  let radius = 0;
  for (let a = 0; a < k * p; a++) radius = Math.max(radius, Math.abs(fixedCoords[a]));
  todo.forEach((i, t) => {
    const noData = Number.isNaN(placed.stress1[t]);
    for (let c = 0; c < p; c++) start[i * p + c] = placed.coords[t * p + c] + (noData ? 1e-2 * (radius || 1) * (r() - 0.5) : 0);
  });
  return start;
}
