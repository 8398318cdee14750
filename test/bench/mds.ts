// MDS engine benchmark (a section of the bench report): figures beside baselines measured in the
// same run on the same input, printed as ratios. Never a test: machines are noisy.
//
//   npx tsx -e "import('./test/bench/mds.ts').then((m) => m.mdsBench(console.log))"
//
// 1. Ratio SMACOF at n = 50, 500, 2,000 against a plain Float64Array SMACOF (mdsBaseline.ts) and,
//    when Python can import sklearn, scikit-learn's smacof (mds_sklearn.py), all three from the
//    same classical start on the same matrix.
// 2. outOfSample: 1,000,000 points against 10 fixed ones, beside computing the 10,000,000
//    distances once.
// 3. Classical MDS (torgerson) at n = 2,000 by Lanczos, beside ml-matrix's full eigendecomposition
//    at n = 300 and 600 (at 2,000 it would take minutes, so it is not run).
//
// Time per iteration is given two ways: the whole call / iterations, and the marginal cost
// (time - time with at most 1 iteration) / (iterations - 1), which leaves out the one-off work
// (validation, packing, start scaling, output), large beside the few iterations a classical start needs.
//
// Timing: calls compared with each other are made in turns (a, b, a, b, ...), so that a burst of
// load on the (noisy, 2-core) machine falls on both; every call is made at least twice (a cold
// first call, before the JIT has compiled the code, would otherwise count); calls under 0.25 s are
// repeated up to 0.5 s in all (at most 20); the fastest is kept; calls of 2 s or more run once.
// mds_sklearn.py applies the same rule to its own smacof() call, so Python's start, imports and
// file reading are not counted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normal, rng } from '../../src/core/random.ts';
import { smacof } from '../../src/core/mds/smacof.ts';
import { torgerson } from '../../src/core/mds/torgerson.ts';
import { outOfSample } from '../../src/core/mds/outOfSample.ts';
import { evaluateStress } from '../../src/core/mds/stress.ts';
import { baselineSmacof } from './mdsBaseline.ts';

const TOLERANCE = 1e-6;
const MAX_ITERATIONS = 1000;
const SIZES = [50, 500, 2000];
const SKLEARN_SCRIPT = 'test/bench/mds_sklearn.py';

interface Timed<T> {
  ms: number;
  calls: number;
  value: T;
}

/** Whether a series of calls is complete (see the header comment). */
const enough = (best: number, spent: number, calls: number) =>
  calls > 0 && (calls >= 20 || best >= 2000 || (calls >= 2 && (best >= 250 || spent >= 500)));

/**
 * Fastest of repeated calls of each function, taken in turns (a, b, c, a, b, c, ...) so that a
 * burst of load on the machine falls on all of them rather than on one.
 */
function timedTurns<T extends unknown[]>(...fns: { [K in keyof T]: () => T[K] }): { [K in keyof T]: Timed<T[K]> } {
  const out = fns.map(() => ({ ms: Infinity, calls: 0, spent: 0, value: undefined as unknown }));
  for (let busy = true; busy; ) {
    busy = false;
    fns.forEach((fn, i) => {
      const o = out[i];
      if (enough(o.ms, o.spent, o.calls)) return;
      const t0 = performance.now();
      o.value = fn();
      const dt = performance.now() - t0;
      o.calls++;
      o.spent += dt;
      o.ms = Math.min(o.ms, dt);
      busy = true;
    });
  }
  return out.map(({ ms, calls, value }) => ({ ms, calls, value })) as { [K in keyof T]: Timed<T[K]> };
}

/** Fastest of repeated calls of one function. */
function timed<T>(fn: () => T): Timed<T> {
  return timedTurns<[T]>(fn)[0];
}

/**
 * n x n dissimilarities: seeded 3D points (sd 1, 0.7, 0.4 on the axes), Euclidean distances times
 * lognormal noise exp(0.1 z), symmetric. Fitted in 2D, so stress-1 is well above 0.
 */
