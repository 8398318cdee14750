/**
 * Weighted SMACOF (de Leeuw 1977; de Leeuw & Mair 2009, JSS 31(3); Borg & Groenen, Modern MDS,
 * 2nd ed., ch. 8-9) with ratio, interval and ordinal transformations, multiple starts and a
 * permutation benchmark. The iteration itself is in engine.ts; this module runs the starts, keeps
 * the best, and exposes a stepping API for workers (createSmacof) and a plain function (smacof).
 *
 * Reference figures reproduced in test/unit/mds/smacof.test.ts: R smacof 2.1-7 `mds(1 - ekman)`
 * stress-1 0.1312 (normalised stress 0.01721), and `mds(morse)`.
 */
import { rng } from '../random.ts';
import { packSymmetric } from './dissimilarities.ts';
import type { PairSet } from './dissimilarities.ts';
import { SmacofEngine } from './engine.ts';
import type { RunResult } from './engine.ts';
import { classicalFromPairs } from './torgerson.ts';
import type { TorgersonResult } from './torgerson.ts';
import type { MdsProgress, MdsStepper, Transformation } from './types.ts';

export interface SmacofOptions {
  /** Number of dimensions, 1 <= dims < n. Default 2. */
  dims?: number;
  /** Transformation of the dissimilarities. Default `'ratio'` (R smacof's default). */
  type?: Transformation;
  /** n x n non-negative weights (symmetrised); 0 = pair not fitted. Default 1 for every pair. NaN dissimilarities get weight 0. */
  weights?: Float64Array;
  /** Start configuration (n x dims, row-major) instead of classical MDS for the first start. */
  init?: Float64Array;
  /** Extra random starts (uniform in [-1, 1], seeded); the best of all starts is kept. Default 0. */
  randomStarts?: number;
  /** Seed for random starts, the benchmark permutations and the Lanczos start vector. Default 1. */
  seed?: number;
  /** Stop when the decrease of normalised stress in one iteration is below this (R smacof's eps). Default 1e-6. */
  tolerance?: number;
  /** Iteration limit per start (R smacof's itmax). Default 1000. */
  maxIterations?: number;
  /**
   * Number of benchmark fits: the known dissimilarities are randomly permuted among the fitted
   * pairs (same weights and missing pattern) and fitted the same way (classical start, same type);
   * the mean stress-1 is the "random data" yardstick. Default 0 (none).
   */
  benchmark?: number;
  /** Imputation of missing pairs for the classical start (see torgerson.ts). Default `'mean'`. */
  impute?: 'mean' | 'triangle';
  /** Return Shepard data (5 arrays of one entry per fitted pair). Default true. */
  shepard?: boolean;
}

/** Mean stress-1 of fits to permuted dissimilarities: a fit is only worth reading well below it. */
export interface StressBenchmark {
  runs: number;
  stress1: Float64Array;
  mean: number;
  /** Sample standard deviation (0 for one run). */
  sd: number;
}

/**
 * The best run, with the stress figures of engine.ts:
 * `rawStress` = sum w (dhat - d)^2 with disparities normalised to sum w dhat^2 = sum w
 * (n(n-1)/2 for unit weights; coordinates are in that unit); `normalisedStress` = raw stress /
 * sum w dhat^2 (R smacof's sigma_n); `stress1` = Kruskal's stress-1,
 * sqrt(sum w (dhat* - d)^2 / sum w d^2) with dhat* the disparities rescaled by least squares to the
 * distances (= sqrt(normalisedStress) at convergence, the figure R smacof reports).
 */
export interface SmacofResult extends RunResult {
  n: number;
  dims: number;
  type: Transformation;
  /** Which start won: 0 = classical (or `init`), 1.. = random starts. */
  start: number;
  /** Final stress-1 of every start, in order. */
  startStress1: Float64Array;
  /** The classical solution used as the first start (eigenvalues, non-Euclidean flag), or null with `init`. */
  classical: TorgersonResult | null;
  benchmark: StressBenchmark | null;
  /** False while a stepping run is still under way. */
  finished: boolean;
  warnings: string[];
}

/**
 * Start a stepping SMACOF run on an n x n dissimilarity matrix (row-major; NaN = missing).
 * Validation happens here (throws on bad input); the classical start and the fits happen in step().
 */
