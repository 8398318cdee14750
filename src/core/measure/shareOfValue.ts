/**
 * METHOD.md, Identify and Measure 4: share of value
 * `SoV_if = exp(beta V_if) / sum_(g in K_i) exp(beta V_ig)` for f in K_i, else 0, and the
 * calibration of `beta` against observed share of wallet. exp is exactMath's, not Math.exp, so that
 * the page (Chromium) and the CLI (Node) give the same bits (it costs: measuring 200,000 respondents
 * took 2.8-3.1 s against 1.5-1.7 s with Math.exp, mostly in the calibration's repeated passes).
 */
import { exp } from '../exactMath.ts';
import type { Issue } from '../issues.ts';

/** Share of value for every respondent and firm; rows with an empty consideration set stay all 0. */
export function shareOfValue(value: Float64Array, considered: Uint8Array, F: number, beta: number): Float64Array {
  const n = value.length / F;
  const out = new Float64Array(n * F);
  for (let i = 0; i < n; i++) {
    const o = i * F;
    // Subtract the largest value first so exp never overflows, whatever beta.
    let max = -Infinity;
    for (let f = 0; f < F; f++) if (considered[o + f] && value[o + f] > max) max = value[o + f];
    if (max === -Infinity) continue;
    let sum = 0;
    for (let f = 0; f < F; f++) {
      if (!considered[o + f]) continue;
      const e = exp(beta * (value[o + f] - max));
      out[o + f] = e;
      sum += e;
    }
    for (let f = 0; f < F; f++) out[o + f] /= sum;
  }
  return out;
}

/** Respondent-firm pairs of the beta fit, packed: value offsets per respondent and observed shares. */
export interface WalletPairs {
  /** Start of each respondent's pairs in `value`/`observed`; length respondents + 1. */
  start: Int32Array;
  /**
   * Value minus the respondent's largest considered value (so <= 0): share of value does not
   * change when a respondent's values shift together, and exp never overflows.
   */
  value: Float64Array;
  observed: Float64Array;
}

/**
 * The pairs METHOD.md fits beta on: respondents with wallet data (a filled `sow:` cell and a
 * total above 0), firms in `K_i`; `sow_if` normalised over every firm the respondent named, 0
 * for a considered firm not named; wallet given to firms outside `K_i` is left out of the fit.
 */
export function walletPairs(value: Float64Array, considered: Uint8Array, sow: Float64Array, included: Uint8Array, F: number): WalletPairs {
  const n = included.length;
  // Two passes, counting then filling typed arrays: at a million respondents (3.3 million pairs)
  // growing plain arrays with push took 2.2 s and twice the memory; this takes about 0.1 s.
  const fits = new Uint8Array(n);
  let respondents = 0,
    pairs = 0;
  for (let i = 0; i < n; i++) {
    if (!included[i]) continue;
    let total = 0,
      filled = false,
      k = 0;
    for (let f = 0; f < F; f++) {
      const s = sow[i * F + f];
      if (s === s) {
        filled = true;
        total += s;
      }
      if (considered[i * F + f]) k++;
    }
    if (!filled || !(total > 0) || k === 0) continue;
    fits[i] = 1;
    respondents++;
    pairs += k;
  }
  const start = new Int32Array(respondents + 1);
  const v = new Float64Array(pairs);
  const o = new Float64Array(pairs);
  let r = 0,
    j = 0;
  for (let i = 0; i < n; i++) {
    if (!fits[i]) continue;
    let total = 0;
    let max = -Infinity;
    for (let f = 0; f < F; f++) {
      const s = sow[i * F + f];
      if (s === s) total += s;
      if (considered[i * F + f] && value[i * F + f] > max) max = value[i * F + f];
    }
    for (let f = 0; f < F; f++) {
      if (!considered[i * F + f]) continue;
      const s = sow[i * F + f];
      v[j] = value[i * F + f] - max;
      o[j] = s === s ? s / total : 0;
      j++;
    }
    start[++r] = j;
  }
  return { start, value: v, observed: o };
}

/** Sum of squared differences between share of value at `beta` and observed shares. */
export function walletSse(p: WalletPairs, beta: number): number {
  let sse = 0;
  const e = scratch(p.value.length);
  const { start, value, observed } = p;
  for (let r = 0; r + 1 < start.length; r++) {
    const a = start[r],
      b = start[r + 1];
    if (b - a === 1) {
      // A single considered firm holds all the value, whatever beta.
      sse += (1 - observed[a]) ** 2;
      continue;
    }
    let sum = 0;
    for (let j = a; j < b; j++) sum += e[j] = exp(beta * value[j]);
    const inv = 1 / sum;
    for (let j = a; j < b; j++) {
      const d = e[j] * inv - observed[j];
      sse += d * d;
    }
  }
  return sse;
}

