import type { Issue } from '../core/issues.ts';
import type { Mapping } from '../core/import/mapping.ts';
import type { MeasureResult, MeasureSettings } from '../core/measure/measure.ts';
import type { ColumnStats } from '../core/table.ts';

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

export type Request =
  | { id: number; type: 'parse'; source: SurveySource }
  | { id: number; type: 'build'; mapping: Mapping; settings: Settings }
  | { id: number; type: 'measure'; settings: Settings }
  | { id: number; type: 'cancel' };

export type Reply =
  | { id: number; type: 'progress'; fraction: number; stage: string; rows?: number }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; message: string; cancelled?: boolean };

export interface Results {
  parse: ParseInfo;
  build: BuildInfo;
  measure: MeasureResult;
}
