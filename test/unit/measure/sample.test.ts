// The pipeline recovers the structure planted in the sample market (data/README.md).
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { measure, type MeasureResult } from '../../../src/core/measure/measure.ts';
import type { Survey } from '../../../src/core/survey.ts';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { textSource } from '../helpers.ts';

const truth = JSON.parse(readFileSync('data/sample-truth.json', 'utf8'));
let survey: Survey;
let m: MeasureResult;
const sovOf = (r: MeasureResult, seg: string) => r.rows.filter((x) => x.segment === seg).sort((a, b) => b.shareOfValue - a.shareOfValue);

beforeAll(async () => {
  const imported = await importSurvey(fileSource('data/survey.csv'));
  expect(imported.issues.filter((i) => i.severity === 'error')).toEqual([]);
  survey = imported.survey!;
  m = measure(survey);
});

describe('the sample market (data/survey.csv)', () => {
  it('is read with its 5 firms, 8 needs, 5 segments, 3 waves and 4,800 respondents', () => {
    expect(m.firms).toEqual(truth.firms);
    expect(m.needs).toEqual(truth.needs);
    expect(m.segments.map((s) => s.label)).toEqual(truth.segments);
    expect(m.waves).toEqual(truth.waves);
    expect(m.respondents).toBe(4800);
    expect(survey.us).toBe('Apex');
  });

  it('calibrates beta near the planted 8 with a good fit', () => {
    expect(Math.abs(m.beta - truth.beta_true)).toBeLessThan(0.5);
    expect(m.betaFit!.r2).toBeGreaterThan(0.9);
  });

  it('finds the planted leader of every segment, and Apex weak in S1', () => {
    for (const [seg, leader] of Object.entries(truth.leaders as Record<string, string>)) expect(sovOf(m, seg)[0].firm).toBe(leader);
    const s1 = sovOf(m, 'S1').map((r) => r.firm);
    expect(s1.indexOf('Apex')).toBeGreaterThanOrEqual(3);
    for (const seg of truth.segments) expect(sovOf(m, seg).at(-1)!.firm).toBe('Everfield');
  });

  it('ranks S3 first by market value', () => {
    const byValue = [...m.segments].sort((a, b) => b.marketValue - a.marketValue).map((s) => s.label);
    expect(byValue).toEqual(truth.market_value_rank);
  });

  it('shows Apex gaining in S1 from wave 1 to wave 2', () => {
    const w1 = measure(survey, { wave: '2025-H1' });
    const w2 = measure(survey, { wave: '2025-H2' });
    const apex = (r: MeasureResult) => r.rows.find((x) => x.segment === 'S1' && x.firm === 'Apex')!.shareOfValue;
    expect(apex(w2)).toBeGreaterThan(apex(w1));
  });

  it('forms segments from need importance when the segment column is left out, agreeing with the planted ones', () => {
    const r = measure({ ...survey, segment: null, segmentLabels: [] }, { k: 5 });
    expect(r.segmentSource).toBe('importance');
    expect(r.segments).toHaveLength(5);
    // Agreement after matching each cluster to its most common planted segment.
    const counts = r.segments.map(() => new Map<number, number>());
    const clusterOf = r.respondentSegment;
    for (let i = 0; i < survey.n; i++) {
      const c = clusterOf[i];
      counts[c].set(survey.segment![i], (counts[c].get(survey.segment![i]) ?? 0) + 1);
    }
    const agree = counts.reduce((a, m2) => a + Math.max(...m2.values()), 0) / survey.n;
    expect(agree).toBeGreaterThan(0.85);
    const again = measure({ ...survey, segment: null, segmentLabels: [] }, { k: 5 });
    expect(again.rows).toEqual(r.rows); // seeded: the same segments twice
    expect(r.suggestedK).not.toBeNull();
    expect(r.silhouettes.map((x) => x.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('gives the same tables from the stacked shape as from the wide shape of the same respondents', async () => {
    const stacked = await importSurvey(fileSource('data/survey_stacked.csv'));
    expect(stacked.mapping.shape).toBe('stacked');
    expect(stacked.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const ids = new Set(stacked.survey!.ids);
    const lines = readFileSync('data/survey.csv', 'utf8').trim().split('\n');
    const wide = [lines[0], ...lines.slice(1).filter((l) => ids.has(l.slice(0, l.indexOf(','))))].join('\n');
    const w = await importSurvey(textSource('subset.csv', wide));
    expect(w.survey!.n).toBe(400);
    const a = measure(stacked.survey!, { beta: 8 });
    const b = measure(w.survey!, { beta: 8 });
    a.rows.forEach((r, i) => {
      for (const key of ['size', 'familiarityRate', 'meanValue', 'shareOfValue', 'shareOfWallet', 'marketValue'] as const)
        if (Number.isNaN(r[key])) expect(b.rows[i][key]).toBeNaN();
        else expect(Math.abs(r[key] - b.rows[i][key])).toBeLessThan(1e-9);
    });
  });

  it('reads the Chinese survey identically from UTF-8 with BOM and from GB18030', async () => {
    const a = await importSurvey(fileSource('data/survey_zh.csv'));
    const b = await importSurvey(fileSource('data/survey_zh_gb18030.csv'));
    expect(a.survey!.firms).toEqual(['顶峰', '北辰', '钴蓝', '动力', '常青']);
    expect(b.survey!.firms).toEqual(a.survey!.firms);
    expect(a.survey!.segmentLabels).toEqual(['细分1', '细分2', '细分3', '细分4', '细分5']);
    const ma = measure(a.survey!);
    const mb = measure(b.survey!);
    expect(mb.rows).toEqual(ma.rows);
    expect(sovOf(ma, '细分2')[0].firm).toBe('顶峰');
  });
});
