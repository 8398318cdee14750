import { describe, it, expect, beforeAll } from 'vitest';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measureWithDetail, type MeasureDetail, type MeasureResult } from '../../../src/core/measure/measure.ts';
import { mapFromMeasurement } from '../../../src/core/map/mapFromMeasurement.ts';
import type { JointMap } from '../../../src/core/map/jointMap.ts';
import { drillSegment, parentUnit } from '../../../src/core/map/drill.ts';
import { placeRespondents, topFirms } from '../../../src/core/map/respondents.ts';
import type { Disparity } from '../../../src/core/mds/types.ts';
import { rng } from '../../../src/core/random.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { expectClose } from '../helpers.ts';

// Firms A, B, C on the unit circle; map distance = 1.5 (1 - SoV).
const firms = ['A', 'B', 'C'];
const triangle = Float64Array.of(0, 1, -Math.sqrt(3) / 2, -0.5, Math.sqrt(3) / 2, -0.5);
const unit: Disparity = { kind: 'linear', intercept: 0, slope: 1.5 };

function detailOf(sov: number[][]): MeasureDetail {
  return {
    sov: Float64Array.from(sov.flat()),
    inShare: Uint8Array.from(sov, (row) => (row.some((v) => v > 0) ? 1 : 0)),
    segment: new Int32Array(sov.length),
    weight: new Float64Array(sov.length).fill(1),
  };
}

describe('placeRespondents(detail, survey, firmCoords, disparity, indices) on a triangle', () => {
  const sov = [
    [1, 0, 0],
    [1 / 3, 1 / 3, 1 / 3],
    [0, 0, 0], // considers no firm
    [0, 0.5, 0.5],
  ];
  const detail = detailOf(sov);
  const survey = { n: sov.length, firms };

  it('puts a respondent with share of value (1, 0, 0) nearest A and one with equal shares on the centroid', () => {
    const r = placeRespondents(detail, survey, triangle, unit, [0, 1, 3]);
    const d = (q: number, f: number) => Math.hypot(r.xy[2 * q] - triangle[2 * f], r.xy[2 * q + 1] - triangle[2 * f + 1]);
    expect(d(0, 0)).toBeLessThan(d(0, 1));
    expect(d(0, 0)).toBeLessThan(d(0, 2));
    expectClose(r.xy[0], 0, 1e-6);
    expectClose(r.xy[2], 0, 1e-5);
    expectClose(r.xy[3], 0, 1e-5);
    // Halfway between B and C: on the line through A and the midpoint of BC, below the centroid.
    expectClose(r.xy[4], 0, 1e-5);
    expect(r.xy[5]).toBeLessThan(0);
    expect(r).toMatchObject({ placed: 3, withoutShare: 0, unconverged: 0 });
  });

  it('leaves a respondent with an empty consideration set unplaced (NaN) and counts it', () => {
    const r = placeRespondents(detail, survey, triangle, unit, [2, 0]);
    expect(Number.isNaN(r.xy[0]) && Number.isNaN(r.xy[1]) && Number.isNaN(r.stress1[0])).toBe(true);
    expect(Number.isFinite(r.xy[2]) && Number.isFinite(r.xy[3])).toBe(true);
    expect(r.placed).toBe(1);
    expect(r.withoutShare).toBe(1);
    expect(placeRespondents(detail, survey, triangle, unit, [])).toMatchObject({ placed: 0, withoutShare: 0 });
  });

  it('with outsideWeight 0 places a respondent by its considered firms only', () => {
    // Respondent 3 considers B and C at SoV 0.5 each: distance 0.75 to both, the firm A left out.
    const r = placeRespondents(detail, survey, triangle, unit, [3], { outsideWeight: 0 });
    const d = (f: number) => Math.hypot(r.xy[0] - triangle[2 * f], r.xy[1] - triangle[2 * f + 1]);
    expectClose(d(1), d(2), 1e-5);
    expect(d(1)).toBeLessThan(0.9);
  });

  it('throws clear errors on bad input', () => {
    expect(() => placeRespondents(detail, survey, triangle.subarray(0, 4), unit, [0])).toThrow(/firmCoords must hold x, y for the 3 firms \(6 values\); got 4/);
    expect(() => placeRespondents(detail, survey, triangle, unit, [7])).toThrow(/respondent index 7 \(position 0\) is not a survey row 0..3/);
    expect(() => placeRespondents(detail, survey, triangle, unit, [0], { outsideWeight: 2 })).toThrow(/outsideWeight must be in \[0, 1\]; got 2/);
    expect(() => placeRespondents(detail, { n: 5, firms }, triangle, unit, [0])).toThrow(/detail holds 4 respondents but the survey has 5/);
  });
});

