// `icrm economics`: customer economics (METHOD.md, Improve) from the customer database scored into
// the survey's segments, on the same core and SQL as the app's Improve view.
import { parseArgs } from 'node:util';
import { customerEconomics, DEFAULT_DISCOUNT, DEFAULT_RETENTION, economicsFromRows, economicsSql, keyAccountsSql } from '../core/database/economics.ts';
import { economicsCsv, economicsSummary } from '../core/database/economicsCsv.ts';
import { rows, scoreCustomers } from './customerDatabase.ts';
import { openCustomerTable, requireCustomerFile } from './customerInput.ts';
import { requireOut, writeOutputs } from './outputFolder.ts';
import { asInputProblem, exitCode, surveyMeasurement, UsageError } from './surveyInput.ts';
import { listNames } from '../core/format.ts';

const USAGE = `usage: icrm economics <survey.csv> --customers <customers.csv> --out <dir> [options]

  --discount <i>            discount rate, default ${DEFAULT_DISCOUNT}
  --retention <list>        your retention rates, e.g. "S1=0.85,S3=0.9" (they override the dates);
                            segments without one take the rate from the purchase dates, else ${DEFAULT_RETENTION}
  --default-retention <r>   the rate where neither gives one, default ${DEFAULT_RETENTION}
  --as-of <YYYY-MM-DD>      the date retention is measured at, default the latest last purchase
  --assignment probability|most-likely
                            count a customer in each segment with its probability (default) or wholly in its most likely one
  --mapping <mapping.json>  a mapping saved from the app or written by hand
  --wave <label>            the market measured on one wave only

Writes <dir>/economics.csv (per segment: lifetime value, the stake if churn falls 5 points, the key
account) and <dir>/summary.json (settings, totals and the findings in words).
`;

/** Run `icrm economics`; resolves to the exit code (0 ok, 2 bad input or options, 1 unexpected failure). */
export const economicsCommand = (argv: string[]): Promise<number> => exitCode('economics', () => run(argv));

function rate(name: string, v: string, lo: number, hi: number): number {
  const x = Number(v);
  if (!(v.trim() !== '' && Number.isFinite(x) && x >= lo && x <= hi)) throw new UsageError(`--${name} ${v}: must be a number from ${lo} to ${hi} (a rate, so 0.8 rather than 80)`);
  return x;
}

/** `S1=0.85,S3=0.9` to rates by segment. */
export function parseRetention(text: string): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const part of text.split(',').filter((p) => p.trim())) {
    const at = part.lastIndexOf('=');
    if (at <= 0) throw new UsageError(`--retention "${part}": write segment=rate, e.g. S1=0.85`);
    out[part.slice(0, at).trim()] = rate('retention', part.slice(at + 1), 0, 1);
  }
  return out;
}

async function run(argv: string[]): Promise<number> {
  const { values: opt, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      customers: { type: 'string' },
      mapping: { type: 'string' },
      wave: { type: 'string' },
      discount: { type: 'string', default: String(DEFAULT_DISCOUNT) },
      retention: { type: 'string', default: '' },
      'default-retention': { type: 'string', default: String(DEFAULT_RETENTION) },
      'as-of': { type: 'string' },
      assignment: { type: 'string', default: 'probability' },
      help: { type: 'boolean' },
    },
  });
  if (opt.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new UsageError(`no survey file.\n${USAGE}`);
  const customers = requireCustomerFile(opt.customers, `${file}: no customer database. Fix: add --customers <customers.csv>, the export of the customer database`);
  const out = requireOut(opt.out, file, 'economics.csv and summary.json');
  if (opt.assignment !== 'probability' && opt.assignment !== 'most-likely') throw new UsageError(`--assignment ${opt.assignment}: use probability or most-likely`);
  if (opt['as-of'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opt['as-of'])) throw new UsageError(`--as-of ${opt['as-of']}: write the date as YYYY-MM-DD`);
  const discount = rate('discount', opt.discount, 0, 1);
  if (discount === 0) throw new UsageError('--discount 0: the discount rate must be above 0 (lifetime value would be infinite at full retention)');
  const defaultRetention = rate('default-retention', opt['default-retention'], 0, 1);
  const retention = parseRetention(opt.retention);

  const model = await surveyMeasurement('economics', { out: opt.out, mapping: opt.mapping, wave: opt.wave }, positionals, { quietShareWarnings: true });
  if (!model) return 2;
  const segments = model.measurement().segments.map((s) => s.label);
  const unknown = Object.keys(retention).filter((s) => !segments.includes(s));
  if (unknown.length) throw new UsageError(`--retention names ${unknown.join(', ')}, not a segment of ${file} (${segments.join(', ')})`);

  const table = await openCustomerTable(customers);
  const { conn, loaded, idColumn } = table;
  const { detected } = loaded;
  if (!detected.margin) throw new UsageError(`${customers}: no margin column (looked for margin, margin_12m, gross_margin, 毛利, 利润). Fix: add the annual margin per customer`);
  if (!detected.revenue) throw new UsageError(`${customers}: no revenue column (looked for revenue, revenue_12m, sales, turnover, 收入, 销售额). Fix: add the annual revenue per customer`);
  await table.check({ revenue: detected.revenue, margin: detected.margin });
  const scored = asInputProblem(customers, () => scoreCustomers(conn, model, loaded));
  const sums = rows(
    conn,
    economicsSql({
      customers: loaded.table,
      scores: 'scores',
      segments: scored.segments,
      probabilityColumns: scored.probabilityColumns,
      idColumn,
      marginColumn: detected.margin,
      firstPurchaseColumn: detected.firstPurchase,
      lastPurchaseColumn: detected.lastPurchase,
      asOf: opt['as-of'] ?? null,
      assignment: opt.assignment,
    }),
  );
  const keys = rows(conn, keyAccountsSql({ customers: loaded.table, scores: 'scores', idColumn, revenueColumn: detected.revenue, marginColumn: detected.margin }));
  const { rows: econRows, asOf } = economicsFromRows(sums, keys, scored.segments);
  const e = customerEconomics(econRows, asOf, { discount, defaultRetention, retention });

  const written = writeOutputs(out, {
    'economics.csv': economicsCsv(e),
    'summary.json': JSON.stringify(economicsSummary(e, { survey: file, customers }), null, 2) + '\n',
  });
  const dates = detected.firstPurchase ? `retention from ${detected.firstPurchase} and ${detected.lastPurchase} as of ${asOf}` : 'no purchase dates: retention is the default or yours';
  process.stdout.write(
    `${loaded.rows} customers scored into ${scored.segments.length} segments on ${scored.linked.join(', ')}; ${dates}\n` +
      `lifetime value ${Math.round(e.totals.lifetimeValue)}, at stake if churn falls 5 points ${Math.round(e.totals.stake)}\n` +
      `wrote ${listNames(written)}\n`,
  );
  return 0;
}
