/**
 * Seeded generated markets for the map-quality benchmark: segment x firm share-of-value tables with
 * a known structure. Firms and segments get positions in a latent 2D "needs" space; a segment's
 * utility for a firm falls with their latent distance and rises with the firm's overall strength;
 * shares are a softmax of utility x leader strength (weak leaders: flat shares; strong: one firm
 * dominates), with noise, and in some segments the runner-up is pulled to a near tie with the leader
 * (within 0.2 to 2 points of share).
 */
import { normal, rng } from '../../src/core/random.ts';

export interface Market {
  name: string;
  firms: string[];
  segments: string[];
  /** `sov[s * F + f]`, rows sum to 1. */
  sov: Float64Array;
}

export function generateMarket(seed: number): Market {
  const r = rng(seed * 7919 + 17);
  const F = 3 + Math.floor(r() * 10); // 3..12
  const S = 3 + Math.floor(r() * 13); // 3..15
  const leader = [0.8, 2, 4, 8][Math.floor(r() * 4)]; // weak .. strong leaders
  const noise = [0.05, 0.2, 0.5][Math.floor(r() * 3)];
  const tieShare = r() * 0.4; // share of segments with a near tie
  const fp = Array.from({ length: F }, () => [normal(r), normal(r)]);
  const strength = Array.from({ length: F }, () => normal(r, 0, 0.5));
  const sov = new Float64Array(S * F);
  for (let s = 0; s < S; s++) {
    const sp = [normal(r), normal(r)];
    const u = fp.map((p, f) => -Math.hypot(p[0] - sp[0], p[1] - sp[1]) + strength[f] + normal(r, 0, noise));
    const e = u.map((v) => Math.exp(leader * v));
    const z = e.reduce((a, b) => a + b, 0);
    const row = e.map((v) => v / z);
    if (r() < tieShare && F >= 2) {
      // Pull the runner-up to within 0.2-2 points of the leader (moving the share from the others).
      const order = row.map((_, f) => f).sort((a, b) => row[b] - row[a]);
      const [a, b] = order;
      const gap = 0.002 + r() * 0.018;
      const target = row[a] - gap;
      const need = target - row[b];
      if (need > 0) {
        const rest = order.slice(2).reduce((t, f) => t + row[f], 0);
        if (rest > need) {
          for (const f of order.slice(2)) row[f] *= 1 - need / rest;
          row[b] = target;
        }
      }
    }
    for (let f = 0; f < F; f++) sov[s * F + f] = row[f];
  }
  return {
    name: `generated ${seed}`,
    firms: Array.from({ length: F }, (_, f) => `F${f + 1}`),
    segments: Array.from({ length: S }, (_, s) => `S${s + 1}`),
    sov,
  };
}

/**
 * A rectangular data set of `../shared/mds-data/deltas` (rows = respondents or groups as segments,
 * columns = objects as firms, smaller = preferred) as a strength table: 1 - delta / max delta, so
 * 1 - strength is delta scaled to (0, 1] and the most preferred object is the "strongest firm".
 */
export function marketFromDeltas(name: string, csv: string): Market {
  const lines = csv.trim().split(/\r?\n/);
  const head = lines[0].split(',').slice(1).map((h) => h.replace(/^"|"$/g, ''));
  const rows = lines.slice(1).map((l) => l.split(','));
  const values = rows.map((c) => c.slice(1).map(Number));
  let max = 0;
  for (const row of values) for (const v of row) if (v > max) max = v;
  const F = head.length;
  const sov = new Float64Array(rows.length * F);
  values.forEach((row, s) => row.forEach((v, f) => (sov[s * F + f] = 1 - v / max)));
  return { name, firms: head, segments: rows.map((c) => c[0].replace(/^"|"$/g, '')), sov };
}
