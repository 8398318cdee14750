import type { Names } from '../model/names.ts';
import type { Issue } from '../issues.ts';
import type { Survey } from '../survey.ts';
import { kmeans, silhouette } from './kmeans.ts';
import { segmentTables, type SegmentFirm, type SegmentInfo } from './segments.ts';
import { calibrateBeta, flatBetaFitIssues, shareOfValue, walletPairs, type BetaFit } from './shareOfValue.ts';
import { importanceWeights, respondentValues } from './value.ts';
import { BETA_RANGE, DEFAULT_BETA } from '../model/defaults.ts';

/** Range of k offered and scanned for the suggestion when segments are formed from importance. */
export const K_RANGE = [2, 8] as const;

export interface MeasureSettings {
  /** A fixed beta (value sensitivity) in [0, 50]; calibrated against share of wallet when absent. */
  beta?: number | null;
  /** Measure one wave only (its label); pooled when absent. */
  wave?: string | null;
  /** Number of clusters when segments are formed from need importance; the suggested k when absent. */
  k?: number | null;
  /** Seed of k-means. Default 1. */
  seed?: number;
  /**
   * The user's names for firms and segments and our firm (model/names.ts). measure() reads the names
   * from the survey it is given (withNames); they travel in the settings so that every measurement
   * of a model, and a project, is made with them.
   */
  names?: Names | null;
  onProgress?: (fraction: number, stage: string) => void;
}

export interface MeasureResult {
  file: string;
  firms: string[];
  needs: string[];
  us: string | null;
  segments: SegmentInfo[];
  /** Segment x firm rows, segment-major. */
  rows: SegmentFirm[];
  /** The whole market as one segment. */
  market: SegmentFirm[];
  beta: number;
  betaSource: 'calibrated' | 'fixed' | 'default';
  betaFit: BetaFit | null;
  /** Respondents in the survey, measured, and left out for blank importance. */
  respondents: number;
  measured: number;
  missingImportance: number;
  segmentSource: 'column' | 'importance';
  /** Mean silhouette per k when segments were formed from importance. */
  silhouettes: { k: number; silhouette: number }[];
  suggestedK: number | null;
  waves: string[];
  wave: string | null;
  /** Segment index of each respondent (-1 = none or not measured). */
  respondentSegment: Int32Array;
  /** Profile columns of the survey (for sub-groups and the link to the customer database). */
  profileColumns: string[];
  /** Weighted mean importance weight `a_in` per segment and need, `[s * N + n]`. */
  needImportance: Float64Array;
  /** Weighted mean rescaled performance per firm and need over those who rated it, `[f * N + n]`. */
  needPerformance: Float64Array;
  warnings: Issue[];
}

/** Respondent-level figures behind a measurement, kept where the survey is (worker, CLI). */
export interface MeasureDetail {
  /** Share of value `SoV_if`, `sov[i * F + f]`. */
  sov: Float64Array;
  /** 1 when the respondent is measured and considers at least one firm. */
  inShare: Uint8Array;
  /** Segment index per respondent (-1 = none). */
  segment: Int32Array;
  weight: Float64Array;
}

/** The whole measurement of METHOD.md, Identify and Measure plus Segment level. */
export function measure(s: Survey, settings: MeasureSettings = {}): MeasureResult {
  return measureWithDetail(s, settings).result;
}

