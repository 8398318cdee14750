// The customer value pyramid and its what-if (src/core/database/pyramid.ts), on a database of 100
// customers whose tiers, sums and moves are computed by hand below.
import { describe, it, expect, beforeAll } from 'vitest';
import { customersFor, parseMoves, pyramidCustomersSql, pyramidFromRows, pyramidSql, pyramidWhatIf, tiersCsv, whatIfCsv, type Pyramid, type PyramidSqlOptions } from '../../../src/core/database/pyramid.ts';
import { quoteString } from '../../../src/core/database/sql.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

/*
 * C001           VIP    revenue 10000, margin 3000
 * C002..C005     large  revenue 4000, 4500, 5500, 6000 (sum 20000), margin 800, 900, 1100, 1200 (sum 4000)
 * C006..C020     medium revenue 930, 940, ..., 1070 (sum 15000), margin 300 each (4500)
 * C021..C100     small  revenue 60, 80, 100, 120, 140 repeating (sum 8000), margin 20 each (1600)
 * Totals: revenue 53000, margin 13100. Segment A holds the odd ids, B the even ones.
 * Contacts (a count column): VIP 10, large 5, medium 2, small 1 (140); `heavy` is the same but
 * C002 has 100 (235).
 */
interface Customer {
  id: string;
  revenue: number;
  margin: number;
  contacts: number;
  heavy: number;
}
const customers: Customer[] = [];
const id = (k: number) => `C${String(k).padStart(3, '0')}`;
customers.push({ id: id(1), revenue: 10000, margin: 3000, contacts: 10, heavy: 10 });
[4000, 4500, 5500, 6000].forEach((revenue, j) => customers.push({ id: id(2 + j), revenue, margin: revenue / 5, contacts: 5, heavy: j === 0 ? 100 : 5 }));
for (let i = 0; i < 15; i++) customers.push({ id: id(6 + i), revenue: 1000 + (i - 7) * 10, margin: 300, contacts: 2, heavy: 2 });
for (let i = 0; i < 80; i++) customers.push({ id: id(21 + i), revenue: 60 + (i % 5) * 20, margin: 20, contacts: 1, heavy: 1 });

let conn: Connection;
beforeAll(async () => {
  conn = await openDuckDB();
  conn.query('CREATE TABLE customers (customer_id VARCHAR, revenue_12m DOUBLE, margin_12m DOUBLE, contacts INTEGER, heavy INTEGER)');
  conn.query(`INSERT INTO customers VALUES ${customers.map((c) => `(${quoteString(c.id)}, ${c.revenue}, ${c.margin}, ${c.contacts}, ${c.heavy})`).join(', ')}`);
  conn.query('CREATE TABLE scores (customer_id VARCHAR, segment VARCHAR)');
  conn.query(`INSERT INTO scores VALUES ${customers.map((c, k) => `(${quoteString(c.id)}, '${k % 2 === 0 ? 'A' : 'B'}')`).join(', ')}`);
}, 60_000);

const pyramid = (options: Partial<PyramidSqlOptions> = {}, segments: string[] = []): Pyramid =>
  pyramidFromRows(rows(conn, pyramidSql({ table: 'customers', ...options })), segments);
const allocation = (options: Partial<PyramidSqlOptions>) =>
  rows(conn, `WITH\n${pyramidCustomersSql({ table: 'customers', ...options })}\nSELECT customer_id, cost_cents, profit, profit_tier FROM pyramid_customers ORDER BY customer_id`);
const pick = (p: Pyramid['byRevenue'], k: 'customers' | 'revenue' | 'margin' | 'cost' | 'profit') => p.tiers.map((t) => t[k]);

