/**
 * Key drivers (METHOD.md, Improve): per segment and firm, the importance of each need's performance
 * for the firm's `overall:` rating (or its share of wallet when the survey has no overall rating), by
 * Johnson's relative weights or the Shapley (LMG) decomposition of R^2, from survey-weighted
 * correlations over the respondents who rated the firm on every need and gave the target (listwise).
 * Also the whole market (segment `*`), a pooled model per segment (firm `*`: every firm's rows stacked,
 * respondent x firm), stated importance beside the derived share, seeded stratified bootstrap
 * intervals, and the importance-performance grid.
 */
import type { Survey } from '../survey.ts';
import { bootstrapShares, type ModelRows } from './bootstrap.ts';
import { relativeWeights, rowCorrelations, type ImportanceOptions, type ImportanceResult } from './relativeWeights.ts';
import { SHAPLEY_MAX_NEEDS, shapleyR2 } from './shapley.ts';

export type DriverMethod = 'rw' | 'shapley';
export type DriverTarget = 'overall' | 'sow';
export type Quadrant = 'fix-first' | 'keep' | 'dont-overspend' | 'watch';

/** Label of the whole market as a segment, and of the pooled model as a firm. */
export const ALL = '*';

/** A model needs at least max(MIN_RESPONDENTS, RESPONDENTS_PER_NEED x needs) complete respondents (METHOD.md). */
export const MIN_RESPONDENTS = 30;
export const RESPONDENTS_PER_NEED = 5;
/** Bootstrap replicates of METHOD.md. */
export const DEFAULT_DRIVER_REPLICATES = 200;

export interface DriversOptions {
  /** `overall` (default when the survey has overall ratings) or `sow` (the default otherwise). */
  target?: DriverTarget;
  /** `rw` (Johnson's relative weights, default) or `shapley` (LMG; at most SHAPLEY_MAX_NEEDS needs). */
  method?: DriverMethod;
  /** Bootstrap replicates, 0 for none; default 200. */
  replicates?: number;
  /** Seed of the bootstrap; default 1. */
  seed?: number;
  /** One wave only (its label); pooled when absent. */
  wave?: string | null;
  /** Progress in [0, 1], after each model (a worker posts it, so the page shows the run moving). */
  onProgress?: (fraction: number) => void;
}

export interface DriverNeed {
  need: string;
  /** Raw weight (part of R^2); NaN when the model is not fitted. */
  raw: number;
  /** Raw weight / R^2 x 100. */
  share: number;
  /** 2.5th and 97.5th bootstrap percentiles of the share; NaN without replicates. */
  shareLow: number;
  shareHigh: number;
  /** Weighted mean rescaled stated importance in [0, 1] over the model's respondents. */
  stated: number;
  /** 1 = most important; ties take their mean rank. */
  statedRank: number;
  derivedRank: number;
  /** Stated and derived ranks differ by more than a third of the needs; null when either is undefined. */
  flag: boolean | null;
}

export interface DriverModel {
  /** Segment label, `*` for the whole market. */
  segment: string;
  /** Firm, `*` for the pooled model. */
  firm: string;
  /** `overall:<firm>` or `sow:<firm>`. */
  target: string;
  /** Distinct complete respondents. */
  respondents: number;
  /** Complete rows (respondent x firm for the pooled model; equal to respondents otherwise). */
  rows: number;
  fitted: boolean;
  /** Why the model is not fitted: `too-few` or a NotFitted code of the fit. */
  code: string | null;
  reason: string | null;
  /** The needs at fault when a fit failed on them (constant or collinear needs), for a reason in another language. */
  faultNeeds: string[];
  /** R^2; NaN when not fitted. */
  r2: number;
  needs: DriverNeed[];
  /** Replicates that gave a model. */
  replicatesUsed: number;
  /** The other method's raw weights and shares on the same correlations, when it could be computed. */
  alternative: { method: DriverMethod; raw: Float64Array; share: Float64Array } | null;
}

export interface IpaRow {
  segment: string;
  firm: string;
  need: string;
  /** The other firm with the lowest paired gap (furthest ahead of the firm); null when none is rated beside it. */
  competitor: string | null;
  /** Derived share of the firm's model (percent); NaN when not fitted. */
  share: number;
  /** Mean rescaled performance of the firm minus the competitor's, over respondents who rated both. */
  gap: number;
  quadrant: Quadrant | null;
}

