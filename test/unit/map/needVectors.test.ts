import { describe, it, expect } from 'vitest';
import { needVectors } from '../../../src/core/map/needVectors.ts';
import { expectClose } from '../helpers.ts';

describe('needVectors(needs, firmCoords, performance)', () => {
  it('points along the gradient of a need that rises exactly with x, with R = 1', () => {
    const coords = Float64Array.from([0, 0, 1, 0, 0, 1, 1, 1]);
    // need "quality" = 0.2 + 0.5 x; need "price" = 0.9 - 0.3 y; performance[f * 2 + n].
    const perf = Float64Array.from([0.2, 0.9, 0.7, 0.9, 0.2, 0.6, 0.7, 0.6]);
    const [q, p] = needVectors(['quality', 'price'], coords, perf);
    expectClose(q.dx, 1);
    expectClose(q.dy, 0);
    expectClose(q.r, 1);
    expectClose(p.dx, 0);
    expectClose(p.dy, -1);
    expectClose(p.r, 1);
  });

  it('gives R below 1 when a direction explains a need only in part, and skips needs with too few firms', () => {
    const coords = Float64Array.from([0, 0, 1, 0, 0, 1, 1, 1]);
    const perf = Float64Array.from([0.1, NaN, 0.9, NaN, 0.8, 0.5, 0.2, NaN]);
    const v = needVectors(['a', 'b'], coords, perf);
    expect(v).toHaveLength(1);
    expect(v[0].r).toBeGreaterThan(0);
    expect(v[0].r).toBeLessThan(1);
  });
});
