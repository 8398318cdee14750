/**
 * Every table of a report as a CSV file, zipped (issue 11 item 5: "every table as CSV"): one file
 * per table in the report's order, numbers at full precision (the workbook's values, not the
 * slides' rounded text), text cells formula-safe (csvLine), UTF-8 with a BOM so Excel reads Chinese.
 * `tables.csv` lists the files with the title that states each table's idea, since a CSV has no
 * place for a title.
 */
import { strToU8, zipSync } from 'fflate';
import { csvLine } from '../format.ts';
import type { Report, ReportCell } from './report.ts';

const BOM = '\uFEFF';

const cell = (v: ReportCell): string | number => (v === null || (typeof v === 'number' && !Number.isFinite(v)) ? '' : v);

/** The file name of a table: its order and id, e.g. `01-shareOfValue.csv`. */
export function tableFileName(index: number, id: string): string {
  return `${String(index + 1).padStart(2, '0')}-${id.replace(/[^A-Za-z0-9_-]+/g, '_')}.csv`;
}

export function reportCsvFiles(r: Report): Record<string, string> {
  const files: Record<string, string> = {};
  const index: string[] = [csvLine(['file', 'title', 'note'])];
  r.tables.forEach((t, k) => {
    const name = tableFileName(k, t.id);
    files[name] = BOM + [csvLine(t.columns.map((c) => c.header)), ...t.rows.map((row) => csvLine(row.map(cell)))].join('\n') + '\n';
    index.push(csvLine([name, t.title, t.note ?? '']));
  });
  files['tables.csv'] = BOM + index.join('\n') + '\n';
  return files;
}

/** The zip of reportCsvFiles (deterministic: fixed file times, so the same report gives the same bytes). */
export function reportCsvZip(r: Report): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date(`${r.date}T00:00:00Z`);
  for (const [name, text] of Object.entries(reportCsvFiles(r))) entries[name] = [strToU8(text), { mtime }];
  return zipSync(entries, { level: 6 });
}
