import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { lengthInside, placeLabels, totalOverlap } from '../../../src/core/map/labels.ts';
import { applyZoom, fitFrame, invertZoom } from '../../../src/core/map/zoom.ts';

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

describe('placeLabels(items, frame, {lines})', () => {
  it('moves a label off a line that runs through its first choice (right of the point)', () => {
    const item = { x: 200, y: 200, r: 6, width: 60, height: 16 };
    const [free] = placeLabels([item], { width: 800, height: 600 });
    expect(free.x).toBeGreaterThan(item.x); // right of the point when nothing is in the way
    const arrow = { x1: 200, y1: 200, x2: 320, y2: 200 };
    const [b] = placeLabels([item], { width: 800, height: 600 }, { lines: [arrow] });
    expect(lengthInside(b, arrow)).toBe(0);
  });

  it('keeps need labels off point labels and off every arrow, on the crowded case of a star of arrows', () => {
    const lines = Array.from({ length: 8 }, (_, k) => ({ x1: 400, y1: 300, x2: 400 + 120 * Math.cos(k / 1.3), y2: 300 + 120 * Math.sin(k / 1.3) }));
    const items = lines.map((l) => ({ x: l.x2, y: l.y2, r: 3, width: 70, height: 14 }));
    const boxes = placeLabels(items, { width: 800, height: 600 }, { lines });
    expect(totalOverlap(boxes)).toBe(0);
    for (const b of boxes) for (const l of lines) expect(lengthInside(b, l)).toBe(0);
  });
});

describe('lengthInside(box, line)', () => {
  it('measures the clipped part of a line (hand cases)', () => {
    const box = { x: 0, y: 0, width: 10, height: 10 };
    expect(lengthInside(box, { x1: -5, y1: 5, x2: 15, y2: 5 })).toBe(10);
    expect(lengthInside(box, { x1: 5, y1: 5, x2: 8, y2: 9 })).toBe(5);
    expect(lengthInside(box, { x1: -5, y1: -5, x2: 15, y2: 15 })).toBeCloseTo(Math.SQRT2 * 10, 12);
    expect(lengthInside(box, { x1: 11, y1: -5, x2: 11, y2: 15 })).toBe(0);
    expect(lengthInside(box, { x1: 20, y1: 0, x2: 30, y2: 10 })).toBe(0);
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
