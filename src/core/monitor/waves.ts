/**
 * Monitor (METHOD.md "Monitor"): a survey's waves measured and mapped the same way, each map aligned
 * to the first wave's, a change table with bootstrap intervals, and alerts.
 *
 * 1. One beta for every wave, calibrated on the pooled survey (or fixed), so that a change between
 *    waves is the market's, not the model's. The pooled measurement is `measure(survey, {wave: null})`,
 *    the same as the Measure view's pooled one: respondents with a blank wave count in it (they are
 *    market respondents) but in no wave, and their number is reported, never guessed.
 * 2. Segments: the survey's segment column, or, when segments are formed from need importance,
 *    clusters formed once on the pooled respondents, each respondent keeping its segment in its
 *    wave (clustering each wave anew would relabel and reshape the segments between waves).
 * 3. Each wave is measured with that beta and those segments: with a segment column this is exactly
 *    `measure(survey, {wave, beta})` (`icrm measure --wave W --beta B`).
 * 4. Each wave is mapped with the map's method (DEFAULT_MAP_SETTINGS, as SurveyModel.map; no
 *    ellipses: the change table carries the uncertainty) and aligned to the first wave's map
 *    (alignWaves.ts).
 * 5. Intervals: METHOD's bootstrap, respondents resampled within wave and segment, seeded. Segment
 *    share of value is the weighted mean of the respondents' share of value over those with a
 *    non-empty consideration set (METHOD.md "Segment level"), and beta is held, so each respondent's
 *    share is computed once per wave and a replicate only re-weights those figures
 *    (measure/bootstrap.ts): the same statistic as the point estimate, not an approximation.
 * 6. A firm nobody in a wave rated (not in that wave's questionnaire) is absent from the wave: its
 *    shares are undefined there (not 0, which would read as a collapse), it is left off the wave's
 *    map, and no change or alert is computed for it. A segment without respondents in a wave is
 *    undefined there in the same way.
 */
import type { Survey } from '../survey.ts';
import { measureWithDetail, type MeasureDetail, type MeasureResult } from '../measure/measure.ts';
import type { SegmentInfo } from '../measure/segments.ts';
import type { BetaFit } from '../measure/shareOfValue.ts';
import { bootstrapSegmentSov } from '../measure/bootstrap.ts';
import { sovTable } from '../map/mapFromMeasurement.ts';
import { jointMap, labelledPoints } from '../map/jointMap.ts';
import { DEFAULT_MAP_SETTINGS, type MapMethod } from '../model/defaults.ts';
import { alignToReference, type LabelledPoint } from './alignWaves.ts';
import { changeTable, type ChangeRow, type WaveShares } from './changeTable.ts';
import { waveAlerts, type WaveAlert } from './alerts.ts';

export type { ChangeRow } from './changeTable.ts';
export type { WaveAlert } from './alerts.ts';
export type { LabelledPoint } from './alignWaves.ts';

/** METHOD.md "Monitor": 200 bootstrap replicates. */
export const DEFAULT_WAVE_REPLICATES = 200;

export interface WavesOptions {
  /**
   * How the pooled measurement is made: a fixed beta in [0, 50] (calibrated when absent), and k
   * and the k-means seed (default 1) when segments are formed from need importance.
   */
  measure?: { beta?: number | null; k?: number | null; seed?: number };
  /** Bootstrap replicates per wave. Default 200. 0 gives no intervals and no significance. */
  replicates?: number;
  /** Seed of the bootstrap. Default 1. */
  seed?: number;
  /** Coverage of the intervals, in (0, 1). Default 0.95. */
  level?: number;
  /** Map method and within-block weight. Default DEFAULT_MAP_SETTINGS's. */
  method?: MapMethod;
  withinWeight?: number;
  /** Progress in [0, 1] by stage. A callback that throws stops the computation (the model's cancel). */
  onProgress?: (fraction: number, stage: string) => void;
}

/** Something about the waves a reader should know, as data (the view words it). */
export type WavesNote =
  | { code: 'missing-wave'; params: { respondents: number } }
  | { code: 'absent-firm'; params: { wave: string; firm: string } }
  | { code: 'empty-segment'; params: { wave: string; segment: string } }
  | { code: 'not-aligned'; params: { wave: string; sharedFirms: number } }
  | { code: 'map-failed'; params: { wave: string; reason: string } }
  | { code: 'no-us'; params: Record<string, never> };

