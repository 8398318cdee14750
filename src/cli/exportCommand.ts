// `icrm export`: the app's exports (PowerPoint, Excel, SVG, HTML) from the command line, for batch runs,
// built by the same core (export/report.ts and its writers) from the same survey model.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAP_SETTINGS } from '../core/model/defaults.ts';
import { buildReport, exportLayout } from '../core/export/report.ts';
import { reportXlsx } from '../core/export/xlsx.ts';
import { reportCsvZip } from '../core/export/csvZip.ts';
import { reportSvg } from '../core/export/mapSvg.ts';
import { reportHtml } from '../core/export/html.ts';
import type { ExportLang } from '../core/export/exportText.ts';
import { asInputProblem, exitCode, fail, SURVEY_OPTIONS, surveyMeasurement } from './surveyInput.ts';

export const EXPORT_FORMATS = ['pptx', 'xlsx', 'svg', 'html', 'zip'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_USAGE = `usage: icrm export <survey.csv> --format pptx|xlsx|svg|html|zip --out <file> [options]

  --lang en|zh              language of the titles, headers and words (default en; labels stay as in the data)
  --drivers                 add the key-drivers table (pooled over firms, per segment and the whole market)
  --monitor                 add Monitor's table: the latest wave's changes since the wave before, with 95%
                            bootstrap intervals (the survey needs two waves or more)
  --labels <pins.json>      label positions dragged in the app: {"firm:Apex": {"dx": 10, "dy": -4}, ...}
  --no-needs                leave out the need arrows
  --date YYYY-MM-DD         the date printed on the export (default today)
  --mapping <mapping.json>  a mapping saved from the app or written by hand
  --beta <b> --wave <label> --k <k> --us <firm>   as for icrm measure

The same files as the app's Export menu: pptx, an editable deck (the map as shapes, one slide per
key table, the fit); xlsx, a workbook with one sheet per table; zip, every table as a CSV file
(full precision, formula-safe) with tables.csv naming each file's title; svg, the map; html, one
file with the map, its fit and its tables that opens offline from disk.
`;

function readPins(path: string): Record<string, { dx: number; dy: number }> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    fail(`${path}: not readable as JSON (${(e as Error).message}). Fix: give a file like {"firm:Apex": {"dx": 10, "dy": -4}}`);
  }
  const out: Record<string, { dx: number; dy: number }> = {};
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(`${path}: label positions must be a JSON object keyed by "firm:<label>" or "segment:<label>"`);
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    const p = v as { dx?: unknown; dy?: unknown } | null;
    if (!p || typeof p.dx !== 'number' || typeof p.dy !== 'number' || !Number.isFinite(p.dx) || !Number.isFinite(p.dy)) fail(`${path}: "${k}" needs numbers dx and dy (pixels)`);
    out[k] = { dx: p.dx, dy: p.dy };
  }
  return out;
}

/** Run `icrm export`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export const exportCommand = (argv: string[]): Promise<number> => exitCode('export', () => run(argv));

async function run(argv: string[]): Promise<number> {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...SURVEY_OPTIONS,
      format: { type: 'string' },
      lang: { type: 'string', default: 'en' },
      drivers: { type: 'boolean', default: false },
      monitor: { type: 'boolean', default: false },
      labels: { type: 'string' },
      'no-needs': { type: 'boolean', default: false },
      date: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (opt.help) {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  if (!positionals[0]) fail(`no survey file.\n${EXPORT_USAGE}`);
  if (!opt.format) fail(`${positionals[0]}: no format. Fix: add --format ${EXPORT_FORMATS.join('|')}`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(opt.format)) fail(`--format ${opt.format}: use one of ${EXPORT_FORMATS.join(', ')}`);
  if (opt.lang !== 'en' && opt.lang !== 'zh') fail(`--lang ${opt.lang}: use en (English) or zh (Simplified Chinese)`);
  if (!opt.out) fail(`${positionals[0]}: no output file. Fix: add --out <file.${opt.format}>`);
  const date = opt.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fail(`--date ${opt.date}: use YYYY-MM-DD`);
  const pins = opt.labels ? readPins(opt.labels) : {};
  const format = opt.format as ExportFormat;

  const model = await surveyMeasurement('export', opt, positionals);
  if (!model) return 2;
  const file = positionals[0];
  const measurement = model.measurement();
  // The app's map settings; no bootstrap, since exports draw no confidence ellipses (the points do not depend on it).
  const map = asInputProblem(file, () => model.map(null, { ...DEFAULT_MAP_SETTINGS, replicates: 0 }));
  const drivers = opt.drivers ? asInputProblem(file, () => model.drivers(null, { replicates: 0 })) : null;
  // As the Monitor view computes it: every wave with the pooled measurement's beta and segments.
  if (opt.monitor && measurement.waves.length < 2) fail(`${file}: --monitor needs a survey with two waves or more (this one has ${measurement.waves.length}). Fix: leave out --monitor, or map a wave column`);
  const s = measurement.settings;
  const waves = opt.monitor ? asInputProblem(file, () => model.waves({ measure: { beta: s.beta ?? null, k: s.k ?? null, seed: s.seed } })) : null;
  const report = buildReport({
    measurement,
    map,
    layout: exportLayout(map, measurement, { pins, showNeeds: !opt['no-needs'] }),
    lang: opt.lang as ExportLang,
    date,
    drivers,
    waves,
  });

  let bytes: Uint8Array | string;
  if (format === 'xlsx') bytes = reportXlsx(report);
  else if (format === 'zip') bytes = reportCsvZip(report);
  else if (format === 'svg') bytes = reportSvg(report);
  else if (format === 'html') bytes = await reportHtml(report);
  else {
    // pptxgenjs is loaded only for decks, as in the app.
    const { reportPptx } = await import('../core/export/pptx.ts');
    bytes = await reportPptx(report);
  }
  const out = opt.out;
  try {
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(out, bytes);
  } catch (e) {
    fail(`${out}: cannot write the file (${(e as Error).message}). Fix: check the folder can be created and written`);
  }
  process.stdout.write(`${report.map.title}\n${report.tables.filter((t) => t.id !== 'fit' && t.id !== 'map').map((t) => `  ${t.title}`).join('\n')}\nwrote ${out}\n`);
  return 0;
}
