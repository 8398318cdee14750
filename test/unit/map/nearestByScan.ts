// The reference for the hover index (core/map/pointGrid.ts), shared by its test and the bench: every
// point scanned, the nearest within `maxPx` screen pixels (the first on a tie), or -1. It is what the
// map's hover did before the index.
import type { Affine } from '../../../src/core/map/zoom.ts';

export function nearestByScan(xy: Float32Array, t: Affine, px: number, py: number, maxPx = 6): number {
  let best = -1,
    bestD = maxPx * maxPx;
  for (let i = 0; i < xy.length / 2; i++) {
    const d = (t.ax * xy[2 * i] + t.bx - px) ** 2 + (t.ay * xy[2 * i + 1] + t.by - py) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
