/**
 * Zoom in (METHOD.md "Zoom in and zoom out"): a transparent classifier learned on the survey
 * respondents' profile columns that the customer database shares (industry, size, region, ...),
 * giving every database customer a probability of belonging to each market segment.
 *
 * Model: categorical naive Bayes with Laplace (additive) smoothing, on survey-weighted counts
 * (Manning, Raghavan & Schütze, "Introduction to Information Retrieval", 2008, eq. 13.7, with
 * the document counts replaced by sums of survey weights):
 *
 *   P(s)            = W_s / W                                   (weighted segment sizes)
 *   P(x_j = v | s)  = (W_{s,j,v} + alpha) / (W_{s,j} + alpha * V_j)
 *   P(s | x)        ∝ P(s) * prod_j P(x_j | s)                 (softmax of summed logs)
 *
 * where W_{s,j,v} sums the weights of the segment's respondents with value v in column j,
 * W_{s,j} those with any value there, and V_j is the number of survey labels of column j.
 * A blank or unmapped value contributes the same factor to every segment (it drops out), so the
 * customer is classified on its other columns.
 *
 * When the segment is an exact function of some profile columns in the survey (every observed
 * combination of their values belongs to one segment), the rule is used instead, with
 * probability 1, for every customer whose combination the survey has seen.
 */
import type { Issue } from '../issues.ts';
import { rng } from '../random.ts';

/** One profile column on plain arrays: `codes[i]` indexes `labels`; -1 = blank. */
export interface CodedColumn {
  name: string;
  codes: Int32Array;
  labels: string[];
}

export interface ClassifierOptions {
  /**
   * Laplace pseudo-count added to every weighted (segment, value) count. Default 1; must be > 0.
   * It is on the scale of the survey weights: with weights that average 1 it is one respondent.
   */
  alpha?: number;
  /** Survey weight per respondent; default 1 each. A respondent with a weight that is not > 0 is left out. */
  weight?: ArrayLike<number> | null;
  /** `'auto'` (default) uses an exact rule when the survey shows one; `'off'` never does. */
  rule?: 'auto' | 'off';
  /**
   * A rule is accepted only when there are at least this many respondents per observed value
   * combination on average, so that a segment is not "determined" by combinations seen once.
   * Default 5.
   */
  ruleSupport?: number;
}

/** The segment as an exact function of some profile columns. */
export interface ExactRule {
  /** Indexes into the model's columns read by the rule, ascending. */
  columns: number[];
  /** Each observed combination (label codes of `columns`, in order) and its segment index. */
  table: { codes: number[]; segment: number }[];
}

export interface Classifier {
  segments: string[];
  /** Per profile column: `logLik[v * K + s] = log P(x = labels[v] | segments[s])`. */
  columns: { name: string; labels: string[]; logLik: Float64Array }[];
  /** `log P(s)`; -Infinity for a segment without any training respondent (it gets probability 0). */
  logPrior: Float64Array;
  alpha: number;
  rule: ExactRule | null;
  /** Respondents learned from (segment known, weight > 0) and the sum of their weights. */
  respondents: number;
  weight: number;
}

export const DEFAULT_ALPHA = 1;
export const DEFAULT_RULE_SUPPORT = 5;
/** Subsets of columns searched for an exact rule: all of them up to this many columns (2^12 subsets). */
const RULE_MAX_COLUMNS = 12;

function weightOf(weight: ArrayLike<number> | null | undefined, i: number): number {
  if (!weight) return 1;
  const w = weight[i];
  return w > 0 && Number.isFinite(w) ? w : 0;
}

function checkColumns(columns: CodedColumn[], n: number): void {
  if (!columns.length) throw new Error('the classifier needs at least one profile column shared by the survey and the database');
  for (const c of columns)
    if (c.codes.length !== n) throw new Error(`profile column "${c.name}" has ${c.codes.length} codes for ${n} respondents`);
}

/**
 * Learns the classifier from respondents with a segment (`segment[i]` indexes `segmentLabels`,
 * -1 = none) and a weight above 0.
 */
