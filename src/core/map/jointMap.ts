/**
 * The joint firm-segment map of METHOD.md ("The strategy sandbox"): firms and segments in one
 * plane, where the distance between a firm and a segment stands for 1 - share of value, so
 * the shorter the distance, the stronger the relationship.
 *
 * Dissimilarities (one unit, shares, across all blocks):
 * - firm-segment: d_fs = 1 - SoV_fs, weight 1;
 * - segment-segment: Euclidean distance between the two segments' SoV profiles over firms;
 * - firm-firm: Euclidean distance between the two firms' SoV profiles over segments;
 *   both within-set blocks weigh `withinWeight` (default 0.2), so they steady the picture
 *   without outvoting the relationships it is drawn for.
 * Fitted by weighted SMACOF (interval by default) from classical MDS plus seeded random starts,
 * then put in a canonical position (orient, our firm on the positive side) and, when the user was
 * looking at a map before, Procrustes-aligned to it on the shared points.
 */
import { orient, procrustes } from '../mds/procrustes.ts';
import { createSmacof, smacof, type SmacofResult } from '../mds/smacof.ts';
import type { Transformation } from '../mds/types.ts';

export interface JointMapInput {
  firms: string[];
  segments: string[];
  /** Segment x firm share of value, `sov[s * F + f]`; NaN where undefined. */
  sov: Float64Array;
  /** Segment sizes (weighted respondents), for drawing. */
  size?: Float64Array;
  /** Bootstrap replicates of `sov` (B x S x F) for confidence ellipses. */
  replicates?: Float64Array;
}

/**
 * How a firm-segment share becomes a dissimilarity.
 * - `'complement'` (METHOD.md's default): d = 1 - SoV_fs.
 * - `'leaderGap'`: d = LEADER_GAP_OFFSET + (max_g SoV_gs - SoV_fs), how far the firm trails the
 *   segment's leader. It is 1 - SoV shifted by a constant per segment (a row-conditional
 *   transformation, as unfolding programs such as PREFSCAL allow): still decreasing in share of
 *   value within each segment, but the leader of every segment sits at the same short distance, so
 *   absolute strength is no longer compared across segments. On the sample market it places every
 *   segment nearest its leader, which the default does not (see README).
 */
export type FirmSegmentDistance = 'complement' | 'leaderGap';
/** The leader's distance under `'leaderGap'`: small but not 0, so segments do not sit on their leader. */
export const LEADER_GAP_OFFSET = 0.1;

export interface JointMapOptions {
  type?: Transformation;
  /** Default `'complement'` (METHOD.md). */
  distance?: FirmSegmentDistance;
  /** Weight of firm-firm and segment-segment pairs relative to firm-segment pairs. Default 0.2. */
  withinWeight?: number;
  /** Seeded random starts besides the classical one. Default 4. */
  randomStarts?: number;
  /** Fits of permuted dissimilarities for the random-data stress yardstick. Default 10. */
  benchmark?: number;
  seed?: number;
  tolerance?: number;
  maxIterations?: number;
  /** Our firm's index: the orientation puts it on the positive side of both axes. */
  us?: number;
  /** A previous map (label -> x, y) to align to, so the picture does not jump. */
  reference?: { label: string; kind: 'firm' | 'segment'; x: number; y: number }[];
  /** Confidence level of the ellipses. Default 0.95. */
  level?: number;
  /** Progress in [0, 1] by stage; during the fit also the iteration and stress-1 of the run under way. */
  onProgress?: (fraction: number, stage: string, fit?: { iteration: number; stress1: number }) => void;
}

export interface MapPoint {
  kind: 'firm' | 'segment';
  label: string;
  x: number;
  y: number;
  /** Share of the map's stress at this point, percent (sums to 100 over points). */
  stress: number;
  /** Confidence ellipse from the bootstrap: centre, semi-axes and angle (radians), or null. */
  ellipse: { cx: number; cy: number; rx: number; ry: number; angle: number } | null;
  size?: number;
}

export interface JointMap {
  points: MapPoint[];
  stress1: number;
  normalisedStress: number;
  /** Kruskal's stress-1 over firm-segment pairs only (the pairs the map is read for). */
  firmSegmentStress1: number;
  /** Share of within-segment firm pairs ordered the same by map distance and by share of value. */
  rankFidelity: number;
  /** Pairs compared for rank fidelity (firm pairs with different share of value in a segment). */
  rankPairs: number;
  /** Mean stress-1 of the same fit on permuted dissimilarities: the fit is only worth reading well below it. */
  randomStress1: number | null;
  iterations: number;
  type: Transformation;
  withinWeight: number;
  distance: FirmSegmentDistance;
  /** Segments whose nearest firm on the map is not their strongest firm. */
  misplaced: { segment: string; strongest: string; nearest: string }[];
  /** Points carrying more than twice their fair share of stress. */
  distorted: string[];
  /** Shepard data: dissimilarity, disparity and map distance per fitted pair, with its block. */
  shepard: { delta: number[]; dhat: number[]; distance: number[]; block: ('fs' | 'ff' | 'ss')[] };
  bootstrapReplicates: number;
  warnings: string[];
}

