// The hover index answers what a scan of every point answers (the map's hover before the index),
// for any points, zoom, flip and pointer, ties and unplaced points included.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestInGrid, pointGrid } from '../../../src/core/map/pointGrid.ts';
import { nearestByScan as nearestPoint } from './nearestByScan.ts';

describe('pointGrid: the point under the pointer', () => {
  it('is the nearest within the radius, as the full scan finds it (property)', () => {
    const coord = fc.oneof(fc.double({ min: -5, max: 5, noNaN: true }), fc.constantFrom(0, 1, -1, 0.5, NaN));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coord, coord), { minLength: 0, maxLength: 300 }),
        fc.record({ ax: fc.double({ min: 1, max: 5000, noNaN: true }), bx: fc.double({ min: -500, max: 1500, noNaN: true }), ay: fc.double({ min: -5000, max: -1, noNaN: true }), by: fc.double({ min: -500, max: 1500, noNaN: true }) }),
        fc.array(fc.tuple(fc.double({ min: -200, max: 1600, noNaN: true }), fc.double({ min: -200, max: 1100, noNaN: true })), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 40 }),
        (pts, t, pointers, maxPx) => {
          const xy = Float32Array.from(pts.flat());
          const grid = pointGrid(xy);
          for (const [px, py] of pointers) expect(nearestInGrid(grid, t, px, py, maxPx)).toBe(nearestPoint(xy, t, px, py, maxPx));
        },
      ),
      { numRuns: 300, seed: 20261202 },
    );
  });

  it('finds a point under the pointer among many, and the lowest index of points drawn on one spot', () => {
    const xy = new Float32Array(2 * 10_000);
    for (let i = 0; i < 10_000; i++) {
      xy[2 * i] = (i % 100) / 10;
      xy[2 * i + 1] = Math.floor(i / 100) / 10;
    }
    xy.set([5, 5], 2 * 9_999); // the last point on top of point 5050 (x 5, y 5)
    const t = { ax: 80, bx: 0, ay: -80, by: 900 };
    const grid = pointGrid(xy);
    expect(nearestInGrid(grid, t, 5 * 80 + 1, 900 - 5 * 80, 6)).toBe(5050);
    // Points are 8 px apart: half-way between four of them, none is within 3 px.
    expect(nearestInGrid(grid, t, 5 * 80 + 4, 900 - 5 * 80 - 4, 3)).toBe(-1);
    expect(nearestPoint(xy, t, 5 * 80 + 4, 900 - 5 * 80 - 4, 3)).toBe(-1);
    expect(nearestInGrid(pointGrid(new Float32Array(0)), t, 0, 0)).toBe(-1);
  });
});