describe('the pyramid of a hand-computed database of 100 customers', () => {
  it('has 1 / 4 / 15 / 80 customers with their revenue, margin, cost and profit (cost 10,000 shared equally)', () => {
    const p = pyramid({ cost: 10000 });
    expect(pick(p.byRevenue, 'customers')).toEqual([1, 4, 15, 80]);
    expect(pick(p.byRevenue, 'revenue')).toEqual([10000, 20000, 15000, 8000]);
    expect(pick(p.byRevenue, 'margin')).toEqual([3000, 4000, 4500, 1600]);
    expect(pick(p.byRevenue, 'cost')).toEqual([100, 400, 1500, 8000]);
    expect(pick(p.byRevenue, 'profit')).toEqual([2900, 3600, 3000, -6400]);
    expect(p.byRevenue.none.customers).toBe(0);
    expect(p.totals).toMatchObject({ customers: 100, revenue: 53000, margin: 13100, costCents: 1_000_000, profit: 3100 });
    // Profit per customer is margin - 100: the same order as revenue here.
    expect(pick(p.byProfit, 'profit')).toEqual([2900, 3600, 3000, -6400]);
    expect(tiersCsv(p)).toBe('tier,customers,revenue,margin\nvip,1,10000,3000\nlarge,4,20000,4000\nmedium,15,15000,4500\nsmall,80,8000,1600\n');
  });

  it('splits each segment into the tiers of the whole database', () => {
    const p = pyramid({ cost: 10000, scores: 'scores' }, ['A', 'B']);
    const a = p.segments[0];
    // A holds C001, C003 (4500), C005 (6000), the 7 odd mediums (930 + 20 j, j = 1..7 around 1000:
    // 940 + 960 + ... + 1060 = 7000) and the 40 odd smalls (8 of each of the five revenues: 4000).
    expect(a.tiers.map((t) => t.customers)).toEqual([1, 2, 7, 40]);
    expect(a.tiers.map((t) => t.revenue)).toEqual([10000, 10500, 7000, 4000]);
    expect(a.tiers.map((t) => t.margin)).toEqual([3000, 2100, 2100, 800]);
    expect(a.tiers.map((t) => t.profit)).toEqual([2900, 1900, 1400, -3200]);
    const b = p.segments[1];
    expect(b.tiers.map((t) => t.customers)).toEqual([0, 2, 8, 40]);
    expect(b.tiers.map((t) => t.revenue)).toEqual([0, 9500, 8000, 4000]);
  });

  it('allocates by revenue: 5,300 is 0.1 per unit of revenue', () => {
    const p = pyramid({ cost: 5300, key: { kind: 'revenue' } });
    expect(pick(p.byRevenue, 'cost')).toEqual([1000, 2000, 1500, 800]);
    expect(pick(p.byRevenue, 'profit')).toEqual([2000, 2000, 3000, 800]);
  });

  it('allocates by a count column: 1,400 over 140 contacts is 10 a contact', () => {
    const p = pyramid({ cost: 1400, key: { kind: 'count', column: 'contacts' } });
    expect(pick(p.byRevenue, 'cost')).toEqual([100, 200, 300, 800]);
  });

  it('ranks by profit for the pyramid by profit: a large customer with 100 contacts falls to the bottom', () => {
    // 2,350 over 235 contacts: 10 a contact. Profits: C001 2900; C002 800 - 1000 = -200; C003..C005
    // 850, 1050, 1150; mediums 280; smalls 10. Ranks 2-5: three large and C006 (the first medium);
    // ranks 6-20: 14 mediums and C021 (the first small); the rest: 79 smalls and C002.
    const p = pyramid({ cost: 2350, key: { kind: 'count', column: 'heavy' } });
    expect(pick(p.byProfit, 'customers')).toEqual([1, 4, 15, 80]);
    expect(pick(p.byProfit, 'profit')).toEqual([2900, 1150 + 1050 + 850 + 280, 14 * 280 + 10, 79 * 10 - 200]);
    expect(p.totals.profit).toBe(13100 - 2350);
    const c002 = allocation({ cost: 2350, key: { kind: 'count', column: 'heavy' } }).find((r) => r.customer_id === 'C002')!;
    expect(c002).toMatchObject({ cost_cents: 100_000, profit: -200, profit_tier: 3 });
  });

  for (const key of [{ kind: 'equal' }, { kind: 'revenue' }, { kind: 'count', column: 'contacts' }] as const)
    for (const cost of [1000.01, 999.99, 12345.67, 0.03, 0])
      it(`allocates ${cost} by ${key.kind} in cents that add up to exactly the cost, each within a cent of its share`, () => {
        const cents = Math.round(cost * 100);
        const alloc = allocation({ cost, key });
        expect(alloc.length).toBe(100);
        expect(alloc.reduce((s, r) => s + Number(r.cost_cents), 0)).toBe(cents);
        const weight = (c: Customer) => (key.kind === 'equal' ? 1 : key.kind === 'revenue' ? c.revenue : c.contacts);
        const total = customers.reduce((s, c) => s + weight(c), 0);
        for (const r of alloc) {
          expect(Number.isInteger(r.cost_cents)).toBe(true);
          const share = (cents * weight(customers.find((c) => c.id === r.customer_id)!)) / total;
          expect(Math.abs(Number(r.cost_cents) - share)).toBeLessThan(1);
        }
        expect(pyramid({ cost, key }).totals.costCents).toBe(cents);
      });

  it('gives a leftover cent to the largest remainder, ties by customer id', () => {
    // 1,000.01 equally over 100: 1,000 cents each and one cent left, to C001.
    const alloc = allocation({ cost: 1000.01 });
    expect(alloc.filter((r) => r.cost_cents === 1001).map((r) => r.customer_id)).toEqual(['C001']);
  });
});

