/**
 * Monitor alerts (METHOD.md "Monitor"): a competitor with a significant gain in a segment in the
 * top half by market value, or in a segment we lead; our own significant losses anywhere.
 *
 * Decisions the method leaves open, made here:
 * - An alert is about a wave's change since the previous wave (the news of that wave), never the
 *   change since the first: a lasting move is told once, in the wave it happened. The alert
 *   carries the wave and the wave it is measured from.
 * - "Top half by market value": the segments ranked above the middle by pooled market value
 *   (`sum w_i spend_i` over every wave), floor(S / 2) of them (2 of 5, 3 of 6). One ranking for all
 *   waves, so that which segments count does not move with each wave's sampling noise.
 * - "A segment we lead": our share of value is the largest (ties included) in the wave before the
 *   change or in the wave itself, so a competitor taking the lead from us is caught.
 * Alerts are data (kind and figures); the words are the view's.
 */
import type { ChangeRow } from './changeTable.ts';

export type AlertKind = 'competitor-gain' | 'our-loss';

export interface WaveAlert {
  kind: AlertKind;
  wave: string;
  /** The wave the change is measured from (the previous wave). */
  since: string;
  segment: string;
  firm: string;
  change: number;
  low: number;
  high: number;
  /** Why a competitor's gain counts: its segment is in the top half by market value, we lead it, or both. Empty for our losses. */
  reasons: ('valuable' | 'we-lead')[];
  /** The segment's rank by pooled market value, 1 = most valuable. */
  marketValueRank: number;
}

/**
 * Alerts from the change table's significant changes since the previous wave. `marketValue` is the
 * pooled market value per segment label; `us` our firm (no alerts without one). Order: wave, then
 * our losses before competitors' gains, then the size of the change (largest first).
 */
export function waveAlerts(rows: ChangeRow[], us: string | null, marketValue: Map<string, number>): WaveAlert[] {
  if (us === null) return [];
  const ranked = [...marketValue.entries()].sort((a, b) => b[1] - a[1]).map(([segment]) => segment);
  const rank = new Map(ranked.map((s, k) => [s, k + 1]));
  const valuable = new Set(ranked.slice(0, Math.floor(ranked.length / 2)));
  const waves = [...new Set(rows.map((r) => r.wave))];
  const cell = new Map(rows.map((r) => [`${r.wave}\u0000${r.segment}\u0000${r.firm}`, r]));
  const leads = (wave: string, segment: string) => {
    const ours = cell.get(`${wave}\u0000${segment}\u0000${us}`)?.shareOfValue;
    if (ours === undefined || !Number.isFinite(ours)) return false;
    return rows.every((r) => r.wave !== wave || r.segment !== segment || !(r.shareOfValue > ours));
  };
  const alerts: WaveAlert[] = [];
  for (const r of rows) {
    if (!r.significantPrev) continue;
    const w = waves.indexOf(r.wave);
    const since = waves[w - 1];
    const base = { wave: r.wave, since, segment: r.segment, firm: r.firm, change: r.changePrev, low: r.changePrevLow, high: r.changePrevHigh, marketValueRank: rank.get(r.segment) ?? NaN };
    if (r.firm === us) {
      if (r.changePrev < 0) alerts.push({ kind: 'our-loss', ...base, reasons: [] });
      continue;
    }
    if (!(r.changePrev > 0)) continue;
    const reasons: WaveAlert['reasons'] = [];
    if (valuable.has(r.segment)) reasons.push('valuable');
    if (leads(since, r.segment) || leads(r.wave, r.segment)) reasons.push('we-lead');
    if (reasons.length) alerts.push({ kind: 'competitor-gain', ...base, reasons });
  }
  return alerts.sort((a, b) => waves.indexOf(a.wave) - waves.indexOf(b.wave) || (a.kind === b.kind ? 0 : a.kind === 'our-loss' ? -1 : 1) || Math.abs(b.change) - Math.abs(a.change));
}
