#!/usr/bin/env node
// The command line: the same core as the app, in Node.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importSurvey } from '../core/import/importSurvey.ts';
import type { Mapping } from '../core/import/mapping.ts';
import { formatIssue } from '../core/issues.ts';
import { measure } from '../core/measure/measure.ts';
import { segmentsCsv, summaryJson } from '../core/measure/segmentsCsv.ts';
import { fileSource } from './nodeSource.ts';

const USAGE = `icrm: ICRM Strategy Sandbox on the command line

  icrm measure <survey.csv> --out <dir> [--beta <b>] [--mapping <mapping.json>] [--wave <label>] [--k <k>] [--us <firm>]
      writes <dir>/segments.csv and <dir>/summary.json
  icrm mds <dissimilarities.csv> --method classical|smacof --type ratio|interval|ordinal --dims 2 --out <coords.csv>
`;

class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function readMapping(path: string): Partial<Mapping> {
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

async function measureCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, beta: { type: 'string' }, mapping: { type: 'string' }, wave: { type: 'string' }, k: { type: 'string' }, us: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) fail('measure needs a survey file. Fix: icrm measure <survey.csv> --out <dir>');
  if (!values.out) fail('measure needs --out <dir>, the folder to write segments.csv and summary.json into');
  if (!existsSync(file)) fail(`${file}: the file does not exist. Fix: check the path`);
  const beta = values.beta !== undefined ? Number(values.beta) : null;
  if (beta !== null && !(beta >= 0 && beta <= 50)) fail(`--beta ${values.beta}: beta must be a number between 0 and 50`);
  const k = values.k !== undefined ? Number(values.k) : null;
  if (k !== null && !(Number.isInteger(k) && k >= 1)) fail(`--k ${values.k}: k must be a whole number of at least 1`);
  const mapping = values.mapping ? readMapping(values.mapping) : undefined;
  if (values.us) (mapping ?? {}).us = values.us;
  const { survey, issues } = await importSurvey(fileSource(file), { mapping: values.us ? { ...(mapping ?? {}), us: values.us } : mapping });
  for (const i of issues) process.stderr.write(formatIssue(i) + '\n');
  if (!survey) {
    process.stderr.write(`${file}: import stopped by the errors above; nothing was written.\n`);
    return 2;
  }
  const result = measure(survey, { beta, wave: values.wave ?? null, k });
  for (const w of result.warnings) process.stderr.write(formatIssue(w) + '\n');
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'segments.csv'), segmentsCsv(result));
  writeFileSync(join(values.out, 'summary.json'), JSON.stringify(summaryJson(result), null, 2) + '\n');
  const fit = result.betaFit ? ` (R^2 ${result.betaFit.r2.toFixed(3)}, MAE ${result.betaFit.mae.toFixed(3)})` : '';
  process.stdout.write(
    `${result.respondents} respondents, ${result.firms.length} firms, ${result.segments.length} segments, ${result.needs.length} needs; beta ${result.beta.toFixed(4)} ${result.betaSource}${fit}\n` +
      `wrote ${join(values.out, 'segments.csv')} and ${join(values.out, 'summary.json')}\n`,
  );
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'measure') return await measureCommand(rest);
    if (command === 'mds') {
      const { mdsCommand } = await import('./mdsCommand.ts');
      return await mdsCommand(rest);
    }
    process.stderr.write(command && command !== 'help' && command !== '--help' ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
    return command === 'help' || command === '--help' ? 0 : 2;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`icrm: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(`icrm: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && /icrm\.(ts|js)$/.test(process.argv[1])) main(process.argv.slice(2)).then((code) => process.exit(code));
