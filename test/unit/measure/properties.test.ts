import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { shareOfValue } from '../../../src/core/measure/shareOfValue.ts';
import { measure } from '../../../src/core/measure/measure.ts';
import type { Survey } from '../../../src/core/survey.ts';

const SEED = 20261122;
const cell = fc.oneof(fc.constant(NaN), fc.double({ min: 0, max: 1, noNaN: true }));

/** A random survey already in model terms: F firms, N needs, S segments, some blanks. */
const surveyArb = fc
  .record({ n: fc.integer({ min: 1, max: 12 }), F: fc.integer({ min: 2, max: 4 }), N: fc.integer({ min: 1, max: 4 }), S: fc.integer({ min: 1, max: 3 }) })
  .chain(({ n, F, N, S }) =>
    fc.record({
      n: fc.constant(n),
      F: fc.constant(F),
      N: fc.constant(N),
      S: fc.constant(S),
      imp: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n * N, maxLength: n * N }),
      perf: fc.array(cell, { minLength: n * F * N, maxLength: n * F * N }),
      fam: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n * F, maxLength: n * F }),
      weight: fc.array(fc.double({ min: 0.1, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
      segment: fc.array(fc.integer({ min: 0, max: S - 1 }), { minLength: n, maxLength: n }),
      beta: fc.double({ min: 0, max: 50, noNaN: true }),
    }),
  );

function toSurvey(g: { n: number; F: number; N: number; S: number; imp: number[]; perf: number[]; fam: number[]; weight: number[]; segment: number[] }): Survey {
  return {
    file: 'random',
    n: g.n,
    firms: Array.from({ length: g.F }, (_, f) => `F${f}`),
    needs: Array.from({ length: g.N }, (_, k) => `N${k}`),
    us: null,
    ids: Array.from({ length: g.n }, (_, i) => `R${i}`),
    rows: Int32Array.from({ length: g.n }, (_, i) => i + 2),
    weight: Float64Array.from(g.weight),
    segment: Int32Array.from(g.segment),
    segmentLabels: Array.from({ length: g.S }, (_, s) => `S${s}`),
    wave: null,
    waveLabels: [],
    imp: Float64Array.from(g.imp),
    perf: Float64Array.from(g.perf),
    fam: Float64Array.from(g.fam),
    hasFamiliarity: true,
    sow: null,
    overall: null,
    spend: null,
    profiles: [],
    scales: { imp: null, perf: null, fam: null, overall: null },
  };
}

describe('share of value properties (fast-check, fixed seed)', () => {
  it('shareOfValue(V, K, F, beta) sums to 1 for every respondent with a non-empty consideration set', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((F) =>
          fc.record({
            F: fc.constant(F),
            v: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: F * 5, maxLength: F * 5 }),
            k: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: F * 5, maxLength: F * 5 }),
            beta: fc.double({ min: 0, max: 50, noNaN: true }),
          }),
        ),
        ({ F, v, k, beta }) => {
          const sov = shareOfValue(Float64Array.from(v), Uint8Array.from(k), F, beta);
          for (let i = 0; i < 5; i++) {
            let sum = 0,
              any = false;
            for (let f = 0; f < F; f++) {
              sum += sov[i * F + f];
              if (k[i * F + f]) any = true;
              else expect(sov[i * F + f]).toBe(0);
            }
            expect(Math.abs(sum - (any ? 1 : 0))).toBeLessThan(1e-12);
          }
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('measure(survey).rows share of value sums to 1 over firms in every segment with a measured respondent', () => {
    fc.assert(
      fc.property(surveyArb, (g) => {
        const m = measure(toSurvey(g), { beta: g.beta });
        for (const seg of m.segments) {
          const rows = m.rows.filter((r) => r.segment === seg.label);
          const sum = rows.reduce((a, r) => a + (Number.isNaN(r.shareOfValue) ? 0 : r.shareOfValue), 0);
          const defined = rows.some((r) => !Number.isNaN(r.shareOfValue));
          expect(Math.abs(sum - (defined ? 1 : 0))).toBeLessThan(1e-9);
          for (const r of rows) if (defined) expect(r.shareOfValue).toBeGreaterThanOrEqual(0);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('raising a firm performance on a need never lowers its share of value, for any respondent or segment', () => {
    fc.assert(
      fc.property(surveyArb, fc.nat(), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (g, fPick, kPick, delta) => {
        const s = toSurvey(g);
        const f = fPick % g.F,
          k = kPick % g.N;
        const before = measure(s, { beta: g.beta });
        const raised = { ...s, perf: s.perf.slice() };
        for (let i = 0; i < g.n; i++) {
          const j = (i * g.F + f) * g.N + k;
          if (!Number.isNaN(raised.perf[j])) raised.perf[j] = Math.min(1, raised.perf[j] + delta);
        }
        const after = measure(raised, { beta: g.beta });
        before.rows.forEach((r, idx) => {
          if (r.firm !== `F${f}` || Number.isNaN(r.shareOfValue)) return;
          expect(after.rows[idx].shareOfValue).toBeGreaterThanOrEqual(r.shareOfValue - 1e-12);
        });
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});
