/**
 * METHOD.md, Identify and Measure 4: share of value
 * `SoV_if = exp(beta V_if) / sum_(g in K_i) exp(beta V_ig)` for f in K_i, else 0, and the
 * calibration of `beta` against observed share of wallet. exp is exactMath's, not Math.exp, so that
 * the page (Chromium) and the CLI (Node) give the same bits (it costs: measuring 200,000 respondents
 * took 2.8-3.1 s against 1.5-1.7 s with Math.exp, mostly in the calibration's repeated passes).
 */
import { exp } from '../exactMath.ts';

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
  const start: number[] = [0];
  const v: number[] = [];
  const o: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!included[i]) continue;
    let total = 0,
      filled = false;
    for (let f = 0; f < F; f++) {
      const s = sow[i * F + f];
      if (s === s) {
        filled = true;
        total += s;
      }
    }
    if (!filled || !(total > 0)) continue;
    let k = 0;
    let max = -Infinity;
    for (let f = 0; f < F; f++) if (considered[i * F + f] && value[i * F + f] > max) max = value[i * F + f];
    for (let f = 0; f < F; f++) {
      if (!considered[i * F + f]) continue;
      const s = sow[i * F + f];
      v.push(value[i * F + f] - max);
      o.push(s === s ? s / total : 0);
      k++;
    }
    if (k > 0) start.push(v.length);
  }
  return { start: Int32Array.from(start), value: Float64Array.from(v), observed: Float64Array.from(o) };
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
 * Least-squares beta on [lo, hi] (METHOD.md: [0, 50], to |delta beta| <= 1e-6): a grid scan
 * every 1 finds the basin of the global minimum, then golden-section search refines inside
 * the two neighbouring grid cells to 1e-7. Returns null without any pair to fit.
 */
export function calibrateBeta(p: WalletPairs, lo: number, hi: number, onProgress?: (fraction: number) => void): BetaFit | null {
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
    if (onProgress && k % 20 === 0) onProgress((k / steps) * 0.8);
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
  // The ends of the interval are candidates too (the minimum may sit on a bound).
  for (const b of [lo, hi]) if (walletSse(p, b) < walletSse(p, beta)) beta = b;
  onProgress?.(1);
  return { beta, ...fitStats(p, beta) };
}

/** R^2 and MAE of share of value at `beta` against observed shares. */
export function fitStats(p: WalletPairs, beta: number): Omit<BetaFit, 'beta'> {
  const pairs = p.value.length;
  let mean = 0;
  for (let j = 0; j < pairs; j++) mean += p.observed[j];
  mean /= pairs;
  let sst = 0,
    abs = 0;
  for (let j = 0; j < pairs; j++) sst += (p.observed[j] - mean) ** 2;
  const sse = walletSse(p, beta);
  for (let r = 0; r + 1 < p.start.length; r++) {
    const a = p.start[r],
      b = p.start[r + 1];
    let sum = 0;
    for (let j = a; j < b; j++) sum += exp(beta * p.value[j]);
    for (let j = a; j < b; j++) abs += Math.abs(exp(beta * p.value[j]) / sum - p.observed[j]);
  }
  return { r2: sst > 0 ? 1 - sse / sst : NaN, mae: abs / pairs, respondents: p.start.length - 1, pairs };
}