export function trainClassifier(
  columns: CodedColumn[],
  segment: Int32Array,
  segmentLabels: string[],
  options: ClassifierOptions = {},
): Classifier {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && Number.isFinite(alpha))) throw new Error(`alpha must be a number above 0, got ${alpha}`);
  const n = segment.length;
  checkColumns(columns, n);
  const K = segmentLabels.length;
  const W = new Float64Array(K);
  let total = 0;
  let respondents = 0;
  const counts = columns.map((c) => new Float64Array(c.labels.length * K));
  const totals = columns.map(() => new Float64Array(K));
  for (let i = 0; i < n; i++) {
    const s = segment[i];
    const w = weightOf(options.weight, i);
    if (s < 0 || w === 0) continue;
    if (s >= K) throw new Error(`respondent ${i} has segment index ${s}, but there are ${K} segments`);
    W[s] += w;
    total += w;
    respondents++;
    columns.forEach((c, j) => {
      const v = c.codes[i];
      if (v < 0) return;
      counts[j][v * K + s] += w;
      totals[j][s] += w;
    });
  }
  if (total === 0) throw new Error('no survey respondent has both a segment and a weight above 0');
  const logPrior = new Float64Array(K);
  for (let s = 0; s < K; s++) logPrior[s] = W[s] > 0 ? Math.log(W[s] / total) : -Infinity;
  const model: Classifier = {
    segments: [...segmentLabels],
    columns: columns.map((c, j) => {
      const V = c.labels.length;
      const logLik = new Float64Array(V * K);
      for (let v = 0; v < V; v++)
        for (let s = 0; s < K; s++) logLik[v * K + s] = Math.log((counts[j][v * K + s] + alpha) / (totals[j][s] + alpha * V));
      return { name: c.name, labels: [...c.labels], logLik };
    }),
    logPrior,
    alpha,
    rule: null,
    respondents,
    weight: total,
  };
  if ((options.rule ?? 'auto') === 'auto') model.rule = findRule(columns, segment, options.weight, options.ruleSupport ?? DEFAULT_RULE_SUPPORT);
  return model;
}

/**
 * The smallest set of columns (fewest first, then in column order) on which every learning
 * respondent's combination of values belongs to a single segment, with `support` respondents
 * per combination on average; null when there is none.
 */
function findRule(columns: CodedColumn[], segment: Int32Array, weight: ClassifierOptions['weight'], support: number): ExactRule | null {
  const m = columns.length;
  const rows: number[] = [];
  for (let i = 0; i < segment.length; i++) if (segment[i] >= 0 && weightOf(weight, i) > 0) rows.push(i);
  const subsets: number[][] = [];
  if (m <= RULE_MAX_COLUMNS) {
    for (let mask = 1; mask < 1 << m; mask++) subsets.push(columns.map((_, j) => j).filter((j) => mask & (1 << j)));
    subsets.sort((a, b) => a.length - b.length || compareLex(a, b));
  } else subsets.push(columns.map((_, j) => j));
  for (const cols of subsets) {
    const seen = new Map<string, number>();
    let ok = true;
    for (const i of rows) {
      const codes = cols.map((j) => columns[j].codes[i]);
      if (codes.some((v) => v < 0)) {
        ok = false;
        break;
      }
      const key = codes.join(',');
      const s = seen.get(key);
      if (s === undefined) seen.set(key, segment[i]);
      else if (s !== segment[i]) {
        ok = false;
        break;
      }
    }
    if (!ok || rows.length < support * seen.size) continue;
    const table = [...seen].map(([key, s]) => ({ codes: key.split(',').map(Number), segment: s }));
    table.sort((a, b) => compareLex(a.codes, b.codes));
    return { columns: cols, table };
  }
  return null;
}

