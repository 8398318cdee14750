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
import { createSmacof } from '../mds/smacof.ts';
import { prefscal } from '../mds/prefscal.ts';
import { fittedPairs } from '../mds/dissimilarities.ts';
import { pava, pavaBuffers } from '../mds/transform.ts';
import { rng, type Rng } from '../random.ts';
import type { FitProgress, Transformation } from '../mds/types.ts';
import { columnFidelity, leadersNearest, rowFidelity } from './readingRule.ts';
import { refitTransform, ruleFit } from './ruleFit.ts';
import { degeneracy, type Degeneracy } from './degeneracy.ts';
import { DEFAULT_MAP_METHOD, DEFAULT_WITHIN_WEIGHT, parseMapMethod, type MapMethod } from '../model/defaults.ts';

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

/*
 * How the map is fitted (model/defaults.ts MAP_METHODS: the candidates of the map-quality benchmark, `npm run bench:map`; README
 * has its table). Each starts from weighted SMACOF from classical MDS plus seeded random starts.
 * - `'joint'` (the default, the benchmark's winner): the interval fit, then stress plus hinges on
 *   the leader rule and on the row and column orders minimised with firms and segments moving
 *   (ruleFit.ts), then any segment still breaking rule 1 moved onto the nearest point where it holds;
 * - `'replace'`: the interval fit, then each segment re-placed with the firms held, under its own
 *   stress plus the leader hinge, and repaired the same way;
 * - `'prefscal'`: interval SMACOF under the PREFSCAL coefficient-of-variation penalty (mds/prefscal.ts);
 * - `'small-weights'`: interval SMACOF with firm-segment weights 1 / delta^2 (scaled to mean 1), which
 *   stress the strong relationships (small dissimilarities);
 * - `'interval'` (METHOD's earlier default), `'ratio'`, `'ordinal'`: plain SMACOF with that transformation;
 * - `'leader-gap'`: interval SMACOF on the gap to the segment's leader (FirmSegmentDistance).
 */
interface MethodSpec {
  type: Transformation;
  distance: FirmSegmentDistance;
  smallWeights?: boolean;
  prefscal?: boolean;
  rule?: 'joint' | 'replace';
  /**
   * Also fit from a ratio SMACOF start and keep whichever reads better (row fidelity, then column
   * fidelity, then stress-1). Where the interval fit degenerates (breakfast: the intercept swallows
   * the ranks), the ratio start keeps row fidelity at 0.70 instead of 0.56; elsewhere the interval
   * start is usually better. The ellipses' replicates use the start that won.
   */
  orRatio?: boolean;
  /** Fit the SMACOF stage to this firm-segment distance instead (the rule stage then fits `distance`). */
  start?: FirmSegmentDistance;
  /** The rule stage's transformation: one for the whole matrix (default) or one per segment row. */
  conditionality?: 'matrix' | 'row';
}
const METHOD_SPECS: Record<MapMethod, MethodSpec> = {
  joint: { type: 'interval', distance: 'complement', rule: 'joint', orRatio: true, start: 'leaderGap', conditionality: 'row' },
  replace: { type: 'interval', distance: 'complement', rule: 'replace' },
  prefscal: { type: 'interval', distance: 'complement', prefscal: true },
  'small-weights': { type: 'interval', distance: 'complement', smallWeights: true },
  interval: { type: 'interval', distance: 'complement' },
  ratio: { type: 'ratio', distance: 'complement' },
  ordinal: { type: 'ordinal', distance: 'complement' },
  'leader-gap': { type: 'interval', distance: 'leaderGap' },
};