describe('placeRespondents on the sample market', () => {
  let m: { result: MeasureResult; detail: MeasureDetail };
  let survey: Survey;
  let map: JointMap;
  let firmCoords: Float64Array;
  beforeAll(async () => {
    survey = (await importSurvey(fileSource('data/survey.csv'))).survey!;
    m = measureWithDetail(survey);
    map = mapFromMeasurement(m, { replicates: 0 });
    firmCoords = Float64Array.from(
      survey.firms.flatMap((f) => {
        const p = map.points.find((q) => q.kind === 'firm' && q.label === f)!;
        return [p.x, p.y];
      }),
    );
  });

  it('places every respondent of S5 with a consideration set, and Apex-first respondents lie nearer Apex than the others', () => {
    const F = survey.firms.length;
    const s5 = m.result.segments.findIndex((s) => s.label === 'S5');
    const idx = [...m.detail.segment.keys()].filter((i) => m.detail.segment[i] === s5);
    // The default (joint) map gives each segment its own transformation: the drill-down takes S5's.
    const unit = parentUnit(m.detail, map, survey.firms, s5);
    expect(drillSegment(survey, m.detail, map, 'S5').unit).toEqual(unit);
    const r = placeRespondents(m.detail, survey, firmCoords, unit, idx);
    let withShare = 0,
      apexSum = 0,
      apexN = 0,
      otherSum = 0,
      otherN = 0;
    idx.forEach((i, q) => {
      const placed = Number.isFinite(r.xy[2 * q]) && Number.isFinite(r.xy[2 * q + 1]);
      expect(placed).toBe(m.detail.inShare[i] === 1);
      if (!placed) return;
      withShare++;
      let best = 0;
      for (let f = 1; f < F; f++) if (m.detail.sov[i * F + f] > m.detail.sov[i * F + best]) best = f;
      const d = Math.hypot(r.xy[2 * q] - firmCoords[0], r.xy[2 * q + 1] - firmCoords[1]);
      if (best === 0) {
        apexSum += d;
        apexN++;
      } else {
        otherSum += d;
        otherN++;
      }
    });
    expect(r.placed).toBe(withShare);
    expect(r.withoutShare).toBe(idx.length - withShare);
    expect(survey.firms[0]).toBe('Apex');
    expect(apexN).toBeGreaterThan(0);
    expect(otherN).toBeGreaterThan(0);
    expect(apexSum / apexN).toBeLessThan(otherSum / otherN);
    expect(placeRespondents(m.detail, survey, firmCoords, unit, idx)).toEqual(r);
  });

  it('places 100,000 synthetic respondents, each with a finite position or counted as unplaced', () => {
    const n = 100_000,
      F = survey.firms.length,
      r = rng(7);
    const sov: number[][] = [];
    for (let i = 0; i < n; i++) {
      const e = Array.from({ length: F }, () => (r() < 0.3 ? 0 : Math.exp(3 * r())));
      const s = e.reduce((a, b) => a + b, 0);
      sov.push(e.map((v) => (s > 0 ? v / s : 0)));
    }
    const detail = detailOf(sov);
    const res = placeRespondents(detail, { n, firms: survey.firms }, firmCoords, parentUnit(m.detail, map, survey.firms), Int32Array.from({ length: n }, (_, i) => i));
    let finite = 0;
    for (let q = 0; q < n; q++) if (Number.isFinite(res.xy[2 * q]) && Number.isFinite(res.xy[2 * q + 1])) finite++;
    expect(finite).toBe(res.placed);
    expect(res.placed + res.withoutShare).toBe(n);
    expect(res.withoutShare).toBe(detail.inShare.reduce((a, v) => a + (1 - v), 0));
  });
});

describe('topFirms(detail, F, indices)', () => {
  it('names each listed respondent’s firm with the largest share of value, -1 without any', () => {
    const sov = Float64Array.from([0.2, 0.8, 0, 0, 0.6, 0.4]);
    expect(Array.from(topFirms({ sov }, 2, [2, 0, 1]))).toEqual([0, 1, -1]);
  });
});