export function createSmacof(delta: Float64Array, options: SmacofOptions = {}): MdsStepper<SmacofResult> {
  const pairs = packSymmetric(delta, { weights: options.weights });
  return createSmacofFromPairs(pairs, options);
}

/** Run SMACOF to the end (see createSmacof and SmacofOptions). */
export function smacof(delta: Float64Array, options: SmacofOptions = {}): SmacofResult {
  return runToEnd(createSmacof(delta, options));
}

/** Step a stepper until it is done and return its result. */
export function runToEnd<R>(stepper: MdsStepper<R>): R {
  while (!stepper.done) stepper.step(1000);
  return stepper.result();
}

/** createSmacof on already validated pairs (used by unfold). */
export function createSmacofFromPairs(pairs: PairSet, options: SmacofOptions = {}): MdsStepper<SmacofResult> {
  return new SmacofRunner(pairs, options);
}

class SmacofRunner implements MdsStepper<SmacofResult> {
  private readonly pairs: PairSet;
  private readonly dims: number;
  private readonly type: Transformation;
  private readonly seed: number;
  private readonly impute: 'mean' | 'triangle';
  private readonly init: Float64Array | undefined;
  private readonly shepard: boolean;
  private readonly fits: number;
  private readonly benchRuns: number;
  private readonly engine: SmacofEngine;
  private phase: 'fit' | 'benchmark' = 'fit';
  private run = 0;
  /** The phase and run the engine's current figures belong to (progress reports these). */
  private shownPhase: 'fit' | 'benchmark' = 'fit';
  private shownRun = 0;
  private active = false;
  private best: RunResult | null = null;
  private bestStart = 0;
  private readonly startStress1: number[] = [];
  private readonly benchStress1: number[] = [];
  private classical: TorgersonResult | null = null;
  private readonly warnings: string[];
  done = false;

  constructor(pairs: PairSet, options: SmacofOptions) {
    const { dims = 2, type = 'ratio', randomStarts = 0, seed = 1, tolerance = 1e-6, maxIterations = 1000 } = options;
    const { benchmark = 0, impute = 'mean', shepard = true } = options;
    if (!(Number.isInteger(dims) && dims >= 1 && dims < pairs.n)) {
      throw new Error(`dims must be an integer from 1 to n - 1 = ${pairs.n - 1}; got ${dims}`);
    }
    if (type !== 'ratio' && type !== 'interval' && type !== 'ordinal') {
      throw new Error(`type must be 'ratio', 'interval' or 'ordinal'; got '${String(type)}'`);
    }
    for (const [name, v] of [
      ['randomStarts', randomStarts],
      ['benchmark', benchmark],
      ['maxIterations', maxIterations],
    ] as const) {
      if (!(Number.isInteger(v) && v >= 0)) throw new Error(`${name} must be a non-negative integer; got ${v}`);
    }
    if (!(tolerance >= 0)) throw new Error(`tolerance must be >= 0; got ${tolerance}`);
    if (options.init && options.init.length !== pairs.n * dims) {
      throw new Error(`init must be n x dims = ${pairs.n} x ${dims} values; got ${options.init.length}`);
    }
    this.pairs = pairs;
    this.dims = dims;
    this.type = type;
    this.seed = seed;
    this.impute = impute;
    this.init = options.init;
    this.shepard = shepard;
    this.fits = 1 + randomStarts;
    this.benchRuns = benchmark;
    this.warnings = [...pairs.warnings];
    this.engine = new SmacofEngine(pairs, { dims, type, tolerance, maxIterations });
  }

  step(k = 1): MdsProgress {
    let left = Math.max(1, Math.floor(k));
    while (left > 0 && !this.done) {
      if (!this.active) this.begin();
      if (!this.engine.done) {
        this.engine.iterate();
        left--;
      }
      if (this.engine.done) this.end();
    }
    return this.progress();
  }