export interface JointMapOptions {
  /** Default DEFAULT_MAP_METHOD. */
  method?: MapMethod;
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
  /**
   * A map to start from (label -> x, y; every firm and segment present), instead of classical MDS
   * and random starts: a what-if re-fits from the base map so the firm visibly moves, not the picture.
   */
  init?: { label: string; kind: 'firm' | 'segment'; x: number; y: number }[];
  /**
   * The table `init` was fitted to. With a rule method, the transformation `init` has on it is held
   * while this table is fitted from `init`: a what-if is drawn in its base map's unit, so a firm that
   * gains share moves nearer, instead of the transformation absorbing the gain.
   */
  holdFrom?: Float64Array;
  /** A previous map (label -> x, y) to align to, so the picture does not jump. */
  reference?: { label: string; kind: 'firm' | 'segment'; x: number; y: number }[];
  /** Confidence level of the ellipses. Default 0.95. */
  level?: number;
  /** Progress in [0, 1] by stage; during the fit also the iteration and stress-1 of the run under way. */
  onProgress?: (fraction: number, stage: string, fit?: FitProgress) => void;
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
  method: MapMethod;
  points: MapPoint[];
  stress1: number;
  normalisedStress: number;
  /** Kruskal's stress-1 over firm-segment pairs only (the pairs the map is read for). */
  firmSegmentStress1: number;
  /** Row fidelity: share of within-segment firm pairs ordered the same by map distance and by share of value (readingRule.ts). */
  rankFidelity: number;
  /** Pairs compared for row fidelity (firm pairs with different share of value in a segment). */
  rankPairs: number;
  /** Column fidelity: for each firm, share of segment pairs ordered alike by its distance and its share. */
  columnFidelity: number;
  columnPairs: number;
  /** Segments whose nearest firm is their strongest by the 5% margin (rule 1 of readingRule.ts), of all segments. */
  leadersNearest: { count: number; of: number };
  /** Within-segment pairs the map orders against share of value: the weaker firm drawn nearer. */
  brokenOrders: { segment: string; stronger: string; nearer: string }[];
  degeneracy: Degeneracy;
  /** Segments the rule fit had to move onto the set where rule 1 holds (a sign of strain there). */
  repaired: string[];
  /** Mean stress-1 of the same fit on permuted dissimilarities: the fit is only worth reading well below it. */
  randomStress1: number | null;
  iterations: number;
  type: Transformation;
  withinWeight: number;
  distance: FirmSegmentDistance;
  /**
   * Segments breaking rule 1: the strongest firm, the nearest firm, and the rival (the firm outside the
   * leader's ties whose distance comes closest to the leader's) with d(segment, leader) / d(segment, rival).
   */
  misplaced: { segment: string; strongest: string; nearest: string; rival: string; ratio: number }[];
  /** Points carrying more than twice their fair share of stress. */
  distorted: string[];
  /** Shepard data: dissimilarity, disparity and map distance per fitted pair, with its block. */
  shepard: { delta: number[]; dhat: number[]; distance: number[]; block: ('fs' | 'ff' | 'ss')[] };
  bootstrapReplicates: number;
  warnings: string[];
}

/** A map's points as labelled positions, the shape maps are aligned to, started from and held by. */
export function labelledPoints(map: Pick<JointMap, 'points'>): { kind: 'firm' | 'segment'; label: string; x: number; y: number }[] {
  return map.points.map(({ kind, label, x, y }) => ({ kind, label, x, y }));
}

