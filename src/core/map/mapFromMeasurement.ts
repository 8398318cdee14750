import type { MeasureDetail, MeasureResult } from '../measure/measure.ts';
import { bootstrapSegmentSov } from '../measure/bootstrap.ts';
import { jointMap, type JointMap, type JointMapOptions } from './jointMap.ts';

/** The segment x firm share-of-value table of a measurement, `sov[s * F + f]`. */
export function sovTable(r: MeasureResult): Float64Array {
  const F = r.firms.length;
  const sov = new Float64Array(r.segments.length * F).fill(NaN);
  const seg = new Map(r.segments.map((s, k) => [s.label, k]));
  r.rows.forEach((row) => (sov[seg.get(row.segment)! * F + r.firms.indexOf(row.firm)] = row.shareOfValue));
  return sov;
}

/** The joint map of a measurement, with bootstrap ellipses from the respondents behind it. */
export function mapFromMeasurement(
  m: { result: MeasureResult; detail: MeasureDetail },
  options: JointMapOptions & { replicates?: number; bootstrapSeed?: number } = {},
): JointMap {
  const r = m.result;
  const F = r.firms.length,
    S = r.segments.length;
  const replicates = options.replicates ?? 100;
  return jointMap(
    {
      firms: r.firms,
      segments: r.segments.map((s) => s.label),
      sov: sovTable(r),
      size: Float64Array.from(r.segments, (s) => s.size),
      replicates: replicates > 0 ? bootstrapSegmentSov(m.detail, S, F, { replicates, seed: options.bootstrapSeed }) : undefined,
    },
    { us: r.us ? r.firms.indexOf(r.us) : undefined, ...options },
  );
}

/** The map as the CLI writes it: `points` with kind, label, x, y and every fit figure. */
export function mapJson(map: JointMap, r: MeasureResult): Record<string, unknown> {
  return {
    points: map.points.map((p) => ({ kind: p.kind, label: p.label, x: p.x, y: p.y, stress_share: p.stress, ...(p.size !== undefined ? { size: p.size } : {}), ellipse: p.ellipse })),
    stress1: map.stress1,
    normalised_stress: map.normalisedStress,
    firm_segment_stress1: map.firmSegmentStress1,
    rank_fidelity: map.rankFidelity,
    rank_pairs: map.rankPairs,
    random_stress1: map.randomStress1,
    iterations: map.iterations,
    type: map.type,
    within_weight: map.withinWeight,
    misplaced: map.misplaced,
    distorted: map.distorted,
    bootstrap_replicates: map.bootstrapReplicates,
    beta: r.beta,
    us: r.us,
    warnings: map.warnings,
  };
}
