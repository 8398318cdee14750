// Monitor (issue 10): the time to compute every wave with its intervals (pooled beta, each wave
// measured, 200 bootstrap replicates, mapped and aligned, change table, alerts), on the sample and on
// a 100,000-respondent survey with four waves generated at bench time. Baseline in the same run: one
// pooled measurement of the same survey (beta calibrated), the work Monitor cannot do without.
import { mkdirSync } from 'node:fs';
import { importSurvey } from '../../src/core/import/importSurvey.ts';
import { measure } from '../../src/core/measure/measure.ts';
import { surveyWaves } from '../../src/core/monitor/waves.ts';
import { fileSource } from '../../src/cli/nodeSource.ts';
import { makeSurvey } from './makeSurvey.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function one(label: string, path: string, runs: number, log: (line: string) => void): Promise<void> {
  const survey = (await importSurvey(fileSource(path))).survey!;
  const baseMs: number[] = [],
    wavesMs: number[] = [];
  const stages = new Map<string, number[]>();
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    measure(survey);
    baseMs.push(performance.now() - t);
    const spent = new Map<string, number>();
    let stage = 'pooled',
      since = performance.now();
    t = since;
    surveyWaves(survey, {
      onProgress: (_, next) => {
        const now = performance.now();
        // Measure stages of the pooled measurement ('value', 'beta', ...) count as pooled.
        const key = ['measure', 'bootstrap', 'map', 'changes'].includes(stage) ? stage : 'pooled';
        spent.set(key, (spent.get(key) ?? 0) + now - since);
        stage = next;
        since = now;
      },
    });
    wavesMs.push(performance.now() - t);
    for (const [k, v] of spent) stages.set(k, [...(stages.get(k) ?? []), v]);
  }
  const [b, w] = [median(baseMs), median(wavesMs)];
  const part = (k: string) => `${median(stages.get(k) ?? [0]).toFixed(0)}`;
  log(
    `| ${label} | ${survey.waveLabels.length} | ${b.toFixed(0)} ms | ${w.toFixed(0)} ms | ${(w / b).toFixed(2)} | ${part('pooled')} / ${part('measure')} / ${part('bootstrap')} / ${part('map')} / ${part('changes')} ms |`,
  );
}

export async function wavesBench(log: (line: string) => void): Promise<void> {
  log('## Monitor: all waves with intervals (200 replicates), core in Node; medians of 3 runs');
  log('| survey | waves | baseline: one pooled measurement | all waves | x baseline | pooled / wave measures / bootstrap / maps / changes and alerts |');
  log('|---|---|---|---|---|---|');
  await one('sample, 4,800 respondents', 'data/survey.csv', 3, log);
  mkdirSync('test/bench/out', { recursive: true });
  const big = await makeSurvey('test/bench/out/survey-100000-4waves.csv', 100_000, { waves: 4 });
  await one('100,000 respondents', big.path, 3, log);
}

if (process.argv[1] && /waves\.ts$/.test(process.argv[1])) await wavesBench(console.log);
