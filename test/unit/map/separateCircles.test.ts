import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { separateCircles, type Circle } from '../../../src/core/map/separateCircles.ts';
import { expectClose } from '../helpers.ts';

const clear = (out: { x: number; y: number; r: number }[], gap: number) => {
  for (let i = 0; i < out.length; i++)
    for (let j = i + 1; j < out.length; j++) expect(Math.hypot(out[j].x - out[i].x, out[j].y - out[i].y)).toBeGreaterThanOrEqual(out[i].r + out[j].r + gap - 1e-6);
};

describe('separateCircles(circles, options)', () => {
  it('leaves circles that do not overlap where they are', () => {
    const input = [
      { x: 100, y: 100, r: 20 },
      { x: 150, y: 100, r: 20 },
    ];
    expect(separateCircles(input)).toEqual([
      { x: 100, y: 100, r: 20, moved: false },
      { x: 150, y: 100, r: 20, moved: false },
    ]);
  });

  it('parts two overlapping circles symmetrically along the line joining them (hand case: 10 px apart, r 20, gap 2 → 42 px apart)', () => {
    const [a, b] = separateCircles([
      { x: 100, y: 100, r: 20 },
      { x: 110, y: 100, r: 20 },
    ]);
    expectClose(a.x, 84, 1e-9);
    expectClose(b.x, 126, 1e-9);
    expect(a.y).toBe(100);
    expect(b.y).toBe(100);
    expect([a.moved, b.moved, a.r, b.r]).toEqual([true, true, 20, 20]);
  });

  it('moves only the free circle away from a fixed one', () => {
    const [fixed, free] = separateCircles([
      { x: 0, y: 0, r: 10, fixed: true },
      { x: 0, y: 5, r: 10 },
    ]);
    expect(fixed).toEqual({ x: 0, y: 0, r: 10, moved: false });
    expectClose(free.x, 0);
    expectClose(free.y, 22);
  });

  it('parts circles drawn at exactly the same place, the same way every time', () => {
    const input = [0, 1, 2].map(() => ({ x: 300, y: 200, r: 15 }));
    const out = separateCircles(input);
    clear(out, 2);
    expect(separateCircles(input)).toEqual(out);
  });

  it('shrinks circles it may not move far enough, never below minScale', () => {
    const [a, b] = separateCircles(
      [
        { x: 100, y: 100, r: 20 },
        { x: 130, y: 100, r: 20 },
      ],
      { maxShift: 0 },
    );
    expect([a.x, b.x, a.moved, b.moved]).toEqual([100, 130, false, false]);
    expect(a.r).toBeLessThan(20);
    expect(a.r + b.r + 2).toBeLessThanOrEqual(30 + 1e-9);
    const [c] = separateCircles(
      [
        { x: 0, y: 0, r: 20 },
        { x: 0, y: 0, r: 20 },
      ],
      { maxShift: 0, minScale: 0.5 },
    );
    expect(c.r).toBe(10);
  });

  it('leaves no two circles overlapping when they may move freely (property, seeded)', () => {
    const circle = fc.record({ x: fc.integer({ min: 0, max: 120 }), y: fc.integer({ min: 0, max: 120 }), r: fc.integer({ min: 4, max: 25 }) });
    fc.assert(
      fc.property(fc.array(circle, { maxLength: 12 }), (cs: Circle[]) => {
        clear(separateCircles(cs, { maxShift: Infinity, minScale: 1 }), 2);
      }),
      { seed: 8, numRuns: 200 },
    );
  });

  it('never draws a circle more than maxShift from its true position, nor larger than it is (property, seeded)', () => {
    const circle = fc.record({ x: fc.integer({ min: 0, max: 80 }), y: fc.integer({ min: 0, max: 80 }), r: fc.integer({ min: 4, max: 25 }), fixed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(circle, { maxLength: 10 }), fc.integer({ min: 0, max: 40 }), (cs: Circle[], maxShift) => {
        const out = separateCircles(cs, { maxShift });
        out.forEach((o, i) => {
          expect(Math.hypot(o.x - cs[i].x, o.y - cs[i].y)).toBeLessThanOrEqual(maxShift + 1e-9);
          expect(o.r).toBeLessThanOrEqual(cs[i].r);
          expect(o.r).toBeGreaterThanOrEqual(cs[i].r * 0.4 - 1e-9);
          if (cs[i].fixed) expect(o).toEqual({ x: cs[i].x, y: cs[i].y, r: cs[i].r, moved: false });
        });
      }),
      { seed: 9, numRuns: 200 },
    );
  });
});
