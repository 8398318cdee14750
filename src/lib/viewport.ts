import type { Affine, Box } from '../core/map/zoom.ts';

/**
 * What of a level is on screen, from the zoom transform alone: so the map can say where its
 * points went when none is in view, and a browser test can count them without reading pixels.
 */

/** How many points of `xy` (x, y per point; NaN = not placed) the affine map puts inside the frame [0, width] × [0, height]. */
export function countInView(xy: ArrayLike<number>, t: Affine, width: number, height: number): number {
  let n = 0;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const x = t.ax * xy[i] + t.bx,
      y = t.ay * xy[i + 1] + t.by;
    if (x >= 0 && x <= width && y >= 0 && y <= height) n++;
  }
  return n;
}

/** How many points of `xy` are placed (both coordinates finite). */
export function countPlaced(xy: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i + 1 < xy.length; i += 2) if (Number.isFinite(xy[i]) && Number.isFinite(xy[i + 1])) n++;
  return n;
}

/** Linear interpolation between order statistics, R's `quantile(type = 7)`; `sorted` ascending, not empty. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/**
 * The box from the q-th to the (1 - q)-th quantile of x and of y over the placed points of `xy`
 * (data units): the bulk of a cloud, without the few stray points that would shrink a frame fitted
 * to all of them. q in [0, 0.5]: 0 is the full extent, 0.5 the coordinate-wise median (a point).
 * Null when no point is placed.
 */
export function quantileBox(xy: ArrayLike<number>, q = 0.02): Box | null {
  const xs: number[] = [],
    ys: number[] = [];
  for (let i = 0; i + 1 < xy.length; i += 2)
    if (Number.isFinite(xy[i]) && Number.isFinite(xy[i + 1])) {
      xs.push(xy[i]);
      ys.push(xy[i + 1]);
    }
  if (!xs.length) return null;
  const sx = Float64Array.from(xs).sort(),
    sy = Float64Array.from(ys).sort();
  return { x0: quantile(sx, q), y0: quantile(sy, q), x1: quantile(sx, 1 - q), y1: quantile(sy, 1 - q) };
}

/**
 * Where to draw an arrow pointing at an off-screen target: on the line from the frame's centre to
 * the target, `inset` pixels inside the frame's edge, with the direction in degrees (0 = right,
 * 90 = down, as on screen). Null when the target is inside the frame.
 */
export function edgeArrow(target: { x: number; y: number }, width: number, height: number, inset = 28): { x: number; y: number; angle: number } | null {
  if (target.x >= 0 && target.x <= width && target.y >= 0 && target.y <= height) return null;
  const cx = width / 2,
    cy = height / 2;
  const dx = target.x - cx,
    dy = target.y - cy;
  const t = Math.min(dx ? Math.max(0, cx - inset) / Math.abs(dx) : Infinity, dy ? Math.max(0, cy - inset) / Math.abs(dy) : Infinity);
  return { x: cx + dx * t, y: cy + dy * t, angle: (Math.atan2(dy, dx) * 180) / Math.PI };
}
