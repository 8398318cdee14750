import { describe, it, expect } from 'vitest';
import { readHeader, detectScale, type Mapping } from '../../../src/core/import/mapping.ts';
import { parseSurvey } from '../../../src/core/import/importSurvey.ts';
import { buildSurvey } from '../../../src/core/import/buildSurvey.ts';
import { textSource } from '../helpers.ts';

describe('readHeader(header)', () => {
  const cases: [string, string | null, string[]][] = [
    ['imp:quality', 'imp', ['quality']],
    ['Quality importance', 'imp', ['Quality']],
    ['importance_price', 'imp', ['price']],
    ['重要性:质量', 'imp', ['质量']],
    ['质量重要性', 'imp', ['质量']],
    ['perf:A:quality', 'perf', ['A', 'quality']],
    ['perf_A_quality', 'perf', ['A', 'quality']],
    ['表现:顶峰:质量', 'perf', ['顶峰', '质量']],
    ['A - Quality', null, ['A', 'Quality']],
    ['fam:A', 'fam', ['A']],
    ['Familiarity Boreal', 'fam', ['Boreal']],
    ['share of wallet A', 'sow', ['A']],
    ['钱包份额:顶峰', 'sow', ['顶峰']],
    ['overall:A', 'overall', ['A']],
    ['Respondent ID', 'id', []],
    ['编号', 'id', []],
    ['细分', 'segment', []],
    ['weight', 'weight', []],
    ['波次', 'wave', []],
    ['spend', 'spend', []],
    ['brand', 'firm', []],
    ['industry', null, ['industry']],
  ];
  for (const [header, role, parts] of cases)
    it(`reads ${JSON.stringify(header)} as ${role ?? 'no family'} ${parts.join(' / ')}`, () => {
      expect(readHeader(header)).toEqual({ role, parts });
    });
});

describe('detectScale(lo, hi)', () => {
  it('takes the smallest nested scale that holds every value', () => {
    expect(detectScale(1, 5)).toEqual({ min: 1, max: 5 });
    expect(detectScale(2, 6)).toEqual({ min: 1, max: 7 });
    expect(detectScale(1, 9)).toEqual({ min: 1, max: 10 });
    expect(detectScale(0, 7)).toEqual({ min: 0, max: 10 });
    expect(detectScale(0, 55)).toEqual({ min: 0, max: 100 });
    expect(detectScale(-1, 5)).toBeNull();
    expect(detectScale(1, 101)).toBeNull();
  });
});

async function propose(csv: string): Promise<{ mapping: Mapping; parsed: Awaited<ReturnType<typeof parseSurvey>> }> {
  const parsed = await parseSurvey(textSource('t.csv', csv));
  return { mapping: parsed.proposal, parsed };
}

describe('proposeMapping(stats)', () => {
  it('maps "A - Quality" style headers to performance once needs are known from importance headers', async () => {
    const { mapping } = await propose('Respondent,Quality importance,Price importance,A - Quality,A - Price,Quality - B,Price - B,Familiarity A,Familiarity B,industry\n1,5,3,8,6,7,5,5,4,Chemicals\n');
    const perf = mapping.columns.filter((c) => c.role === 'perf').map((c) => `${c.firm}/${c.need}`);
    expect(perf).toEqual(['A/Quality', 'A/Price', 'B/Quality', 'B/Price']);
    expect(mapping.columns.find((c) => c.column === 'industry')!.role).toBe('profile');
    expect(mapping.columns[0].role).toBe('id');
    expect(mapping.shape).toBe('wide');
  });

  it('proposes Likert labels, text and numeric missing codes', async () => {
    const csv = [
      'id,imp:q,imp:p,perf:A:q,perf:A:p,perf:B:q,perf:B:p,fam:A,fam:B',
      '1,Very important,Not at all important,7,99,8,5,5,5',
      '2,Extremely important,Moderately important,NA,6,9,4,4,3',
      '3,Slightly important,Very important,5,6,2,3,2,5',
    ].join('\n');
    const { mapping, parsed } = await propose(csv);
    expect(mapping.likert).toMatchObject({ 'Very important': 4, 'Not at all important': 1, 'Extremely important': 5, 'Moderately important': 3, 'Slightly important': 2 });
    expect(mapping.missingCodes).toEqual(expect.arrayContaining(['NA', '99']));
    const { survey, issues } = buildSurvey(parsed.table, mapping);
    expect(issues).toEqual([]);
    expect(survey!.scales.imp).toEqual({ min: 1, max: 5 });
    expect(survey!.imp[0]).toBe(0.75); // Very important = 4 on 1-5
    expect(survey!.perf[1]).toBeNaN(); // 99 is missing
    expect(survey!.scales.perf).toEqual({ min: 1, max: 10 });
  });

  it('recognises the stacked shape from a firm column and firm-less per-firm headers', async () => {
    const { mapping } = await propose('id,imp:q,firm,perf:q,fam,sow\n1,5,A,7,5,60\n1,5,B,6,4,40\n');
    expect(mapping.shape).toBe('stacked');
    expect(mapping.us).toBe('A');
    expect(mapping.columns.map((c) => c.role)).toEqual(['id', 'imp', 'firm', 'perf', 'fam', 'sow']);
  });
});