// One reusable buffer for the exponentials: the calibration calls walletSse a few hundred times.
let buffer = new Float64Array(0);
function scratch(n: number): Float64Array {
  if (buffer.length < n) buffer = new Float64Array(n);
  return buffer;
}

export interface BetaFit {
  beta: number;
  /** 1 - SSE/SST over the fitted pairs, SST about their mean observed share. */
  r2: number;
  /** Mean absolute difference between share of value and observed share. */
  mae: number;
  /** Respondents and pairs in the fit. */
  respondents: number;
  pairs: number;
}

/**
 * Grid step of the global scan. SSE(beta) is a smooth sum of logistic terms, so a basin narrower
 * than two steps would need wallet data whose best fit flips between share patterns within 2 units of beta;
 * the refinement below then finds the minimum inside the best cell's neighbours.
 */
const GRID_STEP = 1;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
/**
 * The grid is scanned on at most this many respondents: every m-th respondent in file order, a
 * systematic sample, so it is spread over the file as the data are (waves, regions, batches of
 * an export). The grid only has to find the basin; the minimum itself is found on every respondent.
 */
export const GRID_SAMPLE = 10_000;
/**
 * Basins the sample's grid finds within this relative SSE of its best are all refined on the full
 * data, so a sample that ranks two near-equal basins the wrong way round cannot pick the wrong one.
 */
const CANDIDATE_MARGIN = 0.05;
const MAX_CANDIDATES = 3;

/** SSE(beta) with its first and second derivatives, in one pass over the pairs (one exp per pair). */
export function walletSseDerivatives(p: WalletPairs, beta: number): { sse: number; d1: number; d2: number } {
  let sse = 0,
    d1 = 0,
    d2 = 0;
  const e = scratch(p.value.length);
  const { start, value, observed } = p;
  for (let r = 0; r + 1 < start.length; r++) {
    const a = start[r],
      b = start[r + 1];
    if (b - a === 1) {
      sse += (1 - observed[a]) ** 2;
      continue;
    }
    let sum = 0;
    for (let j = a; j < b; j++) sum += e[j] = exp(beta * value[j]);
    const inv = 1 / sum;
    // s_j = e_j / sum; ds_j = s_j (v_j - vbar); d2s_j = s_j ((v_j - vbar)^2 - var), vbar and var under s.
    let vbar = 0;
    for (let j = a; j < b; j++) vbar += e[j] * inv * value[j];
    let variance = 0;
    for (let j = a; j < b; j++) variance += e[j] * inv * (value[j] - vbar) ** 2;
    for (let j = a; j < b; j++) {
      const sj = e[j] * inv;
      const dv = value[j] - vbar;
      const ds = sj * dv;
      const d2s = sj * (dv * dv - variance);
      const res = sj - observed[j];
      sse += res * res;
      d1 += 2 * res * ds;
      d2 += 2 * (ds * ds + res * d2s);
    }
  }
  return { sse, d1, d2 };
}

/** Every m-th respondent's pairs, or `p` itself when it has at most `size` respondents. */
function systematicSample(p: WalletPairs, size: number): WalletPairs {
  const R = p.start.length - 1;
  if (R <= size) return p;
  const m = Math.ceil(R / size);
  const taken = Math.ceil(R / m);
  const start = new Int32Array(taken + 1);
  let pairs = 0;
  for (let r = 0, t = 0; r < R; r += m) start[++t] = pairs += p.start[r + 1] - p.start[r];
  const value = new Float64Array(pairs);
  const observed = new Float64Array(pairs);
  for (let r = 0, t = 0; r < R; r += m, t++) {
    value.set(p.value.subarray(p.start[r], p.start[r + 1]), start[t]);
    observed.set(p.observed.subarray(p.start[r], p.start[r + 1]), start[t]);
  }
  return { start, value, observed };
}

/**
 * The minimum of SSE inside [a, c] from x: safeguarded Newton on SSE' = 0 (a Newton step where
 * SSE'' > 0 and the step stays inside the bracket the derivative's sign keeps, else bisection),
 * to a step of 1e-8. Quadratic near the minimum, so a handful of passes over the data.
 */
