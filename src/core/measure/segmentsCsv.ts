import { csvLine } from '../format.ts';
import type { MeasureResult } from './measure.ts';

/** The header of `segments.csv`, fixed by the CLI contract. */
export const SEGMENTS_HEADER =
  'segment,firm,size,familiarity_rate,mean_value,relative_value,share_of_value,share_of_wallet,market_value,opportunity';

/** `segments.csv`: one row per segment and firm, blank where a figure is undefined. */
export function segmentsCsv(m: MeasureResult): string {
  const lines = [SEGMENTS_HEADER];
  for (const r of m.rows)
    lines.push(
      csvLine([r.segment, r.firm, r.size, r.familiarityRate, r.meanValue, r.relativeValue, r.shareOfValue, r.shareOfWallet, r.marketValue, r.opportunity]),
    );
  return lines.join('\n') + '\n';
}

/** `summary.json` of the CLI. */
export function summaryJson(m: MeasureResult): Record<string, unknown> {
  const num = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    file: m.file,
    firms: m.firms,
    segments: m.segments.map((s) => s.label),
    needs: m.needs,
    us: m.us,
    respondents: m.respondents,
    measured: m.measured,
    missing_importance: m.missingImportance,
    beta: m.beta,
    beta_source: m.betaSource,
    beta_fit: m.betaFit ? { r2: num(m.betaFit.r2), mae: num(m.betaFit.mae), respondents: m.betaFit.respondents, pairs: m.betaFit.pairs } : null,
    segment_source: m.segmentSource,
    suggested_k: m.suggestedK,
    silhouettes: m.silhouettes,
    waves: m.waves,
    wave: m.wave,
    segment_sizes: Object.fromEntries(m.segments.map((s) => [s.label, { respondents: s.respondents, size: s.size, market_value: s.marketValue, empty_consideration: s.emptyConsideration }])),
    warnings: m.warnings.map((w) => w.message),
  };
}
