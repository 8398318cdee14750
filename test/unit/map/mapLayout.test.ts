import { describe, it, expect } from 'vitest';
import { layoutMap, estimateWidth, type LayoutOptions } from '../../../src/core/map/mapLayout.ts';
import { lengthInside, totalOverlap } from '../../../src/core/map/labels.ts';
import type { MapInfo } from '../../../src/workers/protocol.ts';
import type { MeasureResult } from '../../../src/core/measure/measure.ts';

/** A market like the sample's S2 and S5: two segments almost on top of each other, near their leader. */
function fixture(): { info: MapInfo; result: MeasureResult } {
  const firm = (label: string, x: number, y: number) => ({ kind: 'firm' as const, label, x, y, stress: 0, ellipse: null });
  const segment = (label: string, x: number, y: number, size: number) => ({ kind: 'segment' as const, label, x, y, stress: 0, ellipse: null, size });
  const points = [firm('Apex', 0.6, 0.6), firm('Boreal', -0.6, -0.5), firm('Cobalt', 0.6, -0.5), segment('S1', -0.2, -0.4, 300), segment('S2', 0.5, 0.48, 400), segment('S5', 0.505, 0.47, 350), segment('S3', 0.55, -0.4, 200)];
  const info = {
    map: { points, misplaced: [], distorted: [] },
    needs: [
      { need: 'quality', dx: 0.9, dy: 0.3, r: 0.9 },
      { need: 'price', dx: -0.7, dy: -0.6, r: 0.8 },
      { need: 'service', dx: 0.5, dy: 0.8, r: 0.9 },
      { need: 'delivery', dx: 0.1, dy: -1, r: 0.6 },
    ],
    settings: {},
  } as unknown as MapInfo;
  const sov: Record<string, number[]> = { S1: [0.2, 0.5, 0.3], S2: [0.7, 0.2, 0.1], S5: [0.6, 0.1, 0.3], S3: [0.1, 0.3, 0.6] };
  const firms = ['Apex', 'Boreal', 'Cobalt'];
  const rows = Object.entries(sov).flatMap(([segment, s]) => firms.map((f, k) => ({ segment, firm: f, shareOfValue: s[k] })));
  const result = { firms, segments: Object.keys(sov).map((label) => ({ label })), rows, us: 'Apex' } as unknown as MeasureResult;
  return { info, result };
}

const options = (o: Partial<LayoutOptions> = {}): LayoutOptions => ({
  width: 900,
  height: 620,
  zoom: { k: 1, x: 0, y: 0 },
  pins: {},
  selected: null,
  showNeeds: true,
  showEllipses: false,
  measure: (t) => estimateWidth(t),
  ...o,
});

describe('layoutMap(info, result, options)', () => {
  it('draws segment circles that overlap on screen apart, keeping data and true screen positions', () => {
    const { info, result } = fixture();
    const { points } = layoutMap(info, result, options());
    const s2 = points.find((p) => p.label === 'S2')!,
      s5 = points.find((p) => p.label === 'S5')!;
    // Their true positions overlap…
    expect(Math.hypot(s2.tx - s5.tx, s2.ty - s5.ty)).toBeLessThan(s2.r + s5.r);
    // …their marks do not.
    expect(Math.hypot(s2.sx - s5.sx, s2.sy - s5.sy)).toBeGreaterThanOrEqual(s2.r + s5.r);
    expect([s2.moved, s5.moved]).toEqual([true, true]);
    expect([s2.x, s2.y, s5.x, s5.y]).toEqual([0.5, 0.48, 0.505, 0.47]);
    // Firms and segments that were clear stay on their true position.
    for (const p of points.filter((q) => q.label !== 'S2' && q.label !== 'S5')) expect([p.sx, p.sy, p.moved]).toEqual([p.tx, p.ty, false]);
  });

  it('lets the circles come back to their true place when zoomed in far enough to part them', () => {
    const { info, result } = fixture();
    const { points } = layoutMap(info, result, options({ zoom: { k: 12, x: -4500, y: -800 } }));
    for (const p of points) expect(p.moved).toBe(false);
  });

  it('leads a line from each segment to its strongest firm only when asked', () => {
    const { info, result } = fixture();
    expect(layoutMap(info, result, options()).leaders).toEqual([]);
    const l = layoutMap(info, result, options({ showLeaders: true }));
    const named = l.leaders.map((x) => [l.points[x.from].label, l.points[x.to].label]);
    expect(named).toEqual([
      ['S1', 'Boreal'],
      ['S2', 'Apex'],
      ['S5', 'Apex'],
      ['S3', 'Cobalt'],
    ]);
    // Each line runs from the edge of the segment's circle to the edge of the firm's mark.
    for (const x of l.leaders) {
      const a = l.points[x.from],
        b = l.points[x.to];
      expect(Math.hypot(x.x1 - a.sx, x.y1 - a.sy)).toBeCloseTo(a.r, 9);
      expect(Math.hypot(x.x2 - b.sx, x.y2 - b.sy)).toBeCloseTo(b.r, 9);
    }
  });

  it('draws no line to a strongest firm whose mark touches the segment’s circle', () => {
    const { info, result } = fixture();
    const points = info.map.points.map((p) => (p.label === 'Cobalt' ? { ...p, x: 0.56, y: -0.41 } : p));
    const l = layoutMap({ ...info, map: { ...info.map, points } } as MapInfo, result, options({ showLeaders: true }));
    expect(l.leaders.map((x) => l.points[x.from].label)).toEqual(['S1', 'S2', 'S5']);
  });

  it('keeps need labels off point labels and labels off the need arrows', () => {
    const { info, result } = fixture();
    const l = layoutMap(info, result, options());
    const needLabels = l.needs.map((v) => v.label!);
    expect(needLabels.every((b) => b !== null)).toBe(true);
    expect(totalOverlap([...l.labels, ...needLabels])).toBe(0);
    for (const b of [...l.labels, ...needLabels]) for (const v of l.needs) expect(lengthInside(b, v)).toBe(0);
  });

  it('gives no label to a need arrow whose tip is out of the frame, rather than one stuck to the edge', () => {
    const { info, result } = fixture();
    // Panned so far that the arrows' tips (around the points' centre) leave the frame on the right.
    const l = layoutMap(info, result, options({ zoom: { k: 1, x: 1200, y: 0 } }));
    expect(l.needs.length).toBe(4);
    for (const v of l.needs) expect(v.label).toBeNull();
  });
});