/** Dissimilarity and weight matrices (n x n, firms first then segments). */
export function jointDissimilarities(
  firms: number,
  segments: number,
  sov: Float64Array,
  withinWeight = DEFAULT_WITHIN_WEIGHT,
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

/** A fitted configuration (n x 2, in the fit's own unit) with the disparities it was fitted to. */
interface MethodFit {
  coords: Float64Array;
  iterations: number;
  warnings: string[];
  repaired: number[];
  /** The dissimilarities and weights fitted. */
  delta: Float64Array;
  weights: Float64Array;
}

/** Firm-segment weights 1 / delta^2, scaled to mean 1; delta floored at 0.05 so a share of 1 does not take every weight. */
export function smallDissimilarityWeights(F: number, S: number, delta: Float64Array, weights: Float64Array): Float64Array {
  const n = F + S;
  const w = weights.slice();
  let sum = 0,
    count = 0;
  for (let f = 0; f < F; f++)
    for (let s = F; s < n; s++)
      if (w[f * n + s] > 0) {
        sum += 1 / Math.max(delta[f * n + s], 0.05) ** 2;
        count++;
      }
  const mean = sum / count;
  for (let f = 0; f < F; f++)
    for (let s = F; s < n; s++) if (w[f * n + s] > 0) w[f * n + s] = w[s * n + f] = 1 / Math.max(delta[f * n + s], 0.05) ** 2 / mean;
  return w;
}

/** Shuffle the values of the firm-firm and the segment-segment pairs within their own block (the random-data yardstick). */
function shuffleWithinBlocks(F: number, n: number, delta: Float64Array, r: Rng): void {
  for (const [lo, hi] of [
    [0, F],
    [F, n],
  ]) {
    const pairs: [number, number][] = [];
    for (let i = lo; i < hi; i++) for (let j = i + 1; j < hi; j++) pairs.push([i, j]);
    const values = pairs.map(([i, j]) => delta[i * n + j]);
    for (let k = values.length - 1; k > 0; k--) {
      const j = Math.floor(r() * (k + 1));
      [values[k], values[j]] = [values[j], values[k]];
    }
    pairs.forEach(([i, j], k) => (delta[i * n + j] = delta[j * n + i] = values[k]));
  }
}

/**
 * Fit one configuration by `method` (see MAP_METHODS): the SMACOF stage (stepped, with progress) from
 * classical MDS plus random starts, then the method's own stage. With `init` (a bootstrap replicate
 * started from the map), a rule method skips the SMACOF stage and refines `init` directly, so the
 * ellipses show how the map moves with the data, not how far another start would take it.
 */
function fitByMethod(
  F: number,
  S: number,
  sov: Float64Array,
  spec: MethodSpec,
  o: { withinWeight: number; randomStarts: number; seed: number; tolerance: number; maxIterations: number; init?: Float64Array; shuffle?: Rng; holdFrom?: Float64Array },
  progress: (fraction: number, phase: 'fit' | 'benchmark', fit: FitProgress) => void = () => {},
): MethodFit {
  const n = F + S;
  const dis = jointDissimilarities(F, S, sov, o.withinWeight, spec.distance);
  if (o.shuffle) shuffleWithinBlocks(F, n, dis.delta, o.shuffle);
  const weights = spec.smallWeights ? smallDissimilarityWeights(F, S, dis.delta, dis.weights) : dis.weights;
  let startDelta = dis.delta;
  if (spec.start && spec.start !== spec.distance) {
    // Within-set pairs do not depend on the firm-segment distance: only that block differs.
    startDelta = jointDissimilarities(F, S, sov, o.withinWeight, spec.start).delta;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i < F === j < F) startDelta[i * n + j] = dis.delta[i * n + j];
  }
  const out: MethodFit = { coords: o.init ?? new Float64Array(0), iterations: 0, warnings: [], repaired: [], delta: dis.delta, weights };
  const problem = { F, S, sov, dhat: dis.delta, weights, delta: dis.delta, transform: spec.type === 'ratio' ? 'ratio' : 'interval', conditionality: spec.conditionality ?? 'matrix' } as const;
  let dhat: Float64Array | null = null;
  if (!(spec.rule && o.init)) {
    const stepper = createSmacof(startDelta, { type: spec.type, weights, init: o.init, randomStarts: o.init ? 0 : o.randomStarts, seed: o.seed, tolerance: o.tolerance, maxIterations: o.maxIterations, dims: 2 });
    while (!stepper.done) {
      const p = stepper.step(25);
      progress(p.progress, p.phase, { iteration: p.iteration, stress1: p.stress1 });
    }
    const fit = stepper.result();
    Object.assign(out, { coords: fit.coords, iterations: fit.iterations, warnings: [...fit.warnings] });
    if (startDelta === dis.delta) {
      dhat = new Float64Array(n * n);
      const sh = fit.shepard;
      for (let k = 0; k < sh.i.length; k++) dhat[sh.i[k] * n + sh.j[k]] = dhat[sh.j[k] * n + sh.i[k]] = sh.dhat[k];
    }
  }
  if (spec.prefscal) {
    const pf = prefscal(dis.delta, weights, out.coords, { tolerance: o.tolerance * 1e-2, maxIterations: o.maxIterations });
    out.coords = pf.coords;
    out.iterations += pf.iterations;
  }
  if (spec.rule) {
    const joint = spec.rule === 'joint';
    const held = o.init && o.holdFrom && o.holdFrom.length === sov.length;
    if (held) dhat = refitTransform(out.coords, { ...problem, delta: jointDissimilarities(F, S, o.holdFrom!, o.withinWeight, spec.distance).delta }, dis.delta);
    // Disparities of the distance fitted, from the configuration at hand when the SMACOF stage did not fit them.
    dhat ??= refitTransform(out.coords, problem);
    const rf = ruleFit(out.coords, { ...problem, dhat, delta: joint && !held ? dis.delta : undefined }, joint ? {} : { moveFirms: false, rowWeight: 0, columnWeight: 0, rounds: 1 });
    out.coords = rf.coords;
    out.iterations += rf.iterations;
    out.repaired = rf.repaired;
  }
  return out;
}

/**
 * The fit figures of a final configuration: disparities by the least-squares transformation of the
 * method's family to its distances (so every method is scored the same way, whatever its own
 * objective was), Kruskal's stress-1, normalised stress, each point's share of the stress, and the
 * Shepard data.
 */