function newtonMinimum(p: WalletPairs, a: number, c: number, x: number): { beta: number; sse: number; passes: number } {
  let passes = 0;
  // A step out of the bracket tries the bracket's end once before bisecting: when the minimum is on
  // that end (a bound of beta's range), one pass lands on it exactly instead of bisecting to 1e-8.
  let aTried = false,
    cTried = false;
  for (let it = 0; it < 100; it++) {
    const { sse, d1, d2 } = walletSseDerivatives(p, x);
    passes++;
    if (d1 > 0) {
      c = x;
      cTried = true;
    } else if (d1 < 0) {
      a = x;
      aTried = true;
    } else return { beta: x, sse, passes };
    let next = d2 > 0 ? x - d1 / d2 : NaN;
    if (next <= a && !aTried && d1 > 0) next = a;
    else if (next >= c && !cTried && d1 < 0) next = c;
    else if (!(next > a && next < c)) next = (a + c) / 2;
    if (Math.abs(next - x) <= 1e-8 || c - a <= 1e-8) {
      const r = walletSseDerivatives(p, next);
      passes++;
      return r.sse <= sse ? { beta: next, sse: r.sse, passes } : { beta: x, sse, passes };
    }
    x = next;
  }
  return { beta: x, sse: walletSse(p, x), passes: passes + 1 };
}

/**
 * Least-squares beta on [lo, hi] (METHOD.md: [0, 50], to |delta beta| <= 1e-6): a grid scan every
 * 1 on a systematic sample of at most GRID_SAMPLE respondents finds the basins, then each basin
 * within CANDIDATE_MARGIN of the best is refined on every respondent by safeguarded Newton steps
 * with the analytic derivatives (one pass each), inside the two grid cells around it. A bound is a
 * basin like any grid point (the scan sees the ends), so a minimum on a bound is found the same way.
 * About 10 passes over the data in all at 200,000 respondents, where a full grid and golden-section
 * refinement took about 90. Returns null without any pair to fit.
 */
export function calibrateBeta(p: WalletPairs, lo: number, hi: number, onProgress?: (fraction: number) => void): BetaFit | null {
  const pairs = p.value.length;
  if (pairs === 0) return null;
  const sample = systematicSample(p, GRID_SAMPLE);
  const steps = Math.round((hi - lo) / GRID_STEP);
  const grid = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) {
    grid[k] = walletSse(sample, lo + k * GRID_STEP);
    if (onProgress && k % 10 === 0) onProgress((k / steps) * 0.3);
  }
  let bestSse = Infinity;
  for (let k = 0; k <= steps; k++) bestSse = Math.min(bestSse, grid[k]);
  // Local minima of the grid (a plateau counts once, at its first point), best first.
  const basins: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const left = k === 0 ? Infinity : grid[k - 1];
    const right = k === steps ? Infinity : grid[k + 1];
    if (grid[k] < left && grid[k] <= right) basins.push(k);
  }
  basins.sort((x, y) => grid[x] - grid[y]);
  const keep = basins.filter((k, i) => i === 0 || (sample !== p && grid[k] <= bestSse * (1 + CANDIDATE_MARGIN))).slice(0, MAX_CANDIDATES);
  let beta = lo,
    best = Infinity;
  keep.forEach((k, i) => {
    const x = lo + k * GRID_STEP;
    const a = Math.max(lo, x - GRID_STEP),
      c = Math.min(hi, x + GRID_STEP);
    // The sample's own minimum in the cell is a close start on every respondent: from there Newton's
    // quadratic convergence needs about 3 passes over all pairs instead of 6 to 8 from the grid point.
    const from = sample === p ? x : newtonMinimum(sample, a, c, x).beta;
    const r = newtonMinimum(p, a, c, from);
    if (r.sse < best) {
      best = r.sse;
      beta = r.beta;
    }
    onProgress?.(0.3 + (0.6 * (i + 1)) / keep.length);
  });
  onProgress?.(1);
  return { beta, ...fitStats(p, beta) };
}

/**
 * The former calibration, kept as the reference the tests and the bench compare with: the grid
 * on every respondent, then golden-section search to 1e-7 inside the best cell's neighbours.
 */
