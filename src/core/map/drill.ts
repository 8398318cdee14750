/**
 * Drill-down of the joint map (METHOD.md, "The strategy sandbox", Drill-down): one segment's
 * respondents split into sub-groups, each sub-group mapped against the firms as the joint map maps
 * segments, with the firms held exactly where the parent map drew them, so that zooming in keeps
 * the picture readable.
 *
 * Dissimilarities are those of the joint map (jointDissimilarities): firm-subgroup 1 - SoV (weight 1),
 * subgroup-subgroup the distance between SoV profiles (weight `withinWeight`). They are put into the
 * parent map's unit by the parent's own transformation of 1 - SoV (see parentUnit): the function of
 * the parent's family (ratio, interval or monotone) fitted by least squares to the parent's
 * firm-segment pairs as drawn (1 - SoV_fs against the map distance between firm f and segment s).
 * Fitting it to the drawn coordinates, rather than reading the parent's SMACOF disparities, keeps it
 * right after the parent's orientation and Procrustes alignment (which may rescale the picture).
 * Firm-firm pairs have both ends held, so they move nothing. The fit is anchored SMACOF with these
 * disparities held fixed (see anchoredFixedUnit for why not mds/anchored.ts), started from each
 * sub-group placed out of sample against the firms.
 */
import type { MeasureDetail } from '../measure/measure.ts';
import { kmeans } from '../measure/kmeans.ts';
import { importanceWeights } from '../measure/value.ts';
import { choleskyInPlace, choleskySolveInPlace } from '../mds/cholesky.ts';
import { applyDisparity, outOfSample } from '../mds/outOfSample.ts';
import { intervalFit, pava, pavaBuffers } from '../mds/transform.ts';
import type { Disparity, Transformation } from '../mds/types.ts';
import type { Survey } from '../survey.ts';
import { jointDissimilarities } from './jointMap.ts';
import { DEFAULT_MAP_METHOD, DEFAULT_WITHIN_WEIGHT, type MapMethod } from '../model/defaults.ts';
import { checkLeader, columnFidelity, rowFidelity } from './readingRule.ts';
import { JOINT_ORDER_WEIGHTS, ruleFit } from './ruleFit.ts';

/** How a segment's respondents are split into sub-groups. */
export type DrillGroupBy =
  /**
   * By the firm each respondent is most familiar with (highest rescaled familiarity among firms at
   * or above the middle of the scale, 0.5); ties go to the higher share of value, then to the firm
   * listed first. A sub-group is labelled with its firm's name. Respondents familiar with none
   * consider no firm, so they have no share of value to map: they are counted in `withoutShare`.
   * Without familiarity columns every rated firm counts as familiar at the top of the scale, so the
   * ties make this the firm with the largest share of value.
   */
  | { kind: 'familiar' }
  /** By a profile column of the survey (industry, size, ...); blank cells form the group "(blank)". */
  | { kind: 'column'; name: string }
  /**
   * k-means (seeded, k-means++ starts) on the respondents' normalised importance
   * `a_in = imp_in / sum_n imp_in`; clusters labelled `<segment>.1` .. `<segment>.k`, largest first.
   */
  | { kind: 'clusters'; k: number };

export interface DrillOptions {
  /** Default `{kind: 'familiar'}`. */
  groupBy?: DrillGroupBy;
  /** Sub-groups with fewer respondents behind their share of value are reported and left out. Default 10. */
  minSize?: number;
  /** Weight of subgroup-subgroup (and firm-firm) pairs relative to firm-subgroup pairs. Default: the parent's, else 0.2. */
  withinWeight?: number;
  /** Seed of k-means for `{kind: 'clusters'}`. Default 1. */
  seed?: number;
  /**
   * Stop when raw stress falls by less than this x sum w dhat^2 in one iteration. Default 1e-10: the
   * fit has only the sub-groups to move and takes a few milliseconds, while majorisation crawls along
   * flat directions, and at the joint map's 1e-6 sub-groups of the sample market stopped up to 0.005
   * map units short of the minimum (changing rank fidelity).
   */
  tolerance?: number;
  /** Iteration limit of anchored SMACOF. Default 1000. */
  maxIterations?: number;
}