function compareLex(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export interface Scores {
  /** `prob[i * K + s]`: probability that row i belongs to segment s; each row sums to 1. */
  prob: Float64Array;
  /** Most likely segment per row (the first one on a tie). */
  best: Int32Array;
  /** 1 where the exact rule decided the row. */
  byRule: Uint8Array;
}

/**
 * Segment probabilities for rows given as label codes of the model's columns (`codes[j][i]`
 * indexes `model.columns[j].labels`; -1 = blank or unmapped, which leaves the column out for
 * that row). Sums the log-probabilities in column order and subtracts the largest before
 * `exp`, as the SQL of scoringSql.ts does, so the two agree to rounding.
 */
export function scoreCodes(model: Classifier, codes: ArrayLike<number>[], n: number): Scores {
  const K = model.segments.length;
  if (codes.length !== model.columns.length) throw new Error(`expected codes for ${model.columns.length} columns, got ${codes.length}`);
  const prob = new Float64Array(n * K);
  const best = new Int32Array(n);
  const byRule = new Uint8Array(n);
  const rule = model.rule ? new Map(model.rule.table.map((r) => [r.codes.join(','), r.segment])) : null;
  const z = new Float64Array(K);
  for (let i = 0; i < n; i++) {
    if (rule) {
      const key = model.rule!.columns.map((j) => codes[j][i]);
      const s = key.every((v) => v >= 0) ? rule.get(key.join(',')) : undefined;
      if (s !== undefined) {
        prob[i * K + s] = 1;
        best[i] = s;
        byRule[i] = 1;
        continue;
      }
    }
    for (let s = 0; s < K; s++) z[s] = model.logPrior[s];
    model.columns.forEach((c, j) => {
      const v = codes[j][i];
      if (v < 0 || v >= c.labels.length) return;
      for (let s = 0; s < K; s++) z[s] += c.logLik[v * K + s];
    });
    let zmax = -Infinity;
    let arg = 0;
    for (let s = 0; s < K; s++)
      if (z[s] > zmax) {
        zmax = z[s];
        arg = s;
      }
    let sum = 0;
    for (let s = 0; s < K; s++) sum += Math.exp(z[s] - zmax);
    for (let s = 0; s < K; s++) prob[i * K + s] = Math.exp(z[s] - zmax) / sum;
    best[i] = arg;
  }
  return { prob, best, byRule };
}

export interface CrossValidation {
  folds: number;
  /** Respondents evaluated (segment known, weight > 0). */
  respondents: number;
  /** Weighted share of respondents whose most likely segment is their own, in [0, 1]. */
  accuracy: number;
  /** The same, each respondent counted once. */
  unweightedAccuracy: number;
  /** Weighted share of the largest segment: the accuracy of always guessing it. */
  chance: number;
  /** `confusion[t * K + p]`: weighted respondents of true segment t predicted as p. */
  confusion: Float64Array;
  segments: string[];
}

/**
 * Stratified k-fold cross-validation: each segment's respondents are shuffled (seeded) and dealt
 * in turn to the folds, so every fold has its share of every segment; each fold is predicted by
 * a model learned (rule search included) on the other folds.
 */
export function crossValidate(
  columns: CodedColumn[],
  segment: Int32Array,
  segmentLabels: string[],
  options: ClassifierOptions & {
    /** Number of folds, default 5, at least 2 and at most the number of respondents. */
    folds?: number;
    /** Seed of the shuffle. Default 1. */
    seed?: number;
  } = {},
): CrossValidation {
  const k = options.folds ?? 5;
  const K = segmentLabels.length;
  const n = segment.length;
  checkColumns(columns, n);
  const bySegment: number[][] = segmentLabels.map(() => []);
  for (let i = 0; i < n; i++) if (segment[i] >= 0 && weightOf(options.weight, i) > 0) bySegment[segment[i]].push(i);
  const eligible = bySegment.reduce((a, b) => a + b.length, 0);
  if (!(Number.isInteger(k) && k >= 2 && k <= eligible)) throw new Error(`folds must be an integer from 2 to ${eligible} (the respondents with a segment), got ${k}`);
  const r = rng(options.seed ?? 1);
  const fold = new Int32Array(n).fill(-1);
  let dealt = 0;
  for (const members of bySegment) {
    for (let a = members.length - 1; a > 0; a--) {
      const b = Math.floor(r() * (a + 1));
      [members[a], members[b]] = [members[b], members[a]];
    }
    for (const i of members) fold[i] = dealt++ % k;
  }
  const confusion = new Float64Array(K * K);
  let hits = 0;
  let total = 0;
  let hitsN = 0;
  const classW = new Float64Array(K);
  for (let f = 0; f < k; f++) {
    const train = new Int32Array(n).fill(-1);
    const test: number[] = [];
    for (let i = 0; i < n; i++) {
      if (fold[i] < 0) continue;
      if (fold[i] === f) test.push(i);
      else train[i] = segment[i];
    }
    const model = trainClassifier(columns, train, segmentLabels, options);
    const codes = columns.map((c) => Int32Array.from(test, (i) => c.codes[i]));
    const { best } = scoreCodes(model, codes, test.length);
    test.forEach((i, t) => {
      const w = weightOf(options.weight, i);
      const truth = segment[i];
      confusion[truth * K + best[t]] += w;
      classW[truth] += w;
      total += w;
      if (best[t] === truth) {
        hits += w;
        hitsN++;
      }
    });
  }
  return {
    folds: k,
    respondents: eligible,
    accuracy: hits / total,
    unweightedAccuracy: hitsN / eligible,
    chance: Math.max(...classW) / total,
    confusion,
    segments: [...segmentLabels],
  };
}

/** How a database value was matched to a survey label. */
export type MatchKind = 'explicit' | 'exact' | 'loose';

export interface ValueMapping {
  /** For each database value, the index of its survey label, or -1 when unmapped. */
  index: Int32Array;
  how: (MatchKind | null)[];
  /** Database values without a survey label: their column is left out for those customers. */
  unmapped: string[];
  /** Problems with the explicit map (a target that is not a survey label, ambiguous matches). */
  issues: Issue[];
}

/**
 * The loose form used for matching: Unicode NFKC (so full-width `Ｎｏｒｔｈ` is `North`), lower
 * case, and every white space removed (`food & beverage` = `Food&Beverage`).
 */
export function looseKey(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * Maps the database's values of one column onto the survey's labels: first the explicit map
 * (`{'制造业': 'Manufacturing'}`, keys matched exactly, then loosely), then an exact label,
 * then a loose match (see `looseKey`) when exactly one survey label has that form.
 */
export function mapValues(
  dbValues: string[],
  surveyLabels: string[],
  explicit: Record<string, string> = {},
  column = '',
): ValueMapping {
  const exact = new Map(surveyLabels.map((l, v) => [l, v]));
  const loose = new Map<string, number>();
  for (const [v, l] of surveyLabels.entries()) {
    const key = looseKey(l);
    loose.set(key, loose.has(key) ? -2 : v);
  }
  const explicitLoose = new Map<string, string>();
  for (const [from, to] of Object.entries(explicit)) explicitLoose.set(looseKey(from), to);
  const issues: Issue[] = [];
  const target = (label: string): number => {
    const e = exact.get(label);
    if (e !== undefined) return e;
    const l = loose.get(looseKey(label));
    return l === undefined ? -1 : l;
  };
  const index = new Int32Array(dbValues.length).fill(-1);
  const how: (MatchKind | null)[] = dbValues.map(() => null);
  const unmapped: string[] = [];
  dbValues.forEach((value, d) => {
    const to = Object.hasOwn(explicit, value) ? explicit[value] : explicitLoose.get(looseKey(value));
    if (to !== undefined) {
      const v = target(to);
      if (v >= 0) {
        index[d] = v;
        how[d] = 'explicit';
        return;
      }
      issues.push({
        severity: 'warning',
        code: 'map-target-unknown',
        file: '',
        column,
        value,
        message: `the value map sends "${value}" to "${to}", which is not a survey label of this column (${surveyLabels.join(', ')})`,
        fix: 'map it to one of the survey labels',
      });
    } else {
      const e = exact.get(value);
      if (e !== undefined) {
        index[d] = e;
        how[d] = 'exact';
        return;
      }
      const l = loose.get(looseKey(value));
      if (l !== undefined && l >= 0) {
        index[d] = l;
        how[d] = 'loose';
        return;
      }
      if (l === -2)
        issues.push({
          severity: 'warning',
          code: 'map-ambiguous',
          file: '',
          column,
          value,
          message: `"${value}" matches more than one survey label once case and spaces are ignored`,
          fix: 'say in the value map which label it is',
        });
    }
    unmapped.push(value);
  });
  return { index, how, unmapped, issues };
}

/**
 * One warning per unmapped database value, with the number of customers holding it when
 * `counts` (per database value, aligned with `dbValues`) is given. Blank values are not
 * reported: they are missing, not unknown.
 */
export function unmappedIssues(column: string, dbValues: string[], mapping: ValueMapping, counts?: ArrayLike<number>): Issue[] {
  const out: Issue[] = [];
  dbValues.forEach((value, d) => {
    if (mapping.index[d] >= 0 || value === '') return;
    const n = counts ? counts[d] : undefined;
    out.push({
      severity: 'warning',
      code: 'unmapped-value',
      file: '',
      column,
      value,
      message: `${n !== undefined ? `${n} customer${n === 1 ? ' has' : 's have'}` : 'some customers have'} "${value}" in column "${column}", which matches no survey label; that column is left out of their segment probabilities`,
      fix: 'add the value to the value map of this column',
    });
  });
  return out;
}

export interface PriorAdaptation {
  /** The model with the database's segment priors; likelihoods and rule unchanged. */
  model: Classifier;
  /** The survey's (market) priors and the estimated database priors, in segment order. */
  marketPriors: number[];
  databasePriors: number[];
  iterations: number;
  converged: boolean;
  /** Customers counted (the sum of the combination counts). */
  customers: number;
}

/**
 * Re-estimates the segment priors on the database by EM, the likelihoods P(x | s) held at the
 * survey's: Saerens, Latinne & Decaestecker (2002), "Adjusting the outputs of a classifier to new
 * a priori probabilities: a simple procedure", Neural Computation 14(1), eqs. 2.9-2.10:
 *
 *   p^(t)(s | x) ∝ pi^(t)_s * P(x | s)        pi^(t+1)_s = mean over customers of p^(t)(s | x)
 *
 * started from the survey's priors. Needed because the database holds *our* customers, whose mix
 * of segments is not the market's: with the market's priors, a segment that is large in the
 * market but thin among our customers is over-assigned. Customers decided by the exact rule count
 * with probability 1 at every step.
 *
 * `combinations` are the distinct combinations of the customers' label codes (one array per
 * model column, -1 = blank or unmapped) with their customer counts, as combinationsSql returns
 * them, so millions of customers cost one GROUP BY. Stops when no prior moves by more than
 * `tolerance` (default 1e-10) or after `maxIterations` (default 10,000).
 */
export function adaptPriors(
  model: Classifier,
  combinations: { codes: ArrayLike<number>[]; counts: ArrayLike<number> },
  options: { tolerance?: number; maxIterations?: number } = {},
): PriorAdaptation {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 10_000;
  const K = model.segments.length;
  const m = combinations.counts.length;
  let customers = 0;
  for (let c = 0; c < m; c++) customers += combinations.counts[c];
  const marketPriors = Array.from(model.logPrior, Math.exp);
  if (customers <= 0) throw new Error('there are no customers to estimate the segment mix from');
  let current: Classifier = { ...model, logPrior: Float64Array.from(model.logPrior) };
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    const { prob } = scoreCodes(current, combinations.codes, m);
    const next = new Float64Array(K);
    for (let c = 0; c < m; c++) for (let s = 0; s < K; s++) next[s] += combinations.counts[c] * prob[c * K + s];
    let moved = 0;
    for (let s = 0; s < K; s++) {
      next[s] /= customers;
      moved = Math.max(moved, Math.abs(next[s] - Math.exp(current.logPrior[s])));
    }
    current = { ...current, logPrior: Float64Array.from(next, Math.log) };
    iterations++;
    if (moved <= tolerance) {
      converged = true;
      break;
    }
  }
  return { model: current, marketPriors, databasePriors: Array.from(current.logPrior, Math.exp), iterations, converged, customers };
}
