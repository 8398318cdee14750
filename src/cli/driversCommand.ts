// `icrm drivers`: key drivers and the importance-performance grid of a survey, from the command line.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL, DEFAULT_DRIVER_REPLICATES, keyDrivers, type DriverMethod, type DriverTarget } from '../core/drivers/drivers.ts';
import { driversCsv, driversSummary, ipaCsv } from '../core/drivers/driversCsv.ts';
import { SHAPLEY_MAX_NEEDS } from '../core/drivers/shapley.ts';
import { importSurvey } from '../core/import/importSurvey.ts';
import type { Mapping } from '../core/import/mapping.ts';
import { formatIssue } from '../core/issues.ts';
import { measureWithDetail } from '../core/measure/measure.ts';
import { fileSource } from './nodeSource.ts';

const USAGE = `usage: icrm drivers <survey.csv> --out <dir> [options]

  --target overall|sow      what the needs explain: overall:<firm> (default when the survey has it)
                            or the share of wallet sow:<firm> (the default otherwise)
  --method rw|shapley       Johnson's relative weights (default) or the Shapley decomposition of R^2
                            (at most ${SHAPLEY_MAX_NEEDS} needs); the other method's shares are compared in summary.json
  --bootstrap <n>           bootstrap replicates for the share intervals, default ${DEFAULT_DRIVER_REPLICATES} (0 = none)
  --seed <s>                seed of the bootstrap, default 1
  --mapping <mapping.json>  a mapping saved from the app or written by hand
  --wave <label>            one wave only (pooled when absent)

Per segment, the whole market (segment ${ALL}) and pooled over firms (firm ${ALL}), writes
<dir>/drivers.csv (share in percent of R^2), <dir>/ipa.csv (the importance-performance grid) and
<dir>/summary.json (settings, and each model not fitted with the reason).
`;

/** A problem with the input or the options: message on stderr, exit code 2. */
class InputError extends Error {}

/** Run `icrm drivers`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export async function driversCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (e instanceof InputError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`icrm drivers: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`icrm drivers: unexpected failure: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

async function run(argv: string[]): Promise<number> {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      mapping: { type: 'string' },
      wave: { type: 'string' },
      target: { type: 'string' },
      method: { type: 'string', default: 'rw' },
      bootstrap: { type: 'string', default: String(DEFAULT_DRIVER_REPLICATES) },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean' },
    },
  });
  if (opt.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new InputError(`no survey file.\n${USAGE}`);
  if (!opt.out) throw new InputError(`${file}: no output folder. Fix: add --out <dir>, the folder to write drivers.csv, ipa.csv and summary.json into`);
  if (opt.target !== undefined && opt.target !== 'overall' && opt.target !== 'sow') throw new InputError(`--target ${opt.target}: use overall or sow`);
  if (opt.method !== 'rw' && opt.method !== 'shapley') throw new InputError(`--method ${opt.method}: use rw (relative weights) or shapley`);
  const int = (name: string, v: string) => {
    const x = Number(v);
    if (!(v.trim() !== '' && Number.isInteger(x) && x >= 0)) throw new InputError(`--${name} ${v}: must be a whole number of 0 or more`);
    return x;
  };
  const replicates = int('bootstrap', opt.bootstrap);
  const seed = int('seed', opt.seed);
  if (!existsSync(file)) throw new InputError(`${file}: the file does not exist. Fix: check the path`);
  const mapping = opt.mapping ? readMapping(opt.mapping) : undefined;

  // The same import and measurement as the survey model (SurveyModel.build): parse, saved-mapping rule, build, measure.
  const imported = await importSurvey(fileSource(file), { mapping });
  for (const i of imported.issues) process.stderr.write(formatIssue(i) + '\n');
  const survey = imported.survey;
  if (!survey) {
    process.stderr.write(`${file}: import stopped by the errors above; nothing was written.\n`);
    return 2;
  }
  const settings = { wave: opt.wave ?? null, target: opt.target as DriverTarget | undefined, method: opt.method as DriverMethod, replicates, seed };
  const result = core(file, () => {
    const { result: measured, detail } = measureWithDetail(survey, { wave: settings.wave });
    // Respondents who consider no firm are left out of share of value only, which drivers do not use.
    for (const w of measured.warnings) if (w.code !== 'empty-consideration') process.stderr.write(formatIssue(w) + '\n');
    return keyDrivers(survey, detail.segment, measured.segments.map((s) => s.label), settings);
  });

  const out = opt.out;
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'drivers.csv'), driversCsv(result));
    writeFileSync(join(out, 'ipa.csv'), ipaCsv(result));
    writeFileSync(join(out, 'summary.json'), JSON.stringify(driversSummary(result, survey.file), null, 2) + '\n');
  } catch (e) {
    throw new InputError(`${out}: cannot write the output (${(e as Error).message}). Fix: check the folder can be created and written`);
  }
  const fitted = result.models.filter((m) => m.fitted).length;
  const method = result.method === 'rw' ? 'relative weights' : 'Shapley';
  process.stdout.write(
    `${fitted} of ${result.models.length} models fitted (target ${result.target}, ${method}, ${replicates} bootstrap replicates, at least ${result.minRespondents} complete respondents each)` +
      `${fitted < result.models.length ? `; the others are listed with the reason in summary.json` : ''}\n` +
      `wrote ${join(out, 'drivers.csv')}, ${join(out, 'ipa.csv')} and ${join(out, 'summary.json')}\n`,
  );
  return 0;
}

/** Errors thrown by the core on this input are input problems: report them with the file name. */
function core<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new InputError(`${file}: ${(e as Error).message}`);
  }
}

function readMapping(path: string): Partial<Mapping> {
  if (!existsSync(path)) throw new InputError(`--mapping ${path}: the mapping file does not exist. Fix: give the path of a mapping.json saved from the app or written by hand`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(`--mapping ${path}: not valid JSON (${(e as Error).message}). Fix: correct the JSON syntax`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(`--mapping ${path}: a mapping must be a JSON object. Fix: see README "Your own data"`);
  const m = json as Record<string, unknown>;
  if (m.columns !== undefined) {
    if (!Array.isArray(m.columns)) throw new InputError(`--mapping ${path}: "columns" must be an array of {column, role, firm?, need?}`);
    m.columns.forEach((c, i) => {
      if (typeof c !== 'object' || c === null || typeof (c as { column?: unknown }).column !== 'string' || typeof (c as { role?: unknown }).role !== 'string')
        throw new InputError(`--mapping ${path}: columns[${i}] needs a string "column" and a string "role"`);
    });
  }
  if (m.shape !== undefined && m.shape !== 'wide' && m.shape !== 'stacked') throw new InputError(`--mapping ${path}: "shape" must be "wide" or "stacked"`);
  return m as Partial<Mapping>;
}