/** Dissimilarity and weight matrices (n x n, firms first then segments). */
export function jointDissimilarities(
  firms: number,
  segments: number,
  sov: Float64Array,
  withinWeight = 0.2,
  distance: FirmSegmentDistance = 'complement',
): { delta: Float64Array; weights: Float64Array } {
  const F = firms,
    S = segments,
    n = F + S;
  const delta = new Float64Array(n * n);
  const weights = new Float64Array(n * n);
  const set = (i: number, j: number, d: number, w: number) => {
    const ok = Number.isFinite(d);
    delta[i * n + j] = delta[j * n + i] = ok ? d : NaN;
    weights[i * n + j] = weights[j * n + i] = ok ? w : 0;
  };
  const v = (s: number, f: number) => sov[s * F + f];
  const top = Array.from({ length: S }, (_, s) => {
    let m = -Infinity;
    for (let f = 0; f < F; f++) if (Number.isFinite(v(s, f)) && v(s, f) > m) m = v(s, f);
    return m;
  });
  for (let f = 0; f < F; f++)
    for (let s = 0; s < S; s++) set(f, F + s, distance === 'leaderGap' ? LEADER_GAP_OFFSET + top[s] - v(s, f) : 1 - v(s, f), 1);
  for (let a = 0; a < F; a++)
    for (let b = a + 1; b < F; b++) {
      let d = 0;
      for (let s = 0; s < S; s++) d += (v(s, a) - v(s, b)) ** 2;
      set(a, b, Math.sqrt(d), withinWeight);
    }
  for (let a = 0; a < S; a++)
    for (let b = a + 1; b < S; b++) {
      let d = 0;
      for (let f = 0; f < F; f++) d += (v(a, f) - v(b, f)) ** 2;
      set(F + a, F + b, Math.sqrt(d), withinWeight);
    }
  return { delta, weights };
}

/**
 * A point's firm with the largest share of value and its nearest firm on the map (`firmXy` holds
 * the firms' x, y first). It is misplaced when the nearest firm has a smaller share than the
 * strongest; a nearest firm tied with the strongest is not.
 */
export function strongestAndNearest(sov: ArrayLike<number>, firmXy: ArrayLike<number>, x: number, y: number): { strongest: number; nearest: number; misplaced: boolean } {
  let strongest = -1,
    nearest = -1,
    bestV = -Infinity,
    bestD = Infinity;
  for (let f = 0; f < sov.length; f++) {
    const v = sov[f];
    if (Number.isFinite(v) && v > bestV) {
      bestV = v;
      strongest = f;
    }
    const d = Math.hypot(firmXy[f * 2] - x, firmXy[f * 2 + 1] - y);
    if (d < bestD) {
      bestD = d;
      nearest = f;
    }
  }
  const misplaced = strongest >= 0 && nearest >= 0 && !(sov[nearest] >= sov[strongest]);
  return { strongest, nearest, misplaced };
}

/** Chi-square quantile with 2 degrees of freedom: -2 ln(1 - level). */
const chi2two = (level: number) => -2 * Math.log(1 - level);

/** Kruskal's stress-1 over a subset of pairs, disparities rescaled by least squares to the distances. */
function subsetStress1(dhat: number[], d: number[]): number {
  let sdd = 0,
    shh = 0;
  for (let k = 0; k < d.length; k++) {
    sdd += dhat[k] * d[k];
    shh += dhat[k] * dhat[k];
  }
  const b = shh > 0 ? sdd / shh : 0;
  let num = 0,
    den = 0;
  for (let k = 0; k < d.length; k++) {
    num += (b * dhat[k] - d[k]) ** 2;
    den += d[k] * d[k];
  }
  return den > 0 ? Math.sqrt(num / den) : NaN;
}

