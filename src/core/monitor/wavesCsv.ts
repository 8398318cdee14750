import { csvLine } from '../format.ts';
import type { WavesResult } from './waves.ts';

/** The header of `waves.csv`, fixed by the CLI contract (issue 10). */
export const WAVES_HEADER =
  'wave,segment,firm,share_of_value,low,high,change_prev,change_prev_low,change_prev_high,significant_prev,change_first,change_first_low,change_first_high,significant_first';

const flag = (v: boolean | null) => (v === null ? '' : v ? '1' : '0');

/**
 * `waves.csv`: one row per wave, segment and firm, waves in sorted order; numbers in full
 * precision, blank where undefined (the change columns of the first wave, an absent firm);
 * significance as 0 or 1.
 */
export function wavesCsv(w: WavesResult): string {
  const lines = [WAVES_HEADER];
  for (const r of w.rows)
    lines.push(
      csvLine([
        r.wave,
        r.segment,
        r.firm,
        r.shareOfValue,
        r.low,
        r.high,
        r.changePrev,
        r.changePrevLow,
        r.changePrevHigh,
        flag(r.significantPrev),
        r.changeFirst,
        r.changeFirstLow,
        r.changeFirstHigh,
        flag(r.significantFirst),
      ]),
    );
  return lines.join('\n') + '\n';
}

const num = (v: number) => (Number.isFinite(v) ? v : null);

/** `maps.json`: the beta and each wave's aligned map with its congruence (null when not aligned). */
export function mapsJson(w: WavesResult): { beta: number; waves: { wave: string; congruence: number | null; points: { kind: string; label: string; x: number; y: number }[] }[] } {
  return {
    beta: w.beta,
    waves: w.waves.map((m) => ({ wave: m.wave, congruence: num(m.congruence), points: m.points.map(({ kind, label, x, y }) => ({ kind, label, x, y })) })),
  };
}

/** `alerts.json`: every alert with its change and interval. */
export function alertsJson(w: WavesResult): { kind: string; wave: string; segment: string; firm: string; change: number; low: number; high: number }[] {
  return w.alerts.map(({ kind, wave, segment, firm, change, low, high }) => ({ kind, wave, segment, firm, change, low, high }));
}