/** `measure`, plus the respondent-level share of value for maps and bootstraps. */
export function measureWithDetail(s: Survey, settings: MeasureSettings = {}): { result: MeasureResult; detail: MeasureDetail } {
  const progress = settings.onProgress ?? (() => {});
  const warnings: Issue[] = [];
  let waveIndex: number | undefined;
  if (settings.wave != null) {
    waveIndex = s.waveLabels.indexOf(settings.wave);
    if (waveIndex < 0) throw new Error(`wave "${settings.wave}" is not in the survey; its waves are ${s.waveLabels.join(', ') || 'none'}`);
  }
  progress(0.05, 'value');
  const rv = respondentValues(s, waveIndex);
  const F = s.firms.length;
  let measured = 0;
  for (const x of rv.included) measured += x;
  if (rv.missingImportance)
    warnings.push({
      severity: 'warning',
      code: 'missing-importance',
      file: s.file,
      message: `${rv.missingImportance} respondent${rv.missingImportance === 1 ? ' has' : 's have'} a blank importance answer and ${rv.missingImportance === 1 ? 'is' : 'are'} left out of the measurement`,
      fix: 'complete their importance answers if you have them',
    });
  if (measured === 0) throw new Error('no respondent can be measured: every respondent has a blank importance answer');

  let beta = DEFAULT_BETA;
  let betaSource: MeasureResult['betaSource'] = 'default';
  let betaFit: BetaFit | null = null;
  if (settings.beta != null) {
    if (!(settings.beta >= BETA_RANGE[0] && settings.beta <= BETA_RANGE[1])) throw new Error(`beta must be between ${BETA_RANGE[0]} and ${BETA_RANGE[1]}, got ${settings.beta}`);
    beta = settings.beta;
    betaSource = 'fixed';
  } else if (s.sow) {
    const pairs = walletPairs(rv.value, rv.considered, s.sow, rv.included, F);
    betaFit = calibrateBeta(pairs, BETA_RANGE[0], BETA_RANGE[1], (p) => progress(0.1 + 0.6 * p, 'beta'));
    if (betaFit) {
      beta = betaFit.beta;
      betaSource = 'calibrated';
      warnings.push(...flatBetaFitIssues(betaFit, BETA_RANGE[0], BETA_RANGE[1], s.file));
    }
  }
  progress(0.75, 'share of value');
  const sov = shareOfValue(rv.value, rv.considered, F, beta);

  let segment: Int32Array;
  let labels: string[];
  const silhouettes: MeasureResult['silhouettes'] = [];
  let suggestedK: number | null = null;
  let segmentSource: MeasureResult['segmentSource'] = 'column';
  if (s.segment) {
    segment = s.segment;
    labels = s.segmentLabels;
  } else {
    segmentSource = 'importance';
    progress(0.8, 'segments');
    const N = s.needs.length;
    const members: number[] = [];
    for (let i = 0; i < s.n; i++) if (rv.included[i]) members.push(i);
    const x = new Float64Array(members.length * N);
    members.forEach((i, r) => importanceWeights(s.imp, N, i, x, r * N));
    const maxK = Math.min(K_RANGE[1], members.length - 1);
    const fits = new Map<number, Int32Array>();
    for (let k = K_RANGE[0]; k <= maxK; k++) {
      const res = kmeans(x, N, k, { seed: settings.seed ?? 1 });
      fits.set(k, res.assignment);
      silhouettes.push({ k, silhouette: silhouette(x, N, res.assignment, k, { seed: settings.seed ?? 1 }) });
    }
    suggestedK = silhouettes.length ? silhouettes.reduce((a, b) => (b.silhouette > a.silhouette ? b : a)).k : 1;
    const k = settings.k ?? suggestedK;
    const assignment = fits.get(k) ?? (k >= 1 && k <= members.length ? kmeans(x, N, k, { seed: settings.seed ?? 1 }).assignment : null);
    if (!assignment) throw new Error(`k must be between 1 and ${members.length}, got ${k}`);
    segment = new Int32Array(s.n).fill(-1);
    members.forEach((i, r) => (segment[i] = assignment[r]));
    const names = s.segmentNames ?? {};
    labels = Array.from({ length: k }, (_, q) => (Object.hasOwn(names, `C${q + 1}`) ? names[`C${q + 1}`] : `C${q + 1}`));
  }
  progress(0.9, 'tables');
  const { rows, segments } = segmentTables(s, rv, sov, segment, labels);
  const all = new Int32Array(s.n);
  const market = segmentTables(s, rv, sov, all, ['Market']).rows;
  for (const g of segments)
    if (g.emptyConsideration)
      warnings.push({
        severity: 'warning',
        code: 'empty-consideration',
        file: s.file,
        message: `${g.emptyConsideration} respondent${g.emptyConsideration === 1 ? '' : 's'} of segment ${g.label} consider${g.emptyConsideration === 1 ? 's' : ''} no firm (none familiar and valued) and ${g.emptyConsideration === 1 ? 'is' : 'are'} left out of its share of value`,
        fix: 'no action needed; check their familiarity answers if the number is large',
      });
  progress(1, 'done');
  const inShare = new Uint8Array(s.n);
  for (let i = 0; i < s.n; i++) {
    if (!rv.included[i]) continue;
    for (let f = 0; f < F; f++) if (rv.considered[i * F + f]) inShare[i] = 1;
  }
  const { needImportance, needPerformance } = needTables(s, rv.included, segment, labels.length);
  const result: MeasureResult = {
    file: s.file,
    firms: s.firms,
    needs: s.needs,
    us: s.us,
    segments,
    rows,
    market,
    beta,
    betaSource,
    betaFit,
    respondents: s.n,
    measured,
    missingImportance: rv.missingImportance,
    segmentSource,
    silhouettes,
    suggestedK,
    waves: s.waveLabels,
    wave: settings.wave ?? null,
    respondentSegment: segment,
    profileColumns: s.profiles.map((p) => p.name),
    needImportance,
    needPerformance,
    warnings,
  };
  return { result, detail: { sov, inShare, segment, weight: s.weight } };
}

/** Mean importance weights by segment and mean performance by firm, for need directions on the map. */
function needTables(s: Survey, included: Uint8Array, segment: Int32Array, S: number) {
  const F = s.firms.length,
    N = s.needs.length;
  const imp = new Float64Array(S * N);
  const impW = new Float64Array(S);
  const perf = new Float64Array(F * N);
  const perfW = new Float64Array(F * N);
  const a = new Float64Array(N);
  for (let i = 0; i < s.n; i++) {
    if (!included[i]) continue;
    const w = s.weight[i];
    const g = segment[i];
    if (g >= 0) {
      importanceWeights(s.imp, N, i, a, 0);
      for (let k = 0; k < N; k++) imp[g * N + k] += w * a[k];
      impW[g] += w;
    }
    for (let f = 0; f < F; f++)
      for (let k = 0; k < N; k++) {
        const p = s.perf[(i * F + f) * N + k];
        if (p === p) {
          perf[f * N + k] += w * p;
          perfW[f * N + k] += w;
        }
      }
  }
  for (let g = 0; g < S; g++) for (let k = 0; k < N; k++) imp[g * N + k] = impW[g] > 0 ? imp[g * N + k] / impW[g] : NaN;
  for (let j = 0; j < F * N; j++) perf[j] = perfW[j] > 0 ? perf[j] / perfW[j] : NaN;
  return { needImportance: imp, needPerformance: perf };
}