export interface DriversResult {
  target: DriverTarget;
  method: DriverMethod;
  replicates: number;
  seed: number;
  wave: string | null;
  needs: string[];
  /** Complete respondents a model needs: max(30, 5 x needs). */
  minRespondents: number;
  models: DriverModel[];
  ipa: IpaRow[];
}

/**
 * Key drivers of every segment (by `segment`, an index into `segmentLabels` per respondent, -1 = none)
 * and the whole market, for every firm and pooled over firms, with the importance-performance grid.
 * Throws on options the survey cannot honour (no overall ratings, Shapley with more than 15 needs).
 */
export function keyDrivers(s: Survey, segment: Int32Array, segmentLabels: readonly string[], options: DriversOptions = {}): DriversResult {
  const F = s.firms.length;
  const N = s.needs.length;
  const method = options.method ?? 'rw';
  if (method !== 'rw' && method !== 'shapley') throw new Error(`method "${method}" is not known: use rw (relative weights) or shapley`);
  if (method === 'shapley' && N > SHAPLEY_MAX_NEEDS)
    throw new Error(`the Shapley decomposition takes at most ${SHAPLEY_MAX_NEEDS} needs (it fits all 2^needs subsets), and this survey has ${N}: use relative weights (method rw)`);
  const target = options.target ?? (s.overall ? 'overall' : 'sow');
  if (target !== 'overall' && target !== 'sow') throw new Error(`target "${target}" is not known: use overall or sow`);
  if (target === 'overall' && !s.overall) throw new Error('the survey has no overall rating (overall:<firm> columns): use the share of wallet (target sow)');
  if (target === 'sow' && !s.sow) throw new Error('the survey has no share of wallet (sow:<firm> columns): use the overall rating (target overall)');
  const replicates = options.replicates ?? DEFAULT_DRIVER_REPLICATES;
  if (!(Number.isInteger(replicates) && replicates >= 0)) throw new Error(`replicates must be a whole number of 0 or more, got ${replicates}`);
  const seed = options.seed ?? 1;
  if (segment.length !== s.n) throw new Error(`the segment array has ${segment.length} values for ${s.n} respondents`);
  let waveIndex = -1;
  if (options.wave != null) {
    waveIndex = s.waveLabels.indexOf(options.wave);
    if (waveIndex < 0) throw new Error(`wave "${options.wave}" is not in the survey; its waves are ${s.waveLabels.join(', ') || 'none'}`);
  }
  const inWave = (i: number) => waveIndex < 0 || (s.wave !== null && s.wave[i] === waveIndex);
  const y = targetValues(s, target);
  const minRespondents = Math.max(MIN_RESPONDENTS, RESPONDENTS_PER_NEED * N);

  const groups: { label: string; members: number[] }[] = [{ label: ALL, members: [] }, ...segmentLabels.map((label) => ({ label, members: [] as number[] }))];
  for (let i = 0; i < s.n; i++) {
    if (!inWave(i)) continue;
    groups[0].members.push(i);
    const g = segment[i];
    if (g >= 0 && g < segmentLabels.length) groups[g + 1].members.push(i);
  }

  const models: DriverModel[] = [];
  const ipa: IpaRow[] = [];
  const total = groups.length * (F + 1);
  for (const group of groups) {
    const firmModels: DriverModel[] = [];
    for (let f = 0; f <= F; f++) {
      const firms = f < F ? [f] : Array.from({ length: F }, (_, g) => g);
      const firmLabel = f < F ? s.firms[f] : ALL;
      const model = fitModel(s, y, group.members, firms, segment, {
        segment: group.label,
        firm: firmLabel,
        target: `${target}:${firmLabel}`,
        method,
        replicates,
        seed: modelSeed(seed, group.label, firmLabel),
        minRespondents,
      });
      models.push(model);
      options.onProgress?.(models.length / total);
      if (f < F) firmModels.push(model);
    }
    for (let f = 0; f < F; f++) ipa.push(...ipaRows(s, group.members, f, group.label, firmModels[f]));
  }
  return { target, method, replicates, seed, wave: options.wave ?? null, needs: s.needs, minRespondents, models, ipa };
}

