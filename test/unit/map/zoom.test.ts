import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { affineOf, applyZoom, blitBetween, boxOf, frameBox, invertZoom, zoomAbout, ZOOM_EXTENT } from '../../../src/core/map/zoom.ts';
import { expectClose } from '../helpers.ts';

describe('frameBox(box, width, height, options)', () => {
  it('centres the box and fits its longer side inside the padding (hand case)', () => {
    // A 100 x 50 box in a 600 x 400 frame with 50 px padding: k = min(500/100, 300/50) = 5.
    const z = frameBox({ x0: 10, y0: 20, x1: 110, y1: 70 }, 600, 400, { padding: 50 });
    expect(z.k).toBe(5);
    expect(applyZoom(z, [60, 45])).toEqual([300, 200]);
    expect(applyZoom(z, [10, 20])).toEqual([50, 75]);
  });

  it('clamps the scale to [minK, maxK] and still centres the box', () => {
    const z = frameBox({ x0: 0, y0: 0, x1: 10, y1: 10 }, 800, 600, { minK: 1, maxK: 3 });
    expect(z.k).toBe(3);
    expect(applyZoom(z, [5, 5])).toEqual([400, 300]);
    const wide = frameBox({ x0: 0, y0: 0, x1: 5000, y1: 10 }, 800, 600);
    expect(wide.k).toBe(ZOOM_EXTENT[0]);
  });

  it('puts every corner of the box inside the frame whenever the scale is not clamped (property, seeded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 20, max: 1500 }), fc.integer({ min: 20, max: 1500 }), (x0, y0, w, h) => {
        const box = { x0, y0, x1: x0 + w, y1: y0 + h };
        const z = frameBox(box, 900, 620, { padding: 40 });
        if (z.k === ZOOM_EXTENT[0] || z.k === ZOOM_EXTENT[1]) return;
        for (const c of [
          [box.x0, box.y0],
          [box.x1, box.y1],
        ] as [number, number][]) {
          const [sx, sy] = applyZoom(z, c);
          expect(sx).toBeGreaterThanOrEqual(40 - 1e-6);
          expect(sx).toBeLessThanOrEqual(860 + 1e-6);
          expect(sy).toBeGreaterThanOrEqual(40 - 1e-6);
          expect(sy).toBeLessThanOrEqual(580 + 1e-6);
        }
      }),
      { seed: 3, numRuns: 200 },
    );
  });
});

describe('zoomAbout(t, factor, about, extent)', () => {
  it('keeps the point it zooms about where it was on screen, and multiplies the scale', () => {
    const t = { k: 1.5, x: -30, y: 12 };
    const about: [number, number] = [420, 260];
    const z = zoomAbout(t, 2, about);
    expect(z.k).toBe(3);
    const [x, y] = applyZoom(z, invertZoom(t, about));
    expectClose(x, 420, 1e-9);
    expectClose(y, 260, 1e-9);
  });

  it('stops at the ends of the extent', () => {
    expect(zoomAbout({ k: 20, x: 0, y: 0 }, 2, [0, 0]).k).toBe(ZOOM_EXTENT[1]);
    expect(zoomAbout({ k: 0.5, x: 0, y: 0 }, 0.5, [0, 0], [0.4, 24]).k).toBe(0.4);
  });
});

describe('boxOf(points, f)', () => {
  it('bounds the mapped points and skips those that map to no finite place', () => {
    const flip = (x: number, y: number): [number, number] => [2 * x, -y];
    expect(boxOf([{ x: 1, y: 2 }, { x: -1, y: 5 }, { x: NaN, y: 0 }], flip)).toEqual({ x0: -2, y0: -5, x1: 2, y1: -2 });
    expect(boxOf([])).toBeNull();
  });

  it('is exact on a single point', () => {
    const b = boxOf([{ x: 3, y: 4 }])!;
    expectClose(b.x1 - b.x0, 0);
    expect(b).toEqual({ x0: 3, y0: 4, x1: 3, y1: 4 });
  });
});

describe('blitBetween(from, to)', () => {
  // The map's base: data [-1, 1] into a 800 x 600 frame with y up, as the map draws it.
  const base = (x: number, y: number): [number, number] => [400 + 300 * x, 300 - 250 * y];

  it('moves a point drawn under one zoom onto where the other zoom draws it', () => {
    const zoom = fc.record({ k: fc.double({ min: 0.3, max: 40, noNaN: true }), x: fc.double({ min: -2000, max: 2000, noNaN: true }), y: fc.double({ min: -2000, max: 2000, noNaN: true }) });
    const point = fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }));
    fc.assert(
      fc.property(zoom, zoom, point, (z1, z2, [x, y]) => {
        const from = affineOf(base, z1),
          to = affineOf(base, z2);
        const b = blitBetween(from, to);
        const drawn = [from.ax * x + from.bx, from.ay * y + from.by];
        const want = applyZoom(z2, base(x, y));
        expect(b.sx * drawn[0] + b.dx).toBeCloseTo(want[0], 6);
        expect(b.sy * drawn[1] + b.dy).toBeCloseTo(want[1], 6);
      }),
    );
  });

  it('is the identity between equal zooms, a pure shift for a pan and a scale of k2/k1 for a zoom', () => {
    const a = affineOf(base, { k: 2, x: 10, y: -5 });
    expect(blitBetween(a, a)).toEqual({ sx: 1, dx: 0, sy: 1, dy: 0 });
    const pan = blitBetween(a, affineOf(base, { k: 2, x: 40, y: 15 }));
    [pan.sx, pan.dx, pan.sy, pan.dy].forEach((v, i) => expectClose(v, [1, 30, 1, 20][i]));
    const zoomed = blitBetween(affineOf(base, { k: 1, x: 0, y: 0 }), affineOf(base, { k: 3, x: 0, y: 0 }));
    [zoomed.sx, zoomed.dx, zoomed.sy, zoomed.dy].forEach((v, i) => expectClose(v, [3, 0, 3, 0][i]));
  });
});