  result(): SmacofResult {
    let run = this.best;
    let start = this.bestStart;
    if (!run) {
      if (!this.active || this.phase !== 'fit') throw new Error('smacof: no run has started yet; call step() first');
      run = this.engine.result(this.shepard);
      start = this.run;
    }
    const warnings = [...this.warnings];
    if (!run.converged && (this.done || this.best)) {
      warnings.push(`SMACOF stopped at the iteration limit (${run.iterations}) before converging; raise maxIterations`);
    }
    let benchmark: StressBenchmark | null = null;
    if (this.benchStress1.length > 0) {
      const s = Float64Array.from(this.benchStress1);
      const mean = s.reduce((a, b) => a + b, 0) / s.length;
      const sd = s.length > 1 ? Math.sqrt(s.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (s.length - 1)) : 0;
      benchmark = { runs: s.length, stress1: s, mean, sd };
    }
    return {
      ...run,
      n: this.pairs.n,
      dims: this.dims,
      type: this.type,
      start,
      startStress1: Float64Array.from(this.startStress1),
      classical: this.classical,
      benchmark,
      finished: this.done,
      warnings,
    };
  }

  private progress(): MdsProgress {
    const runs = this.shownPhase === 'fit' ? this.fits : this.benchRuns;
    const finishedRuns = this.startStress1.length + this.benchStress1.length;
    const e = this.engine;
    return {
      phase: this.shownPhase,
      run: this.shownRun,
      runs,
      iteration: e.iteration,
      stress: e.normalisedStress,
      stress1: e.stress1,
      progress: finishedRuns / (this.fits + this.benchRuns),
      done: this.done,
    };
  }

  private begin(): void {
    const { pairs, dims } = this;
    let start: Float64Array;
    if (this.phase === 'fit') {
      if (this.run === 0) {
        if (this.init) start = this.init;
        else {
          this.classical = classicalFromPairs(pairs, { dims, impute: this.impute, seed: this.seed, tolerance: 1e-8 });
          for (const w of this.classical.warnings) if (!this.warnings.includes(w)) this.warnings.push(w);
          start = this.classical.coords;
        }
      } else {
        const r = rng(mixSeed(this.seed, this.run));
        start = new Float64Array(pairs.n * dims);
        for (let t = 0; t < start.length; t++) start[t] = 2 * r() - 1;
      }
    } else {
      const permuted = permuteKnown(pairs, mixSeed(this.seed, -1 - this.run));
      this.engine.load(permuted.delta);
      start = classicalFromPairs(permuted, { dims, impute: this.impute, seed: this.seed, tolerance: 1e-6, findNegative: false }).coords;
    }
    this.engine.start(start);
    this.active = true;
    this.shownPhase = this.phase;
    this.shownRun = this.run;
  }

  private end(): void {
    this.active = false;
    if (this.phase === 'fit') {
      const s1 = this.engine.stress1;
      this.startStress1.push(s1);
      if (!this.best || s1 < this.best.stress1) {
        this.best = this.engine.result(this.shepard);
        this.bestStart = this.run;
      }
      this.run++;
      if (this.run >= this.fits) {
        if (this.benchRuns > 0) {
          this.phase = 'benchmark';
          this.run = 0;
        } else this.done = true;
      }
    } else {
      this.benchStress1.push(this.engine.stress1);
      this.run++;
      if (this.run >= this.benchRuns) {
        this.done = true;
        this.engine.load(this.pairs.delta);
      }
    }
  }
}

/**
 * A seed per run, so that runs of one seed and of neighbouring seeds do not share random streams
 * (seed + run would make seed 2's starts seed 1's starts shifted by one). Constants: the 32-bit
 * golden-ratio and murmur3 multipliers.
 */
function mixSeed(seed: number, run: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(run + 0x27d4eb2f, 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) >>> 0;
}

/** The pairs with their known dissimilarities shuffled among the fitted pairs (Fisher-Yates, seeded). */
export function permuteKnown(pairs: PairSet, seed: number): PairSet {
  const r = rng(seed);
  const idx: number[] = [];
  for (let k = 0; k < pairs.m; k++) if (pairs.w[k] > 0) idx.push(k);
  const delta = pairs.delta.slice();
  for (let t = idx.length - 1; t > 0; t--) {
    const u = Math.floor(r() * (t + 1));
    const a = idx[t];
    const b = idx[u];
    const tmp = delta[a];
    delta[a] = delta[b];
    delta[b] = tmp;
  }
  return { ...pairs, delta, warnings: [] };
}