export function noisyDistances(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const sd = [1, 0.7, 0.4];
  const x = new Float64Array(n * 3);
  for (let t = 0; t < n * 3; t++) x[t] = normal(r, 0, sd[t % 3]);
  const delta = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let c = 0; c < 3; c++) s += (x[i * 3 + c] - x[j * 3 + c]) ** 2;
      delta[i * n + j] = delta[j * n + i] = Math.sqrt(s) * Math.exp(0.1 * normal(r));
    }
  }
  return delta;
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`);
const perIt = (v: number) => (v >= 1 ? `${v.toFixed(2)} ms` : `${(v * 1000).toFixed(0)} µs`);
const ratio = (a: number, b: number) => (a / b).toFixed(2);

/** Cost of one more iteration: (time - time of a 1-iteration run) / (iterations - 1). */
const marginal = (total: number, one: number, iterations: number) => (iterations > 1 ? Math.max(0, total - one) / (iterations - 1) : NaN);

// ---------------------------------------------------------------------------------------------
// scikit-learn through Python

interface Sklearn {
  python: string;
  version: string;
  criterion: 'legacy' | 'normalised' | 'unknown';
}

/** Pythons tried for sklearn: $BENCH_PYTHON, else python3 on the PATH, then Debian's /usr/bin/python3 (where python3-sklearn goes). */
const pythonCandidates = () => (process.env.BENCH_PYTHON ? [process.env.BENCH_PYTHON] : ['python3', '/usr/bin/python3']);

/** The first candidate Python that can import sklearn and run mds_sklearn.py --probe. */
function findSklearn(): Sklearn | null {
  const candidates = pythonCandidates();
  for (const python of candidates) {
    const r = spawnSync(python, [SKLEARN_SCRIPT, '--probe'], { encoding: 'utf8' });
    if (r.status !== 0) continue;
    try {
      const probe = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
      return { python, version: probe.version, criterion: probe.criterion };
    } catch {
      /* not this one */
    }
  }
  return null;
}

/**
 * scikit-learn's eps for the same stopping point as R smacof's tolerance (the decrease of
 * normalised stress sigma_n = sum (delta - d)^2 / sum delta^2, pairs i < j, delta in data units).
 * - legacy criterion: sklearn stops when the decrease of raw stress / sum_i ||x_i|| is below eps.
 *   sum_i ||x_i|| (the configuration is centred) hardly moves once the start is scaled to the data,
 *   so with S0 = sum_i ||x_i|| of the scaled start the rules agree when
 *   eps = tolerance * sum_{i<j} delta^2 / S0.
 * - normalised criterion: sklearn divides the decrease of raw stress by sum d^2, which at a fixed
 *   point of ratio SMACOF is sum delta^2 (1 - sigma_n): eps = tolerance (stricter by a factor
 *   1 - sigma_n, i.e. 1 - stress-1^2, a few percent here).
 */
function sklearnEps(criterion: Sklearn['criterion'], delta: Float64Array, n: number, start: Float64Array): number {
  if (criterion !== 'legacy') return TOLERANCE;
  let ss = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) ss += delta[i * n + j] ** 2;
  let s0 = 0;
  for (let i = 0; i < n; i++) s0 += Math.hypot(start[2 * i], start[2 * i + 1]);
  return (TOLERANCE * ss) / s0;
}

/** The start scaled by the least-squares factor to the dissimilarities (what smacof does to it first). */
function scaledStart(delta: Float64Array, n: number, start: Float64Array): Float64Array {
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(start[2 * i] - start[2 * j], start[2 * i + 1] - start[2 * j + 1]);
      num += d * delta[i * n + j];
      den += d * d;
    }
  }
  const b = num / den;
  return start.map((v) => v * b);
}

interface SklearnRun {
  ms: number;
  /** Best time with max_iter=1: setup plus one iteration. */
  msOne: number;
  calls: number;
  iterations: number;
  coords: Float64Array;
  eps: number;
}

function runSklearn(sk: Sklearn, dir: string, delta: Float64Array, n: number, start: Float64Array): SklearnRun {
  const matrix = join(dir, `delta-${n}.f64`);
  const init = join(dir, `init-${n}.f64`);
  const scaled = scaledStart(delta, n, start);
  writeFileSync(matrix, new Uint8Array(delta.buffer, delta.byteOffset, delta.byteLength));
  writeFileSync(init, new Uint8Array(scaled.buffer, scaled.byteOffset, scaled.byteLength));
  const eps = sklearnEps(sk.criterion, delta, n, scaled);
  const r = spawnSync(sk.python, [SKLEARN_SCRIPT, matrix, '1', String(eps), init], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`mds_sklearn.py failed at n = ${n}: ${r.stderr || r.error}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  const buf = readFileSync(out.coords);
  const coords = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return { ms: out.ms, msOne: out.ms_one, calls: out.calls, iterations: out.iterations, coords, eps };
}

