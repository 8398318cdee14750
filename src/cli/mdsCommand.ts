// `icrm mds`: classical MDS, SMACOF or unfolding of a dissimilarity CSV, from the command line.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { csvLine } from '../core/format.ts';
import { evaluateStress } from '../core/mds/stress.ts';
import { orient } from '../core/mds/procrustes.ts';
import { smacof } from '../core/mds/smacof.ts';
import type { SmacofResult } from '../core/mds/smacof.ts';
import { torgerson } from '../core/mds/torgerson.ts';
import type { Transformation } from '../core/mds/types.ts';
import { unfold } from '../core/mds/unfold.ts';
import { asInputProblem, exitCode, UsageError as InputError } from './surveyInput.ts';

const USAGE = `usage: icrm mds <dissimilarities.csv> --out <coords.csv> [options]

  --method classical|smacof        default smacof (started from classical MDS)
  --type ratio|interval|ordinal    default ratio
  --dims <k>                       default 2
  --random-starts <n>              extra seeded random starts for SMACOF, default 0
  --benchmark <n>                  fits of permuted dissimilarities for the random-data stress-1, default 5 (0 = skip)
  --seed <s>                       default 1
  --max-iterations <n>             default 1000
  --tolerance <t>                  default 1e-6

The CSV: first row = column labels, first column = row labels (the first header cell may be empty);
a blank (or NA) cell is missing. Identical row and column labels = symmetric MDS; different labels =
rectangular data, unfolded (rows and columns as two sets of points, fitted on row-column pairs only).
Writes label,x,y (row points, then column points) and prints stress1=<Kruskal's stress-1> last.
`;


interface Table {
  rowLabels: string[];
  colLabels: string[];
  /** rows x cols, row-major, NaN = missing */
  values: Float64Array;
}

