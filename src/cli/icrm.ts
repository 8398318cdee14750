#!/usr/bin/env node
// The command line: the same core as the app, in Node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compareCsv, parseChange, scenarioRows } from '../core/scenario/scenario.ts';
import { mapJson } from '../core/map/mapFromMeasurement.ts';
import { labelledPoints } from '../core/map/jointMap.ts';
import { BETA_RANGE, DEFAULT_MAP_METHOD, DEFAULT_MAP_SETTINGS, DEFAULT_REPLICATES, DEFAULT_WITHIN_WEIGHT, MAP_METHODS, parseMapMethod, type MapMethod } from '../core/model/defaults.ts';
import { segmentsCsv, summaryJson } from '../core/measure/segmentsCsv.ts';
import { flatBetaFit } from '../core/measure/shareOfValue.ts';
import { fail, isUsageProblem, SURVEY_OPTIONS, surveyMeasurement } from './surveyInput.ts';

const USAGE = `icrm: ICRM Strategy Sandbox on the command line

  icrm measure <survey.csv> --out <dir> [--beta <b>] [--mapping <mapping.json>] [--wave <label>] [--k <k>] [--us <firm>]
           [--separator <char>|tab] [--names <names.csv>]
      writes <dir>/segments.csv and <dir>/summary.json (--separator, in every survey command: the file's
      separator when it is not the recognised comma, semicolon, tab or pipe; --names, in every survey
      command: firms and segments renamed as in the app, a CSV "kind,from,to" with kind firm or segment)
  icrm map <survey.csv> --out <map.json> [--method ${MAP_METHODS.join('|')}] [--within-weight 0.2] [--bootstrap 100]
           [--beta <b>] [--mapping <mapping.json>] [--wave <label>] [--k <k>] [--us <firm>]
      writes the joint firm-segment map with its fit figures (default method ${DEFAULT_MAP_METHOD};
      --type interval|ratio|ordinal and --distance leader-gap still name those methods)
  icrm whatif <survey.csv> --firm <firm> --change "need=+1,need2=-0.5" [--segment <segment>] --out <dir>
           [--bootstrap 0] [--beta <b>] [--mapping <mapping.json>] [--wave <label>] [--k <k>] [--us <firm>]
      a what-if: the firm's performance moved by scale points (beta held at the base's), writes
      <dir>/segments.csv (as measure), <dir>/compare.csv and <dir>/map.json (re-fitted from the base map, aligned to it)
  icrm drivers <survey.csv> --out <dir> [--target overall|sow] [--method rw|shapley] [--bootstrap 200] [--seed 1] [--mapping <mapping.json>] [--wave <label>]
  icrm economics <survey.csv> --customers <customers.csv> --out <dir> [--discount 0.1] [--retention "S1=0.85"] [--as-of YYYY-MM-DD]
      customer economics per segment: lifetime value, the stake if churn falls 5 points, the key account
  icrm score <survey.csv> <customers.csv> --sql <scoring.sql> --out <scores.csv> [--form auto|join|general] [--mapping <mapping.json>]
      zoom in: every customer scored into the market's segments; writes the scoring SQL for a warehouse and
      the scores (customer_id,p_<segment>...,segment,by_rule)
  icrm waves <survey.csv> --out <dir> [--bootstrap 200] [--seed 1] [--mapping <mapping.json>] [--beta <b>] [--k <k>] [--us <firm>]
      Monitor: every wave measured with one beta calibrated on the pooled waves, mapped and aligned to the
      first wave; writes <dir>/waves.csv (change table with 95% bootstrap intervals), <dir>/maps.json and <dir>/alerts.json
  icrm export <survey.csv> --format pptx|xlsx|svg|html --out <file> [--lang en|zh] [--drivers] [--labels <pins.json>] [--mapping <mapping.json>]
      the app's exports: an editable PowerPoint deck, an Excel workbook, the map as SVG, or one offline HTML file
  icrm points <customers.csv> --scheme <scheme.json> --out <dir> [--revenue COL]
      qualitative fields scored with a points scheme saved from the app: <dir>/points.csv
      (customer_id,points), <dir>/columns.csv (blanks and values without points per column) and
      <dir>/tiers.csv (tiers vip large medium small by score)
  icrm pyramid <customers.csv> [--revenue COL] [--margin COL] [--cost AMOUNT] [--key equal|revenue|COL]
           [--move "small>medium=2%,large>lost=1%"] --out <dir>
      the customer value pyramid (vip top 1%, large next 4%, medium next 15%, small 80% by revenue) and a
      what-if moving customers between tiers; writes <dir>/tiers.csv and <dir>/whatif.csv
  icrm mds <dissimilarities.csv> --method classical|smacof --type ratio|interval|ordinal --dims 2 --out <coords.csv>
`;

