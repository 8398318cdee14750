// Every table as a CSV (issue 11 item 5): the workbook's values at full precision, formula-safe,
// one file per table in the report's order, titles in tables.csv; the same bytes for the same report.
import { describe, it, expect, beforeAll } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { reportCsvFiles, reportCsvZip } from '../../../src/core/export/csvZip.ts';
import type { Report } from '../../../src/core/export/report.ts';
import { HOSTILE, hostileModel, reportOf, sampleModel } from './sample.ts';

const parse = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

describe('reportCsvZip', () => {
  let sample: Report, hostile: Report;
  beforeAll(async () => {
    sample = await reportOf(await sampleModel(), 'zh');
    hostile = await reportOf(await hostileModel(), 'en');
  });

  it('writes one CSV per table, in order, with the header and every value at full precision', () => {
    const files = reportCsvFiles(sample);
    expect(Object.keys(files)).toEqual([...sample.tables.map((t, k) => `${String(k + 1).padStart(2, '0')}-${t.id}.csv`), 'tables.csv']);
    const sov = parse(files['01-shareOfValue.csv']);
    expect(sov[0]).toEqual(sample.tables[0].columns.map((c) => c.header));
    // Numbers as the workbook holds them (shortest round trip), not as the slides round them.
    sample.tables[0].rows.forEach((row, r) => row.forEach((v, c) => expect(sov[r + 1][c]).toBe(v === null ? '' : String(v))));
    const index = parse(files['tables.csv']);
    expect(index[0]).toEqual(['file', 'title', 'note']);
    expect(index[1].slice(0, 2)).toEqual(['01-shareOfValue.csv', sample.tables[0].title]);
    expect(files['01-shareOfValue.csv'].startsWith('\uFEFF')).toBe(true);
  });

  it('defuses labels a spreadsheet would run as formulas', () => {
    const all = Object.values(reportCsvFiles(hostile)).join('\n');
    for (const label of [HOSTILE.formula, HOSTILE.plus, HOSTILE.at]) {
      expect(all).toContain(`'${label}`);
      for (const line of all.split('\n')) for (const cell of parse(line)[0] ?? []) expect(cell.startsWith(label)).toBe(false);
    }
  });

  it('zips them deterministically', () => {
    const a = reportCsvZip(sample),
      b = reportCsvZip(sample);
    expect(a).toEqual(b);
    // Each file starts with the UTF-8 BOM (EF BB BF), which TextDecoder would drop: compared as bytes, then as text.
    const entries = unzipSync(a);
    for (const v of Object.values(entries)) expect([...v.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const unzipped = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, '\uFEFF' + strFromU8(v.slice(3))]));
    expect(unzipped).toEqual(reportCsvFiles(sample));
  });
});
