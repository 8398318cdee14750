// Reports built the way the app and the CLI build them: the survey model, its map, the export layout.
import { readFileSync } from 'node:fs';
import { SurveyModel } from '../../../src/core/model/surveyModel.ts';
import type { ByteSource } from '../../../src/core/import/decode.ts';
import { DEFAULT_MAP_SETTINGS } from '../../../src/core/model/defaults.ts';
import { buildReport, exportLayout, type Report, type ReportInput } from '../../../src/core/export/report.ts';
import type { ExportLang } from '../../../src/core/export/exportText.ts';

/** Labels a spreadsheet would run as formulas, and one a browser would run as markup. */
export const HOSTILE = { formula: '=1+2', plus: '+S1', at: '@S2', markup: '<img src=x onerror=alert(1)>' };

/** A small survey whose firm and segment names are hostile or Chinese (three firms, three segments, 60 respondents). */
export function hostileCsv(): string {
  const firms = [HOSTILE.formula, HOSTILE.markup, '顶峰'];
  const segments = [HOSTILE.plus, HOSTILE.at, '细分3'];
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const header = ['id', 'segment', 'imp:q', 'imp:p', ...firms.flatMap((f) => [`perf:${f}:q`, `perf:${f}:p`]), ...firms.map((f) => `fam:${f}`), ...firms.map((f) => `sow:${f}`)];
  const rows = [header.map(quote).join(',')];
  for (let i = 0; i < 60; i++) {
    const g = i % 3;
    // Each segment rates "its" firm higher, so every segment has a clear leader.
    const perf = firms.flatMap((_, f) => [f === g ? 8 + (i % 3) : 3 + ((i * 7 + f) % 4), f === g ? 7 + (i % 2) : 2 + ((i * 5 + f) % 5)]);
    const sow = firms.map((_, f) => (f === g ? 60 : 20));
    rows.push([i + 1, quote(segments[g]), 3 + (i % 5), 7 - (i % 5), ...perf, 5, 4, 5, ...sow].join(','));
  }
  return rows.join('\n') + '\n';
}

function source(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    chunks: async function* () {
      yield bytes;
    },
  };
}

export async function modelOf(name: string, bytes: Uint8Array, us?: string): Promise<SurveyModel> {
  const model = new SurveyModel('t');
  const parsed = await model.parse(source(name, bytes));
  const built = model.build(us ? { ...parsed.proposal, us } : parsed.proposal);
  if (!built.ok) throw new Error(built.issues.map((i) => i.message).join('; '));
  return model;
}

export async function reportOf(model: SurveyModel, lang: ExportLang, extra: Partial<ReportInput> = {}): Promise<Report> {
  const m = model.measurement();
  const map = model.map(null, { ...DEFAULT_MAP_SETTINGS, replicates: 0 });
  return buildReport({ measurement: m, map, layout: exportLayout(map, m), lang, date: '2025-06-30', ...extra });
}

export const sampleModel = () => modelOf('survey.csv', new Uint8Array(readFileSync('data/survey.csv')));
export const sampleZhModel = () => modelOf('survey_zh.csv', new Uint8Array(readFileSync('data/survey_zh.csv')));
export const hostileModel = () => modelOf('hostile.csv', new TextEncoder().encode(hostileCsv()), '顶峰');
