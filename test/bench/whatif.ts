// What-if latency (issue 9): from a changed slider to the numbers and to the re-fitted map, on the
// sample and on a 100,000-respondent survey, through the survey model the worker runs. Baseline in
// the same run: measuring the same survey with beta fixed (what a scenario must at least redo).
import { SurveyModel } from '../../src/core/model/surveyModel.ts';
import { DEFAULT_MAP_SETTINGS } from '../../src/core/model/defaults.ts';
import { fileSource } from '../../src/cli/nodeSource.ts';
import { labelledPoints } from '../../src/core/map/jointMap.ts';
import { makeSurvey } from './makeSurvey.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function one(label: string, path: string, log: (line: string) => void): Promise<void> {
  const model = new SurveyModel('bench');
  const base = model.build((await model.parse(fileSource(path))).proposal).result!;
  const settings = { ...DEFAULT_MAP_SETTINGS, replicates: 0 };
  const points = labelledPoints(model.map(null, settings).map);
  const firm = base.us ?? base.firms[0];
  const measureMs: number[] = [],
    numbersMs: number[] = [],
    mapMs: number[] = [];
  for (let r = 0; r < 5; r++) {
    let t = performance.now();
    model.measure({ ...base.settings, beta: base.beta }, { use: false });
    measureMs.push(performance.now() - t);
    t = performance.now();
    const sc = model.scenario(base.measurementId, { firm, needs: { [base.needs[r % base.needs.length]]: 1 + r * 0.5 } });
    numbersMs.push(performance.now() - t);
    t = performance.now();
    model.map(sc.measurementId, { ...settings, init: points, reference: points });
    mapMs.push(performance.now() - t);
  }
  const [m, n, p] = [median(measureMs), median(numbersMs), median(mapMs)];
  log(`| ${label} | ${m.toFixed(0)} ms | ${n.toFixed(0)} ms | ${(n / m).toFixed(2)} | ${p.toFixed(0)} ms | ${(n + p).toFixed(0)} ms |`);
}

export async function whatifBench(log: (line: string) => void): Promise<void> {
  log('## What-if latency (survey model in Node; medians of 5 slider changes)');
  log('| survey | baseline: measure with beta fixed | scenario numbers | x baseline | map re-fit from the base map | slider to map |');
  log('|---|---|---|---|---|---|');
  await one('sample, 4,800 respondents', 'data/survey.csv', log);
  const big = await makeSurvey('test/bench/out/survey-100000.csv', 100_000);
  await one('100,000 respondents', big.path, log);
}

if (process.argv[1] && /whatif\.ts$/.test(process.argv[1])) await whatifBench(console.log);