async function mapCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...SURVEY_OPTIONS, method: { type: 'string' }, type: { type: 'string' }, 'within-weight': { type: 'string' }, bootstrap: { type: 'string' }, distance: { type: 'string' } },
  });
  // --type and --distance came before map methods; each still names the plain method it meant.
  if (values.type !== undefined && !['interval', 'ratio', 'ordinal'].includes(values.type)) fail(`--type ${values.type}: use interval, ratio or ordinal`);
  if (values.distance !== undefined && values.distance !== 'complement' && values.distance !== 'leader-gap') fail(`--distance ${values.distance}: use complement (1 - share of value) or leader-gap`);
  let method: MapMethod = DEFAULT_MAP_METHOD;
  try {
    method = values.method !== undefined ? parseMapMethod(values.method) : values.distance === 'leader-gap' ? 'leader-gap' : ((values.type as MapMethod | undefined) ?? DEFAULT_MAP_METHOD);
  } catch (e) {
    fail(`--method: ${(e as Error).message}`);
  }
  const withinWeight = values['within-weight'] !== undefined ? Number(values['within-weight']) : DEFAULT_WITHIN_WEIGHT;
  if (!(withinWeight >= 0)) fail(`--within-weight ${values['within-weight']}: must be a number of 0 or more`);
  const replicates = values.bootstrap !== undefined ? Number(values.bootstrap) : DEFAULT_REPLICATES;
  if (!(Number.isInteger(replicates) && replicates >= 0)) fail(`--bootstrap ${values.bootstrap}: must be a whole number of 0 or more`);
  const model = await surveyMeasurement('map', values, positionals);
  if (!model) return 2;
  let map;
  try {
    map = model.map(null, { ...DEFAULT_MAP_SETTINGS, method, withinWeight, replicates }).map;
  } catch (e) {
    fail(`${positionals[0]}: cannot draw a map: ${(e as Error).message}`);
  }
  mkdirSync(dirname(resolve(values.out!)), { recursive: true });
  writeFileSync(values.out!, JSON.stringify(mapJson(map, model.measurement()), null, 2) + '\n');
  for (const m of map.misplaced)
    process.stderr.write(
      m.nearest !== m.strongest
        ? `Note: segment ${m.segment}'s strongest firm is ${m.strongest}, but the nearest firm on the map is ${m.nearest}: read this part of the map with care.\n`
        : `Note: segment ${m.segment} is nearest its strongest firm ${m.strongest}, but ${m.rival} is almost as near (${m.ratio.toFixed(3)} of the distance; the rule asks at most 0.95).\n`,
    );
  process.stdout.write(
    `method=${map.method} leaders_nearest=${map.leadersNearest.count}/${map.leadersNearest.of} row_fidelity=${map.rankFidelity} column_fidelity=${map.columnFidelity} stress1=${map.stress1} firm_segment_stress1=${map.firmSegmentStress1}\nwrote ${values.out}\n`,
  );
  return 0;
}

