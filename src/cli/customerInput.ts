// The customer database input shared by the customer commands (pyramid, points, economics, score):
// the file checked, loaded into DuckDB with the app's rules, the columns the user named (or found by
// name) checked against the table, and the import's checks run on the columns the command reads.
// The customer side of surveyInput.ts.
import { existsSync } from 'node:fs';
import { checkLoadedCustomers, loadCustomers, openDuckDB, type Connection, type LoadedCustomers } from './customerDatabase.ts';
import { UsageError } from './surveyInput.ts';

export interface CustomerTable {
  conn: Connection;
  loaded: LoadedCustomers;
  /** The table's column names, as cleaned on load. */
  names: string[];
  /** The id column: found by name, else the first column. */
  idColumn: string;
  /** The column for `--<flag>`: the one given (which must exist), else the one found by name, else an error asking for the flag. */
  column(flag: string, given: string | undefined, found: string | null, what: string): string;
  /** As `column`, for a column the command can do without: null when neither given nor found. */
  optionalColumn(flag: string, given: string | undefined, found: string | null): string | null;
  /** The import's checks on the id and the columns read (duplicate ids, NaN or text amounts); issues go to stderr. */
  check(columns: { revenue: string | null; margin: string | null }): Promise<void>;
}

/** The customer file given and present, or an error saying which is missing. */
export function requireCustomerFile(file: string | undefined, missing: string): string {
  if (!file) throw new UsageError(missing);
  if (!existsSync(file)) throw new UsageError(`${file}: the file does not exist. Fix: check the path`);
  return file;
}

/** Opens DuckDB and loads the customer CSV `file` into it. */
export async function openCustomerTable(file: string): Promise<CustomerTable> {
  const conn = await openDuckDB();
  const loaded = await loadCustomers(conn, file);
  const names = loaded.columns.map((c) => c.name);
  const idColumn = loaded.detected.id ?? names[0];
  const optionalColumn = (flag: string, given: string | undefined, found: string | null): string | null => {
    if (given === undefined) return found;
    if (!names.includes(given)) throw new UsageError(`--${flag} ${given}: not a column of ${file} (${names.join(', ')})`);
    return given;
  };
  return {
    conn,
    loaded,
    names,
    idColumn,
    optionalColumn,
    column(flag, given, found, what) {
      const c = optionalColumn(flag, given, found);
      if (c === null) throw new UsageError(`${file}: no ${what} column found by name (columns: ${names.join(', ')}). Fix: name it with --${flag} <column>`);
      return c;
    },
    async check(columns) {
      await checkLoadedCustomers(conn, loaded, { id: idColumn, ...columns });
    },
  };
}