describe('the pyramid what-if', () => {
  it('moves 2% of customers from small to medium and loses 1% from large (cost 10,000)', () => {
    const p = pyramid({ cost: 10000 });
    const w = pyramidWhatIf(p, parseMoves('small>medium=2%,large>lost=1%'));
    // 2 customers trade the small means (100 revenue, 20 margin) for the medium ones (1000, 300):
    // +1800 revenue, +560 margin; 1 large customer (5000, 1000) is lost.
    expect(w.moves.map((m) => m.customers)).toEqual([2, 1]);
    expect(w.tierCustomers).toEqual([1, 3, 17, 78]);
    expect(w.lost).toBe(1);
    const [revenue, margin, profit] = w.measures;
    expect(revenue).toEqual({ measure: 'revenue', base: 53000, scenario: 49800, change: -3200, changePercent: (100 * -3200) / 53000 });
    expect(margin).toEqual({ measure: 'margin', base: 13100, scenario: 12660, change: -440, changePercent: (100 * -440) / 13100 });
    expect(profit).toEqual({ measure: 'profit', base: 3100, scenario: 2660, change: -440, changePercent: (100 * -440) / 3100 });
    expect(whatIfCsv(w).split('\n')[0]).toBe('measure,base,scenario,change,change_percent');
    expect(whatIfCsv(w).split('\n')[3]).toBe(`profit,3100,2660,-440,${(100 * -440) / 3100}`);
  });

  it('changes profit far more than revenue when a small customer grows into a VIP', () => {
    const p = pyramid({ cost: 10000 });
    const [revenue, , profit] = pyramidWhatIf(p, parseMoves('small>vip=1%')).measures;
    // +9,900 revenue (18.7%) and +2,980 margin, which is +96.1% of a profit of 3,100.
    expect(revenue.change).toBe(9900);
    expect(profit.change).toBe(2980);
    expect(profit.changePercent).toBeCloseTo(96.129, 3);
  });

  it('rounds a move to whole customers, halves up, in decimal', () => {
    expect(customersFor(100, 2.5)).toBe(3);
    expect(customersFor(100, 2.4)).toBe(2);
    expect(customersFor(1000, 0.15)).toBe(2);
    expect(customersFor(150, 1)).toBe(2);
    expect(customersFor(50000, 2)).toBe(1000);
  });

  it('refuses moves it cannot make, naming them', () => {
    const p = pyramid();
    expect(() => pyramidWhatIf(p, parseMoves('vip>large=2%'))).toThrow(/more customers from vip than its 1/);
    expect(() => pyramidWhatIf(p, parseMoves('small>small=2%'))).toThrow(/another tier/);
    expect(() => parseMoves('tiny>vip=1%')).toThrow(/tiny is not a tier/);
    expect(() => parseMoves('small-vip')).toThrow(/from>to=percent/);
    expect(() => pyramid({ cost: -1 })).toThrow(/0 or more/);
  });
});
