import { describe, it, expect } from 'vitest';
import { escapeXml, mapSvg } from '../../../src/core/export/mapSvg.ts';
import { layoutMap, estimateWidth } from '../../../src/core/map/mapLayout.ts';
import type { MapInfo } from '../../../src/workers/protocol.ts';
import type { MeasureResult } from '../../../src/core/measure/measure.ts';

const evil = '<img src=x onerror=alert(1)>';

function fixture(): { info: MapInfo; result: MeasureResult } {
  const points = [
    { kind: 'firm' as const, label: evil, x: 0, y: 0, stress: 25, ellipse: { cx: 0, cy: 0, rx: 0.1, ry: 0.05, angle: 0.3 } },
    { kind: 'firm' as const, label: 'B & "C"', x: 1, y: 0, stress: 25, ellipse: null },
    { kind: 'segment' as const, label: '细分1', x: 0, y: 1, stress: 25, ellipse: null, size: 10 },
    { kind: 'segment' as const, label: "S'2", x: 1, y: 1, stress: 25, ellipse: null, size: 5 },
  ];
  const info = {
    map: { points, misplaced: [], distorted: [] },
    needs: [{ need: 'quality', dx: 1, dy: 0, r: 0.8 }],
    settings: { metric: 'shareOfValue', type: 'interval', withinWeight: 0.2, replicates: 0 },
  } as unknown as MapInfo;
  const result = { firms: [evil, 'B & "C"'], segments: [{ label: '细分1' }, { label: "S'2" }], rows: [], us: evil } as unknown as MeasureResult;
  return { info, result };
}

describe('mapSvg(layout, text)', () => {
  it('is well-formed XML with every label escaped and no element from data', async () => {
    const { info, result } = fixture();
    const layout = layoutMap(info, result, { width: 600, height: 400, zoom: { k: 1, x: 0, y: 0 }, pins: {}, selected: null, showNeeds: true, showEllipses: true, measure: (t) => estimateWidth(t) });
    const svg = mapSvg(layout, { title: 'Map <of> market', rule: 'The shorter the distance, the stronger the relationship.', fit: 'stress-1 0.10', source: 'survey.csv', date: '2026-11-22', firmLabel: 'Firm', segmentLabel: 'Segment', usLabel: 'us' });
    expect(svg).not.toContain('<img');
    expect(svg).toContain(escapeXml(evil));
    expect(svg).toContain('B &amp; &quot;C&quot;');
    expect(svg).toContain('S&apos;2');
    expect(svg).toContain('细分1');
    expect(svg).toContain('The shorter the distance, the stronger the relationship.');
    // Well-formed: every tag closes and nothing but our own elements appear.
    const tags = [...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(['svg', 'rect', 'text', 'g', 'line', 'ellipse', 'path', 'circle']));
    const open = svg.match(/<(svg|g|text)[ >]/g)!.length;
    const close = svg.match(/<\/(svg|g|text)>/g)!.length;
    expect(open).toBe(close);
  });
});

describe('mapSvg(layout, text) draws the map as the screen does', () => {
  it('draws overlapping segments apart with a line back to their true place, and leader lines when asked', () => {
    const { info, result } = fixture();
    // Put the second segment on top of the first.
    const points = info.map.points.map((p) => (p.label === "S'2" ? { ...p, x: 0.01, y: 1 } : p));
    const moved = { ...info, map: { ...info.map, points } } as MapInfo;
    const rows = [
      { segment: '细分1', firm: evil, shareOfValue: 0.7 },
      { segment: '细分1', firm: 'B & "C"', shareOfValue: 0.3 },
      { segment: "S'2", firm: evil, shareOfValue: 0.2 },
      { segment: "S'2", firm: 'B & "C"', shareOfValue: 0.8 },
    ];
    const layout = layoutMap(moved, { ...result, rows } as unknown as MeasureResult, { width: 600, height: 400, zoom: { k: 1, x: 0, y: 0 }, pins: {}, selected: null, showNeeds: true, showEllipses: false, showLeaders: true, measure: (t) => estimateWidth(t) });
    const svg = mapSvg(layout, { title: 't', rule: 'r', fit: 'f', source: 's', date: 'd', firmLabel: 'Firm', segmentLabel: 'Segment', usLabel: 'us' });
    const circles = [...svg.matchAll(/<circle cx="([\d.-]+)" cy="([\d.-]+)" r="([\d.]+)" fill="#1f5fa8" fill-opacity/g)].map((m) => m.slice(1).map(Number));
    const [a, b] = circles;
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThanOrEqual(a[2] + b[2] - 0.2);
    expect(svg.match(/r="2" fill="#1f5fa8"/g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray="4 3"/g)).toHaveLength(2);
    const need = layout.needs[0].label!;
    expect(svg).toContain(`<text x="${Math.round((need.x + 3) * 10) / 10}"`);
  });
});
