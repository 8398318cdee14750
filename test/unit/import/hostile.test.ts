// The hostile fixtures (test/fixtures/hostile/README.md): each gets an exact outcome, accepted with
// a named warning or refused with a message naming what the file is and the way out.
import { describe, it, expect } from 'vitest';
import { importSurvey } from '../../../src/core/import/importSurvey.ts';
import { guessSeparator, parseCsv } from '../../../src/core/import/parseCsv.ts';
import { sniffFileType } from '../../../src/core/import/sniffFileType.ts';
import { fixture, textSource } from '../helpers.ts';

const hostile = (name: string) => fixture(`hostile/${name}`);

describe('sniffFileType(head): not a CSV at all, told from the first bytes', () => {
  for (const [file, code, words] of [
    ['workbook.csv', 'not-csv-excel', /Excel workbook.*CSV UTF-8/s],
    ['bomb-workbook.csv', 'not-csv-excel', /Excel workbook/],
    ['archive.csv', 'not-csv-zip', /zip archive.*unzip/s],
    ['login-page.csv', 'not-csv-html', /HTML web page.*download the data again as CSV/s],
    ['json-array.csv', 'not-csv-json', /JSON.*export the survey as CSV/s],
    ['random.csv', 'not-csv-binary', /binary/],
  ] as const) {
    it(`refuses ${file} as ${code}, naming the file, what it is and the fix`, async () => {
      const { survey, issues } = await importSurvey(hostile(file));
      expect(survey).toBeNull();
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ severity: 'error', code, file: `hostile/${file}` });
      expect(`${issues[0].message}. ${issues[0].fix}`).toMatch(words);
    });
  }

  it('never inflates a workbook: the 16 MB bomb is refused from its 64 KB head', async () => {
    let read = 0;
    const src = hostile('bomb-workbook.csv');
    const counted = { ...src, chunks: async function* () { for await (const c of src.chunks()) { read += c.length; yield c; } } };
    const { issues } = await parseCsv(counted);
    expect(issues[0].code).toBe('not-csv-excel');
    expect(read).toBeLessThanOrEqual(65536 + (1 << 20));
  });

  it('takes text as text: UTF-8, UTF-16 with and without BOM, a header starting with a bracket', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffFileType(enc('id,segment\n1,S1\n'))).toBeNull();
    expect(sniffFileType(enc('[id],segment\n1,S1\n'))).toBeNull();
    expect(sniffFileType(enc('<id>,segment\n1,S1\n'))).toBeNull();
    const utf16 = new Uint8Array([...'id,segment\n1,S1\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(sniffFileType(utf16)).toBeNull();
    expect(sniffFileType(new Uint8Array([0xff, 0xfe, ...utf16]))).toBeNull();
  });
});

