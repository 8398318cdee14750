import type { Issue } from '../core/issues.ts';
import type { Classifier, PriorAdaptation } from '../core/database/classifier.ts';
import type { CsvImportOptions } from '../core/database/importSql.ts';
import type { ScoringColumn } from '../core/database/scoringSql.ts';
import type { DatabaseSegment, ZoomOutSqlOptions } from '../core/database/zoomOut.ts';
import type { EconomicsRow, EconomicsSqlOptions, KeyAccountsSqlOptions } from '../core/database/economics.ts';
import type { Pyramid, PyramidSqlOptions } from '../core/database/pyramid.ts';
import type { PointsInfo, PointsScheme } from '../core/database/pointsScheme.ts';

/** Messages of the customer-database worker (db.worker.ts), in the house pattern of protocol.ts. */
export type DbRequest =
  /** Start DuckDB and open the database: persistent in the origin-private file system when `persistent` (default true) and available. */
  | { id: number; type: 'open'; persistent?: boolean }
  /** Load a customer CSV into `table` (default `customers`), replacing it. */
  | { id: number; type: 'importCsv'; file: File; table?: string; options?: CsvImportOptions }
  /** Distinct values of the given columns with their customer counts (for the value maps). */
  | { id: number; type: 'profileValues'; table: string; columns: string[] }
  /**
   * Score every customer into the `scores` table. `priors: 'database'` (default) first
   * re-estimates the segment mix on the database (adaptPriors); `'market'` keeps the survey's.
   */
  | { id: number; type: 'score'; model: Classifier; table: string; idColumn?: string; columns: ScoringColumn[]; priors?: 'database' | 'market' }
  /** Per-segment aggregates of the last scores (zoomOutSql). */
  | { id: number; type: 'zoomOut'; options: Omit<ZoomOutSqlOptions, 'scores' | 'segments' | 'probabilityColumns'> }
  /** Per-segment sums for the customer economics of the last scores (economicsSql, keyAccountsSql). */
  | {
      id: number;
      type: 'economics';
      options: Omit<EconomicsSqlOptions, 'scores' | 'segments' | 'probabilityColumns'> & Omit<KeyAccountsSqlOptions, 'scores' | 'customers'>;
    }
  /** The customer value pyramid (pyramidSql), per segment of the last scores when there are any. */
  | { id: number; type: 'pyramid'; options: Omit<PyramidSqlOptions, 'scores'> }
  /** Row count and columns of a table already in the database. */
  | { id: number; type: 'describe'; table: string }
  /**
   * The import's checks (customerChecks.ts) on other columns than those proposed by name: repairs
   * the table and returns it with the issues. `file` names the table in the issues; `firstRow` is 2 for a CSV, 1 for Parquet.
   */
  | { id: number; type: 'check'; table: string; file: string; columns: CheckedColumns; firstRow: number }
  /** Up to `limit` customers (seeded reservoir sample) with their segment probabilities, revenue and value tier (customerSampleSql), for the map. */
  | { id: number; type: 'customerSample'; table: string; idColumn: string; revenueColumn: string; probabilityColumns: string[]; limit: number; respondentColumn?: string | null; scheme?: PointsScheme | null }
  /** A points scheme over the whole table (pointsScheme.ts): blanks and unscored values, tiers by score, the score's quantiles. */
  | { id: number; type: 'points'; table: string; idColumn: string; revenueColumn: string | null; scheme: PointsScheme }
  | { id: number; type: 'cancel' };

export type DbReply =
  | { id: number; type: 'progress'; fraction: number; stage: string; rows?: number }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; message: string; cancelled?: boolean; issue?: Issue };

export interface OpenInfo {
  storage: 'opfs' | 'memory';
  /** Why the database is in memory when persistence was asked for (shown to the user), else null. */
  message: string | null;
  version: string;
  /** Tables already in the database (a persistent one keeps them between visits). */
  tables: string[];
}

/** The columns the import's checks ran on (null: not checked). */
export interface CheckedColumns {
  id: string | null;
  revenue: string | null;
  margin: string | null;
}

export interface ImportInfo {
  table: string;
  /** Rows after the checks (a repeated customer id's later rows are left out). */
  rows: number;
  columns: { name: string; type: string }[];
  /** The file's encoding as detected; anything but UTF-8 was transcoded before loading. */
  encoding: string;
  /** What the checks found and repaired: duplicate ids, NaN, infinity or text in revenue and margin. */
  issues: Issue[];
  /** The columns checked; null for a table restored from storage (checked when it was imported). */
  checked: CheckedColumns | null;
}

export interface ScoreInfo {
  table: 'scores';
  rows: number;
  probabilityColumns: string[];
  segments: string[];
  /** The prior adaptation when `priors: 'database'`, else null. */
  priors: PriorAdaptation | null;
  /** The SQL that was run, to show or copy to a warehouse. */
  sql: string;
  /** Its form (a join to the profile combinations, or general) and the number of combinations. */
  form: 'join' | 'general';
  combinations: number;
}

export interface DbResults {
  open: OpenInfo;
  importCsv: ImportInfo;
  profileValues: { column_index: number; value: string | null; customers: number }[];
  score: ScoreInfo;
  zoomOut: DatabaseSegment[];
  economics: { rows: EconomicsRow[]; asOf: string | null };
  pyramid: Pyramid;
  describe: ImportInfo;
  check: ImportInfo;
  customerSample: CustomerSample;
  points: PointsInfo;
}

export interface CustomerSample {
  ids: string[];
  /** Survey respondent id of each customer ('' = not linked). */
  respondents: string[];
  /** NaN without a revenue. */
  revenue: Float64Array;
  /** Value tier over the whole table, as in the zoom-out (0 = top 1% ... 3 = rest 80%); -1 without a revenue. */
  tier: Int32Array;
  /** Segment probabilities, `prob[i * K + k]`. */
  prob: Float32Array;
  /** The points scheme's score of each customer (NaN for all without a scheme). */
  points: Float64Array;
}
