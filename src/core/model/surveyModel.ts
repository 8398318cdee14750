/**
 * The survey model: one imported survey, its mapping and its named measurements. Everything the app
 * and the CLI do with a survey goes through one instance: the survey worker is a dispatcher over it
 * (workers/survey.worker.ts), the CLI calls it directly (cli/icrm.ts), so the two give the same
 * numbers for the same file and settings.
 *
 * A measurement is the survey measured with one set of settings (wave or pooled, beta calibrated or
 * fixed, segments given or formed). Each has an id; maps, drill-downs, respondents and classifiers
 * name the measurement they are made from and say its id in their result, so a page can show a
 * result only next to the measurement it asked for. Ids carry the model's own prefix, so an id from a
 * model that was replaced (a restarted worker) is never taken for another measurement.
 */
import type { Issue } from '../issues.ts';
import type { ByteSource } from '../import/decode.ts';
import { buildSurvey } from '../import/buildSurvey.ts';
import { applySavedMapping, parseSurvey } from '../import/importSurvey.ts';
import type { Mapping } from '../import/mapping.ts';
import { ImportCancelled, type ParseOptions } from '../import/parseCsv.ts';
import type { ColumnStats, RawTable } from '../table.ts';
import type { Survey } from '../survey.ts';
import { measureWithDetail, type MeasureDetail, type MeasureResult, type MeasureSettings } from '../measure/measure.ts';
import { mapFromMeasurement, metricTable } from '../map/mapFromMeasurement.ts';
import type { JointMap } from '../map/jointMap.ts';
import { needVectors, type NeedVector } from '../map/needVectors.ts';
import { drillSegment, firmCoords, parentUnit, type DrillGroupBy, type DrillMap } from '../map/drill.ts';
import { placeRespondents, topFirms } from '../map/respondents.ts';
import { crossValidate, trainClassifier, type Classifier, type CrossValidation } from '../database/classifier.ts';
import type { FitProgress, Transformation } from '../mds/types.ts';
import type { MapMethod, MapMetric } from './defaults.ts';
import { applyScenario, type ScenarioChange } from '../scenario/scenario.ts';
import { keyDrivers, type DriversOptions, type DriversResult } from '../drivers/drivers.ts';
import { appendWave, type WaveMergeNote } from '../monitor/appendWave.ts';
import { withNames, type Names } from './names.ts';
import { surveyWaves, type WavesOptions, type WavesResult } from '../monitor/waves.ts';

/** Measurement settings as they travel and are kept (no callbacks). */
export type Settings = Omit<MeasureSettings, 'onProgress'>;

/** A measurement's result, with the id and settings it was made with (and the scenario, for a what-if). */
export type Measured = MeasureResult & { measurementId: string; settings: Settings; scenario?: { baseId: string; change: ScenarioChange } };

export interface ParseInfo {
  file: string;
  rowCount: number;
  encoding: string;
  delimiter: string;
  decimalComma: boolean;
  /** Workers that read the file at once (2 for a large file on a machine with two cores or more). */
  readers: 1 | 2;
  stats: ColumnStats[];
  proposal: Mapping;
  issues: Issue[];
}

export interface BuildInfo {
  /** False when errors block the import: the earlier survey stays in use. */
  ok: boolean;
  issues: Issue[];
  result: Measured | null;
}

export interface MapSettings {
  metric: MapMetric;
  /** How the map is fitted (model/defaults.ts MAP_METHODS). */
  method: MapMethod;
  withinWeight: number;
  /** Bootstrap replicates for the confidence ellipses (0 = none). */
  replicates: number;
  /** The map on screen, to align the new one to (warm start for the eye). */
  reference?: { label: string; kind: 'firm' | 'segment'; x: number; y: number }[];
  /** A map to start the fit from (a what-if starts from its base map). */
  init?: { label: string; kind: 'firm' | 'segment'; x: number; y: number }[];
}

export interface MapInfo {
  measurementId: string;
  map: JointMap;
  needs: NeedVector[];
  settings: MapSettings;
}

export interface DrillRequest {
  segment: string;
  groupBy: DrillGroupBy;
  /** The map on screen (firms are held where it draws them). */
  parent: { points: { kind: string; label: string; x: number; y: number }[]; type: Transformation; withinWeight: number; method: MapMethod };
}