describe('importSurvey(file): bad input that still holds a survey', () => {
  it('ids are text in the stacked shape: 000123 and 123, and two 20-digit ids one apart, are four respondents', async () => {
    const { survey, issues } = await importSurvey(hostile('stacked-text-ids.csv'));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(survey!.ids).toEqual(['000123', '123', '12345678901234567890', '12345678901234567891']);
    expect(survey!.n).toBe(4);
  });

  it('ids are text in the wide shape too: a repeated id is said by its row, 007 is not 7, and 7.0 is 7 as a number', async () => {
    const text = ['id,segment,imp:quality,perf:quality:A,perf:quality:B,fam:A,fam:B', 'K1,S1,5,6,7,4,3', '7,S1,4,5,6,4,3', '007,S2,3,6,5,3,4', 'K1,S2,5,7,6,4,4', '7.0,S2,4,6,6,4,4', '12345678901234567890,S1,5,5,5,4,4', '12345678901234567891,S2,5,5,5,4,4', '12345678901234567890,S1,5,5,5,4,4'].join('\n');
    const { survey, issues } = await importSurvey(textSource('wide-ids.csv', text));
    expect(survey!.ids).toEqual(['K1', '7', '007', 'K1', '7', '12345678901234567890', '12345678901234567891', '12345678901234567890']);
    expect(issues.filter((i) => i.code === 'duplicate-id').map((i) => [i.row, i.value, i.message])).toEqual([
      [5, 'K1', 'respondent id "K1" also appears on row 2'],
      [6, '7', 'respondent id "7" also appears on row 3'],
      [9, '12345678901234567890', 'respondent id "12345678901234567890" also appears on row 7'],
    ]);
  });

  it('cleans headers with a BEL, a line break, a right-to-left override and 1,000 characters, naming each column and character', async () => {
    const { survey, issues } = await importSurvey(hostile('control-headers.csv'));
    expect(survey!.n).toBe(4);
    // The cleaned BEL header is still found as the segment column.
    expect([...survey!.segment!].map((k) => survey!.segmentLabels[k])).toEqual(['S1', 'S2', 'S1', 'S2']);
    expect(survey!.profiles.map((p) => p.name.slice(0, 30))).toEqual(['industry (2024)', 'region', 'How satisfied are you overall ']);
    expect(issues.map((i) => [i.severity, i.code, i.row, i.column?.slice(0, 30), i.params])).toEqual([
      ['warning', 'header-control-characters', 1, 'segment', { characters: 'U+0007' }],
      ['warning', 'header-control-characters', 1, 'industry (2024)', { characters: 'U+000A' }],
      ['warning', 'header-control-characters', 1, 'region', { characters: 'U+202E' }],
      ['warning', 'header-too-long', 1, 'How satisfied are you overall ', { length: 1000, max: 200 }],
    ]);
    expect([...issues[3].column!].length).toBe(201);
    // eslint-disable-next-line no-control-regex
    for (const i of issues) expect(`${i.column}${i.message}${i.fix}`).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it("drops Excel's trailing empty columns and rows with a note each, and reads the rest", async () => {
    const { survey, issues } = await importSurvey(hostile('excel-trailing.csv'));
    expect(survey!.n).toBe(4);
    expect(issues.map((i) => [i.severity, i.code, i.value])).toEqual([
      ['warning', 'blank-rows-dropped', '3'],
      ['warning', 'blank-columns-dropped', '3'],
    ]);
  });

  it('says the separator was not recognised, which ones were tried and which one the lines show; the chosen one reads the file', async () => {
    const { survey, issues } = await importSurvey(hostile('caret-separator.csv'));
    expect(survey).toBeNull();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'unknown-separator', row: 1, value: '^' });
    expect(issues[0].message).toBe('every line reads as one column: the separator was not recognised (tried comma (,), semicolon (;), tab, pipe (|)); the lines look separated by "^"');
    expect(issues[0].fix).toMatch(/--separator "\^"/);
    const chosen = await importSurvey(hostile('caret-separator.csv'), { delimiter: '^' });
    expect(chosen.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(chosen.survey!.firms).toEqual(['A', 'B']);
    const wrong = await importSurvey(hostile('caret-separator.csv'), { delimiter: ';' });
    expect(wrong.issues[0].code).toBe('separator-not-found');
  });

  it('guessSeparator(sample) finds a punctuation character found equally often on every line, never a letter', () => {
    expect(guessSeparator('a~b~c\n1~2~3\n')).toBe('~');
    expect(guessSeparator('abc\ndef\n')).toBeNull();
    expect(guessSeparator('a#b\n1#2#3\n')).toBeNull();
  });
});

describe('not-csv codes', () => {
  it('each kind has a Chinese text (the codes are built from the kind, so the source scan cannot see them)', async () => {
    const { issueZh } = await import('../../../src/lib/messages.ts');
    for (const kind of ['excel', 'excel-97', 'zip', 'parquet', 'gzip', 'pdf', 'html', 'json', 'binary']) expect(issueZh[`not-csv-${kind}`], kind).toBeDefined();
  });
});

describe('importSurvey(file): needs and missing codes', () => {
  it('a need with performance columns but no importance column is left out with a warning naming it, the rest measured', async () => {
    const { survey, issues } = await importSurvey(hostile('need-without-importance.csv'));
    expect(survey!.needs).toEqual(['quality', 'price']);
    expect(survey!.n).toBe(4);
    expect(issues.map((i) => [i.severity, i.code, i.value, i.column])).toEqual([['warning', 'need-without-importance', 'delivery', 'perf:A:delivery']]);
    expect(issues[0].message).toBe('need "delivery" has performance columns ("perf:A:delivery", "perf:B:delivery") but no importance column; it is left out of the measurement');
  });

  it('99 is proposed as missing for the ratings beside a spend of 5,000, and never drops a 99% share of wallet or a spend of 99; -99 spend is missing', async () => {
    const { survey, mapping, issues } = await importSurvey(hostile('missing-codes-per-family.csv'));
    expect(mapping.missingCodes).toEqual(['99', '-99']);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const F = survey!.firms.length;
    expect(Number.isNaN(survey!.perf[(0 * F + 0) * 2 + 1])).toBe(true);
    expect(Number.isNaN(survey!.perf[(2 * F + 1) * 2 + 0])).toBe(true);
    expect(survey!.sow![0 * F + 0]).toBe(99);
    expect(survey!.spend![0]).toBe(99);
    expect(Number.isNaN(survey!.spend![3])).toBe(true);
  });
});

describe('importSurvey(file): numbers that are not numbers', () => {
  it('reports 1e999, Infinity and a percentage outside share of wallet, naming row and column; NaN is proposed as a missing code (pandas writes it for blanks)', async () => {
    const { survey, issues, mapping } = await importSurvey(hostile('not-finite-numbers.csv'));
    expect(survey).toBeNull();
    expect(mapping.missingCodes).toEqual(['NaN']);
    expect(issues.map((i) => [i.code, i.row, i.column, i.value])).toEqual([
      ['percent-not-share', 6, 'imp:quality', '80%'],
      ['not-finite', 3, 'perf:A:quality', 'Infinity'],
      ['number-out-of-range', 2, 'spend', '1e999'],
    ]);
    expect(issues[0].message).toBe('"80%" is a percentage; only share of wallet is read as one');
    expect(issues[2].fix).toBe('enter the value in the range the scale or amount allows for a spend, or leave the cell empty');
  });

  it('reads the shares once the bad cells are gone', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync('test/fixtures/hostile/not-finite-numbers.csv', 'utf8').replace('1e999', '700').replace('Infinity', '6').replace(',NaN,', ',4,').replace('80%', '6');
    const { textSource } = await import('../helpers.ts');
    const { survey, issues } = await importSurvey(textSource('fixed.csv', text));
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(Array.from(survey!.sow!.subarray(0, 2))).toEqual([35, 65]);
  });
});