/** Target per respondent and firm (`[i * F + f]`, NaN = not given): rescaled overall rating, or share of wallet normalised over the firms named. */
function targetValues(s: Survey, target: DriverTarget): Float64Array {
  const F = s.firms.length;
  if (target === 'overall') return s.overall!;
  const sow = s.sow!;
  const y = new Float64Array(s.n * F).fill(NaN);
  for (let i = 0; i < s.n; i++) {
    let total = 0,
      named = 0;
    for (let f = 0; f < F; f++) {
      const v = sow[i * F + f];
      if (v === v) {
        total += v;
        named++;
      }
    }
    // METHOD.md: wallet data = a filled cell and a total above 0; a blank cell is then a share of 0.
    if (!named || !(total > 0)) continue;
    for (let f = 0; f < F; f++) {
      const v = sow[i * F + f];
      y[i * F + f] = v === v ? v / total : 0;
    }
  }
  return y;
}

/**
 * Each model draws from its own seed (the run's seed mixed with the model's labels by FNV-1a), so a
 * model's interval does not change when other models are added or left out (another wave, a new segment).
 */
function modelSeed(seed: number, segment: string, firm: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of `${segment}\u0000${firm}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface ModelSpec {
  segment: string;
  firm: string;
  target: string;
  method: DriverMethod;
  replicates: number;
  seed: number;
  minRespondents: number;
}

function fitModel(s: Survey, y: Float64Array, members: number[], firms: number[], segment: Int32Array, spec: ModelSpec): DriverModel {
  const F = s.firms.length;
  const N = s.needs.length;
  const x: number[] = [];
  const yy: number[] = [];
  const w: number[] = [];
  const cluster: number[] = [];
  const respondents: number[] = [];
  for (const i of members) {
    let any = false;
    for (const f of firms) {
      const t = y[i * F + f];
      if (t !== t) continue;
      const base = (i * F + f) * N;
      let complete = true;
      for (let n = 0; n < N && complete; n++) if (s.perf[base + n] !== s.perf[base + n]) complete = false;
      if (!complete) continue;
      for (let n = 0; n < N; n++) x.push(s.perf[base + n]);
      yy.push(t);
      w.push(s.weight[i]);
      cluster.push(respondents.length);
      any = true;
    }
    if (any) respondents.push(i);
  }
  const stated = statedImportance(s, respondents);
  const statedRank = ranks(stated);
  const model: DriverModel = {
    segment: spec.segment,
    firm: spec.firm,
    target: spec.target,
    respondents: respondents.length,
    rows: yy.length,
    fitted: false,
    code: null,
    reason: null,
    faultNeeds: [],
    r2: NaN,
    needs: s.needs.map((need, n) => ({ need, raw: NaN, share: NaN, shareLow: NaN, shareHigh: NaN, stated: stated[n], statedRank: statedRank[n], derivedRank: NaN, flag: null })),
    replicatesUsed: 0,
    alternative: null,
  };
  const who = spec.firm === ALL ? 'rated a firm on every need and gave its target' : `rated ${spec.firm} on every need and gave ${spec.target}`;
  if (respondents.length < spec.minRespondents) {
    model.code = 'too-few';
    model.reason = `${respondents.length} complete respondent${respondents.length === 1 ? '' : 's'} (${who}); a model needs at least ${spec.minRespondents} (max(${MIN_RESPONDENTS}, ${RESPONDENTS_PER_NEED} x ${N} needs))`;
    return model;
  }
  const rows: ModelRows = {
    p: N,
    x: Float64Array.from(x),
    y: Float64Array.from(yy),
    w: Float64Array.from(w),
    cluster: Int32Array.from(cluster),
    stratum: Int32Array.from(respondents, (i) => segment[i]),
  };
  const names: ImportanceOptions = { names: s.needs };
  const fitWith = (m: DriverMethod) => (rxx: Float64Array, rxy: Float64Array): ImportanceResult => (m === 'rw' ? relativeWeights(rxx, rxy, names) : shapleyR2(rxx, rxy, names));
  const c = rowCorrelations(rows.x, rows.y, rows.w, N);
  const fit = fitWith(spec.method)(c.rxx, c.rxy);
  if (!fit.ok) {
    model.code = fit.code;
    model.reason = fit.reason;
    model.faultNeeds = fit.needs.map((j) => s.needs[j]);
    return model;
  }
  model.fitted = true;
  model.r2 = fit.r2;
  const derivedRank = ranks(fit.share);
  const boot = spec.replicates > 0 ? bootstrapShares(rows, fitWith(spec.method), { replicates: spec.replicates, seed: spec.seed }) : null;
  model.replicatesUsed = boot?.used ?? 0;
  model.needs.forEach((d, n) => {
    d.raw = fit.raw[n];
    d.share = fit.share[n];
    d.shareLow = boot ? boot.low[n] : NaN;
    d.shareHigh = boot ? boot.high[n] : NaN;
    d.derivedRank = derivedRank[n];
    d.flag = Number.isFinite(d.statedRank) ? Math.abs(d.statedRank - d.derivedRank) > N / 3 : null;
  });
  const other: DriverMethod = spec.method === 'rw' ? 'shapley' : 'rw';
  if (other === 'rw' || N <= SHAPLEY_MAX_NEEDS) {
    const alt = fitWith(other)(c.rxx, c.rxy);
    if (alt.ok) model.alternative = { method: other, raw: alt.raw, share: alt.share };
  }
  return model;
}

/** Weighted mean rescaled importance per need over `respondents`, blanks left out. */
function statedImportance(s: Survey, respondents: number[]): Float64Array {
  const N = s.needs.length;
  const sum = new Float64Array(N);
  const W = new Float64Array(N);
  for (const i of respondents)
    for (let n = 0; n < N; n++) {
      const v = s.imp[i * N + n];
      if (v !== v) continue;
      sum[n] += s.weight[i] * v;
      W[n] += s.weight[i];
    }
  return Float64Array.from(sum, (v, n) => (W[n] > 0 ? v / W[n] : NaN));
}

/**
 * Descending ranks (1 = largest), ties taking the mean of the ranks they span; NaN for an undefined
 * value, and for every value when any is undefined (a rank among some needs is not comparable).
 */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  for (let j = 0; j < n; j++) if (!Number.isFinite(values[j])) return out;
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => values[b] - values[a]);
  for (let k = 0; k < n; ) {
    let e = k;
    while (e + 1 < n && values[order[e + 1]] === values[order[k]]) e++;
    for (let m = k; m <= e; m++) out[order[m]] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return out;
}

/**
 * Importance-performance grid of firm `f` in a segment (METHOD.md, Improve): for each need the gap
 * to the best competitor, taken like for like. For each other firm, both means are over the members who
 * rated both firms on the need, and the competitor is the firm with the lowest gap (the best against
 * this firm). Crosshairs at the mean share (100 / needs) and gap 0; a gap of 0 counts as ahead.
 */
function ipaRows(s: Survey, members: number[], f: number, segment: string, model: DriverModel): IpaRow[] {
  const F = s.firms.length;
  const N = s.needs.length;
  // Shares of a fitted model sum to 100, so their mean is 100 / N exactly.
  const meanShare = 100 / N;
  const rows: IpaRow[] = [];
  for (let n = 0; n < N; n++) {
    let gap = NaN;
    let competitor: string | null = null;
    for (let g = 0; g < F; g++) {
      if (g === f) continue;
      let sf = 0,
        sg = 0,
        W = 0;
      for (const i of members) {
        const pf = s.perf[(i * F + f) * N + n];
        const pg = s.perf[(i * F + g) * N + n];
        if (pf !== pf || pg !== pg) continue;
        const w = s.weight[i];
        sf += w * pf;
        sg += w * pg;
        W += w;
      }
      if (!(W > 0)) continue;
      const d = sf / W - sg / W;
      if (competitor === null || d < gap) {
        gap = d;
        competitor = s.firms[g];
      }
    }
    const share = model.needs[n].share;
    let quadrant: Quadrant | null = null;
    if (Number.isFinite(share) && Number.isFinite(gap)) {
      const important = share >= meanShare;
      const behind = gap < 0;
      quadrant = important ? (behind ? 'fix-first' : 'keep') : behind ? 'watch' : 'dont-overspend';
    }
    rows.push({ segment, firm: s.firms[f], need: s.needs[n], competitor, share, gap, quadrant });
  }
  return rows;
}
