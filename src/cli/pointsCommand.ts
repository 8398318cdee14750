// `icrm points`: a points scheme (issue 14 item 2, qualitative fields scored) over a customer CSV, on
// the same SQL as the Customers view: each customer's score, what the scheme leaves blank or
// unscored per column, and the tiers cut by score.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { csvLine } from '../core/format.ts';
import {
  pointsScoreSql,
  pointsStatsSql,
  readScheme,
  SCHEME_LIMITS,
  scoreTiersFromRows,
  scoreTiersSql,
  statsFromRows,
} from '../core/database/pointsScheme.ts';
import { quoteIdent } from '../core/database/sql.ts';
import { PYRAMID_TIERS } from '../core/database/pyramid.ts';
import { checkLoadedCustomers, loadCustomers, openDuckDB, rows } from './customerDatabase.ts';
import { exitCode, UsageError } from './surveyInput.ts';

const USAGE = `usage: icrm points <customers.csv> --scheme <scheme.json> --out <dir> [--revenue <column>]

  --scheme <file>      a points scheme saved from the app (format icrm-points-scheme): text columns,
                       a coefficient each, points per value
  --revenue <column>   the revenue column, for the revenue of the tiers by score (default: found by name)

Writes <dir>/points.csv (customer_id,points: coefficient x points summed, blanks and values without
points scoring 0), <dir>/columns.csv (column,coefficient,blank,unscored,unscored_values) and
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
  const file = positionals[0];
  if (!file) throw new UsageError(`no customer file.\n${USAGE}`);
  if (!existsSync(file)) throw new UsageError(`${file}: the file does not exist. Fix: check the path`);
  if (!opt.scheme) throw new UsageError(`${file}: no scheme. Fix: add --scheme <scheme.json>, a points scheme saved from the app's Customers view`);
  if (!existsSync(opt.scheme)) throw new UsageError(`${opt.scheme}: the scheme file does not exist. Fix: check the path`);
  if (!opt.out) throw new UsageError(`${file}: no output folder. Fix: add --out <dir>, the folder to write points.csv, columns.csv and tiers.csv into`);
  const text = readFileSync(opt.scheme, 'utf8');
  if (text.length > SCHEME_LIMITS.bytes) throw new UsageError(`${opt.scheme}: too large for a points scheme (at most ${SCHEME_LIMITS.bytes} characters)`);

  const conn = await openDuckDB();
  const loaded = await loadCustomers(conn, file);
  const names = loaded.columns.map((c) => c.name);
  let scheme;
  try {
    scheme = readScheme(text, opt.scheme, names);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (opt.revenue !== undefined && !names.includes(opt.revenue)) throw new UsageError(`--revenue ${opt.revenue}: not a column of ${file} (${names.join(', ')})`);
  const revenueColumn = opt.revenue ?? loaded.detected.revenue;
  const idColumn = loaded.detected.id ?? names[0];
  await checkLoadedCustomers(conn, loaded, { id: idColumn, revenue: revenueColumn, margin: loaded.detected.margin });

  const scores = rows(conn, `SELECT c.${quoteIdent(idColumn)} AS id, ${pointsScoreSql(scheme, 'c.')} AS points FROM ${quoteIdent(loaded.table)} AS c ORDER BY c.rowid`);
  const stats = statsFromRows(rows(conn, pointsStatsSql(scheme, loaded.table)), scheme);
  const tiers = scoreTiersFromRows(rows(conn, scoreTiersSql(scheme, { table: loaded.table, idColumn, revenueColumn })));
  const out = opt.out;
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'points.csv'), [csvLine(['customer_id', 'points']), ...scores.map((r) => csvLine([String(r.id), Number(r.points)]))].join('\n') + '\n');
    writeFileSync(
      join(out, 'columns.csv'),
      [csvLine(['column', 'coefficient', 'blank', 'unscored', 'unscored_values']), ...stats.map((s, k) => csvLine([s.column, scheme.categories[k].coefficient, s.blank, s.unscored, s.unscoredValues.map((v) => v.value).join('; ')]))].join('\n') + '\n',
    );
    writeFileSync(
      join(out, 'tiers.csv'),
      [csvLine(['tier', 'customers', 'revenue', 'min_points', 'mean_points', 'max_points']), ...tiers.map((t) => csvLine([PYRAMID_TIERS[t.tier], t.customers, t.revenue, t.minScore, t.meanScore, t.maxScore]))].join('\n') + '\n',
    );
  } catch (err) {
    throw new UsageError(`${out}: cannot write the output (${(err as Error).message}). Fix: check the folder can be created and written`);
  }
  const blank = stats.reduce((a, s) => a + s.blank, 0),
    unscored = stats.reduce((a, s) => a + s.unscored, 0);
  process.stdout.write(
    `${scores.length} customers scored with "${scheme.name}" (${scheme.categories.length} column${scheme.categories.length === 1 ? '' : 's'}); ${blank} blank and ${unscored} unscored cells scored 0\n` +
      `wrote ${join(out, 'points.csv')}, ${join(out, 'columns.csv')} and ${join(out, 'tiers.csv')}\n`,
  );
  return 0;
}