function fitFigures(delta: Float64Array, weights: Float64Array, coords: Float64Array, spec: MethodSpec, F: number) {
  const { n, I, J, delta: dl, w } = fittedPairs(delta, weights);
  const P = I.length;
  const d = Float64Array.from(I, (i, k) => Math.hypot(coords[2 * i] - coords[2 * J[k]], coords[2 * i + 1] - coords[2 * J[k] + 1]));
  let dhat = new Float64Array(P);
  if (spec.type === 'ordinal') {
    const order = Uint32Array.from(dl.keys()).sort((a, b) => dl[a] - dl[b] || d[a] - d[b]);
    pava(order, P, d, w, dhat, pavaBuffers(P));
  } else {
    const full = refitTransform(coords, { F, S: n - F, sov: [], dhat: delta, weights, delta, transform: spec.type === 'ratio' ? 'ratio' : 'interval', conditionality: spec.conditionality ?? 'matrix' });
    dhat = Float64Array.from(I, (i, k) => full[i * n + J[k]]);
  }
  let num = 0,
    dd = 0,
    hh = 0;
  const pointStress = new Float64Array(n);
  for (let k = 0; k < P; k++) {
    const r = w[k] * (dhat[k] - d[k]) ** 2;
    num += r;
    dd += w[k] * d[k] * d[k];
    hh += w[k] * dhat[k] * dhat[k];
    pointStress[I[k]] += r;
    pointStress[J[k]] += r;
  }
  const total = pointStress.reduce((x, y) => x + y, 0);
  const block = Array.from(I, (i, k): 'fs' | 'ff' | 'ss' => (i < F && J[k] < F ? 'ff' : i >= F && J[k] >= F ? 'ss' : 'fs'));
  return {
    stress1: dd > 0 ? Math.sqrt(num / dd) : 0,
    normalisedStress: hh > 0 ? num / hh : 0,
    pointStress: Array.from(pointStress, (v) => (total > 0 ? (100 * v) / total : 100 / n)),
    shepard: { delta: Array.from(dl), dhat: Array.from(dhat), distance: Array.from(d), block },
    pairs: { I, J },
  };
}

/**
 * The random-data yardstick: mean stress-1 of the same method on structureless data made from the same
 * numbers (seeded): the shares shuffled across the table's cells, and the firm-firm and segment-segment
 * dissimilarities shuffled within their blocks (shuffling the shares alone keeps the blocks consistent
 * with each other, and such a table maps about as well as the real one).
 */
function randomDataStress(F: number, S: number, sov: Float64Array, spec: MethodSpec, o: Parameters<typeof fitByMethod>[4], runs: number, seed: number): number | null {
  const r = rng(seed + 7);
  const stress: number[] = [];
  for (let b = 0; b < runs; b++) {
    const perm = sov.slice();
    for (let k = perm.length - 1; k > 0; k--) {
      const j = Math.floor(r() * (k + 1));
      [perm[k], perm[j]] = [perm[j], perm[k]];
    }
    try {
      const fit = fitByMethod(F, S, perm, spec, { ...o, randomStarts: 0, shuffle: r });
      stress.push(fitFigures(fit.delta, fit.weights, fit.coords, spec, F).stress1);
    } catch {
      /* a permutation the method cannot fit (e.g. constant rows) is skipped */
    }
  }
  return stress.length ? stress.reduce((a, b) => a + b, 0) / stress.length : null;
}

