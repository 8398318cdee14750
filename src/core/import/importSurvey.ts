import type { Issue } from '../issues.ts';
import type { Survey } from '../survey.ts';
import { columnStats, type ColumnStats, type RawTable } from '../table.ts';
import { buildSurvey } from './buildSurvey.ts';
import type { ByteSource } from './decode.ts';
import { proposeMapping, type Mapping } from './mapping.ts';
import { parseCsv, pauser, type ParseOptions } from './parseCsv.ts';

export interface ParsedSurvey {
  table: RawTable;
  stats: ColumnStats[];
  proposal: Mapping;
  issues: Issue[];
}

/** Parse, summarise each column and propose a mapping: the first half of an import. */
export async function parseSurvey(source: ByteSource, options: ParseOptions = {}): Promise<ParsedSurvey> {
  const { table, issues } = await parseCsv(source, options);
  // The summaries take about a second at a million rows: paused for messages between columns too.
  const stats: ColumnStats[] = [];
  const pause = pauser(options);
  for (const c of table.columns) {
    stats.push(columnStats(c, table.rowCount));
    await pause();
  }
  return { table, stats, proposal: proposeMapping(stats), issues };
}

/**
 * The one rule for a mapping saved from an earlier import (the CLI's `--mapping`, the app's
 * remembered mapping, a new wave) applied to a new file, by column name: columns it names take its
 * role; columns it does not know keep the proposal and are reported as new; columns it names that the
 * file lacks are reported as missing. Scales, Likert labels and missing codes it sets are kept.
 */
export function applySavedMapping(proposal: Mapping, saved: Partial<Mapping>): { mapping: Mapping; newColumns: string[]; missingColumns: string[] } {
  const byColumn = new Map((saved.columns ?? []).map((c) => [c.column, c]));
  const here = new Set(proposal.columns.map((c) => c.column));
  return {
    mapping: {
      shape: saved.shape ?? proposal.shape,
      columns: proposal.columns.map((c) => byColumn.get(c.column) ?? c),
      scales: { ...proposal.scales, ...(saved.scales ?? {}) },
      missingCodes: saved.missingCodes ?? proposal.missingCodes,
      likert: { ...proposal.likert, ...(saved.likert ?? {}) },
      us: saved.us !== undefined ? saved.us : proposal.us,
    },
    newColumns: saved.columns ? proposal.columns.filter((c) => !byColumn.has(c.column)).map((c) => c.column) : [],
    missingColumns: (saved.columns ?? []).filter((c) => !here.has(c.column)).map((c) => c.column),
  };
}

/** Parse and build with the proposed (or given) mapping: the whole import without a person. */
export async function importSurvey(
  source: ByteSource,
  options: ParseOptions & { mapping?: Partial<Mapping> } = {},
): Promise<{ survey: Survey | null; mapping: Mapping; issues: Issue[] }> {
  const parsed = await parseSurvey(source, options);
  const mapping = options.mapping ? applySavedMapping(parsed.proposal, options.mapping).mapping : parsed.proposal;
  if (parsed.issues.some((i) => i.severity === 'error')) return { survey: null, mapping, issues: parsed.issues };
  const built = buildSurvey(parsed.table, mapping);
  return { survey: built.survey, mapping, issues: [...parsed.issues, ...built.issues] };
}
