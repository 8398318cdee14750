import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { countInView, countPlaced, edgeArrow, quantileBox } from '../../../src/lib/viewport.ts';
import { affineOf } from '../../../src/core/map/zoom.ts';
import { expectClose } from '../helpers.ts';

describe('countInView(xy, affine, width, height)', () => {
  it('counts the placed points the transform puts inside the frame (hand case)', () => {
    const xy = new Float32Array([0, 0, 5, 5, 10, 10, 11, 0, NaN, NaN, -1, 3]);
    expect(countInView(xy, { ax: 1, bx: 0, ay: 1, by: 0 }, 10, 10)).toBe(3);
    // Zoomed 2x about the origin: (5, 5) and (10, 10) leave the frame.
    expect(countInView(xy, { ax: 2, bx: 0, ay: 2, by: 0 }, 10, 10)).toBe(2);
    // Panned far away: none.
    expect(countInView(xy, { ax: 1, bx: 1000, ay: 1, by: 0 }, 10, 10)).toBe(0);
  });

  it('agrees with placing each point through base and zoom one by one (property, seeded)', () => {
    const base = (x: number, y: number): [number, number] => [400 + 100 * x, 300 - 100 * y];
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 60 }),
        fc.record({ k: fc.double({ min: 0.4, max: 24, noNaN: true }), x: fc.double({ min: -2000, max: 2000, noNaN: true }), y: fc.double({ min: -2000, max: 2000, noNaN: true }) }),
        (coords, z) => {
          const xy = Float64Array.from(coords.length % 2 ? coords.slice(1) : coords);
          let n = 0;
          for (let i = 0; i < xy.length; i += 2) {
            const [px, py] = base(xy[i], xy[i + 1]);
            const sx = px * z.k + z.x,
              sy = py * z.k + z.y;
            if (sx >= -1e-6 && sx <= 800 + 1e-6 && sy >= -1e-6 && sy <= 600 + 1e-6) n++;
          }
          // Points within rounding of the edge may fall either side.
          expect(Math.abs(countInView(xy, affineOf(base, z), 800, 600) - n)).toBeLessThanOrEqual(1);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe('countPlaced(xy)', () => {
  it('counts the points with both coordinates finite', () => {
    expect(countPlaced(new Float32Array([0, 0, NaN, NaN, 1, NaN, 2, 2]))).toBe(2);
    expect(countPlaced([])).toBe(0);
  });
});

describe('quantileBox(xy, q)', () => {
  it('takes the q and 1 - q quantiles of each axis, ignoring unplaced points (R quantile type 7)', () => {
    // x = 0..10, y = 0, 10, ..., 100; quantile(0:10, 0.1) = 1 in R.
    const xy: number[] = [];
    for (let i = 0; i <= 10; i++) xy.push(i, 10 * i);
    xy.push(NaN, NaN);
    expect(quantileBox(xy, 0.1)).toEqual({ x0: 1, y0: 10, x1: 9, y1: 90 });
    expect(quantileBox(xy, 0)).toEqual({ x0: 0, y0: 0, x1: 10, y1: 100 });
    const m = quantileBox(xy, 0.5)!;
    expect([m.x0, m.x1, m.y0, m.y1]).toEqual([5, 5, 50, 50]);
  });

  it('is null when no point is placed', () => {
    expect(quantileBox(new Float32Array([NaN, NaN]))).toBeNull();
    expect(quantileBox([])).toBeNull();
  });
});

describe('edgeArrow(target, width, height, inset)', () => {
  it('is null for a target inside the frame', () => {
    expect(edgeArrow({ x: 10, y: 590 }, 800, 600)).toBeNull();
  });

  it('sits inset from the edge on the line from the centre towards the target', () => {
    const right = edgeArrow({ x: 5000, y: 300 }, 800, 600, 20)!;
    expect(right).toEqual({ x: 780, y: 300, angle: 0 });
    const up = edgeArrow({ x: 400, y: -900 }, 800, 600, 20)!;
    expect(up).toEqual({ x: 400, y: 20, angle: -90 });
    // A corner target: the arrow meets the nearer edge first, on the line through the centre.
    const corner = edgeArrow({ x: -400, y: 900 }, 800, 600, 20)!;
    expectClose(corner.y, 580, 1e-9);
    expectClose((corner.x - 400) / (corner.y - 300), (-400 - 400) / (900 - 300), 1e-9);
    expectClose(corner.angle, (Math.atan2(600, -800) * 180) / Math.PI, 1e-9);
  });
});