/** Fit the joint map (see the module comment and MAP_METHODS). */
export function jointMap(input: JointMapInput, options: JointMapOptions = {}): JointMap {
  checkInput(input);
  const { method = DEFAULT_MAP_METHOD, withinWeight = DEFAULT_WITHIN_WEIGHT, randomStarts = 4, benchmark = 10, seed = 1, tolerance = 1e-6, maxIterations = 1000, level = 0.95 } = options;
  let spec = METHOD_SPECS[method];
  if (!spec) parseMapMethod(String(method));
  const progress = options.onProgress ?? (() => {});
  const F = input.firms.length,
    S = input.segments.length,
    n = F + S;
  progress(0.05, 'fit');
  const fitOptions = { withinWeight, randomStarts, seed, tolerance, maxIterations, init: options.init ? startFrom(input, options.init) : undefined, holdFrom: options.holdFrom };
  let fit = fitByMethod(F, S, input.sov, spec, fitOptions, (p, phase, it) => progress(0.05 + (spec.orRatio ? 0.25 : 0.35) * p, phase, it));
  if (spec.orRatio) {
    const ratioSpec: MethodSpec = { ...spec, type: 'ratio', orRatio: false };
    const alt = fitByMethod(F, S, input.sov, ratioSpec, fitOptions, (p, phase, it) => progress(0.3 + 0.1 * p, phase, it));
    const score = (c: Float64Array) => [leadersNearest(F, S, input.sov, c).count, rowFidelity(F, S, input.sov, c).fidelity, columnFidelity(F, S, input.sov, c).fidelity];
    const [a, b] = [score(fit.coords), score(alt.coords)];
    const better = a.findIndex((v, k) => Math.abs(v - b[k]) > 1e-9);
    if (better >= 0 && b[better] > a[better]) {
      fit = alt;
      spec = ratioSpec;
    }
  }
  const randomStress1 = benchmark > 0 ? randomDataStress(F, S, input.sov, spec, fitOptions, benchmark, seed) : null;
  let coords = orient(fit.coords, { dims: 2, anchor: options.us });
  if (options.reference?.length) coords = alignTo(coords, input, options.reference);
  progress(0.4, 'stability');

  const labels = [...input.firms.map((label) => ({ kind: 'firm' as const, label })), ...input.segments.map((label) => ({ kind: 'segment' as const, label }))];
  const ellipses = input.replicates ? bootstrapEllipses(input, coords, spec, { withinWeight, tolerance, maxIterations, level }, (p) => progress(0.4 + 0.55 * p, 'stability')) : null;

  const { delta, weights } = jointDissimilarities(F, S, input.sov, withinWeight, spec.distance);
  const fig = fitFigures(delta, weights, coords, spec, F);
  const shep = fig.shepard;
  const fs = shep.block.map((b, k) => (b === 'fs' ? k : -1)).filter((k) => k >= 0);
  const firmSegmentStress1 = subsetStress1(
    fs.map((k) => shep.dhat[k]),
    fs.map((k) => shep.distance[k]),
  );
  const rf = rowFidelity(F, S, input.sov, coords);
  const cf = columnFidelity(F, S, input.sov, coords);
  const rule = leadersNearest(F, S, input.sov, coords);
  const misplaced: JointMap['misplaced'] = rule.failing.map(({ segment, check }) => ({
    segment: input.segments[segment],
    strongest: input.firms[check.leader],
    nearest: input.firms[check.nearest],
    rival: input.firms[check.rival],
    ratio: check.ratio,
  }));
  const fair = 100 / n;
  const points: MapPoint[] = labels.map((l, i) => ({
    ...l,
    x: coords[i * 2],
    y: coords[i * 2 + 1],
    stress: fig.pointStress[i],
    ellipse: ellipses ? ellipses[i] : null,
    ...(l.kind === 'segment' && input.size ? { size: input.size[i - F] } : {}),
  }));
  progress(1, 'done');
  return {
    method,
    points,
    stress1: fig.stress1,
    normalisedStress: fig.normalisedStress,
    firmSegmentStress1,
    rankFidelity: rf.fidelity,
    rankPairs: rf.pairs,
    columnFidelity: cf.fidelity,
    columnPairs: cf.pairs,
    leadersNearest: { count: rule.count, of: rule.of },
    brokenOrders: rf.broken.map((b) => ({ segment: input.segments[b.segment], stronger: input.firms[b.stronger], nearer: input.firms[b.nearer] })),
    degeneracy: degeneracy(
      F,
      S,
      coords,
      fs.map((k) => shep.delta[k]),
      fs.map((k) => shep.distance[k]),
      fs.map((k) => fig.pairs.J[k] - F),
    ),
    repaired: fit.repaired.map((s) => input.segments[s]),
    randomStress1,
    iterations: fit.iterations,
    type: spec.type,
    withinWeight,
    distance: spec.distance,
    misplaced,
    distorted: points.filter((p) => p.stress > 2 * fair).map((p) => p.label),
    shepard: shep,
    bootstrapReplicates: input.replicates ? input.replicates.length / (F * S) : 0,
    warnings: fit.warnings,
  };
}

/** The coordinates of `init` in the input's order (firms, then segments); undefined when a point is missing. */
function startFrom(input: JointMapInput, init: NonNullable<JointMapOptions['init']>): Float64Array | undefined {
  const at = new Map(init.map((p) => [`${p.kind}\u0000${p.label}`, p]));
  const labels = [...input.firms.map((l) => `firm\u0000${l}`), ...input.segments.map((l) => `segment\u0000${l}`)];
  const out = new Float64Array(labels.length * 2);
  for (let i = 0; i < labels.length; i++) {
    const p = at.get(labels[i]);
    if (!p || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return undefined;
    out[2 * i] = p.x;
    out[2 * i + 1] = p.y;
  }
  return out;
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
  spec: MethodSpec,
  o: { withinWeight: number; tolerance: number; maxIterations: number; level: number },
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
    try {
      // Each replicate is fitted by the map's own method (the rule fit too), from the map's configuration.
      const fit = fitByMethod(F, S, sov, spec, { withinWeight: o.withinWeight, randomStarts: 0, seed: 1, tolerance: o.tolerance, maxIterations: o.maxIterations, init: coords });
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