export interface WaveMap {
  wave: string;
  /** Respondents with this wave value, and those of them measured (importance complete). */
  respondents: number;
  measured: number;
  /** The wave's segments (respondents, weighted size, market value), in the result's segment order. */
  segments: SegmentInfo[];
  /** Firms nobody in the wave rated: blank in the table, not on the map. */
  absentFirms: string[];
  /** Segments with no share of value in the wave: blank in the table, not on the map. */
  emptySegments: string[];
  /** The wave's map, firms then segments, aligned to the first wave's; empty when it could not be drawn. */
  points: LabelledPoint[];
  /** Tucker's congruence of this wave's aligned firm points with the first wave's (alignWaves.ts); 1 for the first wave, NaN when not aligned. */
  congruence: number;
  /** Root mean squared distance of the aligned firms from the first wave's, in map units (0 for the first wave). */
  rmsd: number;
  /** The wave map's own fit: stress-1 and leaders nearest (NaN and 0 of 0 without a map). */
  stress1: number;
  leadersNearest: { count: number; of: number };
}

export interface WavesResult {
  file: string;
  firms: string[];
  segments: string[];
  segmentSource: MeasureResult['segmentSource'];
  us: string | null;
  /** The one beta every wave is measured with. */
  beta: number;
  betaSource: MeasureResult['betaSource'];
  betaFit: BetaFit | null;
  replicates: number;
  seed: number;
  level: number;
  /** Respondents in the survey, and those with a blank wave (in the pooled beta, in no wave). */
  respondents: number;
  missingWave: number;
  /** Pooled market value per segment (result segment order) and its rank, 1 = most valuable (the alerts' "top half"). */
  marketValue: { segment: string; value: number; rank: number }[];
  /** Per wave, in sorted wave order. */
  waves: WaveMap[];
  /** Wave-major, then segment, then firm. */
  rows: ChangeRow[];
  alerts: WaveAlert[];
  notes: WavesNote[];
}