export interface DrillInfo {
  measurementId: string;
  drill: DrillMap;
  /** The segment's respondents placed against the firms: x, y per respondent (NaN = not placed). */
  xy: Float32Array;
  /** Firm with the respondent's largest share of value (-1 = none). */
  topFirm: Int32Array;
}

export interface RespondentsInfo {
  measurementId: string;
  /** Survey respondent ids, in survey order (to place survey-linked customers). */
  ids: string[];
  xy: Float32Array;
  /** Firm with each respondent's largest share of value (-1 = none), for colouring. */
  topFirm: Int32Array;
}

export interface ClassifierInfo {
  measurementId: string;
  model: Classifier;
  cv: CrossValidation;
  /** Survey profile columns used. */
  columns: string[];
}

/** Progress in [0, 1] by stage; rows while parsing; iteration and stress-1 while a map is fitted. */
export type ProgressFn = (fraction: number, stage: string, rows?: number, fit?: FitProgress) => void;

export interface CallOptions {
  onProgress?: ProgressFn;
  /** Checked between stages (and by the parser between chunks): when set, the call throws ImportCancelled. */
  signal?: { readonly aborted: boolean };
  /** Lets the host take messages (a cancel) during a long read: see ParseOptions.pause. */
  pause?: () => Promise<void>;
}

/** What a Monitor request says (monitor/waves.ts WavesOptions, without the callback). */
export type WavesRequest = Omit<WavesOptions, 'onProgress'>;

/** Measurements kept besides the one in use: enough for a comparison and a few steps back, bounded for large surveys. */
export const KEPT_MEASUREMENTS = 6;

let modelCount = 0;

export class SurveyModel {
  /** The parsed table waiting for its mapping (parse, then build). */
  private pending: RawTable | null = null;
  private pendingProposal: Mapping | null = null;
  /** The survey as its files give it: names map its labels, and a new wave joins it by them. */
  private built: Survey | null = null;
  /** The user's names (model/names.ts) of the measurement in use. */
  private names: Names | null = null;
  /** The built survey under the last names asked for (withNames is cheap, but not free at every request). */
  private named: { key: string; survey: Survey } | null = null;
  private mapping: Mapping | null = null;
  private readonly measurements = new Map<string, { result: Measured; detail: MeasureDetail }>();
  private current: string | null = null;
  private seq = 0;
  private readonly prefix: string;
  private classifierCache: { id: string; key: string; info: ClassifierInfo } | null = null;

  /** `prefix` names this model's measurements (default: a per-process counter and the time). */
  constructor(prefix?: string) {
    this.prefix = prefix ?? `${(Date.now() % 46656).toString(36)}${++modelCount}`;
  }

  /** The id of the measurement in use, or null before a survey is built. */
  get currentId(): string | null {
    return this.current;
  }

  /** The mapping the survey in use was built with. */
  get acceptedMapping(): Mapping | null {
    return this.mapping;
  }

  /** First half of an import: parse and propose a mapping. The survey in use is not touched. */
  async parse(source: ByteSource, o: CallOptions = {}, read: Pick<ParseOptions, 'delimiter' | 'slices'> = {}): Promise<ParseInfo> {
    const parsed = await parseSurvey(source, { delimiter: read.delimiter, slices: read.slices, signal: o.signal, pause: o.pause, onProgress: (f, rows) => o.onProgress?.(f, 'parse', rows) });
    this.pending = parsed.table;
    this.pendingProposal = parsed.proposal;
    const t = parsed.table;
    return { file: t.file, rowCount: t.rowCount, encoding: t.encoding, delimiter: t.delimiter, decimalComma: t.decimalComma, readers: t.readers ?? 1, stats: parsed.stats, proposal: parsed.proposal, issues: parsed.issues };
  }

