// `icrm points`: a points scheme (issue 14 item 2, qualitative fields scored) over a customer CSV, on
// the same SQL as the Customers view: each customer's score, what the scheme leaves blank or
// unscored per column, and the tiers cut by score.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { csvLine, listNames } from '../core/format.ts';
import {
  pointsScoreSql,
  pointsStatsSql,
  readScheme,
  scoreTiersFromRows,
  scoreTiersSql,
  statsFromRows,
} from '../core/database/pointsScheme.ts';
import { quoteIdent } from '../core/database/sql.ts';
import { PYRAMID_TIERS } from '../core/database/pyramid.ts';
import { rows } from './customerDatabase.ts';
import { openCustomerTable, requireCustomerFile } from './customerInput.ts';
import { requireOut, writeOutputs } from './outputFolder.ts';
import { exitCode, UsageError } from './surveyInput.ts';

const USAGE = `usage: icrm points <customers.csv> --scheme <scheme.json> --out <dir> [--revenue <column>]

  --scheme <file>      a points scheme saved from the app (format icrm-points-scheme): text columns,
                       a coefficient each, points per value
  --revenue <column>   the revenue column, for the revenue of the tiers by score (default: found by name)

Writes <dir>/points.csv (customer_id,points: coefficient x points summed, blanks and values without
points scoring 0), <dir>/columns.csv (column,coefficient,blank,unscored,unscored_values: the 10 most frequent) and
<dir>/tiers.csv (tier,customers,revenue,min_points,mean_points,max_points; tiers vip large medium
small = top 1%, next 4%, next 15%, rest 80% of customers by score).
`;

export const pointsCommand = (argv: string[]): Promise<number> => exitCode('points', () => run(argv));

async function run(argv: string[]): Promise<number> {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, scheme: { type: 'string' }, revenue: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (opt.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = requireCustomerFile(positionals[0], `no customer file.\n${USAGE}`);
  if (!opt.scheme) throw new UsageError(`${file}: no scheme. Fix: add --scheme <scheme.json>, a points scheme saved from the app's Customers view`);
  if (!existsSync(opt.scheme)) throw new UsageError(`${opt.scheme}: the scheme file does not exist. Fix: check the path`);
  const out = requireOut(opt.out, file, 'points.csv, columns.csv and tiers.csv');
  const text = readFileSync(opt.scheme, 'utf8');

  const table = await openCustomerTable(file);
  let scheme;
  try {
    scheme = readScheme(text, opt.scheme, table.names);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const revenueColumn = table.optionalColumn('revenue', opt.revenue, table.loaded.detected.revenue);
  const { conn, idColumn } = table;
  const customers = table.loaded.table;
  await table.check({ revenue: revenueColumn, margin: table.loaded.detected.margin });

  const scores = rows(conn, `SELECT c.${quoteIdent(idColumn)} AS id, ${pointsScoreSql(scheme, 'c.')} AS points FROM ${quoteIdent(customers)} AS c ORDER BY c.rowid`);
  const stats = statsFromRows(rows(conn, pointsStatsSql(scheme, customers)), scheme);
  const tiers = scoreTiersFromRows(rows(conn, scoreTiersSql(scheme, { table: customers, idColumn, revenueColumn })));
  const lines = (header: string[], body: (string | number)[][]) => [csvLine(header), ...body.map((r) => csvLine(r))].join('\n') + '\n';
  const written = writeOutputs(out, {
    'points.csv': lines(['customer_id', 'points'], scores.map((r) => [String(r.id), Number(r.points)])),
    'columns.csv': lines(['column', 'coefficient', 'blank', 'unscored', 'unscored_values'], stats.map((s, k) => [s.column, scheme.categories[k].coefficient, s.blank, s.unscored, s.unscoredValues.map((v) => v.value).join('; ')])),
    'tiers.csv': lines(['tier', 'customers', 'revenue', 'min_points', 'mean_points', 'max_points'], tiers.map((t) => [PYRAMID_TIERS[t.tier], t.customers, t.revenue, t.minScore, t.meanScore, t.maxScore])),
  });
  const blank = stats.reduce((a, s) => a + s.blank, 0),
    unscored = stats.reduce((a, s) => a + s.unscored, 0);
  process.stdout.write(
    `${scores.length} customers scored with "${scheme.name}" (${scheme.categories.length} column${scheme.categories.length === 1 ? '' : 's'}); ${blank} blank and ${unscored} unscored cells scored 0\n` +
      `wrote ${listNames(written)}\n`,
  );
  return 0;
}
