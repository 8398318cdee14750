import { describe, it, expect } from 'vitest';
import { closesSegment, LEVEL_OUT, respondentsShown, RESPONDENTS_AT } from '../../../src/lib/semanticZoom.ts';

describe('respondentsShown(shown, k, entryK, ended)', () => {
  const entry = 1.5;
  const open = entry * RESPONDENTS_AT;

  it('opens as soon as the zoom reaches RESPONDENTS_AT times the segment’s opening zoom, mid-gesture too', () => {
    expect(respondentsShown(false, open - 1e-9, entry, false)).toBe(false);
    expect(respondentsShown(false, open, entry, false)).toBe(true);
    expect(respondentsShown(false, open * 3, entry, true)).toBe(true);
  });

  it('stays open while a move dips the zoom on its way, and at a gesture’s end within the hysteresis band', () => {
    expect(respondentsShown(true, open / 4, entry, false)).toBe(true);
    expect(respondentsShown(true, open / LEVEL_OUT + 1e-9, entry, true)).toBe(true);
  });

  it('closes when a gesture ends below the threshold divided by LEVEL_OUT', () => {
    expect(respondentsShown(true, open / LEVEL_OUT - 1e-9, entry, true)).toBe(false);
  });

  it('walks a wheel in and out: closed, open, open through the band, closed', () => {
    let shown = false;
    const trace: boolean[] = [];
    for (const [k, ended] of [
      [1.5, true],
      [2.2, false],
      [3.0, false],
      [3.4, true],
      [2.0, true],
      [1.6, true],
    ] as [number, boolean][]) {
      shown = respondentsShown(shown, k, entry, ended);
      trace.push(shown);
    }
    expect(trace).toEqual([false, false, true, true, true, false]);
  });
});

describe('closesSegment(k, entryK)', () => {
  it('closes a segment only below its opening zoom divided by LEVEL_OUT', () => {
    expect(closesSegment(2 / LEVEL_OUT - 1e-9, 2)).toBe(true);
    expect(closesSegment(2 / LEVEL_OUT, 2)).toBe(false);
    expect(closesSegment(1.9, 2)).toBe(false);
  });
});
