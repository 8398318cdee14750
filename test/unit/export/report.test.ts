import { describe, it, expect, beforeAll } from 'vitest';
import { buildReport, exportLayout, sheetName, type Report } from '../../../src/core/export/report.ts';
import { exportStrings } from '../../../src/core/export/exportText.ts';
import type { SurveyModel } from '../../../src/core/model/surveyModel.ts';
import { reportOf, sampleModel } from './sample.ts';

describe('exportStrings', () => {
  it('has every English key in Chinese, with the same placeholders, and no Chinese text left in English', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(exportStrings.en)) {
      const zh = exportStrings.zh[key as keyof typeof exportStrings.en];
      expect(zh, key).toBeTruthy();
      expect(placeholders(zh), key).toEqual(placeholders(text));
    }
    expect(Object.keys(exportStrings.zh).sort()).toEqual(Object.keys(exportStrings.en).sort());
  });
});

describe('buildReport(sample)', () => {
  let model: SurveyModel;
  let en: Report, zh: Report;
  beforeAll(async () => {
    model = await sampleModel();
    en = await reportOf(model, 'en', { drivers: model.drivers(null, { replicates: 0 }) });
    zh = await reportOf(model, 'zh');
  });

  it('titles each table with its idea: the leader of the most valuable segment, where to act first, the top driver', () => {
    expect(en.tables.map((t) => t.id)).toEqual(['shareOfValue', 'valuableSegments', 'drivers', 'fit', 'map']);
    // S3 is the sample's most valuable segment and Cobalt leads it (data/README.md).
    expect(en.tables[0].title).toBe("Cobalt leads S3, the market's most valuable segment");
    expect(en.tables[1].title).toMatch(/^Apex should act first in S3/);
    expect(en.tables[2].title).toMatch(/^\w[\w ]* drives the overall rating most across the market$/);
    expect(zh.tables[0].title).toBe('Cobalt 在市场最有价值的细分 S3 中领先');
  });

  it('keeps figures as numbers (shares in [0, 1], rows summing to 1) and the map points with their label boxes', () => {
    const sov = en.tables[0];
    expect(sov.columns.slice(2).map((c) => c.header)).toEqual(model.measurement().firms);
    for (const row of sov.rows) expect((row.slice(2) as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(en.map.points).toHaveLength(10);
    for (const p of en.map.points) expect(p.labelBox).not.toBeNull();
    const drivers = en.tables[2];
    expect((drivers.rows.map((r) => r[1]) as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('checks the reading rule in words, and names a misplaced segment first when the map breaks it', () => {
    expect(en.fit.lines[0]).toBe('The reading rule holds: in every segment the nearest firm is the strongest one.');
    expect(en.map.title).toBe('Every segment sits nearest its strongest firm: read the map by distance');
    const m = model.measurement();
    const interval = model.map(null, { metric: 'shareOfValue', method: 'interval', withinWeight: 0.2, replicates: 0 });
    const r = buildReport({ measurement: m, map: interval, layout: exportLayout(interval, m), lang: 'en', date: '2025-06-30' });
    expect(r.fit.lines[0]).toMatch(/^Read with care: S3's strongest firm is \w+, but \w+ is drawn nearer\.$/);
    expect(r.map.title).toBe('3 of 5 segments sit nearest their strongest firm: read S3 and S4 with care');
    expect(r.fit.warning).toBe(r.fit.lines[0]);
  });

  it('places labels where the user dragged them', () => {
    const m = model.measurement();
    const map = model.map(null, { metric: 'shareOfValue', method: 'joint', withinWeight: 0.2, replicates: 0 });
    const free = exportLayout(map, m);
    const pinned = exportLayout(map, m, { pins: { 'firm:Apex': { dx: 0, dy: 80 } } });
    const box = (l: typeof free) => l.labels.find((b) => b.text === 'Apex')!;
    const apex = free.points.find((p) => p.label === 'Apex')!;
    expect(box(pinned).y - apex.sy).toBeGreaterThan(60);
    expect(Math.abs(box(free).y - apex.sy)).toBeLessThan(40);
  });

  it('adds a changes table as given, last before the fit', () => {
    const m = model.measurement();
    const map = model.map(null, { metric: 'shareOfValue', method: 'joint', withinWeight: 0.2, replicates: 0 });
    const withChanges = buildReport({
      measurement: m, map, layout: exportLayout(map, m), lang: 'en', date: '2025-06-30',
      changes: { sheet: 'Changes: wave 2/1', title: 'Boreal gains in S1', columns: [{ header: 'Segment', format: 'text' }, { header: 'Change', format: 'points' }], rows: [['S1', 4.2]] },
    });
    expect(withChanges.tables.map((t) => t.id)).toEqual(['shareOfValue', 'valuableSegments', 'changes', 'fit', 'map']);
    expect(withChanges.tables[2].sheet).toBe('Changes  wave 2 1');
  });

  it("adds Monitor's latest changes when given the waves: one row per segment and firm, significant first", () => {
    const m = model.measurement();
    const map = model.map(null, { metric: 'shareOfValue', method: 'joint', withinWeight: 0.2, replicates: 0 });
    const waves = model.waves({ measure: { beta: m.beta }, replicates: 50 });
    const r = buildReport({ measurement: m, map, layout: exportLayout(map, m), lang: 'en', date: '2025-06-30', waves });
    const t = r.tables.find((x) => x.id === 'monitor')!;
    const last = waves.waves.at(-1)!.wave,
      prev = waves.waves.at(-2)!.wave;
    const rows = waves.rows.filter((x) => x.wave === last);
    const n = rows.filter((x) => x.significantPrev === true).length;
    expect(t.title).toBe(`Changes in ${last} since ${prev}: ${n} significant at 95%`);
    expect(t.rows).toHaveLength(m.segments.length * m.firms.length);
    const sig = t.rows.map((row) => row[6]);
    expect(sig.slice(0, n).every((x) => x === 'yes')).toBe(true);
    expect(sig.slice(n).every((x) => x === 'no' || x === '–')).toBe(true);
    // Changes in points (the share's change x 100), the interval around it.
    const first = rows.find((x) => x.segment === t.rows[0][0] && x.firm === t.rows[0][1])!;
    expect(t.rows[0][3]).toBeCloseTo(100 * first.changePrev, 12);
    expect(t.rows[0][4] as number).toBeLessThanOrEqual(t.rows[0][3] as number);
    expect(t.rows[0][5] as number).toBeGreaterThanOrEqual(t.rows[0][3] as number);
    expect(r.tables.map((x) => x.id)).toEqual(['shareOfValue', 'valuableSegments', 'monitor', 'fit', 'map']);
    const zh = buildReport({ measurement: m, map, layout: exportLayout(map, m), lang: 'zh', date: '2025-06-30', waves });
    expect(zh.tables.find((x) => x.id === 'monitor')!.title).toBe(`${last} 相对 ${prev} 的变化：${n} 项在 95% 水平显著`);
  });
});

describe('sheetName', () => {
  it.each([
    ['Share of value', 'Share of value'],
    ['a/b\\c?d*e[f]g:h', 'a b c d e f g h'],
    ['x'.repeat(40), 'x'.repeat(31)],
    ['', 'Sheet'],
    ["'quoted'", 'quoted'],
  ])('sheetName(%j) = %j', (input, out) => expect(sheetName(input)).toBe(out));
});
