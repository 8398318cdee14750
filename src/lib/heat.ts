import { interpolateBlues, interpolatePuOr } from 'd3-scale-chromatic';

import type { ComparedMetric } from '../core/measure/compare.ts';

/** The figures of the Measure view's heat map (the ones two measurements are compared on). */
export type Metric = ComparedMetric;
export const METRICS: Metric[] = ['shareOfValue', 'relativeValue', 'familiarityRate', 'shareOfWallet'];

/**
 * Cell colours for a heat map: shares run light to dark blue from 0 to the table's largest;
 * relative value diverges around 1 (the segment's average firm), orange below, purple above.
 */
export function heatColour(metric: Metric, v: number, max: number, spread: number): { bg: string; fg: string } {
  if (!Number.isFinite(v)) return { bg: 'transparent', fg: 'inherit' };
  let t: number;
  let bg: string;
  if (metric === 'relativeValue') {
    t = 0.5 + (spread > 0 ? Math.max(-1, Math.min(1, (v - 1) / spread)) / 2 : 0);
    bg = interpolatePuOr(1 - t);
    const dark = Math.abs(t - 0.5) > 0.32;
    return { bg, fg: dark ? '#fff' : '#1a1a1a' };
  }
  t = max > 0 ? Math.max(0, Math.min(1, v / max)) : 0;
  bg = interpolateBlues(0.05 + 0.85 * t);
  return { bg, fg: t > 0.55 ? '#fff' : '#1a1a1a' };
}
