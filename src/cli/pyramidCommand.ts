// `icrm pyramid`: the customer value pyramid and its what-if (issue 14 item 1), on the same SQL and
// arithmetic as the Customers view. Needs no survey: the tiers are the database's own.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatMoves, parseMoves, pyramidFromRows, pyramidSql, pyramidWhatIf, PYRAMID_TIERS, tiersCsv, whatIfCsv, type CostKey, type PyramidMove } from '../core/database/pyramid.ts';
import { checkLoadedCustomers, loadCustomers, openDuckDB, rows } from './customerDatabase.ts';
import { exitCode, UsageError } from './surveyInput.ts';

const USAGE = `usage: icrm pyramid <customers.csv> --out <dir> [options]

  --revenue <column>   the revenue column (default: found by name, e.g. revenue_12m)
  --margin <column>    the margin column (default: found by name, e.g. margin_12m)
  --cost <amount>      shared operating cost (sales, service, marketing), default 0; profit = margin - cost
  --key equal|revenue|<column>
                       how the cost is allocated to customers: equally (default), by revenue, or by a
                       count column such as contacts or orders
  --move <moves>       a what-if, e.g. "small>medium=2%,large>lost=1%": percent of all customers, moving
                       from one tier (${PYRAMID_TIERS.join(', ')}) to another or lost

Writes <dir>/tiers.csv (tier,customers,revenue,margin) and <dir>/whatif.csv
(measure,base,scenario,change,change_percent for revenue, margin and profit).
`;

/** Run `icrm pyramid`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export const pyramidCommand = (argv: string[]): Promise<number> => exitCode('pyramid', () => run(argv));

async function run(argv: string[]): Promise<number> {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      revenue: { type: 'string' },
      margin: { type: 'string' },
      cost: { type: 'string', default: '0' },
      key: { type: 'string', default: 'equal' },
      move: { type: 'string', default: '' },
      help: { type: 'boolean' },
    },
  });
  if (opt.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new UsageError(`no customer file.\n${USAGE}`);
  if (!existsSync(file)) throw new UsageError(`${file}: the file does not exist. Fix: check the path`);
  if (!opt.out) throw new UsageError(`${file}: no output folder. Fix: add --out <dir>, the folder to write tiers.csv and whatif.csv into`);
  const cost = Number(opt.cost);
  if (!(opt.cost.trim() !== '' && Number.isFinite(cost) && cost >= 0)) throw new UsageError(`--cost ${opt.cost}: must be an amount of 0 or more, e.g. 2500000`);
  let moves: PyramidMove[];
  try {
    moves = parseMoves(opt.move);
  } catch (e) {
    throw new UsageError(`--move ${(e as Error).message}`);
  }

  const conn = await openDuckDB();
  const loaded = await loadCustomers(conn, file);
  const names = loaded.columns.map((c) => c.name);
  const column = (flag: string, given: string | undefined, found: string | null, what: string) => {
    if (given === undefined) {
      if (!found) throw new UsageError(`${file}: no ${what} column found by name (columns: ${names.join(', ')}). Fix: name it with --${flag} <column>`);
      return found;
    }
    if (!names.includes(given)) throw new UsageError(`--${flag} ${given}: not a column of ${file} (${names.join(', ')})`);
    return given;
  };
  const revenueColumn = column('revenue', opt.revenue, loaded.detected.revenue, 'revenue');
  const marginColumn = column('margin', opt.margin, loaded.detected.margin, 'margin');
  let key: CostKey = { kind: 'equal' };
  if (opt.key === 'revenue') key = { kind: 'revenue' };
  else if (opt.key !== 'equal') key = { kind: 'count', column: column('key', opt.key, null, 'count') };
  await checkLoadedCustomers(conn, loaded, { id: loaded.detected.id ?? names[0], revenue: revenueColumn, margin: marginColumn });

  const p = pyramidFromRows(
    rows(conn, pyramidSql({ table: loaded.table, idColumn: loaded.detected.id ?? names[0], revenueColumn, marginColumn, cost, key })),
  );
  let w;
  try {
    w = pyramidWhatIf(p, moves);
  } catch (e) {
    throw new UsageError(`--move ${(e as Error).message}`);
  }
  const out = opt.out;
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'tiers.csv'), tiersCsv(p));
    writeFileSync(join(out, 'whatif.csv'), whatIfCsv(w));
  } catch (err) {
    throw new UsageError(`${out}: cannot write the output (${(err as Error).message}). Fix: check the folder can be created and written`);
  }
  const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(1)}%` : 'n/a');
  const [revenue, , profit] = w.measures;
  process.stdout.write(
    `${p.totals.customers} customers; tiers ${PYRAMID_TIERS.map((t, j) => `${t} ${p.byRevenue.tiers[j].customers}`).join(', ')}` +
      (p.byRevenue.none.customers ? ` (${p.byRevenue.none.customers} without a revenue)` : '') +
      `\n${moves.length ? `what-if ${formatMoves(moves)} (${w.moves.map((m) => m.customers).join(', ')} customers): ` : 'no moves: '}revenue ${pct(revenue.changePercent)}, profit ${pct(profit.changePercent)} (cost ${cost} allocated ${key.kind === 'count' ? `by ${key.column}` : key.kind})\n` +
      `wrote ${join(out, 'tiers.csv')} and ${join(out, 'whatif.csv')}\n`,
  );
  return 0;
}
