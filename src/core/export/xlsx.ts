/**
 * A styled XLSX workbook of a report: one sheet per table, the title (the table's idea) in row 1,
 * the header in row 2, bold and frozen, percent and amount formats, column widths from the content.
 *
 * Our own minimal SpreadsheetML writer (ECMA-376 Part 1, §18) on fflate, not a workbook library:
 * exceljs has had no release since 2023 and is ~270 KB, SheetJS on npm is frozen with known CVEs,
 * and write-excel-file writes shared strings where we want every text cell an inline string
 * (`t="inlineStr"`) and no `<f>` element ever, so a label such as "=1+1" or "@SUM(A1)" stays text.
 */
import { strToU8, zipSync } from 'fflate';
import type { CellFormat, Report, ReportCell, ReportTable } from './report.ts';

export interface Sheet {
  name: string;
  title?: string;
  note?: string;
  columns: { header: string; format: CellFormat }[];
  rows: ReportCell[][];
}

/** XML 1.0 forbids most control characters even escaped: they are dropped, the rest escaped. */
function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** A1-style column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// Cell styles (indexes into cellXfs below).
const STYLE = { text: 0, header: 1, percent: 2, number: 3, integer: 4, title: 5, points: 6, note: 7, headerRight: 8 } as const;

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0.000"/><numFmt numFmtId="166" formatCode="+0.0;-0.0;0.0"/></numFmts>' +
  '<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font><font><i/><sz val="10"/><color rgb="FF5D6B7C"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF5"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top/><bottom style="thin"><color rgb="FF8A94A3"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="9">' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="3" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right"/></xf>' +
  '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Display width of text in Excel's character units: CJK characters count two. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1;
  return w;
}

function inlineString(ref: string, s: string, style: number): string {
  // Text is always an inline string: never a formula, whatever its first character.
  return `<c r="${ref}" t="inlineStr" s="${style}"><is><t xml:space="preserve">${xmlText(s)}</t></is></c>`;
}

function sheetXml(sheet: Sheet): string {
  const rows: string[] = [];
  const widths = sheet.columns.map((c) => Math.max(8, textWidth(c.header) + 2));
  let r = 0;
  const headerRow = sheet.title ? 2 : 1;
  if (sheet.title) rows.push(`<row r="${++r}">${inlineString('A1', sheet.title, STYLE.title)}</row>`);
  rows.push(`<row r="${++r}">${sheet.columns.map((c, j) => inlineString(`${columnName(j)}${r}`, c.header, c.format === 'text' ? STYLE.header : STYLE.headerRight)).join('')}</row>`);
  for (const row of sheet.rows) {
    r++;
    const cells = row.map((v, j) => {
      const ref = `${columnName(j)}${r}`;
      const format = sheet.columns[j]?.format ?? 'text';
      if (v === null) return '';
      if (typeof v === 'number') {
        // An undefined figure is an empty cell, never NaN or 0 (METHOD "Output").
        if (!Number.isFinite(v)) return '';
        widths[j] = Math.max(widths[j] ?? 8, format === 'integer' ? String(Math.round(v)).length * 1.35 + 2 : 10);
        return `<c r="${ref}" s="${format === 'text' ? STYLE.number : STYLE[format]}"><v>${v}</v></c>`;
      }
      widths[j] = Math.max(widths[j] ?? 8, textWidth(v) + 2);
      return inlineString(ref, v, STYLE.text);
    });
    rows.push(`<row r="${r}">${cells.join('')}</row>`);
  }
  if (sheet.note) {
    r += 2;
    rows.push(`<row r="${r}">${inlineString(`A${r}`, sheet.note, STYLE.note)}</row>`);
  }
  const cols = widths.map((w, j) => `<col min="${j + 1}" max="${j + 1}" width="${Math.min(60, Math.ceil(w))}" customWidth="1"/>`).join('');
  const top = `A${headerRow + 1}`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="${top}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="${top}" sqref="${top}"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols><sheetData>${rows.join('')}</sheetData></worksheet>`
  );
}

/** Sheet names must be unique (case-insensitive) in a workbook: a repeat gets " (2)". */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let name = n;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${n.slice(0, 31 - ` (${k})`.length)} (${k})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

// A fixed time in the zip entries, so the same report gives the same bytes.
const MTIME = new Date(Date.UTC(2000, 0, 1));

/** The workbook's bytes. */
export function workbookXlsx(sheets: Sheet[], o: { title?: string; lang?: string } = {}): Uint8Array {
  const names = uniqueNames(sheets.map((s) => s.name));
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
    ),
    'docProps/core.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
        `<dc:title>${xmlText(o.title ?? '')}</dc:title><dc:creator>ICRM Strategy Sandbox</dc:creator>${o.lang ? `<dc:language>${xmlText(o.lang)}</dc:language>` : ''}</cp:coreProperties>`,
    ),
    'xl/workbook.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
        names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(STYLES_XML),
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s))));
  return zipSync(files, { level: 6, mtime: MTIME });
}

function tableSheet(t: ReportTable): Sheet {
  return { name: t.sheet, title: t.title, note: t.note, columns: t.columns, rows: t.rows };
}

/** The report as a workbook: every table, the fit and the map's points included, in the report's order. */
export function reportXlsx(report: Report): Uint8Array {
  return workbookXlsx(report.tables.map(tableSheet), { title: report.title, lang: report.locale });
}