describe('importSurvey(file): Likert labels that carry their number', () => {
  it('reads "5 - Strongly agree", "3 (neutral)", "1 = Very poor" and a plain 4 through the label mapping, with a warning per column showing it', async () => {
    const { survey, issues, mapping } = await importSurvey(hostile('likert-with-numbers.csv'));
    expect(mapping.likert).toMatchObject({ '5 - Strongly agree': 5, '3 (neutral)': 3, '1 = Very poor': 1, '1 - Strongly disagree': 1 });
    expect(issues.map((i) => [i.code, i.column, i.value])).toEqual([
      ['numbered-labels', 'imp:quality', '"1 - Strongly disagree" = 1, "3 (neutral)" = 3, "5 - Strongly agree" = 5'],
      ['numbered-labels', 'imp:price', '"3 (neutral)" = 3, "5 - Strongly agree" = 5'],
      ['numbered-labels', 'perf:A:quality', '"1 = Very poor" = 1'],
    ]);
    // Importance on 1-5: respondent 3's plain 4 and respondent 1's "5 - Strongly agree" rescale alike.
    expect(survey!.scales.imp).toEqual({ min: 1, max: 5 });
    expect(survey!.imp[0]).toBe(1);
    expect(survey!.imp[2 * 2]).toBe(0.75);
  });
});

describe('importSurvey(file): one invalid byte in a UTF-8 file', () => {
  it('reads the file as UTF-8 (Zürich, São Paulo, 北京 intact) with a warning that names line 4', async () => {
    const { survey, issues } = await importSurvey(hostile('invalid-byte.csv'));
    expect(issues.map((i) => [i.severity, i.code, i.row, i.value])).toEqual([['warning', 'invalid-utf8', 4, '1']]);
    expect(issues[0].message).toMatch(/^line 4 holds a byte that is not valid UTF-8/);
    const region = survey!.profiles.find((p) => p.name === 'region')!;
    expect(region.labels).toEqual(expect.arrayContaining(['Zürich', 'São Paulo', '北京', 'Montr\uFFFDal']));
  });

  it('still takes a GB18030 file (many invalid UTF-8 sequences) as GB18030', async () => {
    const { table } = await parseCsv(fixture('gb18030.csv'));
    expect(table.encoding).toBe('gb18030');
  });
});