/** The parts of the parent map the drill-down reads (a JointMap fits). */
export interface ParentMap {
  /** Firms and segments as drawn; segments in the measurement's segment order (the index in `detail.segment`). */
  points: { kind: string; label: string; x: number; y: number }[];
  /** The parent's transformation family. Default `'interval'`. */
  type?: Transformation;
  withinWeight?: number;
  /**
   * The parent's map method. Under the rule methods (`'joint'`, the default, and `'replace'`) the
   * sub-groups are fitted under the reading rule too (ruleFit.ts, firms held): every sub-group nearest
   * its strongest firm by the 5% margin, and under `'joint'` the row and column orders as well.
   */
  method?: MapMethod;
}

export interface DrillFirmPoint {
  kind: 'firm';
  label: string;
  x: number;
  y: number;
}

export interface DrillSubgroupPoint {
  kind: 'subgroup';
  label: string;
  x: number;
  y: number;
  /** Weighted respondents behind the share of value. */
  size: number;
  /** Unweighted respondents behind the share of value. */
  respondents: number;
  /** Share of value per firm (survey firm order), sums to 1. */
  sov: number[];
  /** Firm with the largest share of value (the first listed among ties). */
  strongest: string;
  /** Firm nearest on the map. */
  nearest: string;
}

export interface DrillMap {
  segment: string;
  groupBy: DrillGroupBy;
  /** Firms first, exactly at their parent coordinates, then the mapped sub-groups. */
  points: (DrillFirmPoint | DrillSubgroupPoint)[];
  /** Sub-groups with fewer than `minSize` respondents, not mapped. */
  leftOut: { label: string; respondents: number; size: number }[];
  /**
   * Respondents of the segment without a share of value (not measured, or no firm in their
   * consideration set: with `familiar`, every respondent familiar with none), in no sub-group.
   */
  withoutShare: number;
  /** The parent's map-unit transformation of 1 - SoV (see parentUnit), for placing respondents too. */
  unit: Disparity;
  /** Scale factor anchored SMACOF refitted on top of `unit`; 1 = exactly the parent's unit. */
  unitRatio: number;
  /** Kruskal's stress-1 over the pairs with a sub-group at one end, disparities as fitted (map units, not rescaled). */
  stress1: number;
  /** The same over firm-subgroup pairs only. */
  firmSubgroupStress1: number;
  /** Row fidelity: share of within-subgroup firm pairs ordered alike by map distance and share of value. */
  rankFidelity: number;
  rankPairs: number;
  /** Column fidelity over the sub-groups: for each firm, sub-group pairs ordered alike by its distance and its share. */
  columnFidelity: number;
  columnPairs: number;
  /** Sub-groups whose nearest firm is their strongest by the 5% margin, of all mapped sub-groups. */
  leadersNearest: { count: number; of: number };
  /** Within-subgroup pairs the map orders against share of value. */
  brokenOrders: { subgroup: string; stronger: string; nearer: string }[];
  /** Sub-groups breaking rule 1 (readingRule.ts): strongest, nearest, and the rival with d(leader) / d(rival). */
  misplaced: { subgroup: string; strongest: string; nearest: string; rival: string; ratio: number }[];
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/** METHOD.md's familiarity threshold (the middle of the rescaled scale). */
const FAMILIAR = 0.5;

/**
 * The parent map's transformation of a dissimilarity 1 - SoV into map distance: the member of the
 * parent's family (`ratio`: b delta; `interval`: a + b delta with b >= 0 and non-negative over the
 * observed deltas; `ordinal`: monotone, by pool-adjacent-violators, piecewise linear between the
 * distinct deltas and constant beyond them) closest by least squares to the drawn distances of the
 * parent's firm-segment pairs. Segment shares of value come from `detail` (weighted mean over the
 * segment's respondents with a share), segment s being the s-th segment point of the parent map.
 */
export function parentUnit(detail: MeasureDetail, parent: ParentMap, firms: string[], onlySegment?: number): Disparity {
  const F = firms.length;
  const fxy = firmCoords(parent, firms);
  const segs = parent.points.filter((p) => p.kind === 'segment');
  const sov = segmentSov(detail, segs.length, F);
  const delta: number[] = [];
  const dist: number[] = [];
  segs.forEach((p, s) => {
    if (onlySegment !== undefined && s !== onlySegment) return;
    for (let f = 0; f < F; f++) {
      const v = sov[s * F + f];
      if (!Number.isFinite(v)) continue;
      delta.push(1 - v);
      dist.push(Math.hypot(p.x - fxy[2 * f], p.y - fxy[2 * f + 1]));
    }
  });
  if (delta.length < 2) throw new Error('the parent map has too few firm-segment pairs with a share of value to set its unit');
  const type = parent.type ?? 'interval';
  if (type === 'ratio') {
    let num = 0,
      den = 0;
    delta.forEach((d, k) => {
      num += d * dist[k];
      den += d * d;
    });
    return { kind: 'linear', intercept: 0, slope: den > 0 ? num / den : 1 };
  }
  if (type === 'interval') {
    const s = { s0: 0, s1: 0, s2: 0, t0: 0, t1: 0, t2: 0, deltaMin: Infinity };
    delta.forEach((d, k) => {
      const t = dist[k];
      s.s0 += 1;
      s.s1 += d;
      s.s2 += d * d;
      s.t0 += t;
      s.t1 += d * t;
      s.t2 += t * t;
      s.deltaMin = Math.min(s.deltaMin, d);
    });
    const { a, b } = intervalFit(s);
    return { kind: 'linear', intercept: a, slope: b };
  }
  // Ordinal: monotone regression of distance on delta; tied deltas ordered by distance (primary approach).
  const order = Uint32Array.from(delta.keys()).sort((i, j) => delta[i] - delta[j] || dist[i] - dist[j]);
  const dhat = new Float64Array(delta.length);
  pava(order, order.length, Float64Array.from(dist), new Float64Array(delta.length).fill(1), dhat, pavaBuffers(delta.length));
  const kd: number[] = [];
  const kh: number[] = [];
  for (let t = 0; t < order.length; ) {
    let u = t,
      sum = 0;
    for (; u < order.length && delta[order[u]] === delta[order[t]]; u++) sum += dhat[order[u]];
    kd.push(delta[order[t]]);
    kh.push(sum / (u - t));
    t = u;
  }
  return { kind: 'monotone', delta: Float64Array.from(kd), dhat: Float64Array.from(kh) };
}

/** Map distance of a dissimilarity by a Disparity, never below 0 (an interval line may dip below 0 under the parent's deltas). */
export function toMapUnits(unit: Disparity, delta: number): number {
  return Math.max(0, applyDisparity(unit, delta));
}

/**
 * Split segment `segmentLabel` into sub-groups and map them against the firms held at the parent's
 * coordinates (see the module comment). `detail` must be the measurement the parent map was drawn
 * from. Throws, naming the problem, when the segment is not on the parent map or has no respondent
 * with a share of value, the column does not exist, k is out of range, or no sub-group reaches
 * `minSize`.
 */
export function drillSegment(survey: Survey, detail: MeasureDetail, parent: ParentMap, segmentLabel: string, options: DrillOptions = {}): DrillMap {
  const { groupBy = { kind: 'familiar' }, minSize = 10, seed = 1, tolerance = 1e-10, maxIterations = 1000 } = options;
  const withinWeight = options.withinWeight ?? parent.withinWeight ?? DEFAULT_WITHIN_WEIGHT;
  const F = survey.firms.length;
  if (detail.sov.length !== survey.n * F) throw new Error(`detail holds ${detail.sov.length / F} respondents but the survey has ${survey.n}: measure this survey first`);
  const segLabels = parent.points.filter((p) => p.kind === 'segment').map((p) => p.label);
  const seg = segLabels.indexOf(segmentLabel);
  if (seg < 0) throw new Error(`segment "${segmentLabel}" is not on the parent map; its segments are ${segLabels.join(', ') || 'none'}`);
  const members: number[] = [];
  let withoutShare = 0;
  for (let i = 0; i < survey.n; i++) {
    if (detail.segment[i] !== seg) continue;
    if (detail.inShare[i]) members.push(i);
    else withoutShare++;
  }
  if (members.length === 0)
    throw new Error(`segment "${segmentLabel}" has no respondent with a share of value (${withoutShare} respondent${withoutShare === 1 ? '' : 's'} without one): nothing to drill into`);

  const { labels, group } = groupMembers(survey, detail, members, segmentLabel, groupBy, seed);
  const G0 = labels.length;
  const size = new Float64Array(G0);
  const count = new Int32Array(G0);
  const sum = new Float64Array(G0 * F);
  members.forEach((i, r) => {
    const g = group[r];
    const w = detail.weight[i];
    size[g] += w;
    count[g]++;
    for (let f = 0; f < F; f++) sum[g * F + f] += w * detail.sov[i * F + f];
  });
  const kept: number[] = [];
  const leftOut: DrillMap['leftOut'] = [];
  for (let g = 0; g < G0; g++) {
    if (count[g] === 0) continue;
    if (count[g] >= minSize && size[g] > 0) kept.push(g);
    else leftOut.push({ label: labels[g], respondents: count[g], size: size[g] });
  }
  const warnings: string[] = [];
  if (withoutShare)
    warnings.push(`${withoutShare} respondent${withoutShare === 1 ? '' : 's'} of segment ${segmentLabel} ${withoutShare === 1 ? 'has' : 'have'} no share of value (not measured, or no firm considered) and ${withoutShare === 1 ? 'is' : 'are'} in no sub-group`);
  if (leftOut.length)
    warnings.push(`${leftOut.length} sub-group${leftOut.length === 1 ? '' : 's'} with fewer than ${minSize} respondents left out: ${leftOut.map((l) => `${l.label} (${l.respondents})`).join(', ')}`);
  if (kept.length === 0)
    throw new Error(`no sub-group of segment "${segmentLabel}" has at least minSize = ${minSize} respondents (largest: ${Math.max(...count)}); lower minSize or choose another grouping`);

  const G = kept.length;
  const sov = new Float64Array(G * F);
  kept.forEach((g, q) => {
    for (let f = 0; f < F; f++) sov[q * F + f] = sum[g * F + f] / size[g];
  });

  const fxy = firmCoords(parent, survey.firms);
  // The joint method gives each segment its own transformation (row-conditional), so a drill-down takes
  // the unit of the segment it opens; the other methods have one transformation for the whole map.
  const unit = parentUnit(detail, parent, survey.firms, (parent.method ?? DEFAULT_MAP_METHOD) === 'joint' ? seg : undefined);
  if (unit.kind === 'linear' ? !(unit.slope > 0) : !(unit.dhat[unit.dhat.length - 1] > unit.dhat[0]))
    warnings.push("the parent map's distances do not grow with 1 - share of value, so its unit gives every sub-group the same distance to every firm");
  const n = F + G;
  const { delta, weights } = jointDissimilarities(F, G, sov, withinWeight);
  // Firm-firm pairs are left as they are: both ends are held, so they move nothing.
  for (let a = 0; a < n; a++)
    for (let b = Math.max(a + 1, F); b < n; b++) {
      const t = weights[a * n + b] > 0 ? toMapUnits(unit, delta[a * n + b]) : NaN;
      delta[a * n + b] = delta[b * n + a] = t;
    }
  const fit = anchoredFixedUnit(delta, weights, n, fxy, tolerance, maxIterations);
  if (!fit.converged) warnings.push(`the sub-group fit stopped at the iteration limit (${fit.iterations}) before converging; raise maxIterations`);
  let coords = fit.coords;
  const method = parent.method ?? DEFAULT_MAP_METHOD;
  if (method === 'joint' || method === 'replace') {
    // The disparities are already in the parent's unit (held, not refitted): only the sub-groups move.
    const dhat = delta.map((v) => (Number.isFinite(v) ? v : 0));
    const joint = method === 'joint';
    const orders = joint ? JOINT_ORDER_WEIGHTS : { rowWeight: 0, columnWeight: 0 };
    coords = ruleFit(coords, { F, S: G, sov, dhat, weights }, { ...orders, moveFirms: false, rounds: 1 }).coords;
  }

  let num = 0,
    den = 0,
    numFs = 0,
    denFs = 0,
    td = 0,
    tt = 0;
  for (let a = 0; a < n; a++)
    for (let b = Math.max(a + 1, F); b < n; b++) {
      const w = weights[a * n + b];
      if (!(w > 0)) continue;
      const t = delta[a * n + b];
      const d = Math.hypot(coords[2 * a] - coords[2 * b], coords[2 * a + 1] - coords[2 * b + 1]);
      num += w * (t - d) ** 2;
      den += w * d * d;
      td += w * t * d;
      tt += w * t * t;
      if (a < F) {
        numFs += w * (t - d) ** 2;
        denFs += w * d * d;
      }
    }
  const unitRatio = tt > 0 ? td / tt : NaN;
  if (Math.abs(unitRatio - 1) > 0.2)
    warnings.push(`the sub-groups sit at ${unitRatio.toFixed(2)} times the distances the parent map's unit asks for: this level fits the parent's scale poorly`);
  const rf = rowFidelity(F, G, sov, coords);
  const cf = columnFidelity(F, G, sov, coords);

  const points: DrillMap['points'] = survey.firms.map((label, f) => ({ kind: 'firm', label, x: fxy[2 * f], y: fxy[2 * f + 1] }));
  const misplaced: DrillMap['misplaced'] = [];
  kept.forEach((g, q) => {
    const x = coords[(F + q) * 2],
      y = coords[(F + q) * 2 + 1];
    const check = checkLeader(sov.subarray(q * F, q * F + F), fxy, x, y);
    const strongest = check.leader,
      nearest = check.nearest;
    if (!check.ok) misplaced.push({ subgroup: labels[g], strongest: survey.firms[strongest], nearest: survey.firms[nearest], rival: survey.firms[check.rival], ratio: check.ratio });
    points.push({
      kind: 'subgroup',
      label: labels[g],
      x,
      y,
      size: size[g],
      respondents: count[g],
      sov: Array.from(sov.subarray(q * F, q * F + F)),
      strongest: survey.firms[strongest],
      nearest: survey.firms[nearest],
    });
  });
  return {
    segment: segmentLabel,
    groupBy,
    points,
    leftOut,
    withoutShare,
    unit,
    unitRatio,
    stress1: den > 0 ? Math.sqrt(num / den) : 0,
    firmSubgroupStress1: denFs > 0 ? Math.sqrt(numFs / denFs) : 0,
    rankFidelity: rf.fidelity,
    rankPairs: rf.pairs,
    columnFidelity: cf.fidelity,
    columnPairs: cf.pairs,
    leadersNearest: { count: G - misplaced.length, of: G },
    brokenOrders: rf.broken.map((b) => ({ subgroup: labels[kept[b.segment]], stronger: survey.firms[b.stronger], nearer: survey.firms[b.nearer] })),
    misplaced,
    iterations: fit.iterations,
    converged: fit.converged,
    warnings,
  };
}

/** Sub-group labels and the sub-group of each member (members in survey order). */
function groupMembers(
  survey: Survey,
  detail: MeasureDetail,
  members: number[],
  segmentLabel: string,
  groupBy: DrillGroupBy,
  seed: number,
): { labels: string[]; group: Int32Array } {
  const F = survey.firms.length;
  const group = new Int32Array(members.length);
  if (groupBy.kind === 'familiar') {
    // Members have a share of value, so they consider (hence are familiar with) at least one firm.
    members.forEach((i, r) => {
      let best = -1;
      for (let f = 0; f < F; f++) {
        const v = survey.fam[i * F + f];
        if (!(v >= FAMILIAR)) continue;
        if (best < 0 || v > survey.fam[i * F + best] || (v === survey.fam[i * F + best] && detail.sov[i * F + f] > detail.sov[i * F + best])) best = f;
      }
      group[r] = best;
    });
    return { labels: survey.firms.slice(), group };
  }
  if (groupBy.kind === 'column') {
    const col = survey.profiles.find((p) => p.name === groupBy.name);
    if (!col) throw new Error(`column "${groupBy.name}" is not a profile column of the survey; its profile columns are ${survey.profiles.map((p) => p.name).join(', ') || 'none'}`);
    const blank = col.labels.length;
    members.forEach((i, r) => (group[r] = col.codes[i] < 0 ? blank : col.codes[i]));
    return { labels: [...col.labels, '(blank)'], group };
  }
  if (groupBy.kind === 'clusters') {
    const { k } = groupBy;
    if (!(Number.isInteger(k) && k >= 1 && k <= members.length))
      throw new Error(`clusters: k must be an integer from 1 to the ${members.length} respondents of segment "${segmentLabel}" with a share of value; got k = ${k}`);
    const N = survey.needs.length;
    const x = new Float64Array(members.length * N);
    members.forEach((i, r) => importanceWeights(survey.imp, N, i, x, r * N));
    const res = kmeans(x, N, k, { seed });
    return { labels: Array.from({ length: k }, (_, q) => `${segmentLabel}.${q + 1}`), group: res.assignment };
  }
  throw new Error(`groupBy.kind must be 'familiar', 'column' or 'clusters'; got ${JSON.stringify((groupBy as { kind: unknown }).kind)}`);
}

/** Firm coordinates (F x 2) from the parent map's firm points, matched by label. */
/** The firms' x, y on the parent map, in survey firm order; throws naming a firm the map lacks. */
export function firmCoords(parent: ParentMap, firms: string[]): Float64Array {
  const out = new Float64Array(firms.length * 2);
  firms.forEach((label, f) => {
    const p = parent.points.find((q) => q.kind === 'firm' && q.label === label);
    if (!p) throw new Error(`firm "${label}" is not on the parent map; draw the parent map from this survey's measurement`);
    if (!(Number.isFinite(p.x) && Number.isFinite(p.y))) throw new Error(`firm "${label}" has non-finite coordinates on the parent map (${p.x}, ${p.y})`);
    out[2 * f] = p.x;
    out[2 * f + 1] = p.y;
  });
  return out;
}

/** Segment x firm share of value from respondent shares: weighted mean over respondents with a share (NaN for a segment without any). */
function segmentSov(detail: MeasureDetail, S: number, F: number): Float64Array {
  const sum = new Float64Array(S * F);
  const w = new Float64Array(S);
  const n = detail.segment.length;
  for (let i = 0; i < n; i++) {
    const s = detail.segment[i];
    if (s < 0 || s >= S || !detail.inShare[i]) continue;
    w[s] += detail.weight[i];
    for (let f = 0; f < F; f++) sum[s * F + f] += detail.weight[i] * detail.sov[i * F + f];
  }
  return sum.map((v, k) => (w[Math.floor(k / F)] > 0 ? v / w[Math.floor(k / F)] : NaN));
}

/**
 * Anchored SMACOF with fixed disparities: points 0..F-1 held at `fixedXY`, the others moved by the
 * Guttman update restricted to the free rows (Borg & Groenen, Modern MDS, 2nd ed., section 10.3),
 *   V_ff X_f = (B(Z) Z)_f + sum_{j fixed} w_ij x_j,
 * with the disparities `t` taken as given. anchoredSmacof (mds/anchored.ts) refits a scale factor
 * every iteration, and on the sample market that factor drifted to 0.5-0.7 for some segments, i.e.
 * the sub-groups were drawn in another unit than the firms around them; holding the disparities keeps
 * the parent's unit. Raw stress over the pairs with a free end never increases. Start: each free
 * point placed out of sample against the fixed points.
 */
function anchoredFixedUnit(
  t: Float64Array,
  w: Float64Array,
  n: number,
  fixedXY: Float64Array,
  tolerance: number,
  maxIterations: number,
): { coords: Float64Array; iterations: number; converged: boolean } {
  const F = fixedXY.length / 2,
    G = n - F;
  const toFixed = new Float64Array(G * F);
  const wToFixed = new Float64Array(G * F);
  for (let q = 0; q < G; q++)
    for (let f = 0; f < F; f++) {
      toFixed[q * F + f] = t[(F + q) * n + f];
      wToFixed[q * F + f] = w[(F + q) * n + f];
    }
  const start = outOfSample(fixedXY, toFixed, { weights: wToFixed });
  const x = new Float64Array(n * 2);
  x.set(fixedXY);
  x.set(start.coords, 2 * F);
  // V_ff and the fixed points' constant pull.
  const v = new Float64Array(G * G);
  const pull = new Float64Array(G * 2);
  let sumWT2 = 0;
  for (let q = 0; q < G; q++) {
    const i = F + q;
    for (let j = 0; j < n; j++) {
      const wij = j === i ? 0 : w[i * n + j];
      if (!(wij > 0)) continue;
      v[q * G + q] += wij;
      if (j < F) {
        pull[2 * q] += wij * x[2 * j];
        pull[2 * q + 1] += wij * x[2 * j + 1];
        sumWT2 += wij * t[i * n + j] ** 2;
      } else {
        v[q * G + (j - F)] -= wij;
        if (j > i) sumWT2 += wij * t[i * n + j] ** 2;
      }
    }
  }
  choleskyInPlace(v, G, 'V restricted to the sub-groups');
  const rhs = new Float64Array(G * 2);
  const stress = (): number => {
    let s = 0;
    for (let i = F; i < n; i++)
      for (let j = 0; j < i; j++) {
        const wij = w[i * n + j];
        if (wij > 0) s += wij * (t[i * n + j] - Math.hypot(x[2 * i] - x[2 * j], x[2 * i + 1] - x[2 * j + 1])) ** 2;
      }
    return s;
  };
  let old = stress();
  for (let it = 1; it <= maxIterations; it++) {
    rhs.set(pull);
    for (let q = 0; q < G; q++) {
      const i = F + q;
      for (let j = 0; j < n; j++) {
        const wij = j === i ? 0 : w[i * n + j];
        if (!(wij > 0)) continue;
        const dx = x[2 * i] - x[2 * j],
          dy = x[2 * i + 1] - x[2 * j + 1];
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d === 0) continue;
        const r = (wij * t[i * n + j]) / d;
        rhs[2 * q] += r * dx;
        rhs[2 * q + 1] += r * dy;
      }
    }
    choleskySolveInPlace(v, G, rhs, 2);
    x.set(rhs, 2 * F);
    const now = stress();
    if (!(sumWT2 > 0) || (old - now) / sumWT2 < tolerance) return { coords: x, iterations: it, converged: true };
    old = now;
  }
  return { coords: x, iterations: maxIterations, converged: false };
}
