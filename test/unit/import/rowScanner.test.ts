import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { parseCsv, type ParseOptions } from '../../../src/core/import/parseCsv.ts';
import { bytesSource } from '../../../src/core/import/decode.ts';
import { byteDelimiter, NotSimple, RowScanner } from '../../../src/core/import/rowScanner.ts';

/** Everything a parse gives, in plain values; -0 kept apart from 0 (Object.is), NaN as null. */
function plain(r: Awaited<ReturnType<typeof parseCsv>>) {
  return {
    rowCount: r.table.rowCount,
    delimiter: r.table.delimiter,
    decimalComma: r.table.decimalComma,
    encoding: r.table.encoding,
    columns: r.table.columns.map((c) => ({ name: c.name, num: Array.from(c.num, (v) => (Number.isNaN(v) ? null : Object.is(v, -0) ? '-0' : v)), code: c.code ? Array.from(c.code) : null, labels: c.labels })),
    issues: r.issues,
  };
}

async function onBytesAndAsText(bytes: Uint8Array, chunk: number, options: ParseOptions = {}) {
  const bytesWay = plain(await parseCsv(bytesSource('t.csv', bytes, chunk), options));
  const textWay = plain(await parseCsv(bytesSource('t.csv', bytes, chunk), { ...options, papaparse: true }));
  return { bytesWay, textWay };
}

// Cells a survey export holds, and the ones that sit on the edge of the plain-number form.
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.integer({ min: -20, max: 2000 }).map(String), fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((v) => v.toFixed(3))) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '', ' ', '  ', '\t', '7,5', '3.25', '-0', '+5', '0', '00', '000123', '0.', '.5', '5.', '-.5', '1e3', '2E-2', 'e5', '12345678901234567891', '123456789012345', '1234567890123456', '0.1234567890123456789',
      '5%', ' 7', '7 ', 'Apex', 'B0000001', '2025-H1', '250-999', '顶峰', '\u3000', 'x\u3000', '\u00a0', '\uFEFFa', 'n/a', 'a"b', '"quoted, with ""x"""', '"two\nlines"', '"two\r\nlines"', '""', '" "', '"12"', 'NaN', 'Infinity', '-',
    ),
  },
);

describe('reading rows on bytes (RowScanner, the survey reader\'s fast path)', () => {
  it('gives exactly papaparse\'s table and issues on any file, any separator, line break and chunk size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 7 }), { minLength: 0, maxLength: 40 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.constantFrom('utf-8', 'utf-8-bom', 'gb18030'),
        fc.constantFrom(1, 2, 5, 64, 4096),
        fc.boolean(),
        async (width, cells, sep, newline, encoding, chunk, finalBreak) => {
          const header = Array.from({ length: width }, (_, j) => (j === 1 ? '需要:质量' : `h${j}`)).join(sep);
          const text = [header, ...cells.map((r) => r.join(sep))].join(newline) + (finalBreak ? newline : '');
          const bytes =
            encoding === 'gb18030'
              ? new Uint8Array(iconv.encode(text, 'gb18030'))
              : new Uint8Array([...(encoding === 'utf-8-bom' ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text)]);
          const { bytesWay, textWay } = await onBytesAndAsText(bytes, chunk);
          expect(bytesWay).toEqual(textWay);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads plain numbers to the same double as Number() (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.nat({ max: 15 })), { minLength: 1, maxLength: 50 }), fc.boolean(), async (draws, dc) => {
        const cells = draws.map(([m, k]) => {
          const digits = (m < 0n ? -m : m).toString().padStart(k + 1, '0');
          const s = (m < 0n ? '-' : '') + (k > 0 ? `${digits.slice(0, -k)}.${digits.slice(-k)}` : digits);
          return dc ? s.replace('.', ',') : s;
        });
        const bytes = new TextEncoder().encode(['v;w', ...cells.map((c) => `${c};x`)].join('\n'));
        const { bytesWay, textWay } = await onBytesAndAsText(bytes, 4096, { decimalComma: dc, delimiter: ';' });
        expect(bytesWay).toEqual(textWay);
        const read = (await parseCsv(bytesSource('n.csv', bytes), { decimalComma: dc, delimiter: ';' })).table.columns[0].num;
        cells.forEach((c, i) => expect(Object.is(read[i], Number(c.replace(',', '.')))).toBe(true));
      }),
      { numRuns: 200 },
    );
  });

  it('finds fields, quoted fields and line breaks, and asks for more bytes where a row may go on', () => {
    const sc = new RowScanner(44, '\r\n');
    const buf = new TextEncoder().encode('a,"b,""c""",\r\nx\ry,"z');
    expect(sc.scan(buf, 0, false)).toBe(14);
    const fields = (b: Uint8Array) => Array.from({ length: sc.count }, (_, j) => new TextDecoder().decode(b.subarray(sc.starts[j], sc.ends[j])) + (sc.quoted[j] ? '*' : ''));
    expect(fields(buf)).toEqual(['a', 'b,""c""*', '']);
    expect(sc.scan(buf, 14, false)).toBe(-1); // "z is not closed yet
    expect(() => sc.scan(buf, 14, true)).toThrow(NotSimple);
    const cr = new TextEncoder().encode('1,2\r');
    expect(sc.scan(cr, 0, false)).toBe(-1); // the \n may come next
    expect(sc.scan(cr, 0, true)).toBe(4); // at the end a lone \r is text, as papaparse reads it with \r\n rows
    expect(fields(cr)).toEqual(['1', '2\r']);
    expect(() => new RowScanner(44, '\n').scan(new TextEncoder().encode('"a"b,c\n'), 0, true)).toThrow(NotSimple);
  });

  it('reads on bytes only where the delimiter can never be part of a character', () => {
    expect(byteDelimiter(',', 'utf-8')).toBe(44);
    expect(byteDelimiter('|', 'utf-8')).toBe(124);
    expect(byteDelimiter(',', 'gb18030')).toBe(44);
    expect(byteDelimiter('\t', 'gb18030')).toBe(9);
    expect(byteDelimiter('|', 'gb18030')).toBeNull(); // 0x7C is a GB18030 trailing byte
    expect(byteDelimiter('；', 'utf-8')).toBeNull();
    expect(byteDelimiter('::', 'utf-8')).toBeNull();
    expect(byteDelimiter(',', 'utf-16le')).toBeNull();
  });

  it('reports a stray UTF-8 byte in a text field as the text path does (a damaged file is read leniently with a warning)', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('id,name\n1,ab'), 0xff, ...new TextEncoder().encode('\n2,cd\n')]);
    const { bytesWay, textWay } = await onBytesAndAsText(bytes, 3);
    expect(bytesWay).toEqual(textWay);
    expect(bytesWay.issues.map((i) => i.code)).toEqual(['invalid-utf8']);
    expect(bytesWay.columns[1].labels).toEqual(['ab\uFFFD', 'cd']);
  });
});
