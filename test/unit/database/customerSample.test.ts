// The map's and the campaign export's customers (src/core/database/customerSample.ts, issue 12
// item 15): tiers ranked over the whole table as the zoom-out ranks them, then sampled; a customer
// without a revenue has no tier.
import { describe, it, expect, beforeAll } from 'vitest';
import { checkLoadedCustomers, loadCustomers } from '../../../src/cli/customerDatabase.ts';
import { customerSampleFromRows, customerSampleSql } from '../../../src/core/database/customerSample.ts';
import { assignTiers, tiersSql } from '../../../src/core/database/tiers.ts';
import { selectionCsv } from '../../../src/lib/customerPoints.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

let conn: Connection;
beforeAll(async () => {
  conn = await openDuckDB();
}, 60_000);

const scores = (table: string) =>
  conn.query(`CREATE OR REPLACE TABLE scores AS SELECT customer_id, CAST(0.25 AS DOUBLE) AS p_a, CAST(0.75 AS DOUBLE) AS p_b FROM "${table}"`);
const options = (table: string, limit: number) => ({ table, idColumn: 'customer_id', revenueColumn: 'revenue_12m', probabilityColumns: ['p_a', 'p_b'], limit });

describe('customerSampleSql(options)', () => {
  it('gives each sampled customer of the 50,000-customer sample database its tier in the whole table, not in the sample', async () => {
    await loadCustomers(conn, 'data/customers.csv', 'sample');
    scores('sample');
    const whole = new Map(rows(conn, tiersSql({ table: 'sample' })).map((r) => [String(r.customer_id), Number(r.tier)]));
    const s = customerSampleFromRows(rows(conn, customerSampleSql(options('sample', 2000))), ['p_a', 'p_b']);
    expect(s.ids).toHaveLength(2000);
    expect(s.ids.map((id, i) => s.tier[i] === whole.get(id)).every(Boolean)).toBe(true);
    // Ranked inside the sample (the map's rule before) they would not all be: 1 / 4 / 15 / 80% of 2,000.
    const inSample = assignTiers(s.revenue, s.ids);
    expect(s.ids.filter((_, i) => inSample[i] !== s.tier[i]).length).toBeGreaterThan(0);
    expect([...s.prob.slice(0, 2)]).toEqual([0.25, 0.75]);
    // The same seed draws the same customers.
    expect(customerSampleFromRows(rows(conn, customerSampleSql(options('sample', 2000))), ['p_a', 'p_b']).ids).toEqual(s.ids);
  }, 60_000);

  it('gives a customer without a revenue (blank, or NaN made blank by the import check) no tier, and the campaign CSV an empty tier', async () => {
    const loaded = await loadCustomers(conn, 'test/fixtures/database/customers-nan-revenue.csv', 'nan');
    await checkLoadedCustomers(conn, loaded, { id: 'customer_id', revenue: 'revenue_12m', margin: 'margin_12m' });
    scores('nan');
    const s = customerSampleFromRows(rows(conn, customerSampleSql(options('nan', 100))), ['p_a', 'p_b']);
    const byId = Object.fromEntries(s.ids.map((id, i) => [id, [s.revenue[i], s.tier[i]]]));
    expect(byId).toEqual({ C1: [1000, 2], C2: [NaN, -1], C3: [NaN, -1], C4: [400, 3], C5: [500, 3], C6: [NaN, -1] });
    const c2 = s.ids.indexOf('C2');
    const csv = selectionCsv({ ...s, segments: ['A', 'B'] }, [s.ids.indexOf('C1'), c2]);
    expect(csv.trim().split('\n')).toEqual(['customer_id,revenue_12m,value_tier,most_likely_segment,probability', 'C1,1000,next 15%,B,0.75', 'C2,,,B,0.75']);
  });
});
