import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { placeLabels, totalOverlap } from '../../../src/lib/labels.ts';
import { applyZoom, fitFrame, invertZoom } from '../../../src/lib/zoom.ts';

describe('placeLabels(items, frame)', () => {
  it('keeps every label inside the frame', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ x: fc.integer({ min: 0, max: 800 }), y: fc.integer({ min: 0, max: 600 }), w: fc.integer({ min: 20, max: 120 }) }), { maxLength: 30 }), (pts) => {
        const boxes = placeLabels(pts.map((p) => ({ x: p.x, y: p.y, r: 6, width: p.w, height: 16 })), { width: 800, height: 600 });
        for (const b of boxes) {
          expect(b.x).toBeGreaterThanOrEqual(0);
          expect(b.y).toBeGreaterThanOrEqual(0);
          expect(b.x + b.width).toBeLessThanOrEqual(800);
          expect(b.y + b.height).toBeLessThanOrEqual(600);
        }
      }),
      { seed: 11, numRuns: 100 },
    );
  });

  it('separates labels of ten points clustered in a small area, which naive right-hand labels would overlap', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ x: 300 + (i % 5) * 30, y: 300 + Math.floor(i / 5) * 40, r: 6, width: 60, height: 16 }));
    const naive = items.map((it) => ({ x: it.x + 9, y: it.y - 8, width: it.width, height: it.height }));
    expect(totalOverlap(naive)).toBeGreaterThan(0);
    expect(totalOverlap(placeLabels(items, { width: 800, height: 600 }))).toBe(0);
  });

  it('keeps a pinned label where the user dragged it', () => {
    const [b] = placeLabels([{ x: 100, y: 100, r: 5, width: 40, height: 14, pinned: { dx: 30, dy: -50 } }], { width: 800, height: 600 });
    expect(b).toEqual({ x: 130, y: 50, width: 40, height: 14 });
  });
});

describe('zoom helpers', () => {
  it('invertZoom undoes applyZoom', () => {
    const t = { k: 2.5, x: -40, y: 13 };
    const [x, y] = invertZoom(t, applyZoom(t, [17, -3]));
    expect(x).toBeCloseTo(17, 12);
    expect(y).toBeCloseTo(-3, 12);
  });

  it('fitFrame keeps equal scales on both axes, centres the points and turns y up', () => {
    const f = fitFrame([{ x: 0, y: 0 }, { x: 2, y: 1 }], 500, 300, 50);
    const [ax, ay] = f(0, 0);
    const [bx, by] = f(2, 1);
    expect((bx - ax) / 2).toBeCloseTo((ay - by) / 1, 9);
    expect((ax + bx) / 2).toBeCloseTo(250, 9);
    expect((ay + by) / 2).toBeCloseTo(150, 9);
    expect(by).toBeLessThan(ay);
  });
});
