import { describe, it, expect } from 'vitest';
import { waveAlerts } from '../../../src/core/monitor/alerts.ts';
import type { ChangeRow } from '../../../src/core/monitor/changeTable.ts';

/** Two waves of a market with segments V (most valuable), M, L (least), firms us, a, b. */
function rows(shares: Record<string, readonly [number, number]>, significant: Set<string>): ChangeRow[] {
  const out: ChangeRow[] = [];
  for (const [k, wave] of ['w1', 'w2'].entries())
    for (const segment of ['V', 'M', 'L'])
      for (const firm of ['us', 'a', 'b']) {
        const [s1, s2] = shares[`${segment}/${firm}`];
        const sov = k === 0 ? s1 : s2;
        const d = s2 - s1;
        const sig = k === 1 ? significant.has(`${segment}/${firm}`) : null;
        out.push({
          wave, segment, firm, shareOfValue: sov, low: sov - 0.01, high: sov + 0.01,
          changePrev: k ? d : NaN, changePrevLow: k ? (sig ? d - Math.abs(d) / 2 : d - 1) : NaN, changePrevHigh: k ? (sig ? d + Math.abs(d) / 2 : d + 1) : NaN, significantPrev: sig,
          changeFirst: k ? d : NaN, changeFirstLow: NaN, changeFirstHigh: NaN, significantFirst: sig,
        });
      }
  return out;
}
const value = new Map([['V', 300], ['M', 200], ['L', 100]]);
const base: Record<string, readonly [number, number]> = {
  'V/us': [0.2, 0.2], 'V/a': [0.5, 0.5], 'V/b': [0.3, 0.3],
  'M/us': [0.3, 0.3], 'M/a': [0.4, 0.4], 'M/b': [0.3, 0.3],
  'L/us': [0.5, 0.5], 'L/a': [0.3, 0.3], 'L/b': [0.2, 0.2],
};
const key = (a: { kind: string; segment: string; firm: string }) => `${a.kind} ${a.segment}/${a.firm}`;

describe('waveAlerts', () => {
  it.each([
    ['a competitor gaining in the top half by market value (1 of 3 segments)', { 'V/a': [0.5, 0.6], 'V/us': [0.2, 0.1] }, ['V/a'], ['competitor-gain V/a']],
    ['a competitor gaining in a middle segment we do not lead: no alert', { 'M/b': [0.3, 0.4], 'M/a': [0.4, 0.3] }, ['M/b'], []],
    ['a competitor gaining in the least valuable segment, which we lead', { 'L/b': [0.2, 0.3], 'L/a': [0.3, 0.2] }, ['L/b'], ['competitor-gain L/b']],
    ['a competitor taking the lead from us in a segment we led before', { 'L/a': [0.3, 0.55], 'L/us': [0.5, 0.25] }, ['L/a'], ['competitor-gain L/a']],
    ['our own loss in any segment, also the least valuable', { 'M/us': [0.3, 0.2], 'M/b': [0.3, 0.4] }, ['M/us'], ['our-loss M/us']],
    ['our gain and a competitor loss: no alert', { 'V/us': [0.2, 0.3], 'V/a': [0.5, 0.4] }, ['V/us', 'V/a'], []],
    ['a competitor gain that is not significant: no alert', { 'V/a': [0.5, 0.6], 'V/us': [0.2, 0.1] }, [], []],
  ] as const)('%s', (_, change, significant, expected) => {
    const alerts = waveAlerts(rows({ ...base, ...change }, new Set(significant)), 'us', value);
    expect(alerts.map(key)).toEqual(expected);
    for (const a of alerts) {
      expect(a.wave).toBe('w2');
      expect(a.since).toBe('w1');
      expect(a.low).toBeLessThanOrEqual(a.change);
      expect(a.high).toBeGreaterThanOrEqual(a.change);
    }
  });

  it('waveAlerts says why a competitor gain counts and ranks the segment by market value', () => {
    const alerts = waveAlerts(rows({ ...base, 'V/b': [0.3, 0.4], 'V/a': [0.5, 0.4], 'L/a': [0.3, 0.4], 'L/b': [0.2, 0.1] }, new Set(['V/b', 'L/a'])), 'us', value);
    expect(alerts.map((a) => [a.segment, a.reasons, a.marketValueRank])).toEqual([
      ['V', ['valuable'], 1],
      ['L', ['we-lead'], 3],
    ]);
  });

  it('waveAlerts without our firm gives none', () => {
    expect(waveAlerts(rows({ ...base, 'V/a': [0.5, 0.6], 'V/us': [0.2, 0.1] }, new Set(['V/a', 'V/us'])), null, value)).toEqual([]);
  });
});