/** Share of within-segment firm pairs ordered alike by map distance and share of value. */
export function rankFidelity(F: number, S: number, sov: Float64Array, coords: Float64Array): { fidelity: number; pairs: number } {
  let agree = 0,
    pairs = 0;
  const dist = (f: number, s: number) => Math.hypot(coords[f * 2] - coords[(F + s) * 2], coords[f * 2 + 1] - coords[(F + s) * 2 + 1]);
  for (let s = 0; s < S; s++)
    for (let a = 0; a < F; a++)
      for (let b = a + 1; b < F; b++) {
        const va = sov[s * F + a],
          vb = sov[s * F + b];
        if (!Number.isFinite(va) || !Number.isFinite(vb) || va === vb) continue;
        pairs++;
        if (va > vb === dist(a, s) < dist(b, s)) agree++;
      }
  return { fidelity: pairs ? agree / pairs : NaN, pairs };
}

function checkInput(input: JointMapInput): void {
  const F = input.firms.length,
    S = input.segments.length;
  if (F < 2) throw new Error(`the map needs at least 2 firms; the survey has ${F}`);
  if (S < 2) throw new Error(`the map needs at least 2 segments to place firms between; there ${S === 1 ? 'is 1' : `are ${S}`}. Form segments from need importance or map a segment column`);
  if (input.sov.length !== F * S) throw new Error(`share-of-value table has ${input.sov.length} cells, expected ${S} x ${F}`);
  let defined = 0;
  for (const v of input.sov) if (Number.isFinite(v)) defined++;
  if (defined < F + S) throw new Error('too few segment-firm shares of value are defined to draw a map (every segment needs respondents who consider a firm)');
}

/** Fit the joint map (see the module comment). */
export function jointMap(input: JointMapInput, options: JointMapOptions = {}): JointMap {
  checkInput(input);
  const { type = 'interval', withinWeight = 0.2, randomStarts = 4, benchmark = 10, seed = 1, tolerance = 1e-6, maxIterations = 1000, level = 0.95, distance = 'complement' } = options;
  const progress = options.onProgress ?? (() => {});
  const F = input.firms.length,
    S = input.segments.length,
    n = F + S;
  const { delta, weights } = jointDissimilarities(F, S, input.sov, withinWeight, distance);
  progress(0.05, 'fit');
  // Stepped, so the worker can show iterations and stress while the fit runs.
  const stepper = createSmacof(delta, { type, weights, randomStarts, benchmark, seed, tolerance, maxIterations, dims: 2 });
  while (!stepper.done) {
    const p = stepper.step(25);
    progress(0.05 + 0.35 * p.progress, p.phase === 'fit' ? 'fit' : 'benchmark', { iteration: p.iteration, stress1: p.stress1 });
  }
  const fit = stepper.result();
  let coords = orient(fit.coords, { dims: 2, anchor: options.us });
  const warnings = [...fit.warnings];
  if (options.reference?.length) coords = alignTo(coords, input, options.reference);
  progress(0.4, 'stability');

  const labels = [...input.firms.map((label) => ({ kind: 'firm' as const, label })), ...input.segments.map((label) => ({ kind: 'segment' as const, label }))];
  const ellipses = input.replicates ? bootstrapEllipses(input, coords, { type, withinWeight, tolerance, maxIterations, level, distance }, (p) => progress(0.4 + 0.55 * p, 'stability')) : null;

  const shep = shepardBlocks(fit, F);
  const fs = shep.block.map((b, k) => (b === 'fs' ? k : -1)).filter((k) => k >= 0);
  const firmSegmentStress1 = subsetStress1(
    fs.map((k) => shep.dhat[k]),
    fs.map((k) => shep.distance[k]),
  );
  const rf = rankFidelity(F, S, input.sov, coords);
  const misplaced: JointMap['misplaced'] = [];
  for (let s = 0; s < S; s++) {
    const c = strongestAndNearest(input.sov.subarray(s * F, s * F + F), coords, coords[(F + s) * 2], coords[(F + s) * 2 + 1]);
    if (c.misplaced) misplaced.push({ segment: input.segments[s], strongest: input.firms[c.strongest], nearest: input.firms[c.nearest] });
  }
  const fair = 100 / n;
  const points: MapPoint[] = labels.map((l, i) => ({
    ...l,
    x: coords[i * 2],
    y: coords[i * 2 + 1],
    stress: fit.pointStress[i],
    ellipse: ellipses ? ellipses[i] : null,
    ...(l.kind === 'segment' && input.size ? { size: input.size[i - F] } : {}),
  }));
  progress(1, 'done');
  return {
    points,
    stress1: fit.stress1,
    normalisedStress: fit.normalisedStress,
    firmSegmentStress1,
    rankFidelity: rf.fidelity,
    rankPairs: rf.pairs,
    randomStress1: fit.benchmark ? fit.benchmark.mean : null,
    iterations: fit.iterations,
    type,
    withinWeight,
    distance,
    misplaced,
    distorted: points.filter((p) => p.stress > 2 * fair).map((p) => p.label),
    shepard: shep,
    bootstrapReplicates: input.replicates ? input.replicates.length / (F * S) : 0,
    warnings,
  };
}

