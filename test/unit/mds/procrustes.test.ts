import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { applyTransform, orient, procrustes } from '../../../src/core/mds/procrustes.ts';
import { maxAbsDiff, permuteRows, randomConfig } from './helpers.ts';

/** 2 x 2 rotation by `angle`, optionally followed by a reflection of the first axis. */
function rotation(angle: number, reflect: boolean): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const r = Float64Array.of(c, s, -s, c);
  if (reflect) {
    r[0] = -r[0];
    r[1] = -r[1];
  }
  return r;
}

describe('procrustes', () => {
  it('procrustes(moved, original, {scaling: true}) recovers rotation + reflection + translation + scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        (n, seed, angle, reflect, scale) => {
          const x = randomConfig(n, 2, seed);
          const rot = rotation(angle, reflect);
          const t = Float64Array.of(3, -2);
          const moved = applyTransform(x, 2, rot, scale, t);
          // Align the moved copy back onto the original.
          const fit = procrustes(moved, x, { scaling: true });
          expect(fit.rmsd).toBeLessThan(1e-9);
          expect(fit.scale).toBeCloseTo(1 / scale, 9);
          expect(maxAbsDiff(fit.coords, x)).toBeLessThan(1e-8);
          // The fitted rotation undoes the applied one: R_applied R_fit = I.
          const prod = [0, 1, 2, 3].map((k) => rot[(k >> 1) * 2] * fit.rotation[k & 1] + rot[(k >> 1) * 2 + 1] * fit.rotation[2 + (k & 1)]);
          expect(maxAbsDiff(prod, [1, 0, 0, 1])).toBeLessThan(1e-9);
        },
      ),
      { seed: 17, numRuns: 50 },
    );
  });

  it('procrustes(config, reference, {match}) aligns on the shared points only and moves the others along', () => {
    const x = randomConfig(10, 2, 8);
    const moved = applyTransform(x, 2, rotation(1, false), 1, Float64Array.of(5, 5));
    // Reference holds only points 0..5 (in reverse order); points 6..9 are not shared.
    const ref = permuteRows(x.slice(0, 12), 2, [5, 4, 3, 2, 1, 0]);
    const match = [5, 4, 3, 2, 1, 0, -1, -1, -1, -1];
    const fit = procrustes(moved, ref, { match });
    expect(fit.shared).toBe(6);
    expect(fit.rmsd).toBeLessThan(1e-9);
    expect(maxAbsDiff(fit.coords, x)).toBeLessThan(1e-9);
  });

  it('procrustes({reflection: false}) returns a proper rotation', () => {
    const x = randomConfig(8, 2, 2);
    const mirrored = applyTransform(x, 2, rotation(0.3, true), 1, new Float64Array(2));
    const fit = procrustes(mirrored, x, { reflection: false });
    expect(fit.rotation[0] * fit.rotation[3] - fit.rotation[1] * fit.rotation[2]).toBeCloseTo(1, 12);
    expect(fit.rmsd).toBeGreaterThan(0.01);
  });

  it('procrustes(too few shared points or NaN) throws', () => {
    const x = randomConfig(4, 2, 1);
    expect(() => procrustes(x, x, { match: [0, -1, -1, -1] })).toThrow(/at least 2 shared points/);
    const bad = x.slice();
    bad[3] = NaN;
    expect(() => procrustes(bad, x)).toThrow(/NaN/);
  });
});

describe('orient', () => {
  it('orient(rotated, reflected, translated copy) gives the same picture', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 30 }), fc.integer({ min: 0, max: 1e6 }), fc.double({ min: -3, max: 3, noNaN: true }), fc.boolean(), (n, seed, angle, reflect) => {
        const x = randomConfig(n, 2, seed);
        const moved = applyTransform(x, 2, rotation(angle, reflect), 1, Float64Array.of(-7, 2));
        expect(maxAbsDiff(orient(moved), orient(x))).toBeLessThan(1e-9);
      }),
      { seed: 5, numRuns: 50 },
    );
  });

  it('orient(permuted points) permutes the oriented points', () => {
    const x = randomConfig(12, 2, 21);
    const perm = [3, 1, 0, 2, 11, 10, 9, 8, 4, 5, 7, 6];
    expect(maxAbsDiff(orient(permuteRows(x, 2, perm)), permuteRows(orient(x), 2, perm))).toBeLessThan(1e-12);
  });

  it('orient(config) centres, puts the largest spread on axis 1 and the long tail on the positive side', () => {
    const x = Float64Array.of(0, 0, 1, 0.1, 2, -0.1, 10, 0);
    const o = orient(x);
    let mx = 0;
    let my = 0;
    let sxy = 0;
    let m3 = 0;
    for (let i = 0; i < 4; i++) {
      mx += o[2 * i];
      my += o[2 * i + 1];
      sxy += o[2 * i] * o[2 * i + 1];
      m3 += o[2 * i] ** 3;
    }
    expect(Math.abs(mx) + Math.abs(my)).toBeLessThan(1e-12);
    expect(Math.abs(sxy)).toBeLessThan(1e-12);
    expect(m3).toBeGreaterThan(0);
    expect(o[6]).toBeGreaterThan(5); // the outlier at 10 ends on the positive side
  });

  it('orient(config, {anchor}) puts the anchor point in the positive quadrant', () => {
    const x = randomConfig(9, 2, 13);
    for (let a = 0; a < 9; a++) {
      const o = orient(x, { anchor: a });
      expect(o[2 * a]).toBeGreaterThanOrEqual(0);
      expect(o[2 * a + 1]).toBeGreaterThanOrEqual(0);
    }
  });
});
