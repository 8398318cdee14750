// `icrm pyramid`: the customer value pyramid and its what-if (issue 14 item 1), on the same SQL and
// arithmetic as the Customers view. Needs no survey: the tiers are the database's own.
import { parseArgs } from 'node:util';
import { formatMoves, parseMoves, pyramidFromRows, pyramidSql, pyramidWhatIf, PYRAMID_TIERS, tiersCsv, whatIfCsv, type CostKey, type PyramidMove } from '../core/database/pyramid.ts';
import { rows } from './customerDatabase.ts';
import { openCustomerTable, requireCustomerFile } from './customerInput.ts';
import { requireOut, writeOutputs } from './outputFolder.ts';
import { exitCode, UsageError } from './surveyInput.ts';
import { listNames } from '../core/format.ts';

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
  const file = requireCustomerFile(positionals[0], `no customer file.\n${USAGE}`);
  const out = requireOut(opt.out, file, 'tiers.csv and whatif.csv');
  const cost = Number(opt.cost);
  if (!(opt.cost.trim() !== '' && Number.isFinite(cost) && cost >= 0)) throw new UsageError(`--cost ${opt.cost}: must be an amount of 0 or more, e.g. 2500000`);
  let moves: PyramidMove[];
  try {
    moves = parseMoves(opt.move);
  } catch (e) {
    throw new UsageError(`--move ${(e as Error).message}`);
  }

  const table = await openCustomerTable(file);
  const revenueColumn = table.column('revenue', opt.revenue, table.loaded.detected.revenue, 'revenue');
  const marginColumn = table.column('margin', opt.margin, table.loaded.detected.margin, 'margin');
  let key: CostKey = { kind: 'equal' };
  if (opt.key === 'revenue') key = { kind: 'revenue' };
  else if (opt.key !== 'equal') key = { kind: 'count', column: table.column('key', opt.key, null, 'count') };
  await table.check({ revenue: revenueColumn, margin: marginColumn });

  const p = pyramidFromRows(rows(table.conn, pyramidSql({ table: table.loaded.table, idColumn: table.idColumn, revenueColumn, marginColumn, cost, key })));
  let w;
  try {
    w = pyramidWhatIf(p, moves);
  } catch (e) {
    throw new UsageError(`--move ${(e as Error).message}`);
  }
  const written = writeOutputs(out, { 'tiers.csv': tiersCsv(p), 'whatif.csv': whatIfCsv(w) });
  const pct = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(1)}%` : 'n/a');
  const [revenue, , profit] = w.measures;
  process.stdout.write(
    `${p.totals.customers} customers; tiers ${PYRAMID_TIERS.map((t, j) => `${t} ${p.byRevenue.tiers[j].customers}`).join(', ')}` +
      (p.byRevenue.none.customers ? ` (${p.byRevenue.none.customers} without a revenue)` : '') +
      `\n${moves.length ? `what-if ${formatMoves(moves)} (${w.moves.map((m) => m.customers).join(', ')} customers): ` : 'no moves: '}revenue ${pct(revenue.changePercent)}, profit ${pct(profit.changePercent)} (cost ${cost} allocated ${key.kind === 'count' ? `by ${key.column}` : key.kind})\n` +
      `wrote ${listNames(written)}\n`,
  );
  return 0;
}
