// One measured task in its own process, so that peak memory (max RSS) belongs to it alone:
//   node --import tsx test/bench/importTask.ts <floor|parse|import> <file>
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../src/core/import/parseCsv.ts';
import { importSurvey } from '../../src/core/import/importSurvey.ts';
import { measure } from '../../src/core/measure/measure.ts';
import { respondentValues } from '../../src/core/measure/value.ts';
import { calibrateBeta, calibrateBetaByScan, walletPairs, walletSse } from '../../src/core/measure/shareOfValue.ts';
import { BETA_RANGE } from '../../src/core/model/defaults.ts';
import { fileSource } from '../../src/cli/nodeSource.ts';
import { sliceThread } from '../../src/cli/sliceThread.ts';

const [task, file] = process.argv.slice(2);

/**
 * The floor: a plain byte-level scan of the same bytes (comma-separated, no quotes, ASCII
 * numbers) writing straight into Float64Array columns. No decoding, no validation, no text.
 */
function floor(path: string): number {
  const buf = readFileSync(path);
  let cols = 1;
  let p = 0;
  while (buf[p] !== 10) if (buf[p++] === 44) cols++;
  p++;
  let rows = 0;
  for (let i = p; i < buf.length; i++) if (buf[i] === 10) rows++;
  const data = Array.from({ length: cols }, () => new Float64Array(rows));
  let r = 0,
    c = 0,
    v = 0,
    scale = 0,
    neg = false,
    any = false;
  for (let i = p; i < buf.length; i++) {
    const b = buf[i];
    if (b === 44 || b === 10) {
      data[c][r] = any ? (neg ? -v : v) / (scale || 1) : NaN;
      v = 0;
      scale = 0;
      neg = false;
      any = false;
      if (b === 10) {
        r++;
        c = 0;
      } else c++;
    } else if (b >= 48 && b <= 57) {
      v = v * 10 + (b - 48);
      if (scale) scale *= 10;
      any = true;
    } else if (b === 46) scale = 1;
    else if (b === 45) neg = true;
  }
  return r;
}

const t0 = performance.now();
let rows = 0;
let extra: Record<string, unknown> = {};
if (task === 'floor') rows = floor(file);
else if (task === 'duckdb') {
  // Plain DuckDB (the same WebAssembly build, in Node) reading the same file into a table: the
  // baseline for the app's import of a customer database.
  const { openDuckDB, rows: query } = await import('../../src/cli/customerDatabase.ts');
  const conn = await openDuckDB();
  conn.query(`CREATE TABLE c AS SELECT * FROM read_csv('${file.replace(/'/g, "''")}')`);
  rows = Number(query(conn, 'SELECT count(*) AS n FROM c')[0].n);
}
else if (task === 'parse') rows = (await parseCsv(fileSource(file))).table.rowCount;
else if (task === 'parse2') {
  // The same read by two threads at once (the second half in a worker thread, as the app's slice worker).
  const { table } = await parseCsv(fileSource(file), { slices: sliceThread() });
  rows = table.rowCount;
  extra = { readers: table.readers };
}
else if (task === 'import') {
  const { survey } = await importSurvey(fileSource(file));
  const tParsed = performance.now();
  const m = measure(survey!);
  rows = survey!.n;
  extra = { parseAndBuildMs: tParsed - t0, measureMs: performance.now() - tParsed, beta: m.beta };
} else if (task === 'beta') {
  // The calibration alone, the former full grid + golden section against the sampled grid + Newton, on the same pairs.
  const { survey } = await importSurvey(fileSource(file));
  const s = survey!;
  const rv = respondentValues(s);
  const pairs = walletPairs(rv.value, rv.considered, s.sow!, rv.included, s.firms.length);
  const time = (f: () => unknown) => {
    const t = performance.now();
    const r = f();
    return { ms: performance.now() - t, r };
  };
  const scan = time(() => calibrateBetaByScan(pairs, ...BETA_RANGE)!);
  const newton = time(() => calibrateBeta(pairs, ...BETA_RANGE)!);
  const pass = time(() => walletSse(pairs, 5));
  rows = s.n;
  extra = {
    passMs: pass.ms,
    scanMs: scan.ms,
    newtonMs: newton.ms,
    scanBeta: (scan.r as { beta: number }).beta,
    newtonBeta: (newton.r as { beta: number }).beta,
    respondents: pairs.start.length - 1,
  };
} else throw new Error(`unknown task ${task}`);
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ task, rows, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra }) + '\n');
