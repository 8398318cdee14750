/**
 * Unfolding: rectangular dissimilarities between two sets of points (rows, e.g. segments or
 * respondents, and columns, e.g. firms) fitted in one space on the between-set pairs only
 * (within-set weights 0). It is weighted SMACOF on the (rows + cols) point set with a block
 * weight matrix (Borg & Groenen, Modern MDS, 2nd ed., ch. 14-15; R smacof smacofRect()).
 * Start: classical MDS on the full matrix with the within-set blocks imputed by the midpoint of
 * their triangle-inequality bounds through the other set (torgerson.ts, impute 'triangle').
 *
 * Interval and ordinal unfolding can degenerate (disparities collapse to a constant, one set
 * gathers in a point and the other rings it; Busing, Groenen & Heiser 2005, Psychometrika 70):
 * the result warns when the disparities have lost most of the spread of the dissimilarities.
 * Ratio unfolding does not degenerate that way.
 */
import { packSymmetric } from './dissimilarities.ts';
import { createSmacofFromPairs } from './smacof.ts';
import type { SmacofOptions, SmacofResult } from './smacof.ts';
import type { MdsProgress, MdsStepper } from './types.ts';

export interface UnfoldOptions extends Omit<SmacofOptions, 'weights' | 'impute'> {
  /** rows x cols non-negative weights (row-major); default 1. NaN dissimilarities get weight 0. */
  weights?: Float64Array;
}

/** A SmacofResult over the rows + cols points (rows first), plus each set's coordinates. */
export interface UnfoldResult extends SmacofResult {
  rows: number;
  cols: number;
  /** rows x dims */
  rowCoords: Float64Array;
  /** cols x dims */
  colCoords: Float64Array;
}

/**
 * Start a stepping unfolding of the rows x cols dissimilarities `delta` (row-major; NaN = missing).
 * Throws on negative or infinite values (naming row and column), constant input, or when the known
 * pairs do not connect all points.
 */
export function createUnfolding(delta: Float64Array, rows: number, options: UnfoldOptions = {}): MdsStepper<UnfoldResult> {
  if (!(Number.isInteger(rows) && rows >= 1)) throw new Error(`rows must be a positive integer; got ${rows}`);
  const cols = delta.length / rows;
  if (!(Number.isInteger(cols) && cols >= 1)) throw new Error(`delta must hold rows x cols values; ${delta.length} is not a multiple of rows = ${rows}`);
  const n = rows + cols;
  if (n < 3) throw new Error(`unfolding needs at least 3 points (rows + columns); got ${n}`);
  const { weights } = options;
  if (weights && weights.length !== delta.length) throw new Error(`weights must be rows x cols (${delta.length} values); got ${weights.length}`);
  const full = new Float64Array(n * n).fill(NaN);
  const w = new Float64Array(n * n);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = delta[i * cols + j];
      if (v < 0 || v === Infinity || v === -Infinity) {
        throw new Error(`dissimilarity at row ${i}, column ${j} (0-based) is ${v}; it must be >= 0, or NaN for missing`);
      }
      const wij = weights ? weights[i * cols + j] : 1;
      const a = i;
      const b = rows + j;
      full[a * n + b] = full[b * n + a] = v;
      w[a * n + b] = w[b * n + a] = wij;
    }
  }
  for (let i = 0; i < n; i++) full[i * n + i] = 0;
  const pairs = packSymmetric(full, { weights: w, minPoints: 3 });
  const inner = createSmacofFromPairs(pairs, { ...options, weights: undefined, impute: 'triangle' });
  const finish = (r: SmacofResult): UnfoldResult => {
    const p = r.dims;
    const warnings = [...r.warnings];
    if (r.type !== 'ratio') {
      const cvH = cv(r.shepard.dhat);
      const cvD = cv(r.shepard.delta);
      if (r.shepard.dhat.length > 0 && cvH < 0.2 * cvD) {
        warnings.push(
          `the disparities have collapsed towards a constant (coefficient of variation ${cvH.toFixed(3)} against ` +
            `${cvD.toFixed(3)} for the dissimilarities): a degenerate ${r.type} unfolding; use type 'ratio'`,
        );
      }
    }
    return {
      ...r,
      warnings,
      rows,
      cols,
      rowCoords: r.coords.slice(0, rows * p),
      colCoords: r.coords.slice(rows * p),
    };
  };
  return {
    get done() {
      return inner.done;
    },
    step(k?: number): MdsProgress {
      return inner.step(k);
    },
    result: () => finish(inner.result()),
  };
}

/** Run an unfolding to the end (see createUnfolding). */
export function unfold(delta: Float64Array, rows: number, options: UnfoldOptions = {}): UnfoldResult {
  const s = createUnfolding(delta, rows, options);
  while (!s.done) s.step(1000);
  return s.result();
}

function cv(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return mean > 0 ? Math.sqrt(ss / v.length) / mean : 0;
}
