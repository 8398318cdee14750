// `npm run bench:fps [rows]`: the map's frame rate alone (a section of `npm run bench`), on a survey of
// `rows` respondents (default 1,000,000) generated at bench time.
import { withApp } from './preview.ts';
import { makeSurvey } from './makeSurvey.ts';
import { mapFpsBench } from './mapFps.ts';
import { mkdirSync } from 'node:fs';
mkdirSync('test/bench/out', { recursive: true });
const n = Number(process.argv[2] ?? 1_000_000);
const f = await makeSurvey(`test/bench/out/survey-${n}.csv`, n);
await withApp((base, browser) => mapFpsBench(base, browser, f.path, console.log));
