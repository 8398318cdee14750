import type { MeasureDetail, MeasureResult } from '../measure/measure.ts';
import { bootstrapSegmentSov } from '../measure/bootstrap.ts';
import { jointMap, type JointMap, type JointMapOptions } from './jointMap.ts';

/** What the map's distances stand for. */
export type { MapMetric } from '../model/defaults.ts';
import type { MapMetric } from '../model/defaults.ts';

/** The segment x firm share-of-value table of a measurement, `sov[s * F + f]`. */
export function sovTable(r: MeasureResult): Float64Array {
  return metricTable(r, 'shareOfValue');
}

/**
 * A segment x firm table in [0, 1] whose complement is the map's dissimilarity: share of value
 * (METHOD.md's default) and observed share of wallet as they are; relative value divided by its
 * largest value in the table, so that 1 - it is a monotone decreasing function of relative value
 * in [0, 1) as well (the strongest relative value sits at distance 0 before the transformation).
 */
export function metricTable(r: MeasureResult, metric: MapMetric): Float64Array {
  const F = r.firms.length;
  const out = new Float64Array(r.segments.length * F).fill(NaN);
  const seg = new Map(r.segments.map((s, k) => [s.label, k]));
  r.rows.forEach((row) => (out[seg.get(row.segment)! * F + r.firms.indexOf(row.firm)] = row[metric]));
  if (metric === 'relativeValue') {
    let max = 0;
    for (const v of out) if (v > max) max = v;
    for (let k = 0; k < out.length; k++) out[k] = max > 0 ? out[k] / max : NaN;
  }
  if (metric === 'shareOfWallet' && !out.some((v) => Number.isFinite(v))) throw new Error('the survey has no share-of-wallet data to map');
  return out;
}

// Bootstrap replicates depend only on the measurement, not on the map settings: a user trying
// metric, fit type or weights should not pay for resampling every respondent again each time.
const replicateCache = new WeakMap<MeasureDetail, Map<string, Float64Array>>();

function cachedReplicates(detail: MeasureDetail, S: number, F: number, replicates: number, seed?: number): Float64Array {
  let byKey = replicateCache.get(detail);
  if (!byKey) replicateCache.set(detail, (byKey = new Map()));
  const key = `${S}:${F}:${replicates}:${seed ?? ''}`;
  let table = byKey.get(key);
  if (!table) byKey.set(key, (table = bootstrapSegmentSov(detail, S, F, { replicates, seed })));
  return table;
}

/** The joint map of a measurement, with bootstrap ellipses from the respondents behind it. */
export function mapFromMeasurement(
  m: { result: MeasureResult; detail: MeasureDetail },
  options: JointMapOptions & { replicates?: number; bootstrapSeed?: number; metric?: MapMetric } = {},
): JointMap {
  const r = m.result;
  const F = r.firms.length,
    S = r.segments.length;
  const metric = options.metric ?? 'shareOfValue';
  // Ellipses come from resampling respondents' share of value; the other tables are not resampled.
  const replicates = metric === 'shareOfValue' ? (options.replicates ?? 100) : 0;
  return jointMap(
    {
      firms: r.firms,
      segments: r.segments.map((s) => s.label),
      sov: metricTable(r, metric),
      size: Float64Array.from(r.segments, (s) => s.size),
      replicates: replicates > 0 ? cachedReplicates(m.detail, S, F, replicates, options.bootstrapSeed) : undefined,
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
    method: map.method,
    leaders_nearest: map.leadersNearest.count,
    segments_mapped: map.leadersNearest.of,
    row_fidelity: map.rankFidelity,
    rank_fidelity: map.rankFidelity,
    rank_pairs: map.rankPairs,
    column_fidelity: map.columnFidelity,
    column_pairs: map.columnPairs,
    broken_orders: map.brokenOrders,
    degeneracy: { variation_ratio: map.degeneracy.variationRatio, intermixedness: map.degeneracy.intermixedness, signs: map.degeneracy.signs },
    repaired: map.repaired,
    random_stress1: map.randomStress1,
    iterations: map.iterations,
    type: map.type,
    distance: map.distance,
    within_weight: map.withinWeight,
    misplaced: map.misplaced,
    distorted: map.distorted,
    bootstrap_replicates: map.bootstrapReplicates,
    beta: r.beta,
    us: r.us,
    warnings: map.warnings,
  };
}