function shepardBlocks(fit: SmacofResult, F: number): JointMap['shepard'] {
  const sh = fit.shepard;
  const block: ('fs' | 'ff' | 'ss')[] = [];
  for (let k = 0; k < sh.i.length; k++) {
    const a = sh.i[k] < F,
      b = sh.j[k] < F;
    block.push(a && b ? 'ff' : !a && !b ? 'ss' : 'fs');
  }
  return { delta: Array.from(sh.delta), dhat: Array.from(sh.dhat), distance: Array.from(sh.distance), block };
}

/** Procrustes (rotation, reflection, translation, scale) onto the reference's shared points. */
function alignTo(coords: Float64Array, input: JointMapInput, reference: NonNullable<JointMapOptions['reference']>): Float64Array {
  const key = (kind: string, label: string) => `${kind}\u0000${label}`;
  const index = new Map(reference.map((r, k) => [key(r.kind, r.label), k]));
  const labels = [...input.firms.map((l) => key('firm', l)), ...input.segments.map((l) => key('segment', l))];
  const match = Int32Array.from(labels, (k) => index.get(k) ?? -1);
  // Fewer than 3 shared points cannot fix a rotation and a scale.
  if (match.filter((m) => m >= 0).length < 3) return coords;
  const ref = Float64Array.from(reference.flatMap((r) => [r.x, r.y]));
  return procrustes(coords, ref, { scaling: true, match }).coords;
}

/**
 * Confidence ellipses: each bootstrap replicate is mapped the same way from the full map's
 * configuration, Procrustes-aligned to it (rotation, reflection, translation, scale on all points),
 * and each point's replicate positions give a covariance; the ellipse holds `level` of a normal
 * with that covariance (chi-square, 2 degrees of freedom).
 */
function bootstrapEllipses(
  input: JointMapInput,
  coords: Float64Array,
  o: { type: Transformation; withinWeight: number; tolerance: number; maxIterations: number; level: number; distance: FirmSegmentDistance },
  progress: (p: number) => void,
): JointMap['points'][number]['ellipse'][] {
  const F = input.firms.length,
    S = input.segments.length,
    n = F + S;
  const B = input.replicates!.length / (F * S);
  const xs: Float64Array[] = [];
  for (let b = 0; b < B; b++) {
    const sov = input.replicates!.subarray(b * S * F, (b + 1) * S * F);
    if (sov.some((v) => !Number.isFinite(v))) continue;
    const { delta, weights } = jointDissimilarities(F, S, sov, o.withinWeight, o.distance);
    try {
      const fit = smacof(delta, { type: o.type, weights, init: coords, tolerance: o.tolerance, maxIterations: o.maxIterations, shepard: false });
      xs.push(procrustes(fit.coords, coords, { scaling: true }).coords);
    } catch {
      /* a degenerate replicate (e.g. a segment with one respondent) is skipped */
    }
    if (b % 10 === 0) progress(b / B);
  }
  if (xs.length < 10) return Array.from({ length: n }, () => null);
  const q = Math.sqrt(chi2two(o.level));
  return Array.from({ length: n }, (_, i) => {
    let mx = 0,
      my = 0;
    for (const x of xs) {
      mx += x[i * 2];
      my += x[i * 2 + 1];
    }
    mx /= xs.length;
    my /= xs.length;
    let sxx = 0,
      syy = 0,
      sxy = 0;
    for (const x of xs) {
      const dx = x[i * 2] - mx,
        dy = x[i * 2 + 1] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    const m = xs.length - 1;
    sxx /= m;
    syy /= m;
    sxy /= m;
    // Eigen-decomposition of the 2 x 2 covariance.
    const tr = sxx + syy,
      det = sxx * syy - sxy * sxy;
    const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
    const l1 = tr / 2 + disc,
      l2 = Math.max(0, tr / 2 - disc);
    const angle = Math.abs(sxy) > 1e-15 ? Math.atan2(l1 - sxx, sxy) : sxx >= syy ? 0 : Math.PI / 2;
    return { cx: coords[i * 2], cy: coords[i * 2 + 1], rx: q * Math.sqrt(l1), ry: q * Math.sqrt(l2), angle };
  });
}
