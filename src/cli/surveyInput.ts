// The survey input shared by the survey commands (measure, map, whatif, drivers, waves): options checked,
// the mapping file read, and the survey imported and measured by the survey model, as in the app.
import { existsSync, readFileSync } from 'node:fs';
import { applySavedMapping } from '../core/import/importSurvey.ts';
import type { Mapping } from '../core/import/mapping.ts';
import { formatIssue } from '../core/issues.ts';
import { BETA_RANGE } from '../core/model/defaults.ts';
import { SurveyModel } from '../core/model/surveyModel.ts';
import { namesFromCsv } from '../core/model/names.ts';
import Papa from 'papaparse';
import { fileSource } from './nodeSource.ts';
import { sliceThread } from './sliceThread.ts';

/** A problem with the command line or its input: the message goes to stderr and the exit code is 2. */
export class UsageError extends Error {}

/** A problem of the command line or its input (exit code 2), as opposed to a fault of ours (exit code 1). */
export function isUsageProblem(e: unknown): boolean {
  return e instanceof UsageError || !!(e as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS');
}

/**
 * A command's exit code: 0 or what `run` returns; 2 with the message for bad input or options; 1 with
 * the stack for anything unexpected. Every `icrm <command>` answers the same way.
 */
export async function exitCode(command: string, run: () => number | Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (isUsageProblem(e)) {
      process.stderr.write(`icrm ${command}: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`icrm ${command}: unexpected failure: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

export function fail(message: string): never {
  throw new UsageError(message);
}

/** Errors the core throws on this input are input problems: reported with the file name, exit code 2. */
export function asInputProblem<T>(file: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
}

export function readMapping(path: string): Partial<Mapping> {
  if (!existsSync(path)) fail(`${path}: the mapping file does not exist. Fix: give the path of a mapping.json saved from the app or written by hand`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    fail(`${path}: not valid JSON (${(e as Error).message}). Fix: correct the JSON syntax`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(`${path}: a mapping must be a JSON object. Fix: see README "Your own data"`);
  const m = json as Record<string, unknown>;
  if (m.columns !== undefined) {
    if (!Array.isArray(m.columns)) fail(`${path}: "columns" must be an array of {column, role, firm?, need?}`);
    m.columns.forEach((c, i) => {
      if (typeof c !== 'object' || c === null || typeof (c as { column?: unknown }).column !== 'string' || typeof (c as { role?: unknown }).role !== 'string')
        fail(`${path}: columns[${i}] needs a string "column" and a string "role"`);
    });
  }
  if (m.shape !== undefined && m.shape !== 'wide' && m.shape !== 'stacked') fail(`${path}: "shape" must be "wide" or "stacked"`);
  return m as Partial<Mapping>;
}

export const SURVEY_OPTIONS = { out: { type: 'string' }, beta: { type: 'string' }, mapping: { type: 'string' }, wave: { type: 'string' }, k: { type: 'string' }, us: { type: 'string' }, separator: { type: 'string' }, names: { type: 'string' } } as const;

/** `--separator`: one character, or `tab` (a tab is hard to type on a command line). */
export function readSeparator(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const sep = value === 'tab' || value === '\\t' ? '\t' : value;
  if ([...sep].length !== 1 || sep === '"' || sep === '\n' || sep === '\r') fail(`--separator ${JSON.stringify(value)}: the separator must be one character other than a quote or a line break, or "tab"`);
  return sep;
}

/**
 * Import and measure a survey for a survey command through the survey model; null when the import is
 * stopped by errors (they are on stderr). `quietShareWarnings` leaves out the warning about
 * respondents who consider no firm, for commands that do not use share of value (drivers).
 */
export async function surveyMeasurement(
  command: string,
  values: { out?: string; beta?: string; mapping?: string; wave?: string; k?: string; us?: string; separator?: string; names?: string },
  positionals: string[],
  options: { quietShareWarnings?: boolean } = {},
) {
  const file = positionals[0];
  if (!file) fail(`${command} needs a survey file. Fix: icrm ${command} <survey.csv> --out <${command === 'map' ? 'map.json' : 'dir'}>`);
  // Commands that write a folder of their own check --out first with requireOut (outputFolder.ts).
  const outs: Record<string, string> = {
    map: '<map.json>, the file to write the map to',
    whatif: '<dir>, the folder to write segments.csv, compare.csv and map.json into',
    waves: '<dir>, the folder to write waves.csv, maps.json and alerts.json into',
    export: '<file>, the .pptx, .xlsx, .svg or .html file to write',
    score: '<scores.csv>, the file to write the scores into',
  };
  if (!values.out) fail(`${command} needs --out ${outs[command] ?? '<dir>, the folder to write segments.csv and summary.json into'}`);
  if (!existsSync(file)) fail(`${file}: the file does not exist. Fix: check the path`);
  const beta = values.beta !== undefined ? Number(values.beta) : null;
  if (beta !== null && !(beta >= BETA_RANGE[0] && beta <= BETA_RANGE[1])) fail(`--beta ${values.beta}: beta must be a number between ${BETA_RANGE[0]} and ${BETA_RANGE[1]}`);
  const k = values.k !== undefined ? Number(values.k) : null;
  if (k !== null && !(Number.isInteger(k) && k >= 1)) fail(`--k ${values.k}: k must be a whole number of at least 1`);
  let saved = values.mapping ? readMapping(values.mapping) : undefined;
  if (values.us) saved = { ...(saved ?? {}), us: values.us };
  // The same model and the same mapping rule as the app's worker, so both give the same numbers.
  const model = new SurveyModel();
  const parsed = await model.parse(fileSource(file), {}, { delimiter: readSeparator(values.separator), slices: sliceThread() });
  for (const i of parsed.issues) process.stderr.write(formatIssue(i) + '\n');
  if (parsed.issues.some((i) => i.severity === 'error')) {
    process.stderr.write(`${file}: import stopped by the errors above; nothing was written.\n`);
    return null;
  }
  const applied = saved ? applySavedMapping(parsed.proposal, saved) : { mapping: parsed.proposal, newColumns: [], missingColumns: [] };
  if (applied.missingColumns.length) process.stderr.write(`Note: the mapping names columns this file does not have: ${applied.missingColumns.join(', ')}.\n`);
  // A hand-written mapping that names a few columns on purpose is not a saved one missing the rest.
  const savedWhole = (saved?.columns?.length ?? 0) >= parsed.proposal.columns.length / 2;
  if (savedWhole && applied.newColumns.length) process.stderr.write(`Note: columns the mapping does not name take the proposed role: ${applied.newColumns.join(', ')}.\n`);
  const built = model.build(applied.mapping, { beta, wave: values.wave ?? null, k });
  for (const i of built.issues) if (!(options.quietShareWarnings && i.code === 'empty-consideration')) process.stderr.write(formatIssue(i) + '\n');
  if (!built.ok) {
    process.stderr.write(`${file}: import stopped by the errors above; nothing was written.\n`);
    return null;
  }
  if (values.names) {
    // The app's renames (tables edited in place): the same names on the same survey give the same files.
    const r = built.result!;
    const path = values.names;
    if (!existsSync(path)) fail(`${path}: the names file does not exist. Fix: give the path of a CSV with the header kind,from,to`);
    const rows = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;
    let names;
    try {
      names = namesFromCsv(rows, path, { firms: r.firms, segments: r.segments.map((g) => g.label) });
    } catch (e) {
      fail((e as Error).message);
    }
    model.measure({ ...r.settings, names });
  }
  return model;
}

