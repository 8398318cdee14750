import { describe, it, expect } from 'vitest';
import { parseCsv } from '../../../src/core/import/parseCsv.ts';
import { cellText, isBlank } from '../../../src/core/table.ts';
import { parseNumber } from '../../../src/core/import/number.ts';
import { fixture, textSource } from '../helpers.ts';

const ZH_HEADERS = ['编号', '细分', '重要性:质量', '表现:顶峰:质量', '熟悉度:顶峰'];

describe('parseCsv(source)', () => {
  for (const [file, encoding] of [
    ['gb18030.csv', 'gb18030'],
    ['bom.csv', 'utf-8'],
    ['utf16le.csv', 'utf-16le'],
  ] as const) {
    it(`detects ${encoding} in ${file} and reads Chinese headers and labels`, async () => {
      const { table, issues } = await parseCsv(fixture(file));
      expect(issues).toEqual([]);
      expect(table.encoding).toBe(encoding);
      expect(table.columns.map((c) => c.name)).toEqual(ZH_HEADERS);
      expect(table.rowCount).toBe(2);
      expect(cellText(table.columns[1], 0)).toBe('细分1');
      expect(table.columns[3].num[0]).toBe(9);
      expect(isBlank(table.columns[3], 1)).toBe(true);
    });
  }

  it('decodes multi-byte characters split across every chunk edge (3-byte chunks)', async () => {
    const { table } = await parseCsv(fixture('gb18030.csv', 3));
    expect(table.columns.map((c) => c.name)).toEqual(ZH_HEADERS);
    const { table: t2 } = await parseCsv(fixture('bom.csv', 5));
    expect(cellText(t2.columns[1], 1)).toBe('细分2');
  });

  it('reads semicolons with decimal commas and CRLF line ends', async () => {
    const { table } = await parseCsv(fixture('semicolon-decimal-comma.csv', 7));
    expect(table.delimiter).toBe(';');
    expect(table.decimalComma).toBe(true);
    expect(table.columns[2].num[0]).toBe(5.5);
    expect(table.columns[3].num[0]).toBe(7.25);
    expect(table.columns[4].num[1]).toBe(60);
    expect(table.rowCount).toBe(2);
  });

  it('reads tab-delimited files', async () => {
    const { table } = await parseCsv(fixture('tab.tsv'));
    expect(table.delimiter).toBe('\t');
    expect(table.columns[3].num[0]).toBe(7);
  });

  it('keeps text cells as text, never their numeric prefix', async () => {
    const { table } = await parseCsv(fixture('broken-row.csv'));
    const col = table.columns.find((c) => c.name === 'perf:A:quality')!;
    expect(Number.isNaN(col.num[3])).toBe(true);
    expect(cellText(col, 3)).toBe('abc');
  });

  it('reports rows with the wrong number of fields, naming the row', async () => {
    const { issues } = await parseCsv(fixture('field-count.csv'));
    expect(issues.map((i) => [i.code, i.row, i.severity])).toEqual([
      ['field-count', 3, 'error'],
      ['field-count', 4, 'error'],
    ]);
    expect(issues[0].message).toContain('7 fields');
  });

  it('handles quoted fields with delimiters, quotes and line breaks across chunk edges', async () => {
    const text = 'id,name,x\n1,"a, ""b""\nc",2\n2,plain,3\n';
    for (const size of [1, 2, 3, 5, 8, 1000]) {
      const { table, issues } = await parseCsv(textSource('q.csv', text, size));
      expect(issues).toEqual([]);
      expect(table.rowCount).toBe(2);
      expect(cellText(table.columns[1], 0)).toBe('a, "b"\nc');
      expect(table.columns[2].num[1]).toBe(3);
    }
  });

  it('reports an unterminated quote', async () => {
    const { issues } = await parseCsv(textSource('q.csv', 'id,x\n1,"open\n2,3\n'));
    expect(issues.some((i) => i.code === 'quotes' && i.severity === 'error')).toBe(true);
  });

  it('reports an empty file and a header-only file', async () => {
    expect((await parseCsv(textSource('e.csv', ''))).issues[0].code).toBe('empty-file');
    expect((await parseCsv(textSource('h.csv', 'a,b\n'))).issues[0].code).toBe('no-rows');
  });

  it('renames duplicate headers and says so', async () => {
    const { table, issues } = await parseCsv(textSource('d.csv', 'a,a,b\n1,2,3\n'));
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'a (2)', 'b']);
    expect(issues[0].code).toBe('duplicate-header');
  });
});

describe('parseNumber(text, decimalComma)', () => {
  const cases: [string, boolean, number][] = [
    ['12', false, 12],
    [' -3.5 ', false, -3.5],
    ['.5', false, 0.5],
    ['1e3', false, 1000],
    ['35%', false, 35],
    ['3,5', true, 3.5],
    ['3.5', true, NaN],
    ['3,5', false, NaN],
    ['12abc', false, NaN],
    ['0x1A', false, NaN],
    ['Infinity', false, NaN],
    ['', false, NaN],
    ['-', false, NaN],
    ['1.2.3', false, NaN],
    ['1e', false, NaN],
  ];
  for (const [text, dc, expected] of cases)
    it(`parseNumber(${JSON.stringify(text)}, ${dc}) is ${expected}`, () => {
      expect(parseNumber(text, dc)).toBe(expected);
    });
});

describe('parseCsv: a cancel is heard while reading', () => {
  it('pauses for messages during a long read, and stops there once cancelled', async () => {
    // A source that takes 40 ms a chunk (a slow disk, a busy machine): 20 chunks take 800 ms.
    const row = '1,S1,5,6\n';
    const chunk = new TextEncoder().encode(row.repeat(4000));
    const source = {
      name: 'slow.csv',
      size: chunk.length * 20 + 20,
      async *chunks() {
        yield new TextEncoder().encode('id,segment,imp:quality,perf:quality:A\n');
        for (let k = 0; k < 20; k++) {
          await new Promise((r) => setTimeout(r, 40));
          yield chunk;
        }
      },
    };
    let pauses = 0;
    const signal = { aborted: false };
    const read = parseCsv(source, {
      signal,
      pause: async () => {
        pauses++;
        signal.aborted = true; // the cancel message arrived while paused
      },
    });
    await expect(read).rejects.toThrow('import cancelled');
    expect(pauses).toBe(1);
    // Without a cancel the same slow read pauses now and then, and finishes.
    let more = 0;
    const whole = await parseCsv(source, { pause: async () => void more++ });
    expect(whole.table.rowCount).toBe(80_000);
    expect(more).toBeGreaterThan(2);
  });
});
