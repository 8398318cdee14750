// Messages between the page and the survey worker. The requests are the survey model's methods
// (core/model/surveyModel.ts) by name, with their arguments; the results are what those methods
// return, so the page's types follow the model's.
import type { Mapping } from '../core/import/mapping.ts';
import type { FitProgress } from '../core/mds/types.ts';
import type { ScenarioChange } from '../core/scenario/scenario.ts';
import type { DriversOptions } from '../core/drivers/drivers.ts';
import type { DrillRequest, MapSettings, Settings, SurveyModel, WavesRequest } from '../core/model/surveyModel.ts';

export type {
  BuildInfo,
  ClassifierInfo,
  DrillInfo,
  DrillRequest,
  MapInfo,
  MapSettings,
  Measured,
  ParseInfo,
  RespondentsInfo,
  Settings,
  WavesRequest,
} from '../core/model/surveyModel.ts';
export type { ChangeRow, LabelledPoint, WaveAlert, WaveMap, WavesNote, WavesResult } from '../core/monitor/waves.ts';

/** Where the survey bytes come from: a user's file, or a URL of the app (the bundled sample). */
export type SurveySource = { kind: 'file'; file: File } | { kind: 'url'; url: string; name: string };

/** A measurement id, or null for the one in use. */
type Id = string | null;

export type Request =
  | { id: number; type: 'parse'; source: SurveySource; delimiter?: string }
  | { id: number; type: 'build'; mapping: Mapping; settings: Settings }
  | { id: number; type: 'measure'; settings: Settings; use?: boolean }
  | { id: number; type: 'scenario'; measurementId: Id; change: ScenarioChange }
  | { id: number; type: 'map'; measurementId: Id; settings: MapSettings }
  | { id: number; type: 'drill'; measurementId: Id; request: DrillRequest }
  | { id: number; type: 'respondents'; measurementId: Id; parent: DrillRequest['parent'] }
  | { id: number; type: 'classifier'; measurementId: Id; columns: string[] }
  | { id: number; type: 'drivers'; measurementId: Id; options: Omit<DriversOptions, 'wave' | 'onProgress'> }
  | { id: number; type: 'waves'; options: WavesRequest }
  /** Append the parsed file to the survey in use as new waves (its wave column, or one wave named `label`). */
  | { id: number; type: 'addWave'; label: string | null }
  | { id: number; type: 'cancel' };

export type Reply =
  | { id: number; type: 'progress'; fraction: number; stage: string; rows?: number; fit?: FitProgress }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; message: string; cancelled?: boolean };

type Model = SurveyModel;
export interface Results {
  parse: Awaited<ReturnType<Model['parse']>>;
  build: ReturnType<Model['build']>;
  measure: ReturnType<Model['measure']>;
  scenario: ReturnType<Model['scenario']>;
  map: ReturnType<Model['map']>;
  drill: ReturnType<Model['drill']>;
  respondents: ReturnType<Model['respondents']>;
  classifier: ReturnType<Model['classifier']>;
  drivers: ReturnType<Model['drivers']>;
  waves: ReturnType<Model['waves']>;
  addWave: ReturnType<Model['addWave']>;
}
