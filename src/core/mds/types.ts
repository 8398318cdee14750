/**
 * Shared shapes of the MDS engine. Matrices are row-major `Float64Array`s, so that they can be
 * transferred to and from a worker without copying: an n x n dissimilarity matrix holds
 * `delta[i * n + j]`, an n x p configuration holds point i's coordinate c at `coords[i * p + c]`.
 */

/**
 * How dissimilarities become disparities (the distances the map tries to reproduce).
 * - `'ratio'`: dhat = b * delta (b > 0);
 * - `'interval'`: dhat = a + b * delta, b >= 0 and dhat >= 0 (see transform.ts);
 * - `'ordinal'`: dhat is any non-decreasing function of delta (primary approach to ties).
 */
export type Transformation = 'ratio' | 'interval' | 'ordinal';

/**
 * The fitted map from a dissimilarity to a disparity, in the configuration's unit, so that new
 * points can be placed on an existing map (outOfSample.ts).
 * - `linear`: dhat = intercept + slope * delta;
 * - `monotone`: piecewise linear through the knots (`delta` ascending, `dhat` non-decreasing),
 *   constant beyond the end knots.
 */
export type Disparity =
  | { kind: 'linear'; intercept: number; slope: number }
  | { kind: 'monotone'; delta: Float64Array; dhat: Float64Array };

/** One point of a Shepard diagram: a fitted pair. Parallel arrays, one entry per pair with weight > 0. */
export interface ShepardData {
  /** First point of the pair (i < j). */
  i: Uint32Array;
  /** Second point of the pair. */
  j: Uint32Array;
  /** Observed dissimilarity (after symmetrising). */
  delta: Float64Array;
  /** Disparity (transformed dissimilarity), in the configuration's unit. */
  dhat: Float64Array;
  /** Distance in the fitted configuration. */
  distance: Float64Array;
}

/** Where a map fit stands, for a progress bar: Guttman transforms done and Kruskal's stress-1 of the run under way. */
export interface FitProgress {
  iteration: number;
  stress1: number;
}

/** Progress of a stepping run, as a worker would post it. */
export interface MdsProgress {
  /** `'fit'` for the starts of the real data, `'benchmark'` for the random-data fits. */
  phase: 'fit' | 'benchmark';
  /** Index of the start (fit: 0 = classical or given start, 1.. = random starts) or benchmark run. */
  run: number;
  /** Number of runs in this phase. */
  runs: number;
  /** Guttman transforms done in the current run. */
  iteration: number;
  /** Normalised stress (raw stress / sum w dhat^2) of the current run. */
  stress: number;
  /** Kruskal's stress-1 of the current run (see SmacofResult.stress1). */
  stress1: number;
  /** Overall progress in [0, 1], by runs finished (each run's share is counted when it ends). */
  progress: number;
  /** True when every run has ended; result() is final. */
  done: boolean;
}

/** The stepping interface shared by smacof, anchored SMACOF and unfolding. */
export interface MdsStepper<R> {
  /** Run up to `k` more iterations (default 1) and report where the run stands. */
  step(k?: number): MdsProgress;
  /** True when every run has ended. */
  readonly done: boolean;
  /**
   * The best result so far (the final one once `done`). Throws if no run has finished yet and
   * none is under way.
   */
  result(): R;
}
