// The point under the pointer among many: a uniform grid over the points' data coordinates, built
// once per layer, so a hover looks at the few cells around the pointer instead of every point (a
// scan of a million points took about 3 ms a move; the budget is 1 ms). The answer is the scan's:
// the nearest point within `maxPx` screen pixels, the lowest index on a tie, -1 when none.
import type { Affine } from './zoom.ts';

export interface PointGrid {
  xy: Float32Array;
  x0: number;
  y0: number;
  /** Cell size in data units, per axis (> 0). */
  cw: number;
  ch: number;
  /** Cells per side. */
  g: number;
  /** Points of cell c are order[start[c] .. start[c + 1]). */
  start: Int32Array;
  order: Int32Array;
}

/** The grid of the placed points of `xy` (x, y pairs; NaN = not placed), about 4 points a cell. */
export function pointGrid(xy: Float32Array): PointGrid {
  const n = xy.length / 2;
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i],
      y = xy[2 * i + 1];
    if (x !== x || y !== y) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const g = Math.max(1, Math.min(1024, Math.round(Math.sqrt(n / 4))));
  const placed = x1 >= x0;
  const cw = placed && x1 > x0 ? (x1 - x0) / g : 1,
    ch = placed && y1 > y0 ? (y1 - y0) / g : 1;
  const grid: PointGrid = { xy, x0: placed ? x0 : 0, y0: placed ? y0 : 0, cw, ch, g, start: new Int32Array(g * g + 1), order: new Int32Array(n) };
  // Counting sort of the points by cell.
  const cellOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = cell(grid, xy[2 * i], xy[2 * i + 1]);
    if (c < 0) continue;
    cellOf[i] = c;
    grid.start[c + 1]++;
  }
  for (let c = 0; c < g * g; c++) grid.start[c + 1] += grid.start[c];
  const fill = grid.start.slice(0, g * g);
  for (let i = 0; i < n; i++) if (cellOf[i] >= 0) grid.order[fill[cellOf[i]]++] = i;
  return grid;
}

function cell(grid: PointGrid, x: number, y: number): number {
  if (x !== x || y !== y) return -1;
  const cx = Math.min(grid.g - 1, Math.max(0, Math.floor((x - grid.x0) / grid.cw)));
  const cy = Math.min(grid.g - 1, Math.max(0, Math.floor((y - grid.y0) / grid.ch)));
  return cy * grid.g + cx;
}

/** The point nearest the screen position (px, py) within `maxPx` pixels under `t`, or -1 (as a scan of every point answers). */
export function nearestInGrid(grid: PointGrid, t: Affine, px: number, py: number, maxPx = 6): number {
  const { xy, g } = grid;
  if (!(t.ax !== 0 && t.ay !== 0)) return -1;
  // The pointer and the radius in data units; one cell more each way absorbs rounding at the edges.
  const dx = (px - t.bx) / t.ax,
    dy = (py - t.by) / t.ay;
  const rx = maxPx / Math.abs(t.ax),
    ry = maxPx / Math.abs(t.ay);
  const lo = (v: number, o: number, s: number) => Math.max(0, Math.floor((v - o) / s) - 1);
  const hi = (v: number, o: number, s: number) => Math.min(g - 1, Math.floor((v - o) / s) + 1);
  const cx0 = lo(dx - rx, grid.x0, grid.cw),
    cx1 = hi(dx + rx, grid.x0, grid.cw),
    cy0 = lo(dy - ry, grid.y0, grid.ch),
    cy1 = hi(dy + ry, grid.y0, grid.ch);
  if (!(cx0 <= cx1 && cy0 <= cy1)) return -1;
  let best = -1,
    bestD = maxPx * maxPx;
  for (let cy = cy0; cy <= cy1; cy++)
    for (let c = cy * g + cx0, end = cy * g + cx1; c <= end; c++)
      for (let j = grid.start[c]; j < grid.start[c + 1]; j++) {
        const i = grid.order[j];
        const d = (t.ax * xy[2 * i] + t.bx - px) ** 2 + (t.ay * xy[2 * i + 1] + t.by - py) ** 2;
        if (d < bestD || (d === bestD && best >= 0 && i < best)) {
          bestD = d;
          best = i;
        }
      }
  return best;
}
