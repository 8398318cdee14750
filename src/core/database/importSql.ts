/**
 * Loading a customer CSV into the database with DuckDB's `read_csv`, every dialect option spelled
 * out so that the result does not depend on DuckDB's sniffer guessing the delimiter or the header
 * (column types are still detected). DuckDB-specific: `read_csv` and its named options, and
 * `CREATE OR REPLACE TABLE`; a warehouse has its own bulk loader (COPY, LOAD DATA).
 *
 * DuckDB reads UTF-8 (a UTF-8 BOM is skipped). A file in UTF-16 or GB18030 (Chinese Excel) is
 * transcoded to UTF-8 before (src/workers/db.worker.ts, with decode.ts's sniffEncoding).
 */
import { intLiteral, quoteIdent, quoteString } from './sql.ts';

export interface CsvImportOptions {
  /** Field delimiter, one character. Default `,`. */
  delimiter?: string;
  /** Whether the first row holds the column names. Default true. */
  header?: boolean;
  /** Quote character. Default `"`. */
  quote?: string;
  /** Escape character inside quotes. Default `"` (a doubled quote, as Excel writes). */
  escape?: string;
  /** Decimal separator of numbers: `.` (default) or `,`. */
  decimalSeparator?: '.' | ',';
  /** Rows sampled to detect column types; -1 = the whole file (slower, never wrong). Default 20,480 (DuckDB's). */
  sampleSize?: number;
  /** Read every column as text. Default false. */
  allText?: boolean;
  /**
   * Columns read as text whatever they hold: the customer id and the respondent link, so that
   * `000123` and `123` stay two customers and a 20-digit id is not rounded. Default none.
   */
  textColumns?: string[];
}

const oneChar = (s: string, what: string) => {
  if ([...s].length !== 1) throw new Error(`${what} must be one character, got ${JSON.stringify(s)}`);
  return quoteString(s);
};

/** `CREATE OR REPLACE TABLE <table> AS SELECT * FROM read_csv(<file>, ...)`. */
export function importCsvSql(file: string, table: string, options: CsvImportOptions = {}): string {
  return `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${readCsvSql(file, options)}`;
}

/** The columns `importCsvSql` would make, as `column_name, column_type` rows, without loading the file. */
export function describeCsvSql(file: string, options: CsvImportOptions = {}): string {
  return `DESCRIBE ${readCsvSql(file, options)}`;
}

function readCsvSql(file: string, options: CsvImportOptions): string {
  const sample = options.sampleSize ?? 20_480;
  if (!(sample === -1 || (Number.isInteger(sample) && sample > 0))) throw new Error(`sampleSize must be -1 or a positive integer, got ${sample}`);
  const decimal = options.decimalSeparator ?? '.';
  if (decimal !== '.' && decimal !== ',') throw new Error(`decimalSeparator must be "." or ",", got ${JSON.stringify(decimal)}`);
  const args = [
    quoteString(file),
    `header = ${options.header ?? true ? 'true' : 'false'}`,
    `delim = ${oneChar(options.delimiter ?? ',', 'delimiter')}`,
    `quote = ${oneChar(options.quote ?? '"', 'quote')}`,
    `escape = ${oneChar(options.escape ?? '"', 'escape')}`,
    `decimal_separator = ${quoteString(decimal)}`,
    `sample_size = ${intLiteral(sample)}`,
    `all_varchar = ${options.allText ? 'true' : 'false'}`,
  ];
  const text = options.textColumns ?? [];
  if (text.length && !options.allText) args.push(`types = {${text.map((c) => `${quoteString(c)}: 'VARCHAR'`).join(', ')}}`);
  return `SELECT * FROM read_csv(${args.join(', ')})`;
}

/** A Parquet file as `table` (DuckDB reads its own types). */
export function importParquetSql(file: string, table: string): string {
  return `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteString(file)})`;
}

/** The columns of a table with their SQL types (standard information_schema). */
export function tableColumnsSql(table: string): string {
  return `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${quoteString(table)} ORDER BY ordinal_position`;
}

/** Number of rows of a table, as `n`. */
export function countRowsSql(table: string): string {
  return `SELECT COUNT(*) AS n FROM ${quoteIdent(table)}`;
}
