// `icrm score`: the customer database scored into the survey's market segments (zoom in), the
// same classifier and SQL as the app's customer view; writes the scoring SQL for a warehouse and
// the scores as CSV.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scoringScript } from '../core/database/scoringSql.ts';
import { csvCell, csvLine } from '../core/format.ts';
import { scoreCustomers, type Connection } from './customerDatabase.ts';
import { openCustomerTable, requireCustomerFile } from './customerInput.ts';
import { asInputProblem, exitCode, surveyMeasurement, UsageError } from './surveyInput.ts';

const USAGE = `usage: icrm score <survey.csv> <customers.csv> --sql <scoring.sql> --out <scores.csv> [options]

  --form auto|join|general  the SQL's form: a join to the model's profile combinations (at most
                            100,000 of them), or the softmax per customer; default auto (join when it fits)
  --mapping <mapping.json>  a mapping saved from the app or written by hand
  --wave <label>            the market measured on one wave only

Writes the scoring SQL (run it on your warehouse with the customer table named "customers") and
<scores.csv> with the columns customer_id,p_<segment>...,segment,by_rule, one row per customer.
`;

/** Run `icrm score`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export const scoreCommand = (argv: string[]): Promise<number> => exitCode('score', () => run(argv));

async function run(argv: string[]): Promise<number> {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, sql: { type: 'string' }, mapping: { type: 'string' }, wave: { type: 'string' }, form: { type: 'string', default: 'auto' }, help: { type: 'boolean' } },
  });
  if (opt.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const survey = positionals[0];
  const customers = requireCustomerFile(survey ? positionals[1] : undefined, `give the survey and the customer database.\n${USAGE}`);
  if (!opt.out) throw new UsageError(`${customers}: no output file. Fix: add --out <scores.csv>`);
  if (!opt.sql) throw new UsageError(`${customers}: no SQL file. Fix: add --sql <scoring.sql>, the file to write the scoring query into`);
  const form = opt.form;
  if (form !== 'auto' && form !== 'join' && form !== 'general') throw new UsageError(`--form ${form}: use auto, join or general`);

  const model = await surveyMeasurement('score', { out: opt.out, mapping: opt.mapping, wave: opt.wave }, [survey], { quietShareWarnings: true });
  if (!model) return 2;
  const table = await openCustomerTable(customers);
  const { conn, loaded } = table;
  // Revenue is not read by scoring, but a repeated id would be scored twice.
  await table.check({ revenue: null, margin: null });
  const scored = asInputProblem(customers, () => scoreCustomers(conn, model, loaded, form));
  const script = scoringScript(scored.query, scored.model, { databaseColumns: scored.databaseColumns, accuracy: scored.accuracy, chance: scored.chance, adaptedOn: scored.customers }, loaded.table);
  try {
    writeFileSync(opt.sql, script);
    writeScores(conn, opt.out, scored.probabilityColumns);
  } catch (err) {
    throw new UsageError(`cannot write the output (${(err as Error).message}). Fix: check the folder exists and can be written`);
  }
  process.stdout.write(
    `${loaded.rows} customers scored into ${scored.segments.length} segments on ${scored.linked.join(', ')} (${scored.query.form} form, ${scored.query.combinations} profile combinations)\n` +
      `wrote ${opt.sql} and ${opt.out}\n`,
  );
  return 0;
}

/** The scores table as CSV, in customer-id order, written batch by batch (full precision, formulas defused). */
function writeScores(conn: Connection, path: string, probabilityColumns: string[]): void {
  const columns = ['customer_id', ...probabilityColumns, 'segment', 'by_rule'];
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, csvLine(columns) + '\n');
    const table = conn.query(`SELECT * FROM scores ORDER BY customer_id`);
    for (const batch of table.batches) {
      const vectors = columns.map((c) => batch.getChild(c)!);
      const lines: string[] = [];
      for (let i = 0; i < batch.numRows; i++)
        lines.push(
          vectors
            .map((v) => {
              const x: unknown = v.get(i);
              if (x === null || x === undefined) return '';
              if (typeof x === 'number') return csvCell(x);
              return csvCell(String(x));
            })
            .join(','),
        );
      writeSync(fd, lines.join('\n') + '\n');
    }
  } finally {
    closeSync(fd);
  }
}
