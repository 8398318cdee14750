import type { JointMap } from '../core/map/jointMap.ts';
import type { MeasureResult } from '../core/measure/measure.ts';
import type { SegmentFirm } from '../core/measure/segments.ts';
import type { DrillInfo, MapInfo } from '../workers/protocol.ts';

/**
 * A drilled segment seen through the market map's shapes, so that one layout, tooltip and export
 * serve both levels: sub-groups take the place of segments, with their share of value per firm
 * (the only figure a sub-group has; the others show as undefined).
 */
export function drillAsMap(d: DrillInfo, market: MapInfo, result: MeasureResult): { info: MapInfo; result: MeasureResult } {
  const F = result.firms.length;
  // Sub-groups named after a firm (most familiar with) would read as firms: prefix the segment.
  const subgroups = (d.drill.points.slice(F) as Extract<DrillInfo['drill']['points'][number], { kind: 'subgroup' }>[]).map((p) => ({
    ...p,
    label: d.drill.groupBy.kind === 'clusters' ? p.label : `${d.drill.segment} · ${p.label}`,
  }));
  const renamed = new Map(subgroups.map((p, k) => [(d.drill.points[F + k] as { label: string }).label, p.label]));
  const points: JointMap['points'] = [
    ...d.drill.points.slice(0, F).map((p) => ({ kind: 'firm' as const, label: p.label, x: p.x, y: p.y, stress: 0, ellipse: null })),
    ...subgroups.map((p) => ({ kind: 'segment' as const, label: p.label, x: p.x, y: p.y, stress: 0, ellipse: null, size: p.size })),
  ];
  const map: JointMap = {
    ...market.map,
    points,
    stress1: d.drill.stress1,
    firmSegmentStress1: d.drill.firmSubgroupStress1,
    rankFidelity: d.drill.rankFidelity,
    rankPairs: d.drill.rankPairs,
    columnFidelity: d.drill.columnFidelity,
    columnPairs: d.drill.columnPairs,
    leadersNearest: d.drill.leadersNearest,
    brokenOrders: d.drill.brokenOrders.map((b) => ({ segment: renamed.get(b.subgroup) ?? b.subgroup, stronger: b.stronger, nearer: b.nearer })),
    // A sub-group level fits no transformation of its own (it takes the parent's unit), so it has no disparities to flatten.
    degeneracy: { variationRatio: NaN, intermixedness: NaN, signs: [] },
    repaired: [],
    randomStress1: null,
    iterations: d.drill.iterations,
    misplaced: d.drill.misplaced.map((m) => ({ ...m, segment: renamed.get(m.subgroup) ?? m.subgroup })),
    distorted: [],
    shepard: { delta: [], dhat: [], distance: [], block: [] },
    bootstrapReplicates: 0,
    warnings: d.drill.warnings,
  };
  const rows: SegmentFirm[] = subgroups.flatMap((p) =>
    result.firms.map((firm, f) => ({
      segment: p.label,
      firm,
      size: p.size,
      familiarityRate: NaN,
      meanValue: NaN,
      relativeValue: NaN,
      shareOfValue: p.sov[f],
      shareOfWallet: NaN,
      marketValue: NaN,
      opportunity: NaN,
    })),
  );
  return {
    info: { ...market, map },
    result: {
      ...result,
      rows,
      segments: subgroups.map((p) => ({ label: p.label, respondents: p.respondents, size: p.size, marketValue: NaN, emptyConsideration: 0 })),
    },
  };
}
