/** `icrm economics` output: one row per segment (full precision, formula-safe cells) and a summary. */
import { csvLine } from '../format.ts';
import { renderEconomicsMessage, type Economics } from './economics.ts';

export const ECONOMICS_HEADER = [
  'segment',
  'customers',
  'margin_per_customer',
  'retention',
  'retention_source',
  'active_year_ago',
  'clv',
  'lifetime_value',
  'stake',
  'key_account',
  'key_account_revenue',
  'key_account_margin',
  'key_account_clv',
] as const;

export function economicsCsv(e: Economics): string {
  const lines = [ECONOMICS_HEADER.join(',')];
  for (const s of e.segments) {
    const k = s.keyAccount;
    lines.push(
      csvLine([s.segment, s.customers, s.marginPerCustomer, s.retention, s.retentionSource, s.active, s.clv, s.lifetimeValue, s.stake, k?.id ?? '', k?.revenue ?? NaN, k?.margin ?? NaN, k?.clv ?? NaN]),
    );
  }
  return lines.join('\n') + '\n';
}

/** Settings, totals and the findings in words (English), for summary.json. */
export function economicsSummary(e: Economics, files: { survey: string; customers: string }) {
  return {
    survey: files.survey,
    customers: files.customers,
    as_of: e.asOf,
    discount: e.discount,
    churn_drop: e.churnDrop,
    totals: { customers: e.totals.customers, lifetime_value: e.totals.lifetimeValue, stake: e.totals.stake },
    findings: e.messages.map((m) => ({ code: m.code, text: renderEconomicsMessage(m) })),
  };
}
