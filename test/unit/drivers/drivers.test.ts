import { describe, it, expect } from 'vitest';
import { ALL, keyDrivers, ranks, type DriverModel, type DriversResult } from '../../../src/core/drivers/drivers.ts';
import { stratifiedDraw, strata } from '../../../src/core/drivers/bootstrap.ts';
import { DRIVERS_HEADER, IPA_HEADER, driversCsv, ipaCsv, driversSummary } from '../../../src/core/drivers/driversCsv.ts';
import { normal, rng } from '../../../src/core/random.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { expectClose } from '../helpers.ts';

interface Plan {
  /** Segment of each respondent. */
  segments: number[];
  firms?: string[];
  needs?: string[];
  /** True weight of each need in the overall rating. */
  coef?: number[];
  /** Stated importance per need (rescaled), the same for every respondent; random when absent. */
  stated?: number[];
  seed?: number;
  waves?: number[];
  withSow?: boolean;
}

/**
 * A survey in model terms whose overall rating is planted: overall = sum_n coef_n perf_n / sum coef
 * plus noise, perf on a 1-10 scale with a halo (so needs correlate, as real ratings do).
 */
function makeSurvey(plan: Plan): Survey {
  const firms = plan.firms ?? ['A', 'B', 'C'];
  const needs = plan.needs ?? ['quality', 'price', 'delivery', 'service'];
  const coef = plan.coef ?? needs.map((_, k) => needs.length - k);
  const n = plan.segments.length;
  const F = firms.length,
    N = needs.length;
  const r = rng(plan.seed ?? 11);
  const perf = new Float64Array(n * F * N);
  const overall = new Float64Array(n * F);
  const sow = new Float64Array(n * F);
  const imp = new Float64Array(n * N);
  const csum = coef.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < N; k++) imp[i * N + k] = plan.stated ? plan.stated[k] : Math.round(r() * 6) / 6;
    for (let f = 0; f < F; f++) {
      const halo = normal(r, 0, 1);
      let o = 0;
      for (let k = 0; k < N; k++) {
        const v = Math.min(10, Math.max(1, Math.round(5.5 + f * 0.3 + halo + normal(r, 0, 1.5))));
        perf[(i * F + f) * N + k] = (v - 1) / 9;
        o += (coef[k] / csum) * perf[(i * F + f) * N + k];
      }
      overall[i * F + f] = o + normal(r, 0, 0.05);
      sow[i * F + f] = Math.round(100 * Math.exp(4 * o) * r());
    }
  }
  return {
    file: 'planted',
    n,
    firms,
    needs,
    us: firms[0],
    ids: Array.from({ length: n }, (_, i) => `R${i}`),
    rows: Int32Array.from({ length: n }, (_, i) => i + 2),
    weight: Float64Array.from({ length: n }, () => 0.5 + 1.5 * r()),
    segment: Int32Array.from(plan.segments),
    segmentLabels: [...new Set(plan.segments)].sort().map((s) => `S${s + 1}`),
    wave: plan.waves ? Int32Array.from(plan.waves) : null,
    waveLabels: plan.waves ? ['W1', 'W2'] : [],
    imp,
    perf,
    fam: new Float64Array(n * F).fill(1),
    hasFamiliarity: true,
    sow: plan.withSow === false ? null : sow,
    overall,
    spend: null,
    profiles: [],
    scales: { imp: null, perf: null, fam: null, overall: null },
  };
}

const seg = (sizes: number[]) => sizes.flatMap((m, s) => Array.from({ length: m }, () => s));
const model = (d: DriversResult, segment: string, firm: string): DriverModel => d.models.find((m) => m.segment === segment && m.firm === firm)!;
const drivers = (s: Survey, o: Parameters<typeof keyDrivers>[3] = {}) => keyDrivers(s, s.segment!, s.segmentLabels, { replicates: 0, ...o });