  /**
   * Second half: validate the parsed table with `mapping` and measure it. Only a survey that builds
   * and measures replaces the one in use (and its measurements).
   */
  build(mapping: Mapping, settings: Settings = {}, o: CallOptions = {}): BuildInfo {
    if (!this.pending) throw new Error('there is no parsed file to import: choose the file again');
    o.onProgress?.(0, 'validate');
    const built = buildSurvey(this.pending, mapping);
    if (!built.survey) return { ok: false, issues: built.issues, result: null };
    checkAborted(o);
    const named = withNames(built.survey, settings.names);
    const m = measureWithDetail(named, { ...settings, onProgress: (f, stage) => o.onProgress?.(f, stage) });
    checkAborted(o);
    this.built = built.survey;
    this.names = settings.names ?? null;
    this.named = { key: JSON.stringify(this.names), survey: named };
    this.mapping = mapping;
    this.pending = null;
    this.measurements.clear();
    this.classifierCache = null;
    const result = this.keep(m, settings, true);
    return { ok: true, issues: [...built.issues, ...result.warnings], result };
  }

  /**
   * Monitor's "add a wave": the parsed file, read with the survey's mapping (columns matched by name),
   * appended to the survey in use as new waves (monitor/appendWave.ts) and measured with the
   * settings of the measurement in use, pooled. Only a file that builds and appends replaces the
   * survey in use (and its measurements); its differences come back as notes.
   */
  addWave(label: string | null, o: CallOptions = {}): BuildInfo & { notes: WaveMergeNote[]; added: string[] } {
    if (!this.pending || !this.pendingProposal) throw new Error('there is no parsed file to add as a wave: choose the file again');
    this.requireSurvey();
    const settings: Settings = { ...(this.current ? this.get(this.current).result.settings : {}), wave: null };
    o.onProgress?.(0, 'validate');
    const { mapping } = applySavedMapping(this.pendingProposal, this.mapping ?? {});
    const built = buildSurvey(this.pending, mapping);
    if (!built.survey) return { ok: false, issues: built.issues, result: null, notes: [], added: [] };
    // Joined by the files' own labels, then named: a wave's file knows nothing of the user's names.
    const merged = appendWave(this.built!, built.survey, label);
    checkAborted(o);
    const named = withNames(merged.survey, this.names);
    const m = measureWithDetail(named, { ...settings, onProgress: (f, stage) => o.onProgress?.(f, stage) });
    checkAborted(o);
    this.built = merged.survey;
    this.named = { key: JSON.stringify(this.names), survey: named };
    this.pending = null;
    this.pendingProposal = null;
    this.measurements.clear();
    this.classifierCache = null;
    const result = this.keep(m, settings, true);
    return { ok: true, issues: [...built.issues, ...result.warnings], result, notes: merged.notes, added: merged.added };
  }

  /**
   * Measure the survey in use with `settings`: a new measurement. With `use` (default) it becomes
   * the one maps and drill-downs default to; without, it is kept beside it (a comparison).
   */
  measure(settings: Settings, o: CallOptions & { use?: boolean } = {}): Measured {
    this.requireSurvey();
    const survey = this.surveyNamed(settings.names ?? null);
    if (o.use ?? true) this.names = settings.names ?? null;
    const m = measureWithDetail(survey, { ...settings, onProgress: (f, stage) => o.onProgress?.(f, stage) });
    checkAborted(o);
    return this.keep(m, settings, o.use ?? true);
  }

  /**
   * A what-if (METHOD.md, Improve): the survey with `change` applied, measured with the base
   * measurement's settings and its beta held fixed, kept beside the base (not put in use).
   */
  scenario(baseId: string | null | undefined, change: ScenarioChange, o: CallOptions = {}): Measured {
    const base = this.get(baseId);
    const survey = applyScenario(this.surveyOf(base), change, base.detail.segment, base.result.segments.map((s) => s.label));
    const settings: Settings = { ...base.result.settings, beta: base.result.beta };
    const m = measureWithDetail(survey, { ...settings, onProgress: (f, stage) => o.onProgress?.(f, stage) });
    checkAborted(o);
    const kept = this.keep(m, settings, false);
    kept.scenario = { baseId: base.result.measurementId, change: structuredClone(change) };
    return kept;
  }

  /**
   * Key drivers and the importance-performance grid (drivers/drivers.ts) over the segments and the
   * wave of a measurement.
   */
  drivers(id: string | null | undefined, options: Omit<DriversOptions, 'wave' | 'onProgress'> = {}, o: CallOptions = {}): DriversResult & { measurementId: string } {
    const m = this.get(id);
    o.onProgress?.(0.1, 'drivers');
    const result = keyDrivers(this.surveyOf(m), m.detail.segment, m.result.segments.map((s) => s.label), { ...options, wave: m.result.wave, onProgress: (f) => o.onProgress?.(0.1 + 0.9 * f, 'drivers') });
    checkAborted(o);
    return { ...result, measurementId: m.result.measurementId };
  }

