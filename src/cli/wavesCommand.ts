// `icrm waves`: Monitor from the command line, every wave of a survey measured with one pooled
// beta, mapped and aligned to the first, with the change table and the alerts (issue 10).
import { parseArgs } from 'node:util';
import { DEFAULT_WAVE_REPLICATES } from '../core/monitor/waves.ts';
import { alertsJson, mapsJson, wavesCsv } from '../core/monitor/wavesCsv.ts';
import { asInputProblem, exitCode, SURVEY_OPTIONS, surveyMeasurement, UsageError as InputError } from './surveyInput.ts';
import { writeOutputs } from './outputFolder.ts';
import { listNames } from '../core/format.ts';

const USAGE = `usage: icrm waves <survey.csv> --out <dir> [options]

  --bootstrap <n>           bootstrap replicates per wave for the intervals, default ${DEFAULT_WAVE_REPLICATES} (0 = none)
  --seed <s>                seed of the bootstrap, default 1
  --mapping <mapping.json>  a mapping saved from the app or written by hand
  --beta <b>                one fixed beta for every wave (default: calibrated on the pooled waves)
  --k <k>                   segments formed from need importance (no segment column): k clusters on the pooled waves
  --us <firm>               our firm (the alerts are about it and its competitors)

Writes <dir>/waves.csv (share of value per wave, segment and firm, with the change since the previous
wave and since the first, each with a 95% bootstrap interval), <dir>/maps.json (each wave's map,
aligned to the first wave's, with its congruence) and <dir>/alerts.json.
`;

/** Run `icrm waves`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export const wavesCommand = (argv: string[]): Promise<number> => exitCode('waves', () => run(argv));

async function run(argv: string[]): Promise<number> {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...SURVEY_OPTIONS, bootstrap: { type: 'string', default: String(DEFAULT_WAVE_REPLICATES) }, seed: { type: 'string', default: '1' }, help: { type: 'boolean' } },
  });
  if (opt.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new InputError(`no survey file.\n${USAGE}`);
  if (opt.wave !== undefined) throw new InputError(`--wave ${opt.wave}: icrm waves measures every wave of the survey; leave --wave out`);
  const int = (name: string, v: string) => {
    const x = Number(v);
    if (!(v.trim() !== '' && Number.isInteger(x) && x >= 0)) throw new InputError(`--${name} ${v}: must be a whole number of 0 or more`);
    return x;
  };
  const replicates = int('bootstrap', opt.bootstrap);
  const seed = int('seed', opt.seed);
  // The pooled measurement the waves share: the same import, mapping rule and segments as the other survey commands.
  const model = await surveyMeasurement('waves', { out: opt.out, mapping: opt.mapping, beta: opt.beta, k: opt.k, us: opt.us }, positionals);
  if (!model) return 2;
  const pooled = model.measurement();
  const waveColumn = model.acceptedMapping?.columns.find((c) => c.role === 'wave')?.column;
  if (pooled.waves.length < 2)
    throw new InputError(
      waveColumn === undefined
        ? `${file}: icrm waves needs at least two waves, and the survey has no wave column. Fix: name the column of the wave or period "wave", or give it the role wave in a mapping (--mapping)`
        : `${file}: icrm waves needs at least two waves; the wave column "${waveColumn}" holds only one (${pooled.waves[0] ?? 'blank'}). Fix: put every wave's respondents in one file, one wave label per row`,
    );
  const result = asInputProblem(file, () => model.waves({ measure: pooled.settings, replicates, seed }));

  for (const n of result.notes) {
    if (n.code === 'missing-wave') process.stderr.write(`Note: ${n.params.respondents} respondent(s) have a blank wave in column "${waveColumn}": they count in the pooled beta but in no wave.\n`);
    else if (n.code === 'absent-firm') process.stderr.write(`Note: nobody rated ${n.params.firm} in wave ${n.params.wave}: its cells are blank in that wave and it is not on that wave's map.\n`);
    else if (n.code === 'empty-segment') process.stderr.write(`Note: segment ${n.params.segment} has no share of value in wave ${n.params.wave}: its cells are blank there.\n`);
    else if (n.code === 'not-aligned') process.stderr.write(`Note: wave ${n.params.wave} shares only ${n.params.sharedFirms} firm(s) with the first wave's map, too few to align it (3 needed); its map is drawn as fitted.\n`);
    else if (n.code === 'map-failed') process.stderr.write(`Note: wave ${n.params.wave} could not be mapped (${n.params.reason}); its table is written.\n`);
    else if (n.code === 'no-us') process.stderr.write('Note: the survey names no firm as ours (--us <firm>), so there are no alerts.\n');
  }

  const out = opt.out!;
  const written = writeOutputs(out, {
    'waves.csv': wavesCsv(result),
    'maps.json': JSON.stringify(mapsJson(result), null, 2) + '\n',
    'alerts.json': JSON.stringify(alertsJson(result), null, 2) + '\n',
  });
  const congruence = result.waves.map((w) => (Number.isFinite(w.congruence) ? w.congruence.toFixed(3) : 'not aligned')).join(', ');
  process.stdout.write(
    `${result.waves.length} waves (${result.waves.map((w) => w.wave).join(', ')}), beta ${result.beta.toFixed(4)} ${result.betaSource === 'fixed' ? 'fixed' : 'calibrated on the pooled waves'}, ${replicates} bootstrap replicates; ` +
      `congruence with the first wave's map ${congruence}; ${result.alerts.length} alert${result.alerts.length === 1 ? '' : 's'}\n` +
      `wrote ${listNames(written)}\n`,
  );
  return 0;
}
