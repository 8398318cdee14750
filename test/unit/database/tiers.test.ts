// Value tiers by revenue rank (src/core/database/tiers.ts), in memory and in DuckDB.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { assignTiers, tierOfRank, tierSizes, tiersSql } from '../../../src/core/database/tiers.ts';
import { quoteString } from '../../../src/core/database/sql.ts';
import { rng } from '../../../src/core/random.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

let conn: Connection;
beforeAll(async () => {
  conn = await openDuckDB();
}, 60_000);

const counts = (tier: ArrayLike<number>) => [0, 1, 2, 3].map((t) => Array.from(tier).filter((x) => x === t).length);

/** Puts (id, revenue) rows in a fresh DuckDB table and returns the tier per id. */
function sqlTiers(table: string, ids: string[], revenue: (number | null)[]): Map<string, number | null> {
  conn.query(`CREATE TABLE ${table} (customer_id VARCHAR, revenue_12m DOUBLE)`);
  conn.query(`INSERT INTO ${table} VALUES ${ids.map((id, i) => `(${quoteString(id)}, ${revenue[i] === null ? 'NULL' : revenue[i]})`).join(', ')}`);
  return new Map(rows(conn, tiersSql({ table })).map((r) => [String(r.customer_id), r.tier === null ? null : Number(r.tier)]));
}

describe('value tiers on a known list of 100 customers', () => {
  // Revenues 1..100 in a shuffled order: customer "c<r>" has revenue r.
  const r = rng(5);
  const revenue = Array.from({ length: 100 }, (_, i) => i + 1);
  for (let a = 99; a > 0; a--) {
    const b = Math.floor(r() * (a + 1));
    [revenue[a], revenue[b]] = [revenue[b], revenue[a]];
  }
  const ids = revenue.map((v) => `c${String(v).padStart(3, '0')}`);

  it('assignTiers splits 1 / 4 / 15 / 80 exactly, by revenue', () => {
    const tier = assignTiers(revenue, ids);
    expect(counts(tier)).toEqual([1, 4, 15, 80]);
    revenue.forEach((v, i) => expect(tier[i]).toBe(v === 100 ? 0 : v >= 96 ? 1 : v >= 81 ? 2 : 3));
  });

  it('tiersSql gives the same tiers in DuckDB', () => {
    const byId = sqlTiers('known', ids, revenue);
    const tier = assignTiers(revenue, ids);
    ids.forEach((id, i) => expect(byId.get(id)).toBe(tier[i]));
  });

  it('breaks ties by customer id, so 100 equal revenues still split 1 / 4 / 15 / 80', () => {
    const equal = new Array(100).fill(7);
    const tier = assignTiers(equal, ids);
    expect(counts(tier)).toEqual([1, 4, 15, 80]);
    expect(tier[ids.indexOf('c001')]).toBe(0);
    const byId = sqlTiers('ties', ids, equal);
    ids.forEach((id, i) => expect(byId.get(id)).toBe(tier[i]));
  });
});

describe('tierSizes(n): round(n x 1%, 5%, 20%), halves up', () => {
  it.each([
    [0, [0, 0, 0, 0]],
    [1, [0, 0, 0, 1]],
    [10, [0, 1, 1, 8]],
    [50, [1, 2, 7, 40]],
    [100, [1, 4, 15, 80]],
    [150, [2, 6, 22, 120]],
    [250, [3, 10, 37, 200]],
    [50_000, [500, 2000, 7500, 40_000]],
  ])('n = %i gives %j', (n, sizes) => {
    expect(tierSizes(n)).toEqual(sizes);
    expect(counts(Int32Array.from({ length: n }, (_, i) => tierOfRank(i + 1, n)))).toEqual(sizes);
  });
});

describe('tier properties (fast-check, fixed seed)', () => {
  it('tiers hold tierSizes(n) customers, and a larger revenue never has a lower tier', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(NaN)), { maxLength: 400 }), (values) => {
        const tier = assignTiers(values);
        const ranked = values.filter(Number.isFinite).length;
        expect(counts(tier)).toEqual(tierSizes(ranked));
        values.forEach((v, i) => {
          if (!Number.isFinite(v)) expect(tier[i]).toBe(-1);
          values.forEach((w, j) => {
            if (Number.isFinite(v) && Number.isFinite(w) && v > w) expect(tier[i]).toBeLessThanOrEqual(tier[j]);
          });
        });
      }),
      { seed: 23, numRuns: 80 },
    );
  });

  it('tiersSql agrees with assignTiers on 1,000 customers with ties and missing revenues', () => {
    const r = rng(9);
    const ids = Array.from({ length: 1000 }, (_, i) => `C${String(1000 - i).padStart(5, '0')}`);
    const revenue = ids.map(() => (r() < 0.05 ? null : Math.round(r() * 50) * 10));
    const byId = sqlTiers('mixed', ids, revenue);
    const tier = assignTiers(revenue.map((v) => (v === null ? NaN : v)), ids);
    ids.forEach((id, i) => expect(byId.get(id)).toBe(tier[i] < 0 ? null : tier[i]));
  });
});
