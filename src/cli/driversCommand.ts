// `icrm drivers`: key drivers and the importance-performance grid of a survey, from the command line.
import { parseArgs } from 'node:util';
import { ALL, DEFAULT_DRIVER_REPLICATES, type DriverMethod, type DriverTarget } from '../core/drivers/drivers.ts';
import { driversCsv, driversSummary, ipaCsv } from '../core/drivers/driversCsv.ts';
import { SHAPLEY_MAX_NEEDS } from '../core/drivers/shapley.ts';
import { asInputProblem, exitCode, surveyMeasurement, UsageError as InputError } from './surveyInput.ts';
import { requireOut, writeOutputs } from './outputFolder.ts';
import { listNames } from '../core/format.ts';

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


/** Run `icrm drivers`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export const driversCommand = (argv: string[]): Promise<number> => exitCode('drivers', () => run(argv));

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
  const out = requireOut(opt.out, file, 'drivers.csv, ipa.csv and summary.json');
  if (opt.target !== undefined && opt.target !== 'overall' && opt.target !== 'sow') throw new InputError(`--target ${opt.target}: use overall or sow`);
  if (opt.method !== 'rw' && opt.method !== 'shapley') throw new InputError(`--method ${opt.method}: use rw (relative weights) or shapley`);
  const int = (name: string, v: string) => {
    const x = Number(v);
    if (!(v.trim() !== '' && Number.isInteger(x) && x >= 0)) throw new InputError(`--${name} ${v}: must be a whole number of 0 or more`);
    return x;
  };
  const replicates = int('bootstrap', opt.bootstrap);
  const seed = int('seed', opt.seed);
  // The survey model, as in the app and the other survey commands: the same mapping rule, segments and wave.
  const model = await surveyMeasurement('drivers', { out: opt.out, mapping: opt.mapping, wave: opt.wave }, positionals, { quietShareWarnings: true });
  if (!model) return 2;
  const options = { target: opt.target as DriverTarget | undefined, method: opt.method as DriverMethod, replicates, seed };
  const result = asInputProblem(file, () => model.drivers(null, options));

  const written = writeOutputs(out, {
    'drivers.csv': driversCsv(result),
    'ipa.csv': ipaCsv(result),
    'summary.json': JSON.stringify(driversSummary(result, model.measurement().file), null, 2) + '\n',
  });
  const fitted = result.models.filter((m) => m.fitted).length;
  const method = result.method === 'rw' ? 'relative weights' : 'Shapley';
  process.stdout.write(
    `${fitted} of ${result.models.length} models fitted (target ${result.target}, ${method}, ${replicates} bootstrap replicates, at least ${result.minRespondents} complete respondents each)` +
      `${fitted < result.models.length ? `; the others are listed with the reason in summary.json` : ''}\n` +
      `wrote ${listNames(written)}\n`,
  );
  return 0;
}

