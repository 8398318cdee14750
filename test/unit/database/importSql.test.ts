// Loading customer CSVs with importCsvSql (src/core/database/importSql.ts) in DuckDB's Node build.
import { describe, it, expect, beforeAll } from 'vitest';
import { countRowsSql, importCsvSql, tableColumnsSql } from '../../../src/core/database/importSql.ts';
import { openDuckDB, rows, type Connection } from './duckdb.ts';

let conn: Connection;
const path = (p: string) => `${process.cwd()}/${p}`;
beforeAll(async () => {
  conn = await openDuckDB();
}, 60_000);

describe('importCsvSql(file, table, options)', () => {
  it('loads the sample database with its 50,000 customers and typed columns', () => {
    conn.query(importCsvSql(path('data/customers.csv'), 'customers'));
    expect(rows(conn, countRowsSql('customers'))[0].n).toBe(50_000);
    const types = Object.fromEntries(rows(conn, tableColumnsSql('customers')).map((r) => [r.column_name, r.data_type]));
    expect(types).toMatchObject({ customer_id: 'VARCHAR', industry: 'VARCHAR', size_band: 'VARCHAR', revenue_12m: 'DOUBLE', margin_12m: 'DOUBLE', first_purchase: 'DATE' });
  });

  it('reads a semicolon file with decimal commas, quoted delimiters and doubled quotes into a Chinese-named table', () => {
    conn.query(importCsvSql(path('test/fixtures/database/semicolon-comma.csv'), '客户 "DE"', { delimiter: ';', decimalSeparator: ',' }));
    const out = rows(conn, 'SELECT * FROM "客户 ""DE""" ORDER BY kunden_id');
    expect(out).toEqual([
      { kunden_id: 'K1', 行业: '制造业', umsatz: 1234.5, region: 'Nord' },
      { kunden_id: 'K2', 行业: '化工; Spezial', umsatz: 99.5, region: 'Süd' },
      { kunden_id: 'K3', 行业: 'O"Brien', umsatz: null, region: 'West' },
    ]);
  });

  it('skips a UTF-8 byte-order mark, and reads all columns as text when asked', () => {
    conn.query(importCsvSql(path('test/fixtures/database/bom.csv'), 'bom', { allText: true }));
    expect(rows(conn, tableColumnsSql('bom')).map((r) => [r.column_name, r.data_type])).toEqual([
      ['customer_id', 'VARCHAR'],
      ['industry', 'VARCHAR'],
      ['revenue_12m', 'VARCHAR'],
    ]);
  });

  it('names a bad option and its value', () => {
    expect(() => importCsvSql('f.csv', 't', { delimiter: ';;' })).toThrow(/delimiter must be one character, got ";;"/);
    expect(() => importCsvSql('f.csv', 't', { sampleSize: 0 })).toThrow(/sampleSize must be -1 or a positive integer, got 0/);
  });
});
