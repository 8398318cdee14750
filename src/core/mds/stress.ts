/**
 * Stress of a given configuration (e.g. the classical solution) against dissimilarities, with the
 * disparities fitted once to its distances by the chosen transformation. Same definitions as
 * engine.ts: rawStress and normalisedStress with disparities normalised to sum w dhat^2 = sum w
 * and the configuration scaled optimally to them; stress1 = Kruskal's stress-1 (scale-free).
 */
import { packSymmetric } from './dissimilarities.ts';
import { SmacofEngine } from './engine.ts';
import type { RunResult } from './engine.ts';
import type { Transformation } from './types.ts';

export interface StressOptions {
  /** Dimensions of `coords`. Default 2. */
  dims?: number;
  /** Transformation used to fit the disparities. Default `'ratio'`. */
  type?: Transformation;
  /** n x n weights; 0 = pair not counted. Default 1. */
  weights?: Float64Array;
}

/** Stress figures, point stress, Shepard data and disparity map of `coords` (n x dims) for `delta` (n x n). */
export function evaluateStress(delta: Float64Array, coords: Float64Array, options: StressOptions = {}): RunResult {
  const { dims = 2, type = 'ratio', weights } = options;
  const pairs = packSymmetric(delta, { weights });
  const engine = new SmacofEngine(pairs, { dims, type, tolerance: 0, maxIterations: 0 });
  engine.start(coords);
  engine.fitDisparities();
  return engine.result(true);
}
