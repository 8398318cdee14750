import { csvLine } from '../format.ts';
import type { DriversResult } from './drivers.ts';

/** The header of `drivers.csv`, fixed by the CLI contract. */
export const DRIVERS_HEADER = 'segment,firm,need,target,respondents,r2,raw_weight,share,share_low,share_high,stated_importance,stated_rank,derived_rank,flag';

/** The header of `ipa.csv`, fixed by the CLI contract. */
export const IPA_HEADER = 'segment,firm,competitor,need,share,gap,quadrant';

/**
 * `drivers.csv`: one row per model and need (`*` segment = whole market, `*` firm = pooled model),
 * share in percent, blank where a figure is undefined (a model not fitted keeps its stated importance).
 */
export function driversCsv(d: DriversResult): string {
  const lines = [DRIVERS_HEADER];
  for (const m of d.models)
    for (const n of m.needs)
      lines.push(
        csvLine([m.segment, m.firm, n.need, m.target, m.respondents, m.r2, n.raw, n.share, n.shareLow, n.shareHigh, n.stated, n.statedRank, n.derivedRank, n.flag === null ? '' : String(n.flag)]),
      );
  return lines.join('\n') + '\n';
}

/** `ipa.csv`: the importance-performance grid, one row per segment, firm and need. */
export function ipaCsv(d: DriversResult): string {
  const lines = [IPA_HEADER];
  for (const r of d.ipa) lines.push(csvLine([r.segment, r.firm, r.competitor ?? '', r.need, r.share, r.gap, r.quadrant ?? '']));
  return lines.join('\n') + '\n';
}

/** `summary.json` of `icrm drivers`: settings, the models not fitted with the reason, and where the two methods disagree. */
export function driversSummary(d: DriversResult, file: string): Record<string, unknown> {
  const num = (v: number) => (Number.isFinite(v) ? v : null);
  const fitted = d.models.filter((m) => m.fitted);
  return {
    file,
    target: d.target,
    method: d.method,
    replicates: d.replicates,
    seed: d.seed,
    wave: d.wave,
    needs: d.needs,
    min_respondents: d.minRespondents,
    models: d.models.length,
    fitted: fitted.length,
    not_fitted: d.models
      .filter((m) => !m.fitted)
      .map((m) => ({ segment: m.segment, firm: m.firm, target: m.target, respondents: m.respondents, code: m.code, reason: m.reason })),
    // The other method on the same data: the largest gap in share per model, so a reader sees where they differ.
    method_comparison: fitted
      .filter((m) => m.alternative)
      .map((m) => {
        let at = 0,
          most = -1;
        m.needs.forEach((n, j) => {
          const diff = Math.abs(n.share - m.alternative!.share[j]);
          if (diff > most) {
            most = diff;
            at = j;
          }
        });
        return { segment: m.segment, firm: m.firm, other_method: m.alternative!.method, largest_difference: num(most), need: m.needs[at].need };
      }),
    replicates_used: fitted.map((m) => ({ segment: m.segment, firm: m.firm, used: m.replicatesUsed })).filter((r) => r.used < d.replicates),
  };
}
