import type { Issue } from '../core/issues.ts';
import type { Mapping } from '../core/import/mapping.ts';
import type { MeasureResult, MeasureSettings } from '../core/measure/measure.ts';
import type { ColumnStats } from '../core/table.ts';
import type { JointMap, MapMethod } from '../core/map/jointMap.ts';
import type { MapMetric } from '../core/map/mapFromMeasurement.ts';
import type { NeedVector } from '../core/map/needVectors.ts';
import type { Transformation } from '../core/mds/types.ts';
import type { DrillGroupBy, DrillMap } from '../core/map/drill.ts';
import type { Classifier, CrossValidation } from '../core/database/classifier.ts';

/** Where the survey bytes come from: a user's file, or a URL of the app (the bundled sample). */
export type SurveySource = { kind: 'file'; file: File } | { kind: 'url'; url: string; name: string };

export type Settings = Omit<MeasureSettings, 'onProgress'>;

export interface ParseInfo {
  file: string;
  rowCount: number;
  encoding: string;
  delimiter: string;
  decimalComma: boolean;
  stats: ColumnStats[];
  proposal: Mapping;
  issues: Issue[];
}

export interface BuildInfo {
  /** False when errors block the import: the earlier survey stays in use. */
  ok: boolean;
  issues: Issue[];
  result: MeasureResult | null;
}

export interface MapSettings {
  metric: MapMetric;
  /** How the map is fitted (jointMap.ts MAP_METHODS; default DEFAULT_MAP_METHOD). */
  method: MapMethod;
  withinWeight: number;
  /** Bootstrap replicates for the confidence ellipses (0 = none). */
  replicates: number;
  /** The map on screen, to align the new one to (warm start for the eye). */
  reference?: { label: string; kind: 'firm' | 'segment'; x: number; y: number }[];
}

export interface MapInfo {
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
  drill: DrillMap;
  /** The segment's respondents placed against the firms: x, y per respondent (NaN = not placed). */
  xy: Float32Array;
  /** Firm with the respondent's largest share of value (-1 = none). */
  topFirm: Int32Array;
}

export interface RespondentsInfo {
  /** Survey respondent ids, in survey order (to place survey-linked customers). */
  ids: string[];
  xy: Float32Array;
  /** Firm with each respondent's largest share of value (-1 = none), for colouring. */
  topFirm: Int32Array;
}

export interface ClassifierInfo {
  model: Classifier;
  cv: CrossValidation;
  /** Survey profile columns used. */
  columns: string[];
}

export type Request =
  | { id: number; type: 'parse'; source: SurveySource }
  | { id: number; type: 'build'; mapping: Mapping; settings: Settings }
  | { id: number; type: 'measure'; settings: Settings }
  | { id: number; type: 'map'; settings: MapSettings }
  | { id: number; type: 'drill'; request: DrillRequest }
  | { id: number; type: 'respondents'; parent: DrillRequest['parent'] }
  | { id: number; type: 'classifier'; columns: string[] }
  | { id: number; type: 'cancel' };

export type Reply =
  | { id: number; type: 'progress'; fraction: number; stage: string; rows?: number; fit?: { iteration: number; stress1: number } }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; message: string; cancelled?: boolean };

export interface Results {
  parse: ParseInfo;
  build: BuildInfo;
  measure: MeasureResult;
  map: MapInfo;
  drill: DrillInfo;
  respondents: RespondentsInfo;
  classifier: ClassifierInfo;
}
