// The customer import's budget: refused before it starts when the browser cannot hold the table.
import { describe, expect, it } from 'vitest';
import { importBudgetIssue, MEMORY_TABLE_LIMIT, TRANSCODE_LIMIT } from '../../../src/core/database/importBudget.ts';

const base = { file: 'customers.csv', bytes: 737e6, storage: 'opfs' as const, utf8: true, estimate: { usage: 60e6, quota: 10.8e9 } };

describe('importBudgetIssue', () => {
  it('lets 10,000,000 customers (737 MB, measured) into the private file system with room to spare', () => {
    expect(importBudgetIssue(base)).toBeNull();
    expect(importBudgetIssue({ ...base, estimate: null })).toBeNull();
  });

  it('refuses a table larger than the free storage, with both figures', () => {
    const i = importBudgetIssue({ ...base, estimate: { usage: 9.9e9, quota: 10.4e9 } })!;
    expect(i).toMatchObject({ severity: 'error', code: 'db-too-large-for-storage', file: 'customers.csv', value: '737 MB' });
    expect(i.message).toBe("the file is 737 MB; its table needs about 737 MB of this browser's storage and 500 MB are free");
  });

  it('refuses a table the in-memory database cannot hold, and a large non-UTF-8 file that must be decoded in memory', () => {
    expect(importBudgetIssue({ ...base, storage: 'memory' })).toBeNull();
    expect(importBudgetIssue({ ...base, storage: 'memory', bytes: MEMORY_TABLE_LIMIT + 1 })!.code).toBe('db-too-large-for-memory');
    expect(importBudgetIssue({ ...base, utf8: false })).toBeNull();
    const gb = importBudgetIssue({ ...base, utf8: false, bytes: TRANSCODE_LIMIT + 1 })!;
    expect(gb.code).toBe('db-too-large-to-decode');
    expect(gb.fix).toContain('CSV UTF-8');
    // The limit travels as a figure, so the Chinese message says the same number as the English one.
    expect(gb.params).toEqual({ limit: '1,000 MB' });
    expect(importBudgetIssue({ ...base, storage: 'memory', bytes: MEMORY_TABLE_LIMIT + 1 })!.params).toEqual({ limit: '2,000 MB' });
  });
});