describe('buildSurvey(table, mapping) reports bad input with file, row, column and fix', () => {
  const header = 'id,segment,weight,imp:q,imp:p,perf:A:q,perf:A:p,perf:B:q,perf:B:p,fam:A,fam:B,sow:A,sow:B,spend';
  const cases: [string, string, string, number | undefined, string | undefined][] = [
    ['text in a rating', '1,S1,1,5,3,good,6,5,5,5,5,50,50,10', 'not-a-number', 2, 'perf:A:q'],
    ['a negative weight', '1,S1,-2,5,3,7,6,5,5,5,5,50,50,10', 'bad-number', 2, 'weight'],
    ['a zero weight', '1,S1,0,5,3,7,6,5,5,5,5,50,50,10', 'bad-number', 2, 'weight'],
    ['text spend', '1,S1,1,5,3,7,6,5,5,5,5,50,50,lots', 'not-a-number', 2, 'spend'],
    ['a negative wallet share', '1,S1,1,5,3,7,6,5,5,5,5,-5,50,10', 'bad-number', 2, 'sow:A'],
    ['ratings beyond 0-100', '1,S1,1,5,3,700,6,5,5,5,5,50,50,10', 'no-scale', 2, 'perf:A:q'],
  ];
  for (const [what, line, code, row, column] of cases)
    it(`stops on ${what}`, async () => {
      const { parsed, mapping } = await propose(`${header}\n2,S1,1,4,4,5,5,5,5,5,5,50,50,10\n${line.replace(/^1,/, '3,')}`);
      const { survey, issues } = buildSurvey(parsed.table, mapping);
      expect(survey).toBeNull();
      const issue = issues.find((i) => i.code === code)!;
      expect(issue).toBeDefined();
      expect(issue.file).toBe('t.csv');
      expect(issue.row).toBe(row === undefined ? undefined : row + 1);
      expect(issue.column).toBe(column);
      expect(issue.fix.length).toBeGreaterThan(10);
    });

  it('blocks a survey without importance columns, and one with a single firm', async () => {
    let { parsed, mapping } = await propose('id,perf:A:q,perf:B:q\n1,5,6\n');
    expect(buildSurvey(parsed.table, mapping).issues.map((i) => i.code)).toContain('no-importance');
    ({ parsed, mapping } = await propose('id,imp:q,perf:A:q\n1,5,6\n'));
    expect(buildSurvey(parsed.table, mapping).issues.map((i) => i.code)).toContain('few-firms');
  });

  it('names both rows when a stacked respondent disagrees with itself', async () => {
    const { parsed, mapping } = await propose('id,segment,imp:q,firm,perf:q,fam\n1,S1,5,A,7,5\n1,S2,5,B,6,4\n');
    const { survey, issues } = buildSurvey(parsed.table, mapping);
    expect(survey).toBeNull();
    const i = issues.find((x) => x.code === 'stacked-disagree')!;
    expect(i.row).toBe(3);
    expect(i.column).toBe('segment');
    expect(i.fix).toContain('row 2');
  });

  it('warns (does not block) when the survey has no familiarity columns, and treats rated firms as familiar', async () => {
    const { parsed, mapping } = await propose('id,imp:q,perf:A:q,perf:B:q\n1,5,6,\n');
    const { survey, issues } = buildSurvey(parsed.table, mapping);
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['no-familiarity', 'warning']]);
    expect(Array.from(survey!.fam)).toEqual([1, 0]);
  });

  it('lists at most five cells per problem and column, counting the rest', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},S1,1,5,3,bad,6,5,5,5,5,50,50,10`);
    const { parsed, mapping } = await propose(`${header}\n${rows.join('\n')}`);
    const issues = buildSurvey(parsed.table, mapping).issues.filter((i) => i.code === 'not-a-number');
    expect(issues).toHaveLength(5);
    expect(issues[4].more).toBe(35);
  });
});