async function whatifCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...SURVEY_OPTIONS, firm: { type: 'string' }, change: { type: 'string' }, segment: { type: 'string' }, bootstrap: { type: 'string' } },
  });
  if (!values.firm) fail('whatif needs --firm <firm>, the firm whose performance changes');
  if (!values.change) fail('whatif needs --change "need=points,...", for example --change "quality=+1,price=-0.5"');
  let needs: Record<string, number> = {};
  try {
    needs = parseChange(values.change);
  } catch (e) {
    fail(`--change: ${(e as Error).message}`);
  }
  const replicates = values.bootstrap !== undefined ? Number(values.bootstrap) : 0;
  if (!(Number.isInteger(replicates) && replicates >= 0)) fail(`--bootstrap ${values.bootstrap}: must be a whole number of 0 or more`);
  const model = await surveyMeasurement('whatif', values, positionals);
  if (!model) return 2;
  const base = model.measurement();
  let scenario;
  try {
    scenario = model.scenario(null, { firm: values.firm, needs, segment: values.segment ?? null });
  } catch (e) {
    fail(`${positionals[0]}: ${(e as Error).message}`);
  }
  const settings = { ...DEFAULT_MAP_SETTINGS, replicates };
  const baseMap = model.map(base.measurementId, settings).map;
  const points = labelledPoints(baseMap);
  const map = model.map(scenario.measurementId, { ...settings, init: points, reference: points }).map;
  const out = values.out!;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'segments.csv'), segmentsCsv(scenario));
  const rows = scenarioRows(base, scenario);
  writeFileSync(join(out, 'compare.csv'), compareCsv(rows));
  writeFileSync(join(out, 'map.json'), JSON.stringify(mapJson(map, scenario), null, 2) + '\n');
  const ours = rows.filter((r) => r.firm === values.firm);
  const value = ours.reduce((a, r) => a + (Number.isFinite(r.valueChange) ? r.valueChange : 0), 0);
  process.stdout.write(
    `${values.firm}: share of value ${ours.map((r) => `${r.segment} ${(100 * r.base).toFixed(1)}% -> ${(100 * r.scenario).toFixed(1)}%`).join(', ')}; value of the change ${value.toFixed(0)} (beta ${scenario.beta} held)\n` +
      `wrote ${join(out, 'segments.csv')}, ${join(out, 'compare.csv')} and ${join(out, 'map.json')}\n`,
  );
  return 0;
}

async function measureCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: SURVEY_OPTIONS });
  const model = await surveyMeasurement('measure', values, positionals);
  if (!model) return 2;
  const result = model.measurement();
  mkdirSync(values.out!, { recursive: true });
  writeFileSync(join(values.out!, 'segments.csv'), segmentsCsv(result));
  writeFileSync(join(values.out!, 'summary.json'), JSON.stringify(summaryJson(result), null, 2) + '\n');
  const fit = result.betaFit ? ` (R^2 ${result.betaFit.r2.toFixed(3)}, MAE ${result.betaFit.mae.toFixed(3)})` : '';
  // A flat fit is not a calibration (the warning on stderr says why).
  const source = result.betaFit && flatBetaFit(result.betaFit, BETA_RANGE[0], BETA_RANGE[1]) ? 'from a flat fit, not calibrated' : result.betaSource;
  process.stdout.write(
    `${result.respondents} respondents, ${result.firms.length} firms, ${result.segments.length} segments, ${result.needs.length} needs; beta ${result.beta.toFixed(4)} ${source}${fit}\n` +
      `wrote ${join(values.out!, 'segments.csv')} and ${join(values.out!, 'summary.json')}\n`,
  );
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'measure') return await measureCommand(rest);
    if (command === 'map') return await mapCommand(rest);
    if (command === 'whatif') return await whatifCommand(rest);
    if (command === 'mds') {
      const { mdsCommand } = await import('./mdsCommand.ts');
      return await mdsCommand(rest);
    }
    if (command === 'drivers') {
      const { driversCommand } = await import('./driversCommand.ts');
      return await driversCommand(rest);
    }
    if (command === 'export') {
      const { exportCommand } = await import('./exportCommand.ts');
      return await exportCommand(rest);
    }
    if (command === 'economics') {
      const { economicsCommand } = await import('./economicsCommand.ts');
      return await economicsCommand(rest);
    }
    if (command === 'score') {
      const { scoreCommand } = await import('./scoreCommand.ts');
      return await scoreCommand(rest);
    }
    if (command === 'points') {
      const { pointsCommand } = await import('./pointsCommand.ts');
      return await pointsCommand(rest);
    }
    if (command === 'pyramid') {
      const { pyramidCommand } = await import('./pyramidCommand.ts');
      return await pyramidCommand(rest);
    }
    if (command === 'waves') {
      const { wavesCommand } = await import('./wavesCommand.ts');
      return await wavesCommand(rest);
    }
    process.stderr.write(command && command !== 'help' && command !== '--help' ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
    return command === 'help' || command === '--help' ? 0 : 2;
  } catch (e) {
    if (isUsageProblem(e)) {
      process.stderr.write(`icrm: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`icrm: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && /icrm\.(ts|js)$/.test(process.argv[1])) main(process.argv.slice(2)).then((code) => process.exit(code));
