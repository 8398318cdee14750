import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measure, measureWithDetail } from '../../../src/core/measure/measure.ts';
import { mapFromMeasurement } from '../../../src/core/map/mapFromMeasurement.ts';
import { labelledPoints } from '../../../src/core/map/jointMap.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';
import { surveyWaves, type WavesResult } from '../../../src/core/monitor/waves.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { expectClose, textSource } from '../helpers.ts';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
const lines = readFileSync('data/survey.csv', 'utf8').trim().split('\n');
const header = lines[0].split(',');
const col = (name: string) => header.indexOf(name);

async function surveyOf(rows: string[][]): Promise<Survey> {
  const imported = await importSurvey(textSource('waves.csv', [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n'));
  expect(imported.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return imported.survey!;
}
const cells = lines.slice(1).map((l) => l.split(','));
const ofWave = (wave: string) => cells.filter((c) => c[col('wave')] === wave);

let sample: Survey;
let result: WavesResult;
beforeAll(async () => {
  sample = await surveyOf(cells);
  result = surveyWaves(sample);
});

describe('surveyWaves on the sample (data/survey.csv, three waves)', () => {
  it('surveyWaves(sample) measures every wave with the pooled beta: shares equal measure(survey, {wave, beta}) exactly', () => {
    expect(result.waves.map((w) => w.wave)).toEqual(truth.waves);
    expect(result.beta).toBe(measure(sample).beta);
    expect(result.betaSource).toBe('calibrated');
    for (const wave of truth.waves) {
      const m = measure(sample, { wave, beta: result.beta });
      const ours = result.rows.filter((r) => r.wave === wave);
      expect(ours.map((r) => [r.segment, r.firm, r.shareOfValue])).toEqual(m.rows.map((r) => [r.segment, r.firm, r.shareOfValue]));
    }
    expect(result.rows).toHaveLength(3 * 5 * 5);
    expect(result.waves.map((w) => w.respondents)).toEqual([1600, 1600, 1600]);
    expect(result.missingWave).toBe(0);
    expect(result.notes).toEqual([]);
  });

  it('surveyWaves(sample): every interval holds its estimate, changes are blank in the first wave only', () => {
    for (const r of result.rows) {
      expect(r.low).toBeLessThanOrEqual(r.shareOfValue);
      expect(r.high).toBeGreaterThanOrEqual(r.shareOfValue);
      if (r.wave === truth.waves[0]) {
        expect([r.changePrev, r.changeFirst]).toEqual([NaN, NaN]);
        expect([r.significantPrev, r.significantFirst]).toEqual([null, null]);
      } else {
        expect(r.changePrevLow).toBeLessThan(r.changePrevHigh);
        expect(typeof r.significantPrev).toBe('boolean');
        expect(r.significantPrev).toBe(r.changePrevLow > 0 || r.changePrevHigh < 0);
      }
    }
  });

  it("surveyWaves(sample) maps the first wave as SurveyModel.map does, and aligns the later waves to it closely", () => {
    const first = measureWithDetail(sample, { wave: truth.waves[0], beta: result.beta });
    const map = mapFromMeasurement(first, { ...DEFAULT_MAP_SETTINGS, replicates: 0 });
    expect(result.waves[0].points).toEqual(labelledPoints(map));
    expect(result.waves[0].congruence).toBe(1);
    for (const w of result.waves) {
      expect(w.points.map((p) => p.label)).toEqual([...truth.firms, ...truth.segments]);
      expect(w.congruence).toBeGreaterThan(0.95);
      expect(w.leadersNearest).toEqual({ count: 5, of: 5 });
    }
  });

  it('surveyWaves(sample) alerts on the planted changes of 2026-H1: Dynamo gaining in S3 and our (Apex) loss in S2', () => {
    const latest = result.alerts.filter((a) => a.wave === '2026-H1');
    const planted = truth.wave_changes.filter((c: { to: string }) => c.to === '2026-H1');
    for (const c of planted) {
      const alert = latest.find((a) => a.firm === c.firm && a.segment === c.segment);
      expect(alert, `${c.firm} in ${c.segment}`).toBeDefined();
      expect(alert!.kind).toBe(c.kind);
      expect(alert!.since).toBe('2025-H2');
      expect(Math.sign(alert!.change)).toBe(Math.sign(c.sov_change));
      expect(Math.abs(alert!.change)).toBeGreaterThan(0.04);
    }
    expect(latest.find((a) => a.firm === 'Dynamo')!.reasons).toEqual(['valuable']);
    // Nothing in the stable segments S1, S4, S5 alerts. One more alert in S2 (measured, reported
    // in data/README.md): Everfield +1.6 points, 95% interval 0.55 to 2.77, part of the share Apex
    // loses there going to the others; drawn without the 2026-H1 shifts it is not significant.
    const others = latest.filter((a) => !planted.some((c: { firm: string; segment: string }) => c.firm === a.firm && c.segment === a.segment));
    expect(others.map((a) => `${a.kind} ${a.segment} ${a.firm}`)).toEqual(['competitor-gain S2 Everfield']);
  });

  it('surveyWaves is seeded: the same seed gives the same result, another seed other intervals', () => {
    expect(surveyWaves(sample, { replicates: 50, seed: 3 })).toEqual(surveyWaves(sample, { replicates: 50, seed: 3 }));
    const other = surveyWaves(sample, { replicates: 50, seed: 4 });
    const again = surveyWaves(sample, { replicates: 50, seed: 3 });
    expect(other.rows.map((r) => r.shareOfValue)).toEqual(again.rows.map((r) => r.shareOfValue));
    expect(other.rows.map((r) => r.low)).not.toEqual(again.rows.map((r) => r.low));
  });
});

describe('surveyWaves on made-up waves', () => {
  it('surveyWaves: waves that are identical copies show no significant change and congruence 1', async () => {
    const wave1 = ofWave('2025-H1');
    const copy = (label: string, k: number) => wave1.map((c) => c.map((v, j) => (j === col('wave') ? label : j === col('id') ? `${v}-${k}` : v)));
    const r = surveyWaves(await surveyOf([...copy('P1', 1), ...copy('P2', 2), ...copy('P3', 3)]));
    expect(r.waves.map((w) => w.wave)).toEqual(['P1', 'P2', 'P3']);
    for (const w of r.waves) {
      expect(w.congruence).toBeCloseTo(1, 12);
      // The same map each wave, aligned onto itself (up to rounding in the Procrustes fit).
      w.points.forEach((p, i) => {
        expect(p.label).toBe(r.waves[0].points[i].label);
        expectClose(p.x, r.waves[0].points[i].x, 1e-12);
        expectClose(p.y, r.waves[0].points[i].y, 1e-12);
      });
    }
    for (const row of r.rows.filter((x) => x.wave !== 'P1')) {
      expect(row.changePrev).toBe(0);
      expect(row.significantPrev).toBe(false);
      expect(row.significantFirst).toBe(false);
    }
    expect(r.alerts).toEqual([]);
  });

  it('surveyWaves: a firm nobody rated in one wave is blank there, off that map and without changes, not a crash', async () => {
    const perfEverfield = header.flatMap((h, j) => (h.startsWith('perf:Everfield:') ? [j] : []));
    const rows = [...ofWave('2025-H1'), ...ofWave('2025-H2').map((c) => c.map((v, j) => (perfEverfield.includes(j) ? '' : v))), ...ofWave('2026-H1')];
    const r = surveyWaves(await surveyOf(rows), { replicates: 50 });
    const everfield = r.rows.filter((x) => x.firm === 'Everfield');
    for (const x of everfield.filter((x) => x.wave === '2025-H2')) expect([x.shareOfValue, x.low, x.changePrev, x.changeFirst]).toEqual([NaN, NaN, NaN, NaN]);
    for (const x of everfield.filter((x) => x.wave === '2026-H1')) {
      expect(x.changePrev).toBeNaN();
      expect(x.significantPrev).toBeNull();
      expect(Number.isFinite(x.changeFirst)).toBe(true);
    }
    expect(r.waves[1].absentFirms).toEqual(['Everfield']);
    expect(r.waves[1].points.map((p) => p.label)).not.toContain('Everfield');
    expect(r.waves[1].congruence).toBeGreaterThan(0.9);
    expect(r.notes).toEqual([{ code: 'absent-firm', params: { wave: '2025-H2', firm: 'Everfield' } }]);
  });

  it('surveyWaves counts respondents with a blank wave and puts them in no wave', async () => {
    const rows = cells.map((c, i) => (i % 100 === 0 ? c.map((v, j) => (j === col('wave') ? '' : v)) : c));
    const r = surveyWaves(await surveyOf(rows), { replicates: 20 });
    expect(r.missingWave).toBe(48);
    expect(r.respondents).toBe(4800);
    expect(r.waves.reduce((a, w) => a + w.respondents, 0)).toBe(4800 - 48);
    expect(r.notes).toContainEqual({ code: 'missing-wave', params: { respondents: 48 } });
  });

  it('surveyWaves forms segments from importance once on the pooled waves and keeps each respondent in its segment', async () => {
    const noSegment = { ...sample, segment: null, segmentLabels: [] };
    const r = surveyWaves(noSegment, { measure: { k: 5 }, replicates: 20 });
    const pooled = measure(noSegment, { k: 5 });
    expect(r.segmentSource).toBe('importance');
    expect(r.segments).toEqual(pooled.segments.map((s) => s.label));
    for (const [w, wave] of r.waves.entries())
      r.segments.forEach((_, g) => {
        let n = 0;
        for (let i = 0; i < sample.n; i++) if (sample.wave![i] === w && pooled.respondentSegment[i] === g) n++;
        expect(wave.segments[g].respondents).toBe(n);
      });
  });

  it('surveyWaves needs two waves and says how many there are', async () => {
    expect(() => surveyWaves({ ...sample, wave: null, waveLabels: [] })).toThrow('Monitor needs at least two waves; the survey has no wave column');
    const one = await surveyOf(ofWave('2025-H1').slice(0, 300));
    expect(() => surveyWaves(one)).toThrow('Monitor needs at least two waves; the survey has one wave (2025-H1)');
  });

  it('surveyWaves reports progress in [0, 1], ending at 1, and stops when the callback throws', () => {
    const seen: number[] = [];
    surveyWaves(sample, { replicates: 10, onProgress: (f) => seen.push(f) });
    expect(seen.every((f, k) => f >= 0 && f <= 1 && (k === 0 || f >= seen[k - 1]))).toBe(true);
    expect(seen.at(-1)).toBe(1);
    expect(() => surveyWaves(sample, { replicates: 10, onProgress: (_, stage) => { if (stage === 'map') throw new Error('stop'); } })).toThrow('stop');
  });
});