  /**
   * Monitor (monitor/waves.ts): every wave of the survey measured with one pooled beta, mapped,
   * aligned to the first wave, with the change table, its intervals and the alerts. A kept pooled
   * measurement made with the same settings is re-used rather than calibrated again. Stops at the
   * next stage (a wave's measure, bootstrap or map) when the signal is set.
   */
  waves(options: WavesRequest = {}, o: CallOptions = {}): WavesResult {
    const survey = this.requireSurvey();
    const want = options.measure ?? {};
    const same = (m: Settings) => (m.wave ?? null) === null && (m.beta ?? null) === (want.beta ?? null) && (m.k ?? null) === (want.k ?? null) && (m.seed ?? 1) === (want.seed ?? 1) && JSON.stringify(m.names ?? null) === JSON.stringify(this.names);
    const pooled = [...this.measurements.values()].find((m) => !m.result.scenario && same(m.result.settings));
    const result = surveyWaves(
      survey,
      {
        ...options,
        onProgress: (f, stage) => {
          checkAborted(o);
          o.onProgress?.(f, stage);
        },
      },
      pooled,
    );
    checkAborted(o);
    return result;
  }

  /** A kept measurement's result (the one in use when `id` is omitted). */
  measurement(id?: string | null): Measured {
    return this.get(id).result;
  }

  /** The ids and settings of every kept measurement, oldest first. */
  list(): { measurementId: string; settings: Settings; current: boolean }[] {
    return [...this.measurements.values()].map((m) => ({ measurementId: m.result.measurementId, settings: m.result.settings, current: m.result.measurementId === this.current }));
  }

  /** The joint map of a measurement (see mapFromMeasurement), with the need directions. */
  map(id: string | null | undefined, settings: MapSettings, o: CallOptions = {}): MapInfo {
    const m = this.get(id);
    const { metric, method, withinWeight, replicates, reference, init } = settings;
    // A what-if drawn from its base map keeps the base map's transformation (jointMap holdFrom).
    const base = init && m.result.scenario ? this.measurements.get(m.result.scenario.baseId) : undefined;
    const holdFrom = base ? metricTable(base.result, metric) : undefined;
    const map = mapFromMeasurement(m, { metric, method, withinWeight, replicates, reference, init, holdFrom, onProgress: (f, stage, fit) => o.onProgress?.(f, stage, undefined, fit) });
    checkAborted(o);
    const F = m.result.firms.length;
    const firmXy = Float64Array.from(map.points.slice(0, F).flatMap((p) => [p.x, p.y]));
    return { measurementId: m.result.measurementId, map, needs: needVectors(m.result.needs, firmXy, m.result.needPerformance), settings };
  }

  /** A segment's sub-groups against the firms of the map on screen, and its respondents placed. */
  drill(id: string | null | undefined, request: DrillRequest, o: CallOptions = {}): DrillInfo {
    const m = this.get(id);
    const survey = this.surveyOf(m);
    const { segment, groupBy, parent } = request;
    o.onProgress?.(0.1, 'drill');
    const drill = drillSegment(survey, m.detail, parent, segment, { groupBy });
    checkAborted(o);
    o.onProgress?.(0.5, 'place');
    const g = m.result.segments.findIndex((s) => s.label === segment);
    const members: number[] = [];
    for (let i = 0; i < survey.n; i++) if (m.detail.segment[i] === g) members.push(i);
    const F = survey.firms.length;
    const firmXy = drill.points.slice(0, F).flatMap((p) => [p.x, p.y]);
    const placed = placeRespondents(m.detail, survey, firmXy, drill.unit, members);
    return { measurementId: m.result.measurementId, drill, xy: placed.xy, topFirm: topFirms(m.detail, F, members) };
  }