export function calibrateBetaByScan(p: WalletPairs, lo: number, hi: number): BetaFit | null {
  const pairs = p.value.length;
  if (pairs === 0) return null;
  const steps = Math.round((hi - lo) / GRID_STEP);
  let best = 0,
    bestSse = Infinity;
  for (let k = 0; k <= steps; k++) {
    const b = lo + k * GRID_STEP;
    const sse = walletSse(p, b);
    if (sse < bestSse) {
      bestSse = sse;
      best = b;
    }
  }
  let a = Math.max(lo, best - GRID_STEP),
    c = Math.min(hi, best + GRID_STEP);
  let x1 = c - GOLDEN * (c - a),
    x2 = a + GOLDEN * (c - a);
  let f1 = walletSse(p, x1),
    f2 = walletSse(p, x2);
  while (c - a > 1e-7) {
    if (f1 <= f2) {
      c = x2;
      x2 = x1;
      f2 = f1;
      x1 = c - GOLDEN * (c - a);
      f1 = walletSse(p, x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + GOLDEN * (c - a);
      f2 = walletSse(p, x2);
    }
  }
  let beta = (a + c) / 2;
  for (const b of [lo, hi]) if (walletSse(p, b) < walletSse(p, beta)) beta = b;
  return { beta, ...fitStats(p, beta) };
}

/** R^2 and MAE of share of value at `beta` against observed shares (one pass of exps). */
export function fitStats(p: WalletPairs, beta: number): Omit<BetaFit, 'beta'> {
  const pairs = p.value.length;
  let mean = 0;
  for (let j = 0; j < pairs; j++) mean += p.observed[j];
  mean /= pairs;
  let sst = 0,
    sse = 0,
    abs = 0;
  for (let j = 0; j < pairs; j++) sst += (p.observed[j] - mean) ** 2;
  const e = scratch(pairs);
  for (let r = 0; r + 1 < p.start.length; r++) {
    const a = p.start[r],
      b = p.start[r + 1];
    let sum = 0;
    for (let j = a; j < b; j++) sum += e[j] = b - a === 1 ? 1 : exp(beta * p.value[j]);
    for (let j = a; j < b; j++) {
      const d = e[j] / sum - p.observed[j];
      sse += d * d;
      abs += Math.abs(d);
    }
  }
  return { r2: sst > 0 ? 1 - sse / sst : NaN, mae: abs / pairs, respondents: p.start.length - 1, pairs };
}

/** Distance from a bound within which a calibrated beta counts as on it (the calibration's own precision). */
const EDGE_TOLERANCE = 1e-6;

/**
 * What makes a calibrated beta not a calibration (issue 12 item 11), or null when it is one:
 * `negativeR2` when share of value fits the observed shares worse than their mean does, and
 * `edge` when the least-squares minimum is on a bound of [lo, hi]: at lo (0) value does not
 * explain share of wallet at all; at hi the fit wants more sensitivity than the range allows.
 */
export function flatBetaFit(fit: BetaFit, lo: number, hi: number): { negativeR2: boolean; edge: 'lower' | 'upper' | null } | null {
  const negativeR2 = fit.r2 < 0;
  const edge = fit.beta - lo <= EDGE_TOLERANCE ? 'lower' : hi - fit.beta <= EDGE_TOLERANCE ? 'upper' : null;
  return negativeR2 || edge ? { negativeR2, edge } : null;
}

/** The measurement's warning for a flat fit (flatBetaFit), naming beta, R^2, the bound and the fix; none when the fit is sound. */
export function flatBetaFitIssues(fit: BetaFit | null, lo: number, hi: number, file: string): Issue[] {
  const flat = fit && flatBetaFit(fit, lo, hi);
  if (!fit || !flat) return [];
  const why = [
    flat.negativeR2 ? `R² is ${fit.r2.toFixed(3)}, below 0: share of value fits the observed shares of wallet worse than their average does` : '',
    flat.edge === 'lower' ? `the best beta is ${lo}, the lower end of the range: value does not explain share of wallet` : '',
    flat.edge === 'upper' ? `the best beta is ${hi}, the upper end of the range: the fit wants a larger value sensitivity than the range allows` : '',
  ].filter(Boolean);
  return [
    {
      severity: 'warning',
      code: 'beta-fit-flat',
      file,
      value: fit.beta.toFixed(3),
      message: `beta is not calibrated by the data, the fit is flat (${why.join('; ')})`,
      fix: 'check the share-of-wallet (sow:) columns and the familiarity answers, or fix beta in the Measure view (icrm: --beta)',
      params: { r2: fit.r2.toFixed(3) },
    },
  ];
}
