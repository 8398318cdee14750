// A four-respondent survey worked by hand from METHOD.md (test/fixtures/hand.csv):
// imp 1-5, perf 1-10, fam 1-5 detected; beta fixed at 3 so every figure has a closed form.
import { describe, it, expect, beforeAll } from 'vitest';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measure, type MeasureResult } from '../../../src/core/measure/measure.ts';
import { walletPairs, calibrateBeta } from '../../../src/core/measure/shareOfValue.ts';
import { respondentValues } from '../../../src/core/measure/value.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { expectClose, fixture } from '../helpers.ts';
import { BETA_RANGE } from '../../../src/core/model/defaults.ts';

const e = Math.E;
let survey: Survey;
let m: MeasureResult;
const row = (seg: string, firm: string) => m.rows.find((r) => r.segment === seg && r.firm === firm)!;

beforeAll(async () => {
  const imported = await importSurvey(fixture('hand.csv'));
  expect(imported.issues).toEqual([]);
  survey = imported.survey!;
  m = measure(survey, { beta: 3 });
});

describe('measure(hand.csv, {beta: 3})', () => {
  it('detects the scales 1-5, 1-10, 1-5', () => {
    expect(survey.scales).toEqual({ imp: { min: 1, max: 5 }, perf: { min: 1, max: 10 }, fam: { min: 1, max: 5 }, overall: null });
  });

  it('computes perceived value over rated needs, undefined under half the importance', () => {
    const rv = respondentValues(survey);
    const V = (i: number, f: number) => rv.value[i * 2 + f];
    expectClose(V(0, 0), 2 / 3);
    expectClose(V(0, 1), 1 / 3);
    expectClose(V(1, 0), 1 / 3); // only price rated, it carries all the importance
    expect(V(1, 1)).toBeNaN(); // only quality rated, importance 0 < 0.5
    expectClose(V(2, 0), 2 / 3); // all importance at the minimum: equal weights
    expectClose(V(3, 1), 5 / 6);
    expect(Array.from(rv.considered)).toEqual([1, 1, 1, 0, 0, 0, 1, 1]);
  });

  it('gives segment S1 its hand-computed figures', () => {
    const A = row('S1', 'A'),
      B = row('S1', 'B');
    expectClose(A.size, 3);
    expectClose(A.familiarityRate, 1);
    expectClose(B.familiarityRate, 1);
    expectClose(A.meanValue, 4 / 9);
    expectClose(B.meanValue, 1 / 3);
    expectClose(A.relativeValue, 8 / 7);
    expectClose(B.relativeValue, 6 / 7);
    expectClose(A.shareOfValue, (e / (e + 1) + 2) / 3);
    expectClose(B.shareOfValue, 1 / (1 + e) / 3);
    expectClose(A.shareOfWallet, 62 / 102);
    expectClose(B.shareOfWallet, 40 / 102);
    expectClose(A.marketValue, 102); // R2 has no spend: counts with spend 1
    expectClose(A.opportunity, 0);
    expectClose(B.opportunity, 102 * (A.shareOfValue - B.shareOfValue));
  });

  it('gives segment S2 its figures, leaving out the respondent who considers no firm', () => {
    const A = row('S2', 'A'),
      B = row('S2', 'B');
    expectClose(A.familiarityRate, 0.5);
    expectClose(A.meanValue, 1 / 6);
    expectClose(B.meanValue, 5 / 6);
    expectClose(A.relativeValue, 1 / 3);
    expectClose(A.shareOfValue, 1 / (1 + e * e));
    expectClose(B.shareOfValue, (e * e) / (1 + e * e));
    expectClose(A.shareOfWallet, 0);
    expectClose(B.shareOfWallet, 1);
    expect(m.segments.find((s) => s.label === 'S2')!.emptyConsideration).toBe(1);
    expect(m.warnings.some((w) => w.code === 'empty-consideration')).toBe(true);
  });

  it('calibrates beta to the least-squares minimum, found independently by a dense scan', () => {
    const rv = respondentValues(survey);
    const fit = calibrateBeta(walletPairs(rv.value, rv.considered, survey.sow!, rv.included, 2), ...BETA_RANGE)!;
    // Pairs: R1 (A .6, B .4), R2 (A 1), R4 (A 0, B 1); SSE = 2(s(b/3) - .6)^2 + 2 s(-2b/3)^2.
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    const sse = (b: number) => 2 * (s(b / 3) - 0.6) ** 2 + 2 * s((-2 * b) / 3) ** 2;
    let best = 0;
    for (let b = 0; b <= 50; b += 1e-4) if (sse(b) < sse(best)) best = b;
    expectClose(fit.beta, best, 2e-4);
    expect(Math.abs(sse(fit.beta + 1e-5) - sse(fit.beta - 1e-5))).toBeLessThan(1e-9);
    expect(fit.pairs).toBe(5);
    expect(fit.respondents).toBe(3);
    const obs = [0.6, 0.4, 1, 0, 1];
    const pred = [s(fit.beta / 3), s(-fit.beta / 3), 1, s((-2 * fit.beta) / 3), s((2 * fit.beta) / 3)];
    const mean = obs.reduce((a, b) => a + b) / 5;
    const sst = obs.reduce((a, o) => a + (o - mean) ** 2, 0);
    expectClose(fit.r2, 1 - sse(fit.beta) / sst, 1e-9);
    expectClose(fit.mae, obs.reduce((a, o, j) => a + Math.abs(pred[j] - o), 0) / 5, 1e-9);
  });

  it('uses beta = 10 without wallet data and reports no fit', async () => {
    const { survey: s } = await importSurvey(fixture('hand.csv'), {
      mapping: { columns: [{ column: 'sow:A', role: 'ignore' }, { column: 'sow:B', role: 'ignore' }] },
    });
    const r = measure(s!);
    expect(r.beta).toBe(10);
    expect(r.betaSource).toBe('default');
    expect(r.betaFit).toBeNull();
    expect(r.rows[0].shareOfWallet).toBeNaN();
  });
});
