import type { Survey } from '../survey.ts';

/**
 * METHOD.md, Identify and Measure 1: respondent i's importance weights `a_in = imp_in / sum_n imp_in`
 * (equal weights when every answer is 0), written to `out[at .. at + N)`. The one place the rule is
 * coded: value, segment formation, need directions and importance sub-groups all call it.
 */
export function importanceWeights(imp: Float64Array, N: number, i: number, out: Float64Array, at: number): void {
  let sum = 0;
  for (let k = 0; k < N; k++) sum += imp[i * N + k];
  for (let k = 0; k < N; k++) out[at + k] = sum > 0 ? imp[i * N + k] / sum : 1 / N;
}

/** Tolerance of METHOD.md's "under half the importance" rule. */
const HALF_TOLERANCE = 1e-9;

export interface RespondentValues {
  /** 1 when the respondent is measured (importance complete, in the chosen wave). */
  included: Uint8Array;
  /** Perceived value `V_if` in [0, 1], NaN when undefined; `V[i * F + f]`. */
  value: Float64Array;
  /** 1 when firm f is in the consideration set `K_i` (familiar and valued). */
  considered: Uint8Array;
  /** Respondents left out because an importance answer is blank. */
  missingImportance: number;
}

/**
 * METHOD.md, Identify and Measure 1-3: importance weights `a_in = imp_in / sum_n imp_in` (equal
 * weights when all are 0), perceived value `V_if = sum_n a_in perf_ifn / sum_(n rated) a_in`
 * over rated needs (undefined when they carry under half the importance), and the consideration
 * set `K_i` (familiarity >= 0.5 and a defined value).
 * `waveIndex` limits the measurement to one wave (pooled when absent).
 */
export function respondentValues(s: Survey, waveIndex?: number): RespondentValues {
  const { n, needs } = s;
  const F = s.firms.length;
  const N = needs.length;
  const included = new Uint8Array(n);
  const value = new Float64Array(n * F).fill(NaN);
  const considered = new Uint8Array(n * F);
  const a = new Float64Array(N);
  let missingImportance = 0;
  for (let i = 0; i < n; i++) {
    if (waveIndex !== undefined && s.wave && s.wave[i] !== waveIndex) continue;
    let complete = true;
    for (let k = 0; k < N; k++) if (s.imp[i * N + k] !== s.imp[i * N + k]) complete = false;
    if (!complete) {
      missingImportance++;
      continue;
    }
    included[i] = 1;
    importanceWeights(s.imp, N, i, a, 0);
    for (let f = 0; f < F; f++) {
      let num = 0,
        den = 0;
      const base = (i * F + f) * N;
      for (let k = 0; k < N; k++) {
        const p = s.perf[base + k];
        if (p === p) {
          num += a[k] * p;
          den += a[k];
        }
      }
      if (den >= 0.5 - HALF_TOLERANCE && den > 0) {
        value[i * F + f] = num / den;
        if (s.fam[i * F + f] >= 0.5) considered[i * F + f] = 1;
      }
    }
  }
  return { included, value, considered, missingImportance };
}
