import { describe, it, expect, beforeAll } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { columnName, reportXlsx, workbookXlsx } from '../../../src/core/export/xlsx.ts';
import type { Report } from '../../../src/core/export/report.ts';
import { HOSTILE, hostileModel, reportOf } from './sample.ts';

const unzip = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
/** Text of every inline-string cell, unescaped. */
const inlineTexts = (xml: string) =>
  [...xml.matchAll(/<c [^>]*t="inlineStr"[^>]*><is><t xml:space="preserve">([^<]*)<\/t><\/is><\/c>/g)].map((m) =>
    m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  );

describe('reportXlsx', () => {
  let files: Record<string, string>;
  let report: Report;
  beforeAll(async () => {
    report = await reportOf(await hostileModel(), 'zh');
    files = unzip(reportXlsx(report));
  });

  it('is a workbook with one sheet per table, named in the report language', () => {
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']));
    const names = [...files['xl/workbook.xml'].matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
    expect(names).toEqual(report.tables.map((t) => t.sheet));
    expect(names[0]).toBe('价值份额');
  });

  it('writes labels as inline strings and never a formula, whatever their first character', () => {
    const sheets = Object.entries(files).filter(([k]) => k.startsWith('xl/worksheets/'));
    for (const [name, xml] of sheets) {
      expect(xml, name).not.toContain('<f>');
      expect(xml, name).not.toMatch(/<f[ >]/);
      expect(xml, name).not.toContain('t="s"'); // no shared strings
      expect(xml, name).not.toContain('t="str"'); // no formula results
    }
    const all = sheets.flatMap(([, xml]) => inlineTexts(xml));
    for (const label of [HOSTILE.formula, HOSTILE.plus, HOSTILE.at, HOSTILE.markup, '顶峰', '细分3']) expect(all).toContain(label);
    // The markup label is escaped character data, not an element.
    expect(sheets.map(([, x]) => x).join('')).not.toContain('<img');
  });

  it('bolds and freezes the header row, formats shares as percent, and sets column widths', () => {
    const xml = files['xl/worksheets/sheet1.xml'];
    expect(xml).toContain('<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>');
    expect(xml).toMatch(/<cols>(<col min="\d+" max="\d+" width="\d+" customWidth="1"\/>)+<\/cols>/);
    // Row 2 (header) uses a bold style; share cells use the 0.0% format.
    const styles = files['xl/styles.xml'];
    const xfs = [...styles.split('<cellXfs')[1].matchAll(/<xf [^>]*?(?:\/>|>.*?<\/xf>)/g)].map((m) => m[0]);
    const headerStyle = Number(/<c r="A2" t="inlineStr" s="(\d+)"/.exec(xml)![1]);
    const fonts = [...styles.matchAll(/<font>(.*?)<\/font>/g)].map((m) => m[1]);
    expect(fonts[Number(/fontId="(\d+)"/.exec(xfs[headerStyle])![1])]).toContain('<b/>');
    const shareStyle = Number(/<c r="C3" s="(\d+)"><v>0\.\d+<\/v><\/c>/.exec(xml)![1]);
    expect(xfs[shareStyle]).toContain('numFmtId="164"');
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="0.0%"/>');
  });

  it('leaves undefined figures empty, never NaN', () => {
    const bytes = workbookXlsx([{ name: 'T', columns: [{ header: 'a', format: 'text' }, { header: 'b', format: 'percent' }], rows: [['x', NaN], ['y', null], ['z', 0.5]] }]);
    const xml = unzip(bytes)['xl/worksheets/sheet1.xml'];
    expect(xml).not.toContain('NaN');
    expect(xml).toContain('<row r="2">' + '<c r="A2" t="inlineStr" s="0"><is><t xml:space="preserve">x</t></is></c></row>');
    expect(xml).toContain('<c r="B4" s="2"><v>0.5</v></c>');
  });

  it('gives the same bytes for the same report (fixed zip times)', () => {
    expect(reportXlsx(report)).toEqual(reportXlsx(report));
  });
});

describe('columnName', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('columnName(%i) = %s', (i, s) => expect(columnName(i)).toBe(s));
});
