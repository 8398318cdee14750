import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyScenario, compareCsv, COMPARE_HEADER, parseChange, scenarioRows } from '../../../src/core/scenario/scenario.ts';
import { SurveyModel } from '../../../src/core/model/surveyModel.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { fixture, expectClose } from '../helpers.ts';

describe('parseChange(text)', () => {
  it('reads need=points pairs and names a part it cannot read', () => {
    expect(parseChange('quality=+1, price=-0.5,delivery=2')).toEqual({ quality: 1, price: -0.5, delivery: 2 });
    expect(() => parseChange('quality+1')).toThrow(/"quality\+1" is not need=points/);
    expect(() => parseChange(' , ')).toThrow(/names no need/);
  });
});

describe('applyScenario(survey, change, segmentOf, labels) on the hand-made survey', () => {
  it('moves the firm by points over the scale span, clamps to the scale, keeps blanks, and touches nothing else', async () => {
    const { survey } = await importSurvey(fixture('hand.csv'));
    const s = survey!;
    const F = s.firms.length,
      N = s.needs.length;
    const span = s.scales.perf!.max - s.scales.perf!.min;
    const f = 0,
      k = 0;
    const changed = applyScenario(s, { firm: s.firms[f], needs: { [s.needs[k]]: 2 } }, new Int32Array(s.n), ['all']);
    expect(changed.perf).not.toBe(s.perf);
    for (let i = 0; i < s.n; i++)
      for (let g = 0; g < F; g++)
        for (let q = 0; q < N; q++) {
          const at = (i * F + g) * N + q,
            v = s.perf[at];
          if (g === f && q === k) {
            if (Number.isNaN(v)) expect(changed.perf[at]).toBeNaN();
            else expectClose(changed.perf[at], Math.min(1, v + 2 / span));
          } else expect(Object.is(changed.perf[at], v)).toBe(true);
        }
    expect(() => applyScenario(s, { firm: 'Nobody', needs: {} }, new Int32Array(s.n), ['all'])).toThrow(/firm "Nobody" is not in the survey/);
    expect(() => applyScenario(s, { firm: s.firms[0], needs: { taste: 1 } }, new Int32Array(s.n), ['all'])).toThrow(/need "taste" is not in the survey/);
  });
});

describe('what-if scenarios on the sample market (SurveyModel.scenario)', () => {
  const model = new SurveyModel('w');
  let needs: string[];
  let firms: string[];
  beforeAll(async () => {
    const parsed = await model.parse(fileSource('data/survey.csv'));
    const base = model.build(parsed.proposal).result!;
    needs = base.needs;
    firms = base.firms;
  });

  it('holds beta at the base value and keeps the scenario beside the base', () => {
    const base = model.measurement();
    const sc = model.scenario(null, { firm: 'Apex', needs: { [needs[0]]: 1 } });
    expect(sc.beta).toBe(base.beta);
    expect(sc.betaSource).toBe('fixed');
    expect(model.currentId).toBe(base.measurementId);
    expect(sc.scenario).toEqual({ baseId: base.measurementId, change: { firm: 'Apex', needs: { [needs[0]]: 1 } } });
    const rows = scenarioRows(base, sc);
    for (const r of rows) expectClose(r.valueChange, base.rows.find((b) => b.segment === r.segment && b.firm === r.firm)!.marketValue * r.delta, 1e-6);
    expect(compareCsv(rows).split('\n')[0]).toBe(COMPARE_HEADER);
  });

  it("raising a firm's performance never lowers its share of value in any segment and never raises a competitor's (property)", () => {
    const base = model.measurement();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 3 }), fc.double({ min: 0.1, max: 4, noNaN: true }), (f, ks, points) => {
        const sc = model.scenario(base.measurementId, { firm: firms[f], needs: Object.fromEntries(ks.map((k) => [needs[k], points])) });
        for (const r of scenarioRows(base, sc)) {
          if (r.firm === firms[f]) expect(r.delta).toBeGreaterThanOrEqual(-1e-15);
          else expect(r.delta).toBeLessThanOrEqual(1e-15);
        }
      }),
      { seed: 7, numRuns: 12 },
    );
  });

  it('a change in one segment moves only that segment', () => {
    const base = model.measurement();
    const sc = model.scenario(base.measurementId, { firm: 'Cobalt', needs: { [needs[1]]: 3 }, segment: 'S1' });
    for (const r of scenarioRows(base, sc)) if (r.segment !== 'S1') expect(r.delta).toBe(0);
    expect(scenarioRows(base, sc).find((r) => r.segment === 'S1' && r.firm === 'Cobalt')!.delta).toBeGreaterThan(0);
  });

  it('the scenario map re-fits from the base map in its unit, aligned to it: the firm moves nearer every segment where it gains', () => {
    const base = model.measurement();
    const settings = { ...DEFAULT_MAP_SETTINGS, replicates: 0 };
    const baseMap = model.map(base.measurementId, settings).map;
    const points = baseMap.points.map(({ kind, label, x, y }) => ({ kind, label, x, y }));
    const sc = model.scenario(base.measurementId, { firm: 'Everfield', needs: Object.fromEntries(needs.map((n) => [n, 3])) });
    const scMap = model.map(sc.measurementId, { ...settings, init: points, reference: points }).map;
    expect(scMap.leadersNearest.count).toBe(scMap.leadersNearest.of);
    const meanDist = (m: typeof baseMap, firm: string) => {
      const p = m.points.find((q) => q.label === firm)!;
      const segs = m.points.filter((q) => q.kind === 'segment');
      return segs.reduce((a, s) => a + Math.hypot(s.x - p.x, s.y - p.y), 0) / segs.length;
    };
    expect(meanDist(scMap, 'Everfield')).toBeLessThan(meanDist(baseMap, 'Everfield'));
    // The base map's transformation is held, so a gain in every segment is drawn nearer in every segment.
    const d = (m: typeof baseMap, s: string) => {
      const a = m.points.find((q) => q.label === 'Everfield')!,
        b = m.points.find((q) => q.label === s)!;
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    for (const s of base.segments) expect(d(scMap, s.label)).toBeLessThan(d(baseMap, s.label));
    // The other firms hold still (aligned to the base map): Apex moves far less than Everfield.
    const moved = (label: string) => {
      const a = baseMap.points.find((q) => q.label === label)!,
        b = scMap.points.find((q) => q.label === label)!;
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    expect(moved('Apex')).toBeLessThan(moved('Everfield'));
  });
});