/** Run `icrm mds`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export const mdsCommand = (argv: string[]): Promise<number> => exitCode('mds', () => run(argv));

function run(argv: string[]): number {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      method: { type: 'string', default: 'smacof' },
      type: { type: 'string', default: 'ratio' },
      dims: { type: 'string', default: '2' },
      out: { type: 'string' },
      'random-starts': { type: 'string', default: '0' },
      benchmark: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      'max-iterations': { type: 'string', default: '1000' },
      tolerance: { type: 'string', default: '1e-6' },
    },
  });
  const file = positionals[0];
  if (!file) throw new InputError(`no input file.\n${USAGE}`);
  if (!opt.out) throw new InputError(`${file}: no output file. Fix: add --out <coords.csv>\n${USAGE}`);
  const method = opt.method;
  if (method !== 'classical' && method !== 'smacof') throw new InputError(`--method ${method}: use classical or smacof`);
  const type = opt.type as Transformation;
  if (type !== 'ratio' && type !== 'interval' && type !== 'ordinal') throw new InputError(`--type ${opt.type}: use ratio, interval or ordinal`);
  const int = (name: string, v: string, min: number) => {
    const x = Number(v);
    if (!(Number.isInteger(x) && x >= min)) throw new InputError(`--${name} ${v}: must be a whole number >= ${min}`);
    return x;
  };
  const dims = int('dims', opt.dims, 1);
  const randomStarts = int('random-starts', opt['random-starts'], 0);
  const benchmark = int('benchmark', opt.benchmark, 0);
  const seed = int('seed', opt.seed, 0);
  const maxIterations = int('max-iterations', opt['max-iterations'], 1);
  const tolerance = Number(opt.tolerance);
  if (!(tolerance >= 0)) throw new InputError(`--tolerance ${opt.tolerance}: must be a number >= 0`);

  if (!existsSync(file)) throw new InputError(`${file}: the file does not exist. Fix: check the path`);
  const table = parseTable(file, readFileSync(file, 'utf8'));
  const symmetric = sameLabels(file, table);
  const say = (line: string) => process.stdout.write(line + '\n');
  const warn = (w: string) => process.stderr.write(`icrm mds: ${file}: ${w}\n`);

  let labels: string[];
  let coords: Float64Array;
  let stress1: number;
  const fit = { dims, type, randomStarts, seed, maxIterations, tolerance, benchmark };
  if (symmetric) {
    const n = table.rowLabels.length;
    if (n < 3) throw new InputError(`${file}: ${n} point(s); MDS needs at least 3. Fix: add rows and columns`);
    if (dims >= n) throw new InputError(`--dims ${dims}: must be below the number of points (${n})`);
    checkDiagonal(table, warn);
    assertVaried(file, table.values, table);
    labels = table.rowLabels;
    say(`${file}: ${n} points, symmetric; ${method === 'smacof' ? `SMACOF (${type})` : 'classical MDS'} in ${dims} dimension(s)`);
    if (method === 'classical') {
      const c = asInputProblem(file, () => torgerson(table.values, { dims }));
      c.warnings.forEach(warn);
      const e = asInputProblem(file, () => evaluateStress(table.values, c.coords, { dims, type }));
      coords = c.coords;
      stress1 = e.stress1;
      reportClassical(say, c);
    } else {
      const r = asInputProblem(file, () => smacof(table.values, fit));
      r.warnings.forEach(warn);
      coords = r.coords;
      stress1 = r.stress1;
      reportSmacof(say, r);
    }
  } else {
    const rows = table.rowLabels.length;
    const cols = table.colLabels.length;
    if (rows + cols < 3) throw new InputError(`${file}: ${rows + cols} point(s); MDS needs at least 3`);
    if (dims >= rows + cols) throw new InputError(`--dims ${dims}: must be below the number of points (${rows + cols})`);
    assertVaried(file, table.values, table);
    labels = [...table.rowLabels, ...table.colLabels];
    say(`${file}: ${rows} row points and ${cols} column points, rectangular: unfolding, ${method === 'smacof' ? `SMACOF (${type})` : 'classical MDS on the imputed full matrix'} in ${dims} dimension(s)`);
    const r = asInputProblem(file, () => unfold(table.values, rows, { ...fit, maxIterations: method === 'classical' ? 0 : maxIterations, benchmark: method === 'classical' ? 0 : benchmark }));
    r.warnings.forEach(warn);
    if (method === 'classical') {
      if (!r.classical) throw new Error('unfolding returned no classical start');
      reportClassical(say, r.classical);
      coords = r.classical.coords;
      stress1 = asInputProblem(file, () => evaluateBetween(table, r.classical!.coords, dims, type));
    } else {
      coords = r.coords;
      stress1 = r.stress1;
      reportSmacof(say, r);
    }
  }

  const oriented = orient(coords, { dims });
  const axes = dims <= 3 ? ['x', 'y', 'z'].slice(0, dims) : Array.from({ length: dims }, (_, c) => `dim${c + 1}`);
  const lines = [csvLine(['label', ...axes])];
  for (let i = 0; i < labels.length; i++) lines.push(csvLine([labels[i], ...Array.from(oriented.subarray(i * dims, i * dims + dims))]));
  try {
    writeFileSync(opt.out, lines.join('\n') + '\n');
  } catch (e) {
    throw new InputError(`${opt.out}: cannot write the output (${(e as Error).message}). Fix: check the folder exists and is writable`);
  }
  say(`wrote ${opt.out}`);
  say(`stress1=${stress1}`);
  return 0;
}


function reportSmacof(say: (s: string) => void, r: SmacofResult): void {
  if (r.classical) say(`classical start: ${describeEigen(r.classical)}`);
  say(`iterations=${r.iterations} converged=${r.converged} start=${r.start === 0 ? 'classical' : `random ${r.start}`}`);
  say(`normalised_stress=${r.normalisedStress}`);
  if (r.benchmark) say(`random_stress1_mean=${r.benchmark.mean} (sd ${r.benchmark.sd}, ${r.benchmark.runs} permutations of the dissimilarities)`);
}

function reportClassical(say: (s: string) => void, c: ReturnType<typeof torgerson>): void {
  say(`classical: ${describeEigen(c)}`);
}

function describeEigen(c: ReturnType<typeof torgerson>): string {
  const top = Array.from(c.eigenvalues.slice(0, Math.min(4, c.eigenvalues.length)), (v) => v.toPrecision(4)).join(', ');
  const neg = c.negative.count > 0 ? `; ${c.negative.count} negative eigenvalue(s), most negative ${c.negative.mostNegative.toPrecision(4)} (not Euclidean)` : '';
  return `eigenvalues ${top}${c.explained !== null ? `; ${(100 * c.explained).toFixed(1)}% of the positive mass on ${c.dims} axes` : ''}${neg}`;
}

/** Kruskal's stress-1 of a rows + cols configuration on the row-column pairs. */
function evaluateBetween(table: Table, coords: Float64Array, dims: number, type: Transformation): number {
  const rows = table.rowLabels.length;
  const cols = table.colLabels.length;
  const n = rows + cols;
  const full = new Float64Array(n * n).fill(NaN);
  for (let i = 0; i < n; i++) full[i * n + i] = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) full[i * n + rows + j] = full[(rows + j) * n + i] = table.values[i * cols + j];
  }
  return evaluateStress(full, coords, { dims, type }).stress1;
}