describe('keyDrivers', () => {
  it('keyDrivers(survey, segment, labels) fits every segment, the market `*` and the pooled `*` firm; shares sum to 100 and the planted top need ranks first', () => {
    const s = makeSurvey({ segments: seg([150, 150]), coef: [6, 1, 1, 1] });
    const d = drivers(s);
    expect(d.target).toBe('overall');
    expect(d.models.map((m) => `${m.segment}/${m.firm}`)).toEqual(['*/A', '*/B', '*/C', '*/*', 'S1/A', 'S1/B', 'S1/C', 'S1/*', 'S2/A', 'S2/B', 'S2/C', 'S2/*']);
    for (const m of d.models) {
      expect(m.fitted).toBe(true);
      expect(m.target).toBe(`overall:${m.firm}`);
      expectClose(m.needs.reduce((a, n) => a + n.share, 0), 100, 1e-9);
      expectClose(m.needs.reduce((a, n) => a + n.raw, 0), m.r2, 1e-12);
      expect(m.needs[0].derivedRank).toBe(1);
    }
    expect(model(d, ALL, 'A').respondents).toBe(300);
    const pooled = model(d, 'S1', ALL);
    expect(pooled.respondents).toBe(150);
    expect(pooled.rows).toBe(450);
  });

  it('keyDrivers fits a model from max(30, 5 x needs) complete respondents: 30 are fitted, 29 are not, with the reason', () => {
    const s = makeSurvey({ segments: seg([30, 31]) });
    // One respondent of S2 leaves a need blank for A, another gives A no overall rating: 29 complete for A.
    s.perf[(30 * 3 + 0) * 4 + 2] = NaN;
    s.overall![31 * 3 + 0] = NaN;
    const d = drivers(s);
    expect(d.minRespondents).toBe(30);
    expect(model(d, 'S1', 'A').fitted).toBe(true);
    const a = model(d, 'S2', 'A');
    expect(a.fitted).toBe(false);
    expect(a.respondents).toBe(29);
    expect(a.code).toBe('too-few');
    expect(a.reason).toBe('29 complete respondents (rated A on every need and gave overall:A); a model needs at least 30 (max(30, 5 x 4 needs))');
    expect(a.needs.every((n) => Number.isNaN(n.share) && n.flag === null)).toBe(true);
    expect(model(d, 'S2', 'B').respondents).toBe(31);
    expect(model(d, 'S2', ALL).respondents).toBe(31);
    expect(model(d, 'S2', ALL).rows).toBe(31 * 3 - 2);
    const wide = makeSurvey({ segments: seg([39]), needs: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
    const w = drivers(wide);
    expect(w.minRespondents).toBe(40);
    expect(model(w, 'S1', 'A').reason).toMatch(/^39 complete respondents .* at least 40 \(max\(30, 5 x 8 needs\)\)$/);
  });

  it('keyDrivers flags a need whose stated and derived ranks differ by more than a third of the needs', () => {
    // Planted weights fall from need 1 to need 6; stated importance rises: ranks differ by |5 - 2n|.
    const needs = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'];
    const s = makeSurvey({ segments: seg([600]), needs, coef: [6, 5, 4, 3, 2, 1], stated: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] });
    const m = model(drivers(s), ALL, 'A');
    expect(m.needs.map((n) => n.derivedRank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.needs.map((n) => n.statedRank)).toEqual([6, 5, 4, 3, 2, 1]);
    expectClose(m.needs[0].stated, 0.1, 1e-12);
    // 6 needs: a third is 2. Differences 5, 3, 1, 1, 3, 5.
    expect(m.needs.map((n) => n.flag)).toEqual([true, true, false, false, true, true]);
  });

  it('ranks(values) gives 1 to the largest and ties their mean rank; NaN when any value is undefined', () => {
    expect(Array.from(ranks([0.2, 0.5, 0.2, 0.1]))).toEqual([2.5, 1, 2.5, 4]);
    expect(Array.from(ranks([0.2, NaN]))).toEqual([NaN, NaN]);
  });

  it('keyDrivers names a need that is constant in one segment and still fits the others', () => {
    const s = makeSurvey({ segments: seg([60, 60]) });
    for (let i = 0; i < 60; i++) s.perf[(i * 3 + 1) * 4 + 1] = 0.5;
    const d = drivers(s);
    const b = model(d, 'S1', 'B');
    expect(b.fitted).toBe(false);
    expect(b.code).toBe('constant-need');
    expect(b.reason).toMatch(/^price has the same rating from every respondent/);
    // The needs at fault travel as data, so the view can say it in Chinese too.
    expect(b.faultNeeds).toEqual(['price']);
    expect(model(d, 'S2', 'B').fitted).toBe(true);
    expect(model(d, ALL, 'B').fitted).toBe(true);
    const csv = driversCsv(d);
    expect(csv).not.toMatch(/NaN|null|undefined/);
    expect(driversSummary(d, 'planted').not_fitted).toEqual([
      { segment: 'S1', firm: 'B', target: 'overall:B', respondents: 60, code: 'constant-need', reason: b.reason },
    ]);
  });

  it('keyDrivers names perfectly collinear needs (a column copied onto another)', () => {
    const s = makeSurvey({ segments: seg([80]) });
    for (let i = 0; i < 80; i++) s.perf[(i * 3 + 2) * 4 + 3] = s.perf[(i * 3 + 2) * 4 + 0];
    const c = model(drivers(s), 'S1', 'C');
    expect(c.code).toBe('collinear-needs');
    expect(c.reason).toMatch(/^quality and service are perfectly collinear/);
    expect(c.faultNeeds).toEqual(['quality', 'service']);
  });

  it('keyDrivers bootstrap is seeded: the same seed gives the same intervals, another seed others; each interval holds its share', () => {
    const s = makeSurvey({ segments: seg([70, 80]) });
    const a = drivers(s, { replicates: 50, seed: 3 });
    const b = drivers(s, { replicates: 50, seed: 3 });
    const c = drivers(s, { replicates: 50, seed: 4 });
    const lows = (d: DriversResult) => d.models.flatMap((m) => m.needs.map((n) => n.shareLow));
    expect(lows(a)).toEqual(lows(b));
    expect(lows(a)).not.toEqual(lows(c));
    for (const m of a.models) {
      expect(m.replicatesUsed).toBe(50);
      for (const n of m.needs) {
        expect(n.shareLow).toBeLessThan(n.shareHigh);
        expect(n.shareLow).toBeLessThanOrEqual(n.share + 1e-9);
        expect(n.shareHigh).toBeGreaterThanOrEqual(n.share - 1e-9);
      }
    }
    // A model's interval does not depend on the other models: the same segment alone gives the same numbers.
    const alone = makeSurvey({ segments: seg([70, 80]) });
    alone.segment = Int32Array.from({ length: 150 }, (_, i) => (i < 70 ? 0 : -1));
    const d = keyDrivers(alone, alone.segment, ['S1'], { replicates: 50, seed: 3 });
    expect(model(d, 'S1', 'B').needs.map((n) => n.shareHigh)).toEqual(model(a, 'S1', 'B').needs.map((n) => n.shareHigh));
  });

  it('stratifiedDraw(strata(stratum), rng, counts) keeps every stratum at its size', () => {
    const stratum = Int32Array.from([0, 0, 0, 1, 1, -1, 2, 2, 2, 2]);
    const groups = strata(stratum);
    const counts = new Float64Array(stratum.length);
    const r = rng(5);
    for (let b = 0; b < 20; b++) {
      stratifiedDraw(groups, r, counts);
      for (const g of groups) expect(g.reduce((a, c) => a + counts[c], 0)).toBe(g.length);
    }
  });

  it('keyDrivers with target sow normalises each respondent\'s wallet: a blank cell is a share of 0 and the total does not matter', () => {
    const s = makeSurvey({ segments: seg([90]), withSow: true });
    s.overall = null;
    const base = drivers(s);
    expect(base.target).toBe('sow');
    expect(model(base, 'S1', 'A').target).toBe('sow:A');
    const changed = makeSurvey({ segments: seg([90]), withSow: true });
    changed.overall = null;
    for (let i = 0; i < 90; i++) {
      for (let f = 0; f < 3; f++) {
        if (i % 2 === 0) changed.sow![i * 3 + f] *= 3;
        if (changed.sow![i * 3 + f] === 0) changed.sow![i * 3 + f] = NaN;
      }
    }
    const other = drivers(changed);
    for (let m = 0; m < base.models.length; m++) {
      expect(other.models[m].respondents).toBe(base.models[m].respondents);
      other.models[m].needs.forEach((n, j) => expectClose(n.share, base.models[m].needs[j].share, 1e-9));
    }
    expect(() => drivers(s, { target: 'overall' })).toThrow('the survey has no overall rating (overall:<firm> columns): use the share of wallet (target sow)');
  });

  it("keyDrivers(..., {method: 'shapley'}) carries relative weights beside it, close on a realistic case; more than 15 needs are refused", () => {
    const s = makeSurvey({ segments: seg([300]) });
    const d = drivers(s, { method: 'shapley' });
    for (const m of d.models) {
      expect(m.alternative?.method).toBe('rw');
      m.needs.forEach((n, j) => expect(Math.abs(n.share - m.alternative!.share[j])).toBeLessThan(3));
    }
    expect(model(drivers(s), 'S1', 'A').alternative?.method).toBe('shapley');
    const wide = makeSurvey({ segments: seg([10]), needs: Array.from({ length: 16 }, (_, k) => `n${k}`) });
    expect(() => drivers(wide, { method: 'shapley' })).toThrow(/at most 15 needs .* this survey has 16: use relative weights/);
    expect(model(drivers(wide), 'S1', 'A').alternative).toBeNull();
  });

  it('keyDrivers({wave}) keeps only that wave\'s respondents', () => {
    const s = makeSurvey({ segments: seg([100]), waves: Array.from({ length: 100 }, (_, i) => (i < 40 ? 0 : 1)) });
    expect(model(drivers(s, { wave: 'W2' }), ALL, 'A').respondents).toBe(60);
    expect(() => drivers(s, { wave: 'W3' })).toThrow('wave "W3" is not in the survey; its waves are W1, W2');
  });
});

describe('keyDrivers progress', () => {
  it('reports the share of models fitted after each one, rising to 1', () => {
    const s = makeSurvey({ segments: seg([150, 150]), coef: [6, 1, 1, 1] });
    const seen: number[] = [];
    const d = drivers(s, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBe(d.models.length);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThan(seen[k - 1]);
    expect(seen.at(-1)).toBe(1);
  });
});

describe('importance-performance grid', () => {
  it('keyDrivers ipa: gap to the best competitor over respondents who rated both (hand computed), no quadrant without a model', () => {
    const s = makeSurvey({ segments: seg([3]), needs: ['quality'] });
    const p = (i: number, f: number, v: number) => (s.perf[i * 3 + f] = v);
    s.weight.set([1, 1, 2]);
    // A: 0.5, 0.6, 0.7; B: 0.9, blank, 0.3; C: blank, 0.8, 0.8.
    [0.5, 0.6, 0.7].forEach((v, i) => p(i, 0, v));
    [0.9, NaN, 0.3].forEach((v, i) => p(i, 1, v));
    [NaN, 0.8, 0.8].forEach((v, i) => p(i, 2, v));
    const row = drivers(s).ipa.find((r) => r.segment === 'S1' && r.firm === 'A')!;
    // A vs B over respondents 1 and 3: (0.5 + 2 x 0.7) / 3 - (0.9 + 2 x 0.3) / 3 = 0.1333;
    // A vs C over respondents 2 and 3: (0.6 + 1.4) / 3 - (0.8 + 1.6) / 3 = -0.1333: C is the best competitor.
    expect(row.competitor).toBe('C');
    expectClose(row.gap, 2 / 3 - 0.8, 1e-12);
    expect(Number.isNaN(row.share)).toBe(true);
    expect(row.quadrant).toBeNull();
  });

  it('keyDrivers ipa: quadrants read share against 100 / needs and the gap against 0', () => {
    const s = makeSurvey({ segments: seg([200]) });
    const d = drivers(s);
    expect(d.ipa).toHaveLength(2 * 3 * 4);
    for (const r of d.ipa) {
      const important = r.share >= 25;
      const behind = r.gap < 0;
      expect(r.quadrant).toBe(important ? (behind ? 'fix-first' : 'keep') : behind ? 'watch' : 'dont-overspend');
      expect(r.competitor).not.toBe(r.firm);
    }
    // C rates higher than A and B everywhere (planted +0.3 a firm): C's gaps are positive, A's negative.
    expect(d.ipa.filter((r) => r.firm === 'C').every((r) => r.gap > 0)).toBe(true);
    expect(d.ipa.filter((r) => r.firm === 'A').every((r) => r.gap < 0 && r.competitor === 'C')).toBe(true);
  });
});

describe('driversCsv and ipaCsv', () => {
  it('driversCsv and ipaCsv write the contract headers, blank cells where undefined and formula-safe labels', () => {
    const s = makeSurvey({ segments: seg([40, 10]), needs: ['=quality', 'price', 'delivery', 'service'] });
    const d = drivers(s);
    const lines = driversCsv(d).trim().split('\n');
    expect(lines[0]).toBe(DRIVERS_HEADER);
    expect(lines).toHaveLength(1 + d.models.length * 4);
    expect(lines[1].startsWith("*,A,'=quality,overall:A,50,")).toBe(true);
    const small = lines.find((l) => l.startsWith('S2,A,price,'))!.split(',');
    expect(small.slice(4, 6)).toEqual(['10', '']);
    expect(small[13]).toBe('');
    const ipa = ipaCsv(d).trim().split('\n');
    expect(ipa[0]).toBe(IPA_HEADER);
    expect(ipa.join('\n')).not.toMatch(/NaN|null|undefined/);
  });
});
