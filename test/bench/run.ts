// npm run bench: figures as ratios against a baseline measured in the same run. Never a test.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { makeSurvey } from './makeSurvey.ts';
import { browserImportBench } from './browserImport.ts';
import { mdsBench } from './mds.ts';
import { mapFpsBench } from './mapFps.ts';
import { withApp } from './preview.ts';
import { customersBench } from './customersBench.ts';
import { mapQualityBench } from './mapQuality.ts';
import { whatifBench } from './whatif.ts';
import { wavesBench } from './waves.ts';
import { hoverBench } from './hover.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
mkdirSync('test/bench/out', { recursive: true });

function task(name: string, file: string): { ms: number; maxRssMB: number; rows: number; [k: string]: unknown } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', 'test/bench/importTask.ts', name, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`# Survey import benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`);
const big = await makeSurvey(`test/bench/out/survey-${ROWS}.csv`, ROWS);
console.log(`file: ${ROWS.toLocaleString('en')} rows x ${big.columns} columns, ${(big.bytes / 1e6).toFixed(0)} MB`);

const floor = task('floor', big.path);
const parse = task('parse', big.path);
const parse2 = task('parse2', big.path);
const full = task('import', big.path);
console.log('\n| task | time | x floor | peak memory (RSS) | x floor |');
console.log('|---|---|---|---|---|');
for (const [label, r] of [
  ['floor: plain byte scan into typed columns', floor],
  ['parseCsv: decode + papaparse into typed columns', parse],
  [`parseCsv in two halves at once (${parse2.readers === 2 ? 'two threads' : 'one thread: fell back'})`, parse2],
  ['import + measure: parse, map, validate, beta, tables', full],
] as const)
  console.log(`| ${label} | ${fmt(r.ms)} | ${(r.ms / floor.ms).toFixed(2)} | ${r.maxRssMB.toFixed(0)} MB | ${(r.maxRssMB / floor.maxRssMB).toFixed(2)} |`);
console.log(`\nreaders: 1 thread ${fmt(parse.ms)}, 2 threads ${fmt(parse2.ms)}: speed-up ${(parse.ms / parse2.ms).toFixed(2)}x on ${availableParallelism()} cores`);
console.log(`\nimport split: parse+validate ${fmt(full.parseAndBuildMs as number)}, measure ${fmt(full.measureMs as number)} (beta ${(full.beta as number).toFixed(3)})`);
const beta = task('beta', big.path);
console.log(
  `measure / floor: ${((full.measureMs as number) / floor.ms).toFixed(2)}; beta calibration on ${(beta.respondents as number).toLocaleString('en')} respondents: ` +
    `sampled grid + Newton ${fmt(beta.newtonMs as number)} against the former full grid + golden section ${fmt(beta.scanMs as number)} ` +
    `(${((beta.scanMs as number) / (beta.newtonMs as number)).toFixed(1)}x faster; ${((beta.newtonMs as number) / (beta.passMs as number)).toFixed(1)} passes' worth, one pass ${fmt(beta.passMs as number)}; ` +
    `beta ${(beta.newtonBeta as number).toFixed(7)} against ${(beta.scanBeta as number).toFixed(7)})`,
);

if (process.env.BENCH_BROWSER !== '0') {
  const POINTS = Number(process.env.BENCH_POINTS ?? ROWS);
  const pointsFile = POINTS === ROWS ? big : await makeSurvey(`test/bench/out/survey-${POINTS}.csv`, POINTS);
  await withApp(async (base, browser) => {
    const b = await browserImportBench(base, browser, big.path);
    console.log(`\n## In headless chromium (the app's worker, file chosen through the page)`);
    console.log(`read ${ROWS.toLocaleString('en')} rows to the mapping step in ${fmt(b.parseMs)}; import + measure + map ${fmt(b.buildMs)}`);
    console.log(`main thread: ${b.frames} animation frames, longest gap ${b.maxGapMs.toFixed(0)} ms (an idle page in the same run: ${b.idleMaxGapMs.toFixed(0)} ms), ratio ${(b.maxGapMs / b.idleMaxGapMs).toFixed(2)}`);
    console.log(`cancel, from the click to the notice: while reading ${b.cancelReadMs} ms, while measuring ${b.cancelMeasureMs} ms`);
    await mapFpsBench(base, browser, pointsFile.path, console.log);
    await customersBench(base, browser, Number(process.env.BENCH_CUSTOMERS ?? 1_000_000), console.log);
  });
}

if (process.env.BENCH_HOVER !== '0') {
  console.log('');
  await hoverBench(console.log);
}

if (process.env.BENCH_MDS !== '0') {
  console.log('');
  await mdsBench(console.log);
}

if (process.env.BENCH_MAP !== '0') {
  console.log('');
  await mapQualityBench(console.log);
}

if (process.env.BENCH_WHATIF !== '0') {
  console.log('');
  await whatifBench(console.log);
}

if (process.env.BENCH_WAVES !== '0') {
  console.log('');
  await wavesBench(console.log);
}

if (process.env.BENCH_WAREHOUSE !== '0') {
  console.log('');
  const { warehouseBench } = await import('./warehouse.ts');
  await warehouseBench(Number(process.env.BENCH_WAREHOUSE_ROWS ?? 10_000_000), console.log);
}