function parseTable(file: string, text: string): Table {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const data = parsed.data;
  if (data.length < 2) throw new InputError(`${file}: needs a header row of column labels and at least one data row. Fix: see "icrm mds --help"`);
  const header = data[0].map((s) => s.trim());
  const colLabels = header.slice(1);
  if (colLabels.length === 0) throw new InputError(`${file}: the header has no column labels. Fix: first row = an empty cell, then one label per column`);
  unique(file, colLabels, 'column');
  const rowLabels: string[] = [];
  const rows = data.length - 1;
  const values = new Float64Array(rows * colLabels.length);
  for (let r = 0; r < rows; r++) {
    const cells = data[r + 1];
    const label = (cells[0] ?? '').trim();
    const line = r + 2;
    if (label === '') throw new InputError(`${file}: line ${line} has no row label. Fix: put the point's label in the first column`);
    if (cells.length !== header.length) {
      throw new InputError(`${file}: row "${label}" (line ${line}) has ${cells.length - 1} value(s) but the header has ${colLabels.length} column label(s). Fix: give every row one cell per column (blank = missing)`);
    }
    rowLabels.push(label);
    for (let c = 0; c < colLabels.length; c++) {
      const raw = cells[c + 1].trim();
      let v: number;
      if (raw === '' || raw === 'NA' || raw === 'NaN') v = NaN;
      else {
        v = Number(raw);
        if (!Number.isFinite(v)) {
          throw new InputError(`${file}: row "${label}" (line ${line}), column "${colLabels[c]}": "${raw}" is not a number. Fix: write a number there, or leave the cell blank if it is missing`);
        }
        if (v < 0) {
          throw new InputError(`${file}: row "${label}" (line ${line}), column "${colLabels[c]}": ${raw} is negative. Fix: dissimilarities must be >= 0 (convert similarities, e.g. max - s)`);
        }
      }
      values[r * colLabels.length + c] = v;
    }
  }
  unique(file, rowLabels, 'row');
  return { rowLabels, colLabels, values };
}

function unique(file: string, labels: string[], what: string): void {
  const seen = new Set<string>();
  for (const l of labels) {
    if (l === '') throw new InputError(`${file}: an empty ${what} label. Fix: label every ${what}`);
    if (seen.has(l)) throw new InputError(`${file}: the ${what} label "${l}" appears twice. Fix: make ${what} labels unique`);
    seen.add(l);
  }
}

/**
 * True for symmetric input (same labels on rows and columns; columns reordered to the row order if
 * needed), false for rectangular input (no label shared). Anything in between is an error.
 */
function sameLabels(file: string, t: Table): boolean {
  const cols = new Map(t.colLabels.map((l, c) => [l, c]));
  const shared = t.rowLabels.filter((l) => cols.has(l));
  if (shared.length === 0) return false;
  const rows = t.rowLabels.length;
  if (shared.length !== rows || t.colLabels.length !== rows) {
    const onlyRows = t.rowLabels.filter((l) => !cols.has(l));
    const rowSet = new Set(t.rowLabels);
    const onlyCols = t.colLabels.filter((l) => !rowSet.has(l));
    const example = onlyRows.length > 0 ? `row "${onlyRows[0]}" has no column` : `column "${onlyCols[0]}" has no row`;
    throw new InputError(
      `${file}: not square: ${rows} row(s) and ${t.colLabels.length} column(s) share ${shared.length} label(s), but ${example}. ` +
        `Fix: for symmetric MDS give a square matrix with the same labels on rows and columns; for unfolding use different labels for rows and columns`,
    );
  }
  if (t.rowLabels.some((l, i) => t.colLabels[i] !== l)) {
    const v = new Float64Array(rows * rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) v[i * rows + j] = t.values[i * rows + cols.get(t.rowLabels[j])!];
    t.values = v;
    t.colLabels = [...t.rowLabels];
    process.stderr.write(`icrm mds: ${file}: the columns were in a different order from the rows; they were matched by label\n`);
  }
  return true;
}

function checkDiagonal(t: Table, warn: (s: string) => void): void {
  const n = t.rowLabels.length;
  for (let i = 0; i < n; i++) {
    const v = t.values[i * n + i];
    if (!Number.isNaN(v) && v !== 0) {
      warn(`the diagonal is not 0 (row "${t.rowLabels[i]}": ${v}); the diagonal is ignored`);
      return;
    }
  }
}

/** All known off-diagonal dissimilarities equal: nothing to map. */
function assertVaried(file: string, values: Float64Array, t: Table): void {
  const cols = t.colLabels.length;
  const symmetric = t.rowLabels.length === cols && t.rowLabels.every((l, i) => t.colLabels[i] === l);
  let first = NaN;
  let count = 0;
  for (let k = 0; k < values.length; k++) {
    if (symmetric && Math.floor(k / cols) === k % cols) continue;
    const v = values[k];
    if (Number.isNaN(v)) continue;
    count++;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return;
  }
  if (count === 0) throw new InputError(`${file}: every dissimilarity is missing. Fix: fill in the matrix`);
  throw new InputError(`${file}: all ${count} dissimilarities are equal (${first}); there is no structure to map. Fix: check that the right file and columns were exported`);
}
