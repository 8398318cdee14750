// A PostgreSQL connection for the warehouse tests: ICRM_PG_URL (scripts/postgres.sh prints it; npm test
// sets it up when run as root), else the URL that script gives on a default Debian install.
import pg from 'pg';

export const PG_URL = process.env.ICRM_PG_URL ?? 'postgres://icrm:icrm@127.0.0.1:5432/icrm';

/** A connected client in a fresh schema of its own, or why there is none. */
export async function connectPostgres(): Promise<{ client: pg.Client; schema: string } | { client: null; reason: string }> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    return { client: null, reason: `cannot connect to PostgreSQL at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} (${(e as Error).message}). Run \`sudo bash scripts/postgres.sh\` and set ICRM_PG_URL` };
  }
  const schema = `icrm_test_${process.pid}_${Date.now()}`;
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  return { client, schema };
}

/** Rows into a table of text columns, in batches (bind parameters; no COPY needed). */
export async function insertRows(client: pg.Client, table: string, columns: string[], rows: (string | null)[][]): Promise<void> {
  const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
  await client.query(`CREATE TABLE ${q(table)} (${columns.map((c) => `${q(c)} VARCHAR`).join(', ')})`);
  const batch = Math.floor(30000 / columns.length);
  for (let at = 0; at < rows.length; at += batch) {
    const part = rows.slice(at, at + batch);
    const values = part.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO ${q(table)} VALUES ${values}`, part.flat());
  }
}