// ---------------------------------------------------------------------------------------------

export async function mdsBench(log: (line: string) => void): Promise<void> {
  log('\n## MDS engine');
  log(`\nNode ${process.version}; every figure below is beside a baseline measured in this run on the same input.`);

  // 1. SMACOF --------------------------------------------------------------------------------
  const sk = findSklearn();
  const dir = mkdtempSync(join(tmpdir(), 'icrm-mds-bench-'));
  log(`\n### Ratio SMACOF, 2D, tolerance ${TOLERANCE.toExponential(0)}, at most ${MAX_ITERATIONS} iterations, one classical start`);
  log('\nSeeded 3D points (axis sd 1, 0.7, 0.4), Euclidean distances times lognormal noise exp(0.1 z).');
  log('The classical solution (torgerson) is computed once and given as the start to all three, so the times below leave it out (it has its own column);');
  log('the engine applies the stopping rule of R smacof (decrease of normalised stress < tolerance), as the baseline does.');
  if (!sk) {
    const tried = pythonCandidates().map((p) => `\`${p} -c "import sklearn"\``);
    log(`\nscikit-learn not found (${tried.join(' and ')} ${tried.length > 1 ? 'both fail' : 'fails'}): its rows are skipped. To include them on Debian/Ubuntu: \`apt-get install python3-sklearn\``);
    log('(it installs into /usr/bin/python3, which this bench tries after python3; BENCH_PYTHON=/path/to/python picks another interpreter).');
  }
  const rows: string[] = [];
  const ratios: string[] = [];
  const notes: string[] = [];
  let delta2000: Float64Array | null = null;
  try {
    for (const n of SIZES) {
      const delta = noisyDistances(n, 1000 + n);
      if (n === 2000) delta2000 = delta;
      const classical = timed(() => torgerson(delta, { tolerance: 1e-8 }));
      const start = classical.value.coords;
      const options = { type: 'ratio', init: start, tolerance: TOLERANCE, randomStarts: 0, benchmark: 0 } as const;
      const [ours, base, oursOne, baseOne] = timedTurns(
        () => smacof(delta, { ...options, maxIterations: MAX_ITERATIONS }),
        () => baselineSmacof(delta, n, start, 2, TOLERANCE, MAX_ITERATIONS),
        () => smacof(delta, { ...options, maxIterations: 1 }),
        () => baselineSmacof(delta, n, start, 2, TOLERANCE, 1),
      );
      const o = ours.value;
      const b = base.value;
      // Stress-1 of every result by the engine's formula (evaluateStress: disparities fitted to the given coordinates).
      const oS = evaluateStress(delta, o.coords).stress1;
      const bS = evaluateStress(delta, b.coords).stress1;
      const oM = marginal(ours.ms, oursOne.ms, o.iterations);
      const bM = marginal(base.ms, baseOne.ms, b.iterations);
      const its = (k: number, converged: boolean) => `${k}${converged ? '' : ' (limit)'}`;
      rows.push(`| ${n.toLocaleString('en')} | engine: smacof() | ${ms(ours.ms)} | ${its(o.iterations, o.converged)} | ${perIt(ours.ms / o.iterations)} | ${perIt(oM)} | ${oS.toFixed(5)} | ${ms(classical.ms)} |`);
      rows.push(`| | baseline: mdsBaseline.ts | ${ms(base.ms)} | ${its(b.iterations, b.converged)} | ${perIt(base.ms / b.iterations)} | ${perIt(bM)} | ${bS.toFixed(5)} | |`);
      let skCells = '| n/a | n/a | n/a |';
      if (sk) {
        const s = runSklearn(sk, dir, delta, n, start);
        const sS = evaluateStress(delta, s.coords).stress1;
        const sM = marginal(s.ms, s.msOne, s.iterations);
        rows.push(`| | scikit-learn ${sk.version} smacof | ${ms(s.ms)} | ${its(s.iterations, s.iterations < MAX_ITERATIONS)} | ${perIt(s.ms / s.iterations)} | ${perIt(sM)} | ${sS.toFixed(5)} | |`);
        skCells = `| ${ratio(ours.ms, s.ms)} | ${ratio(oM, sM)} | ${(oS / sS).toFixed(4)} |`;
        notes.push(`n = ${n.toLocaleString('en')}: eps = ${s.eps.toPrecision(3)}`);
      }
      ratios.push(`| ${n.toLocaleString('en')} | ${ratio(ours.ms, base.ms)} | ${ratio(oM, bM)} | ${(oS / bS).toFixed(4)} ${skCells}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  log('\n| n | implementation | time | iterations | time / iteration | marginal time / iteration | stress-1 | classical start (not included) |');
  log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) log(r);
  log('\n| n | time: engine / baseline | marginal per iteration: engine / baseline | stress-1: engine / baseline | time: engine / scikit-learn | marginal per iteration: engine / scikit-learn | stress-1: engine / scikit-learn |');
  log('|---|---|---|---|---|---|---|');
  for (const r of ratios) log(r);
  log('\nMarginal time / iteration = (time - time of the same call with at most 1 iteration) / (iterations - 1): the one-off work (validation, packing, scaling the start, output) left out.');
  log('\nStress-1 is computed for every row by the engine\'s formula (evaluateStress on the returned coordinates), sqrt(1 - (sum dhat d)^2 / (sum dhat^2 sum d^2)).');
  if (sk) {
    log(`\nscikit-learn (${sk.python}, one BLAS thread, metric MDS, n_components=2, n_init=1, max_iter=${MAX_ITERATIONS}) gets the same classical start,`);
    log('scaled by the least-squares factor to the dissimilarities as smacof scales it, so its iterates are the same sequence up to the unit;');
    log('only where it stops can differ. Tolerance made comparable: R smacof stops when the decrease of sum (delta - d)^2 / sum delta^2 is below 1e-6.');
    if (sk.criterion === 'legacy') {
      log('This scikit-learn stops when the decrease of raw stress / sum_i ||x_i|| is below eps (raw stress = sum_{i<j} (d - delta)^2 in data units),');
      log('so eps = 1e-6 x sum_{i<j} delta^2 / sum_i ||x_i|| of the scaled start (sum_i ||x_i|| barely changes over the run):');
    } else if (sk.criterion === 'normalised') {
      log('This scikit-learn divides the decrease of raw stress by sum d^2 (R\'s rule up to a factor 1 - stress-1^2), so eps = 1e-6:');
    } else {
      log('The stopping rule of this scikit-learn was not recognised; eps = 1e-6 is passed as is:');
    }
    log(notes.join('; ') + '. Its marginal time per iteration is the like-for-like figure; its total time also depends on where it stops.');
  }

  // 2. Out-of-sample --------------------------------------------------------------------------
  const K = 10;
  const M = 1_000_000;
  const r = rng(42);
  const fixed = new Float64Array(K * 2);
  for (let t = 0; t < fixed.length; t++) fixed[t] = 2 * r() - 1;
  const pts = new Float64Array(M * 2);
  for (let t = 0; t < pts.length; t++) pts[t] = 0.8 * (2 * r() - 1);
  const delta = new Float64Array(M * K);
  const distancesOnce = () => {
    for (let i = 0; i < M; i++) {
      const px = pts[2 * i];
      const py = pts[2 * i + 1];
      for (let j = 0; j < K; j++) {
        const dx = px - fixed[2 * j];
        const dy = py - fixed[2 * j + 1];
        floorOut[i * K + j] = Math.sqrt(dx * dx + dy * dy);
      }
    }
  };
  const floorOut = new Float64Array(M * K);
  distancesOnce();
  for (let t = 0; t < delta.length; t++) delta[t] = floorOut[t] * (1 + 0.1 * (2 * r() - 1));
  const [floor, oos] = timedTurns(distancesOnce, () => outOfSample(fixed, delta));
  const o = oos.value;
  let err = 0;
  for (let i = 0; i < M; i++) err += Math.hypot(o.coords[2 * i] - pts[2 * i], o.coords[2 * i + 1] - pts[2 * i + 1]);
  log(`\n### Out-of-sample placement: ${M.toLocaleString('en')} points against ${K} fixed ones (2D, ±10% noise on the dissimilarities)`);
  log('\n| task | time | x floor |');
  log('|---|---|---|');
  log(`| floor: computing the ${(M * K).toLocaleString('en')} distances once | ${ms(floor.ms)} | 1.00 |`);
  log(`| outOfSample(): trilateration start + Newton/Guttman updates | ${ms(oos.ms)} | ${ratio(oos.ms, floor.ms)} |`);
  log(`\n${(o.iterations / M).toFixed(2)} updates per point on average, ${o.unconverged} point(s) at the iteration limit; mean distance to the true position ${(err / M).toFixed(4)} (fixed points spread over [-1, 1]^2).`);

  // 3. Classical MDS ---------------------------------------------------------------------------
  const big = delta2000 ?? noisyDistances(2000, 3000);
  const lanczos2000 = timed(() => torgerson(big));
  const small: { n: number; full: Timed<unknown>; lanczos: Timed<unknown> }[] = [];
  for (const n of [300, 600]) {
    const d = noisyDistances(n, 2000 + n);
    const [full, lanczos] = timedTurns(
      () => torgerson(d, { method: 'full' }),
      () => torgerson(d, { method: 'lanczos' }),
    );
    small.push({ n, full, lanczos });
  }
  const full600 = small[1].full.ms;
  log('\n### Classical MDS (torgerson), 2 dimensions, same kind of data');
  log('\n| n | method | time | x full at n = 600 |');
  log('|---|---|---|---|');
  for (const s of small) {
    log(`| ${s.n} | full: ml-matrix EigenvalueDecomposition (all n eigenpairs) | ${ms(s.full.ms)} | ${ratio(s.full.ms, full600)} |`);
    log(`| ${s.n} | Lanczos (leading and most negative eigenpairs) | ${ms(s.lanczos.ms)} | ${ratio(s.lanczos.ms, full600)} |`);
  }
  log(`| 2,000 | Lanczos (torgerson default above ${300} points) | ${ms(lanczos2000.ms)} | ${ratio(lanczos2000.ms, full600)} |`);
  const est = full600 * (2000 / 600) ** 3;
  log(`\nThe full decomposition is not run at n = 2,000: it is O(n^3), so from n = 600 it would take about ${ms(est)} ((2000/600)^3 x the n = 600 time,`);
  log(`an estimate, not a measurement), ${ratio(est, lanczos2000.ms)} x the Lanczos time. Full/Lanczos at the same n: ` +
    small.map((s) => `${ratio(s.full.ms, s.lanczos.ms)} at ${s.n}`).join(', ') + '.');
}
