import { csvLine } from '../core/format.ts';
import { TIER_LABELS } from '../core/database/tiers.ts';
import { rng } from '../core/random.ts';
import type { CustomerSample } from '../workers/dbProtocol.ts';

export interface CustomerPoints {
  /** Data coordinates, `xy[2i]`, `xy[2i + 1]`. */
  xy: Float32Array;
  /** Dot radius in CSS pixels by revenue: 4 for the top 1%, 3 to the 90th percentile, 2 above the median, else 1. */
  radii: Uint8Array;
  /** Customers placed at their own survey respondent's position. */
  linked: number;
}

/**
 * Our customers on the market map: each at the mean of its segments' positions weighted by its
 * membership probabilities (so uncertain customers sit between segments), with a little seeded
 * scatter (3% of the map's half-width) so that customers of one profile do not share a pixel; a
 * customer linked to a survey respondent sits where that respondent's answers place it.
 */
export function customerPoints(
  sample: Pick<CustomerSample, 'prob' | 'revenue' | 'respondents'>,
  segmentXy: { x: number; y: number }[],
  halfWidth: number,
  respondent?: { row: (id: string) => number | undefined; xy: ArrayLike<number> },
): CustomerPoints {
  const K = segmentXy.length;
  const n = sample.revenue.length;
  const xy = new Float32Array(n * 2);
  const r = rng(11);
  const jitter = halfWidth * 0.03;
  const order = [...sample.revenue].filter(Number.isFinite).sort((a, b) => a - b);
  const q = (v: number) => order[Math.min(order.length - 1, Math.floor(v * order.length))];
  const [q50, q90, q99] = [q(0.5), q(0.9), q(0.99)];
  const radii = new Uint8Array(n);
  let linked = 0;
  for (let i = 0; i < n; i++) {
    let x = 0,
      y = 0;
    for (let k = 0; k < K; k++) {
      x += sample.prob[i * K + k] * segmentXy[k].x;
      y += sample.prob[i * K + k] * segmentXy[k].y;
    }
    const a = r() * 2 * Math.PI,
      d = Math.sqrt(r()) * jitter;
    xy[2 * i] = x + Math.cos(a) * d;
    xy[2 * i + 1] = y + Math.sin(a) * d;
    const row = sample.respondents[i] && respondent ? respondent.row(sample.respondents[i]) : undefined;
    if (row !== undefined && Number.isFinite(respondent!.xy[2 * row])) {
      xy[2 * i] = respondent!.xy[2 * row];
      xy[2 * i + 1] = respondent!.xy[2 * row + 1];
      linked++;
    }
    const v = sample.revenue[i];
    radii[i] = v >= q99 ? 4 : v >= q90 ? 3 : v >= q50 ? 2 : 1;
  }
  return { xy, radii, linked };
}

type Affine = { ax: number; bx: number; ay: number; by: number };

/** Points inside a screen box (corners in any order). */
export function pointsInBox(xy: Float32Array, t: Affine, b: { x0: number; y0: number; x1: number; y1: number }): number[] {
  const [xa, xb] = [Math.min(b.x0, b.x1), Math.max(b.x0, b.x1)];
  const [ya, yb] = [Math.min(b.y0, b.y1), Math.max(b.y0, b.y1)];
  const out: number[] = [];
  for (let i = 0; i < xy.length / 2; i++) {
    const sx = t.ax * xy[2 * i] + t.bx,
      sy = t.ay * xy[2 * i + 1] + t.by;
    if (sx >= xa && sx <= xb && sy >= ya && sy <= yb) out.push(i);
  }
  return out;
}

/**
 * The selected customers as a campaign list (formula-safe CSV): id, revenue, tier, most likely
 * segment and its probability, and the points scheme's score when the customers were scored.
 */
export function selectionCsv(
  sample: Pick<CustomerSample, 'ids' | 'revenue' | 'prob'> & { tier: ArrayLike<number>; segments: string[]; points?: ArrayLike<number> },
  selection: number[],
): string {
  const K = sample.segments.length;
  const scored = !!sample.points && Array.from(sample.points).some(Number.isFinite);
  const lines = [csvLine(['customer_id', 'revenue_12m', 'value_tier', 'most_likely_segment', 'probability', ...(scored ? ['points'] : [])])];
  for (const i of selection) {
    let k = 0;
    for (let j = 1; j < K; j++) if (sample.prob[i * K + j] > sample.prob[i * K + k]) k = j;
    lines.push(csvLine([sample.ids[i], sample.revenue[i], TIER_LABELS[sample.tier[i]] ?? '', sample.segments[k], sample.prob[i * K + k], ...(scored ? [sample.points![i]] : [])]));
  }
  return lines.join('\n') + '\n';
}
