// The CRM maturity check (src/core/improve/maturity.ts): levels from fixed answers.
import { describe, it, expect } from 'vitest';
import { assessMaturity, maturityRows, QUESTIONS, type Answers, type Level } from '../../../src/core/improve/maturity.ts';

/** Answers given per process in question order (m1..m4, s1..s4, v1..v4). */
function answers(marketing: number[], sales: number[], service: number[]): Answers {
  const out: Answers = {};
  const put = (prefix: string, xs: number[]) => xs.forEach((x, i) => (out[`${prefix}${i + 1}`] = x as Level));
  put('m', marketing);
  put('s', sales);
  put('v', service);
  return out;
}
const levels = (a: Answers) => assessMaturity(a).processes.map((p) => p.level);

describe('the CRM maturity check', () => {
  it('has twelve questions, four per process', () => {
    expect(QUESTIONS.length).toBe(12);
    expect(['marketing', 'sales', 'service'].map((p) => QUESTIONS.filter((q) => q.process === p).length)).toEqual([4, 4, 4]);
  });

  it('places every process at level 1 when everything depends on who does it', () => {
    const m = assessMaturity(answers([1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]));
    expect(m.processes.map((p) => [p.level, p.next])).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(m.level).toBe(1);
    expect(m.answered).toBe(12);
  });

  it('takes the highest level three of four answers reach, and the firm at its weakest process', () => {
    // Marketing 4,4,4,1: three answers reach 4. Sales 3,3,2,2: only two reach 3, all four reach 2.
    // Service 4,3,2,1: three reach 2, two reach 3.
    const m = assessMaturity(answers([4, 4, 4, 1], [3, 3, 2, 2], [4, 3, 2, 1]));
    expect(m.processes.map((p) => p.level)).toEqual([4, 2, 2]);
    expect(m.processes.map((p) => p.next)).toEqual([null, 3, 3]);
    expect(m.level).toBe(2);
  });

  it('does not depend on the order of the answers, and climbs one level at a time', () => {
    // Sales 4,4,3,3: two reach 4, four reach 3, so 3, and its next step is 4, not beyond.
    const m = assessMaturity(answers([1, 4, 4, 4], [4, 4, 3, 3], [2, 2, 2, 2]));
    expect(m.processes.map((p) => [p.level, p.next])).toEqual([[4, null], [3, 4], [2, 3]]);
    expect(m.level).toBe(2);
  });

  it('gives no level to a process with a question unanswered, and ignores answers that are not levels', () => {
    const a = answers([2, 2, 2], [3, 3, 3, 3], [4, 4, 4, 4]);
    a.v4 = 7 as Level;
    a.x9 = 2;
    const m = assessMaturity(a);
    expect(levels(a)).toEqual([null, 3, null]);
    expect(m.processes.map((p) => p.answered)).toEqual([3, 4, 3]);
    expect(m.level).toBeNull();
    expect(m.answered).toBe(10);
  });

  it('says the level and the tools of the next step in both languages', () => {
    const m = assessMaturity(answers([1, 1, 1, 1], [2, 2, 2, 2], [4, 4, 4, 4]));
    const en = maturityRows(m, 'en');
    expect(en.map((r) => [r.process, r.level, r.levelName])).toEqual([
      ['Marketing', 1, 'Success by chance'],
      ['Sales', 2, 'Managed by rules and habits'],
      ['Service', 4, 'Measured and optimised everywhere'],
    ]);
    expect(en[0].fits).toMatch(/^Contact management/);
    expect(en[0].next).toMatch(/^A CRM system/);
    expect(en[2].next).toBe('');
    const zh = maturityRows(m, 'zh');
    expect(zh.map((r) => r.process)).toEqual(['营销', '销售', '服务']);
    expect(zh[1].levelName).toBe('靠规则和习惯管理');
  });
});
