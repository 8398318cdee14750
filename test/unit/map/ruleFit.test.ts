import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { repairLeaders, ruleFit, ruleObjective } from '../../../src/core/map/ruleFit.ts';
import { checkLeader, LEADER_MARGIN } from '../../../src/core/map/readingRule.ts';
import { jointDissimilarities } from '../../../src/core/map/jointMap.ts';
import { expectClose } from '../helpers.ts';

describe('repairLeaders(x, F, S, sov)', () => {
  it('moves a segment to the edge of the Apollonius disc of its leader (hand-checked: x = 0.95 / 1.95 on the line A-B)', () => {
    // Firms A (0, 0) leads, B (1, 0); the segment at (0.6, 0) is nearer B.
    // {p : |p - A| <= 0.95 |p - B|} is the disc with centre -0.95^2 / (1 - 0.95^2) and radius 0.95 / (1 - 0.95^2):
    // its rightmost point is 0.95 / 1.95 = 0.48718.
    const x = Float64Array.from([0, 0, 1, 0, 0.6, 0]);
    expect(repairLeaders(x, 2, 1, [0.6, 0.4])).toEqual([0]);
    expectClose(x[4], LEADER_MARGIN / (1 + LEADER_MARGIN), 1e-6);
    expectClose(x[5], 0, 1e-9);
    expect(checkLeader([0.6, 0.4], [0, 0, 1, 0], x[4], x[5]).ok).toBe(true);
  });

  it('leaves a segment that keeps the rule where it is', () => {
    const x = Float64Array.from([0, 0, 1, 0, 0.2, 0.3]);
    expect(repairLeaders(x, 2, 1, [0.6, 0.4])).toEqual([]);
    expect(Array.from(x)).toEqual([0, 0, 1, 0, 0.2, 0.3]);
  });

  it('always ends with rule 1 holding, for random firms, shares and starts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 18, maxLength: 18 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (F, xy, raw) => {
          const x = Float64Array.from(xy.slice(0, 2 * F + 2));
          // Distinct firm positions (coincident firms cannot be told apart by any map).
          for (let f = 0; f < F; f++) for (let g = 0; g < f; g++) if (Math.hypot(x[2 * f] - x[2 * g], x[2 * f + 1] - x[2 * g + 1]) < 1e-3) return;
          const z = raw.slice(0, F).reduce((a, b) => a + b, 0);
          const sov = raw.slice(0, F).map((v) => v / z);
          repairLeaders(x, F, 1, sov);
          expect(checkLeader(sov, x.subarray(0, 2 * F), x[2 * F], x[2 * F + 1]).ok).toBe(true);
        },
      ),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe('ruleObjective(x, problem, weights)', () => {
  it('has the gradient of its value (central differences, a hand-made 3 firm x 2 segment case with every hinge active)', () => {
    const F = 3,
      S = 2;
    const sov = Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.5, 0.3]);
    const { delta, weights } = jointDissimilarities(F, S, sov, 0.2);
    const dhat = delta.map((v) => (Number.isFinite(v) ? v : 0));
    // Segments drawn near their weakest firms, so that the leader and order hinges are all open.
    const x = Float64Array.from([0, 0, 1, 0, 0, 1, 0.1, 0.9, 0.9, 0.2]);
    const w = { leader: 10, row: 1, column: 1.5 };
    const o = ruleObjective(x, { F, S, sov, dhat, weights }, w);
    expect(o.value).toBeGreaterThan(0);
    const h = 1e-6;
    for (let k = 0; k < x.length; k++) {
      const a = x.slice(),
        b = x.slice();
      a[k] += h;
      b[k] -= h;
      const num = (ruleObjective(a, { F, S, sov, dhat, weights }, w).value - ruleObjective(b, { F, S, sov, dhat, weights }, w).value) / (2 * h);
      expectClose(o.gradient[k], num, 1e-5);
    }
  });
});

describe('ruleFit(coords, problem)', () => {
  it('with the firms held moves only the segments, and ends with rule 1 holding', () => {
    const F = 3,
      S = 2;
    const sov = Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.5, 0.3]);
    const { delta, weights } = jointDissimilarities(F, S, sov, 0.2);
    const dhat = delta.map((v) => (Number.isFinite(v) ? v : 0));
    const x0 = Float64Array.from([0, 0, 1, 0, 0, 1, 0.1, 0.9, 0.9, 0.2]);
    const r = ruleFit(x0, { F, S, sov, dhat, weights }, { moveFirms: false });
    expect(Array.from(r.coords.subarray(0, 2 * F))).toEqual(Array.from(x0.subarray(0, 2 * F)));
    for (let s = 0; s < S; s++) expect(checkLeader(sov.subarray(s * F, s * F + F), x0.subarray(0, 2 * F), r.coords[2 * (F + s)], r.coords[2 * (F + s) + 1]).ok).toBe(true);
  });
});
