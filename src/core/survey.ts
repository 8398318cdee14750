/**
 * A survey in the model's terms (METHOD.md), after mapping and validation: respondents in rows,
 * ratings rescaled to [0, 1], NaN for missing, all in flat typed arrays.
 * Layout: `imp[i * N + n]`, `perf[(i * F + f) * N + n]`, `fam[i * F + f]`, `sow[i * F + f]`.
 */
export interface Survey {
  file: string;
  n: number;
  firms: string[];
  needs: string[];
  us: string | null;
  ids: string[];
  /** Spreadsheet row of each respondent (first row in the stacked shape), for messages. */
  rows: Int32Array;
  weight: Float64Array;
  /** Segment index per respondent (-1 = none), or null when the survey has no segment column. */
  segment: Int32Array | null;
  segmentLabels: string[];
  /** The user's names for segments formed from need importance (C1..Ck -> name), see model/names.ts. */
  segmentNames?: Record<string, string>;
  wave: Int32Array | null;
  waveLabels: string[];
  imp: Float64Array;
  perf: Float64Array;
  fam: Float64Array;
  /** True when the survey has familiarity columns; without them a firm counts as familiar when rated. */
  hasFamiliarity: boolean;
  /** Raw share-of-wallet cells (NaN = firm not named), or null without wallet data. */
  sow: Float64Array | null;
  overall: Float64Array | null;
  /** Category spend (NaN = missing, counted as 1), or null without a spend column. */
  spend: Float64Array | null;
  profiles: { name: string; codes: Int32Array; labels: string[] }[];
  /** Scales used to rescale each family, for display. */
  scales: Record<'imp' | 'perf' | 'fam' | 'overall', { min: number; max: number } | null>;
}