/** Every wave of `survey` measured, mapped, aligned and compared. `pooled` re-uses a pooled measurement made with `options.measure`. */
export function surveyWaves(survey: Survey, options: WavesOptions = {}, pooled?: { result: MeasureResult; detail: MeasureDetail }): WavesResult {
  const { replicates = DEFAULT_WAVE_REPLICATES, seed = 1, level = 0.95, method = DEFAULT_MAP_SETTINGS.method, withinWeight = DEFAULT_MAP_SETTINGS.withinWeight } = options;
  const progress = options.onProgress ?? (() => {});
  if (!survey.wave || survey.waveLabels.length < 2)
    throw new Error(`Monitor needs at least two waves; the survey has ${survey.waveLabels.length === 0 ? 'no wave column' : `one wave (${survey.waveLabels[0]})`}`);
  if (!(Number.isInteger(replicates) && replicates >= 0)) throw new Error(`replicates must be a whole number of 0 or more, got ${replicates}`);
  const F = survey.firms.length;
  const notes: WavesNote[] = [];

  progress(0, 'pooled');
  const base = pooled ?? measureWithDetail(survey, { ...options.measure, wave: null, onProgress: (f, stage) => progress(0.25 * f, stage) });
  const segments = base.result.segments.map((s) => s.label);
  const S = segments.length;
  const beta = base.result.beta;
  // Segments formed on the pooled respondents become the segment column every wave is measured with.
  const bySegment: Survey = survey.segment ? survey : { ...survey, segment: base.detail.segment, segmentLabels: segments };

  let missingWave = 0;
  const waveCount = new Int32Array(survey.waveLabels.length);
  for (let i = 0; i < survey.n; i++) {
    const w = survey.wave[i];
    if (w >= 0) waveCount[w]++;
    else missingWave++;
  }
  if (missingWave) notes.push({ code: 'missing-wave', params: { respondents: missingWave } });
  if (!survey.us) notes.push({ code: 'no-us', params: {} });

  const W = survey.waveLabels.length;
  const shares: WaveShares[] = [];
  const maps: WaveMap[] = [];
  let reference: LabelledPoint[] | null = null;
  for (let w = 0; w < W; w++) {
    const wave = survey.waveLabels[w];
    const at = (p: number) => 0.25 + (0.7 * (w + p)) / W;
    progress(at(0), 'measure');
    const m = measureWithDetail(bySegment, { beta, wave });
    const absent = absentFirms(survey, w);
    const sov = sovTable(m.result);
    progress(at(0.2), 'bootstrap');
    const reps = replicates > 0 ? bootstrapSegmentSov(m.detail, S, F, { replicates, seed: waveSeed(seed, w) }) : new Float64Array(0);
    for (let f = 0; f < F; f++) {
      if (!absent[f]) continue;
      notes.push({ code: 'absent-firm', params: { wave, firm: survey.firms[f] } });
      for (let s = 0; s < S; s++) sov[s * F + f] = NaN;
      for (let b = 0; b < replicates; b++) for (let s = 0; s < S; s++) reps[(b * S + s) * F + f] = NaN;
    }
    const segmentOn = segments.map((_, s) => {
      for (let f = 0; f < F; f++) if (Number.isFinite(sov[s * F + f])) return true;
      return false;
    });
    segments.forEach((segment, s) => segmentOn[s] || notes.push({ code: 'empty-segment', params: { wave, segment } }));
    shares.push({ wave, sov, replicates: reps });

    progress(at(0.4), 'map');
    const map: WaveMap = {
      wave,
      respondents: waveCount[w],
      measured: m.result.measured,
      segments: m.result.segments,
      absentFirms: survey.firms.filter((_, f) => absent[f]),
      emptySegments: segments.filter((_, s) => !segmentOn[s]),
      points: [],
      congruence: NaN,
      rmsd: NaN,
      stress1: NaN,
      leadersNearest: { count: 0, of: 0 },
    };
    const firmOn = survey.firms.map((_, f) => !absent[f]);
    try {
      const fit = waveJointMap(m.result, sov, firmOn, segmentOn, method, withinWeight);
      map.stress1 = fit.stress1;
      map.leadersNearest = fit.leadersNearest;
      const points = labelledPoints(fit);
      if (!reference) {
        reference = points;
        Object.assign(map, { points, congruence: 1, rmsd: 0 });
      } else {
        const aligned = alignToReference(points, reference);
        if (aligned) Object.assign(map, { points: aligned.points, congruence: aligned.congruence, rmsd: aligned.rmsd });
        else {
          map.points = points;
          notes.push({ code: 'not-aligned', params: { wave, sharedFirms: points.filter((p) => p.kind === 'firm' && reference!.some((q) => q.kind === 'firm' && q.label === p.label)).length } });
        }
      }
    } catch (e) {
      // A wave too thin to map (fewer than 2 firms or segments with shares) still has its table.
      const reason = e instanceof Error ? e.message : String(e);
      if (!/map needs|too few/.test(reason)) throw e;
      notes.push({ code: 'map-failed', params: { wave, reason } });
    }
    maps.push(map);
  }

  progress(0.95, 'changes');
  const rows = changeTable(shares, segments, survey.firms, level);
  const marketValue = new Map(base.result.segments.map((s) => [s.label, s.marketValue]));
  const alerts = waveAlerts(rows, survey.us, marketValue);
  const order = [...marketValue.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
  progress(1, 'done');
  return {
    file: survey.file,
    firms: survey.firms,
    segments,
    segmentSource: base.result.segmentSource,
    us: survey.us,
    beta,
    betaSource: base.result.betaSource,
    betaFit: base.result.betaFit,
    replicates,
    seed,
    level,
    respondents: survey.n,
    missingWave,
    marketValue: base.result.segments.map((s) => ({ segment: s.label, value: s.marketValue, rank: order.indexOf(s.label) + 1 })),
    waves: maps,
    rows,
    alerts,
    notes,
  };
}

/** 1 for each firm no respondent of wave `w` rated on any need. */
function absentFirms(s: Survey, w: number): Uint8Array {
  const F = s.firms.length,
    N = s.needs.length;
  const absent = new Uint8Array(F).fill(1);
  for (let i = 0; i < s.n; i++) {
    if (s.wave![i] !== w) continue;
    for (let f = 0; f < F; f++) {
      if (!absent[f]) continue;
      for (let k = 0; k < N; k++)
        if (s.perf[(i * F + f) * N + k] === s.perf[(i * F + f) * N + k]) {
          absent[f] = 0;
          break;
        }
    }
  }
  return absent;
}

/**
 * The wave's joint map over the firms and segments it has shares for. With every firm and segment
 * present this is the call mapFromMeasurement makes for SurveyModel.map (without ellipses).
 */
function waveJointMap(r: MeasureResult, sov: Float64Array, firmOn: boolean[], segmentOn: boolean[], method: MapMethod, withinWeight: number) {
  const F = r.firms.length;
  const fi = r.firms.flatMap((_, f) => (firmOn[f] ? [f] : []));
  const si = r.segments.flatMap((_, s) => (segmentOn[s] ? [s] : []));
  const firms = fi.map((f) => r.firms[f]);
  const table = Float64Array.from(si.flatMap((s) => fi.map((f) => sov[s * F + f])));
  const us = r.us !== null && firms.includes(r.us) ? firms.indexOf(r.us) : undefined;
  return jointMap(
    { firms, segments: si.map((s) => r.segments[s].label), sov: table, size: Float64Array.from(si, (s) => r.segments[s].size) },
    { us, method, withinWeight },
  );
}

/** A bootstrap seed per wave, so that each wave's replicates are an independent stream and a wave added later leaves the others' unchanged. */
export function waveSeed(seed: number, wave: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(wave + 1, 0xc2b2ae35)) >>> 0;
}