  /** Every respondent placed on the market map `parent`. */
  respondents(id: string | null | undefined, parent: DrillRequest['parent'], o: CallOptions = {}): RespondentsInfo {
    const m = this.get(id);
    const survey = this.surveyOf(m);
    const firms = m.result.firms;
    const unit = parentUnit(m.detail, parent, firms);
    const all = Int32Array.from({ length: survey.n }, (_, i) => i);
    o.onProgress?.(0.2, 'place');
    const placed = placeRespondents(m.detail, survey, firmCoords(parent, firms), unit, all);
    return { measurementId: m.result.measurementId, ids: survey.ids, xy: placed.xy, topFirm: topFirms(m.detail, firms.length, all) };
  }

  /** A segment classifier on the survey's profile `columns`, with 5-fold cross-validation (cached per measurement and column set). */
  classifier(id: string | null | undefined, columns: string[], o: CallOptions = {}): ClassifierInfo {
    const m = this.get(id);
    const survey = this.surveyOf(m);
    const key = columns.join('\u0000');
    if (this.classifierCache?.id === m.result.measurementId && this.classifierCache.key === key) return this.classifierCache.info;
    const cols = columns.map((name) => {
      const p = survey.profiles.find((c) => c.name === name);
      if (!p) throw new Error(`the survey has no profile column "${name}"`);
      return p;
    });
    if (!cols.length) throw new Error('the survey and the customer database share no profile column to link them');
    const labels = m.result.segments.map((s) => s.label);
    o.onProgress?.(0.2, 'classifier');
    // A measurement of one wave learns from that wave's respondents only (issue 12 item 16): the
    // segments it reports are that wave's, and so must be the customers it places in them.
    const weight = waveWeights(survey, m.result.wave);
    const cv = crossValidate(cols, m.detail.segment, labels, { weight, folds: 5, seed: 1 });
    const model = trainClassifier(cols, m.detail.segment, labels, { weight });
    const info: ClassifierInfo = { measurementId: m.result.measurementId, model, cv, columns };
    this.classifierCache = { id: m.result.measurementId, key, info };
    return info;
  }

  private keep(m: { result: MeasureResult; detail: MeasureDetail }, settings: Settings, use: boolean): Measured {
    const measurementId = `${this.prefix}-${++this.seq}`;
    const result: Measured = { ...m.result, measurementId, settings: { ...settings } };
    this.measurements.set(measurementId, { result, detail: m.detail });
    if (use) this.current = measurementId;
    // Oldest first out, never the one in use.
    for (const old of this.measurements.keys()) {
      if (this.measurements.size <= KEPT_MEASUREMENTS) break;
      if (old !== this.current) this.measurements.delete(old);
    }
    return result;
  }

  private get(id: string | null | undefined): { result: Measured; detail: MeasureDetail } {
    const key = id ?? this.current;
    if (!key) throw new Error('no survey is measured yet');
    const m = this.measurements.get(key);
    if (!m) throw new Error(`measurement ${key} is no longer held (only the last ${KEPT_MEASUREMENTS} are kept, and a restarted worker holds none): measure again`);
    return m;
  }

  /**
   * The survey under `names`: a rename (or its undo) is a measurement with other names, and each
   * measurement is read under its own names, so a drill-down or a scenario on a map still on screen
   * during a rename never mixes the old measurement with the new labels.
   */
  private surveyNamed(names: Names | null): Survey {
    const key = JSON.stringify(names);
    if (this.named?.key !== key) this.named = { key, survey: withNames(this.built!, names) };
    return this.named.survey;
  }

  /** The survey a kept measurement was made on. */
  private surveyOf(m: { result: Measured }): Survey {
    return this.surveyNamed(m.result.settings.names ?? null);
  }

  /** The survey in use, under the names of the measurement in use. */
  private requireSurvey(): Survey {
    if (!this.built) throw new Error('no survey is loaded yet');
    return this.surveyNamed(this.names);
  }
}

/** The survey's weights, zero outside `wave` when one is given. */
export function waveWeights(survey: Survey, wave: string | null): Float64Array {
  if (wave === null || !survey.wave) return survey.weight;
  const w = survey.waveLabels.indexOf(wave);
  return Float64Array.from(survey.weight, (x, i) => (survey.wave![i] === w ? x : 0));
}

function checkAborted(o: CallOptions): void {
  if (o.signal?.aborted) throw new ImportCancelled();
}
