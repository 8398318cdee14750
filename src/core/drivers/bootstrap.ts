/**
 * Percentile bootstrap of driver shares (METHOD.md, Improve): respondents are resampled with
 * replacement within each stratum (segment), so every replicate keeps each stratum's number of
 * respondents; a respondent drawn c times counts c times with all of its rows (the pooled model has one
 * row per firm). Seeded. Percentiles by linear interpolation between order statistics (R's
 * `quantile(type = 7)`, Hyndman & Fan 1996).
 */
import { rng, type Rng } from '../random.ts';
import { rowCorrelations, type ImportanceResult } from './relativeWeights.ts';

/** Complete rows of one driver model. */
export interface ModelRows {
  /** Number of predictors. */
  p: number;
  /** R x P row-major predictor values. */
  x: Float64Array;
  y: Float64Array;
  /** Survey weight of each row. */
  w: Float64Array;
  /** Respondent (cluster) of each row, 0 .. clusters - 1. */
  cluster: Int32Array;
  /** Stratum of each cluster. */
  stratum: Int32Array;
}

export interface BootstrapOptions {
  /** Replicates; default 200. */
  replicates?: number;
  /** Seed of the resampling; default 1. */
  seed?: number;
  /** Lower and upper percentiles in [0, 1]; default 0.025 and 0.975. */
  levels?: [number, number];
}

export interface BootstrapShares {
  low: Float64Array;
  high: Float64Array;
  /** Replicates that gave a model (a replicate that draws a constant need has none). */
  used: number;
}

/** Percentile `p` in [0, 1] of `sorted` (ascending) by linear interpolation, R type 7; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Clusters grouped by stratum, strata in ascending order. */
export function strata(stratum: Int32Array): number[][] {
  const by = new Map<number, number[]>();
  for (let c = 0; c < stratum.length; c++) {
    const list = by.get(stratum[c]);
    if (list) list.push(c);
    else by.set(stratum[c], [c]);
  }
  return [...by.keys()].sort((a, b) => a - b).map((k) => by.get(k)!);
}

/** One stratified resample: `counts[c]` = times cluster c is drawn; each stratum draws as many as it holds. */
export function stratifiedDraw(groups: number[][], r: Rng, counts: Float64Array): void {
  counts.fill(0);
  for (const g of groups) for (let k = 0; k < g.length; k++) counts[g[Math.floor(r() * g.length)]]++;
}

/** Percentile intervals of the share of each predictor under `fit`, over bootstrap replicates of `rows`. */
export function bootstrapShares(rows: ModelRows, fit: (rxx: Float64Array, rxy: Float64Array) => ImportanceResult, options: BootstrapOptions = {}): BootstrapShares {
  const { replicates = 200, seed = 1, levels = [0.025, 0.975] } = options;
  const P = rows.p;
  const groups = strata(rows.stratum);
  const r = rng(seed);
  const counts = new Float64Array(rows.stratum.length);
  const w = new Float64Array(rows.y.length);
  const shares: Float64Array[] = Array.from({ length: P }, () => new Float64Array(replicates));
  let used = 0;
  for (let b = 0; b < replicates; b++) {
    stratifiedDraw(groups, r, counts);
    for (let i = 0; i < w.length; i++) w[i] = rows.w[i] * counts[rows.cluster[i]];
    const c = rowCorrelations(rows.x, rows.y, w, P);
    const f = fit(c.rxx, c.rxy);
    if (!f.ok) continue;
    for (let j = 0; j < P; j++) shares[j][used] = f.share[j];
    used++;
  }
  const low = new Float64Array(P);
  const high = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    const s = shares[j].subarray(0, used).sort();
    low[j] = percentile(s, levels[0]);
    high[j] = percentile(s, levels[1]);
  }
  return { low, high, used };
}
