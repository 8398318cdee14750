import { describe, it, expect } from 'vitest';
import { en, zh, issueZh } from '../../../src/lib/messages.ts';

describe('the message catalogue', () => {
  it('has a Simplified Chinese string for every English key', () => {
    expect(Object.keys(en).filter((k) => !(k in zh))).toEqual([]);
  });

  it('uses the same {placeholders} in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w[\w ]*)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of Object.entries(en)) expect(holes(zh[k as keyof typeof en]!), k).toEqual(holes(v));
  });

  it('translates the issue codes the import emits', () => {
    for (const code of ['not-a-number', 'field-count', 'no-importance', 'few-firms', 'stacked-disagree', 'no-scale']) expect(issueZh[code]).toBeDefined();
  });
});
