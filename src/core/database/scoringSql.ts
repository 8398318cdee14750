/**
 * The classifier of classifier.ts written as one SQL query over the customer table, so that a
 * database of millions of customers is scored where it lives (DuckDB-WASM in the browser, or a
 * warehouse) and the model stays readable as tables of numbers.
 *
 * Shape of the query (one CTE per piece, every number visible):
 *   map_j(value, code)        database value -> survey label code of profile column j
 *   ll_j(code, l_0..l_K-1)    log P(value | segment) per segment
 *   rule(c_.., seg)           the exact rule, when the model has one
 *   mapped                    each customer's codes (LEFT JOIN: unmapped or blank -> NULL)
 *   scored                    z_s = log P(s) + sum_j COALESCE(l_s, 0) in column order
 *   peak                      zmax = GREATEST(z_..): softmax with the max subtracted, so that
 *                             EXP never overflows or underflows to 0/0
 * and the final SELECT gives customer_id, p_<segment> for every segment, the most likely segment
 * (the first on a tie, as in scoreCodes) and by_rule (1 when the rule decided).
 *
 * Portability: standard SQL (CTEs with column lists, VALUES in FROM, CAST, COALESCE, CASE, EXP)
 * plus GREATEST, which DuckDB, PostgreSQL, MySQL, Snowflake, BigQuery, Oracle and SQL Server 2022
 * have. Type names are VARCHAR, INTEGER and DOUBLE PRECISION. BigQuery has no VALUES in FROM
 * (use UNNEST of STRUCTs) and names VARCHAR STRING; Oracle needs FROM DUAL-style rewrites; SQL
 * Server reads `CAST(x AS VARCHAR)` as VARCHAR(30), so long values need NVARCHAR(MAX) there. A
 * numeric profile column is compared through its text form (DuckDB writes 1.0 as '1.0'), so map
 * such values explicitly.
 * Values are compared as text, `CAST(column AS VARCHAR)`; profileValuesSql uses the very same
 * expression, so the value map is built from the strings the join will see.
 *
 * Two forms (ScoringSqlOptions.form). The general form above computes the softmax per customer:
 * on PostgreSQL 15 it takes 8 s for 1,000,000 customers, 8 minutes to score 10,000,000 into a
 * table. A naive Bayes model only ever sees the combinations of its columns' label codes (plus
 * blank), so when there are at most MAX_JOIN_COMBINATIONS of them the join form lists every
 * combination once with its probabilities, segment and by_rule computed by scoreCodes (the
 * in-memory model itself, written as exact doubles), and each customer is one hash join away
 * from its answer (0.9 s for 1,000,000 rows on the same PostgreSQL). Both forms give the same
 * columns; the join form gives scoreCodes' numbers bit for bit, the general form to rounding.
 */
import { scoreCodes, type Classifier, type ValueMapping } from './classifier.ts';
import { doubleLiteral, intLiteral, ONE, quoteIdent, quoteString, valuesList, ZERO } from './sql.ts';

/** How one model column is read from the customer table. */
export interface ScoringColumn {
  /** Column of the customer table holding this profile. */
  database: string;
  /** Database value -> label code of the model column; values not listed are unmapped. */
  values: { value: string; code: number }[];
}

export interface ScoringSqlOptions {
  /** Customer table (or view) name. */
  table: string;
  /** Its id column. Default `customer_id`. */
  idColumn?: string;
  /** One per model column, in the model's column order. */
  columns: ScoringColumn[];
  /**
   * `'join'` lists every profile combination with its answer, `'general'` computes the softmax in
   * SQL, `'auto'` (default) joins when there are at most MAX_JOIN_COMBINATIONS combinations.
   */
  form?: 'auto' | 'join' | 'general';
}

export interface ScoringSql {
  sql: string;
  /** Output column with the probability of each segment, in the model's segment order. */
  probabilityColumns: string[];
  /** Which form was written. */
  form: 'join' | 'general';
  /** Profile combinations of the model's mapped columns, blank included (the join form's rows). */
  combinations: number;
}

/** Above this many profile combinations the join form's table would outweigh the query it saves. */
export const MAX_JOIN_COMBINATIONS = 100_000;

const textOf = (col: string) => `CAST(${col} AS VARCHAR)`;

/** The value-map entries of one column: each database value with a survey label and its code. */
export function valueEntries(dbValues: string[], mapping: ValueMapping): { value: string; code: number }[] {
  return dbValues.flatMap((value, d) => (mapping.index[d] >= 0 ? [{ value, code: mapping.index[d] }] : []));
}

/**
 * Names of the probability columns: `p_<segment label>`, unless two labels would give names that
 * differ only in case (DuckDB and most warehouses match identifiers case-insensitively) or hit
 * another output column; then `p_1 .. p_K` for all, in segment order.
 */
export function probabilityColumnNames(segments: string[]): string[] {
  const names = segments.map((s) => `p_${s}`);
  const reserved = new Set(['customer_id', 'segment', 'by_rule']);
  const folded = names.map((n) => n.toLowerCase());
  const clash = new Set(folded).size < folded.length || folded.some((n) => reserved.has(n));
  return clash ? segments.map((_, k) => `p_${k + 1}`) : names;
}

/** The value maps and the `mapped` CTE (customer_id, x_0 .. x_J-1 label codes), shared by both queries. */
function mappedCtes(model: Classifier, options: ScoringSqlOptions): { ctes: string[]; used: boolean[] } {
  const J = model.columns.length;
  if (options.columns.length !== J) throw new Error(`expected ${J} database columns for the model's ${J} profile columns, got ${options.columns.length}`);
  const ctes: string[] = [];
  const joins: string[] = [];
  const codeCols: string[] = [];
  const used: boolean[] = [];
  options.columns.forEach((col, j) => {
    const V = model.columns[j].labels.length;
    const seen = new Set<string>();
    const rows = col.values.map(({ value, code }) => {
      if (!(Number.isInteger(code) && code >= 0 && code < V)) throw new Error(`code ${code} for "${value}" is not a label of profile column "${model.columns[j].name}"`);
      if (seen.has(value)) throw new Error(`value "${value}" is mapped twice in profile column "${model.columns[j].name}"`);
      seen.add(value);
      return [quoteString(value), intLiteral(code)];
    });
    const values = valuesList(rows);
    used[j] = values !== null;
    if (!values) {
      // No database value matches a label: the column drops out for every customer.
      codeCols.push(`CAST(NULL AS INTEGER) AS x_${j}`);
      return;
    }
    ctes.push(`map_${j}(value, code) AS (\n  SELECT CAST(value AS VARCHAR), CAST(code AS INTEGER) FROM (${values}) AS v(value, code)\n)`);
    joins.push(`LEFT JOIN map_${j} AS m_${j} ON ${textOf(`c.${quoteIdent(col.database)}`)} = m_${j}.value`);
    codeCols.push(`m_${j}.code AS x_${j}`);
  });
  ctes.push(
    `mapped AS (\n  SELECT c.${quoteIdent(options.idColumn ?? 'customer_id')} AS customer_id${codeCols.map((x) => `,\n    ${x}`).join('')}\n  FROM ${quoteIdent(options.table)} AS c${joins.map((x) => `\n  ${x}`).join('')}\n)`,
  );
  return { ctes, used };
}

/**
 * The distinct combinations of the customers' label codes with their counts: rows
 * `(x_0, .., x_J-1, customers)`, NULL for a blank or unmapped value. Input of adaptPriors, and of
 * unmapped counts; one GROUP BY however many customers there are.
 */
export function combinationsSql(model: Classifier, options: ScoringSqlOptions): string {
  const { ctes } = mappedCtes(model, options);
  const x = model.columns.map((_, j) => `x_${j}`).join(', ');
  return `WITH\n${ctes.join(',\n')}\nSELECT ${x}, COUNT(*) AS customers FROM mapped GROUP BY ${x} ORDER BY ${x}`;
}

/** The scoring query in the form asked for (by default the join form when it is small enough). */
export function scoringSql(model: Classifier, options: ScoringSqlOptions): ScoringSql {
  if (!model.logPrior.some((p) => p > -Infinity)) throw new Error('the model has no segment with a prior above 0');
  const { used } = mappedCtes(model, options);
  const combinations = model.columns.reduce((n, c, j) => (used[j] ? n * (c.labels.length + 1) : n), 1);
  const form = options.form ?? 'auto';
  const join = form === 'join' || (form === 'auto' && combinations <= MAX_JOIN_COMBINATIONS);
  if (form === 'join' && combinations > MAX_JOIN_COMBINATIONS)
    throw new Error(`the join form would list ${combinations} profile combinations, more than ${MAX_JOIN_COMBINATIONS}; use the general form`);
  const sql = join ? joinSql(model, options) : generalSql(model, options);
  return { sql, probabilityColumns: probabilityColumnNames(model.segments), form: join ? 'join' : 'general', combinations };
}

/** Every combination of the used columns' codes (-1 = blank or unmapped first), column 0 varying slowest. */
function enumerateCodes(sizes: number[]): { codes: Int32Array[]; n: number } {
  const n = sizes.reduce((a, v) => a * (v + 1), 1);
  const codes = sizes.map(() => new Int32Array(n));
  let stride = n;
  sizes.forEach((v, j) => {
    const block = stride / (v + 1);
    for (let i = 0; i < n; i++) codes[j][i] = Math.floor(i / block) % (v + 1) - 1;
    stride = block;
  });
  return { codes, n };
}

/**
 * The join form: the `answers` CTE holds, for every combination of label codes (-1 for blank or
 * unmapped), the probabilities, segment and by_rule of scoreCodes; customers join it on
 * COALESCE(code, -1), an equality every engine hashes.
 */
function joinSql(model: Classifier, options: ScoringSqlOptions): string {
  const { ctes, used } = mappedCtes(model, options);
  const K = model.segments.length;
  const cols = model.columns.flatMap((_, j) => (used[j] ? [j] : []));
  const grid = enumerateCodes(cols.map((j) => model.columns[j].labels.length));
  // Columns no database value maps onto are blank for every customer: code -1 in scoreCodes.
  const all = model.columns.map((_, j) => (used[j] ? grid.codes[cols.indexOf(j)] : new Int32Array(grid.n).fill(-1)));
  const scores = scoreCodes(model, all, grid.n);
  const names = probabilityColumnNames(model.segments);
  const x = cols.map((j) => `x_${j}`);
  const p = model.segments.map((_, s) => `p_${s}`);
  const rows = Array.from({ length: grid.n }, (_, i) => [
    ...cols.map((_, c) => intLiteral(grid.codes[c][i])),
    ...model.segments.map((_, s) => doubleLiteral(scores.prob[i * K + s])),
    quoteString(model.segments[scores.best[i]]),
    intLiteral(scores.byRule[i]),
  ]);
  const header = [...x, ...p, 'best', 'decided'];
  const casts = [...x.map((c) => `CAST(${c} AS INTEGER)`), ...p.map((c) => `CAST(${c} AS DOUBLE PRECISION)`), 'CAST(best AS VARCHAR)', 'CAST(decided AS INTEGER)'];
  ctes.push(`answers(${header.join(', ')}) AS (
  SELECT ${casts.join(', ')}
  FROM (${valuesList(rows)}) AS v(${header.join(', ')})
)`);
  const on = cols.map((j) => `COALESCE(m.x_${j}, -1) = a.x_${j}`);
  const select = ['m.customer_id AS customer_id', ...names.map((n, s) => `a.p_${s} AS ${quoteIdent(n)}`), 'a.best AS segment', 'a.decided AS by_rule'];
  const from = on.length ? `mapped AS m\nJOIN answers AS a ON ${on.join(' AND ')}` : 'mapped AS m\nCROSS JOIN answers AS a';
  return `WITH\n${ctes.join(',\n')}\nSELECT\n  ${select.join(',\n  ')}\nFROM ${from}`;
}

/** The general form. See the top of this file for its shape. */
function generalSql(model: Classifier, options: ScoringSqlOptions): string {
  const K = model.segments.length;
  const live = [...model.logPrior.keys()].filter((s) => model.logPrior[s] > -Infinity);
  const { ctes: mapCtes, used } = mappedCtes(model, options);
  const mapped = mapCtes.pop()!;
  const ctes = [...mapCtes];
  model.columns.forEach((col, j) => {
    if (!used[j]) return;
    const l = live.map((s) => `l_${s}`);
    const llRows = col.labels.map((_, v) => [intLiteral(v), ...live.map((s) => doubleLiteral(col.logLik[v * K + s]))]);
    ctes.push(
      `ll_${j}(code, ${l.join(', ')}) AS (\n  SELECT CAST(code AS INTEGER), ${l.map((c) => `CAST(${c} AS DOUBLE PRECISION)`).join(', ')}\n  FROM (${valuesList(llRows)}) AS v(code, ${l.join(', ')})\n)`,
    );
  });

  const rule = model.rule;
  if (rule) {
    const rc = rule.columns.map((j) => `c_${j}`);
    const rows = rule.table.map((r) => [...r.codes.map(intLiteral), intLiteral(r.segment)]);
    ctes.push(`rule(${rc.join(', ')}, seg) AS (\n  SELECT ${[...rc, 'seg'].map((c) => `CAST(${c} AS INTEGER)`).join(', ')}\n  FROM (${valuesList(rows)}) AS v(${rc.join(', ')}, seg)\n)`);
  }
  ctes.push(mapped);

  const z = live.map((s) => {
    const terms = [doubleLiteral(model.logPrior[s]), ...model.columns.flatMap((_, j) => (used[j] ? [`COALESCE(t_${j}.l_${s}, 0)`] : []))];
    return `${terms.join(' + ')} AS z_${s}`;
  });
  const llJoins = model.columns.flatMap((_, j) => (used[j] ? [`LEFT JOIN ll_${j} AS t_${j} ON m.x_${j} = t_${j}.code`] : []));
  const ruleJoin = rule ? [`LEFT JOIN rule AS r ON ${rule.columns.map((j) => `m.x_${j} = r.c_${j}`).join(' AND ')}`] : [];
  ctes.push(
    `scored AS (\n  SELECT m.customer_id, ${rule ? 'r.seg' : 'CAST(NULL AS INTEGER)'} AS rule_seg${z.map((x) => `,\n    ${x}`).join('')}\n  FROM mapped AS m${[...llJoins, ...ruleJoin].map((x) => `\n  ${x}`).join('')}\n)`,
  );
  const zmax = live.length === 1 ? `z_${live[0]}` : `GREATEST(${live.map((s) => `z_${s}`).join(', ')})`;
  ctes.push(`peak AS (\n  SELECT scored.*, ${zmax} AS zmax FROM scored\n)`);

  const sumExp = live.map((s) => `EXP(z_${s} - zmax)`).join(' + ');
  const names = probabilityColumnNames(model.segments);
  const probs = model.segments.map((_, s) => {
    const soft = live.includes(s) ? `EXP(z_${s} - zmax) / (${sumExp})` : ZERO;
    return `CASE WHEN rule_seg IS NULL THEN ${soft} WHEN rule_seg = ${s} THEN ${ONE} ELSE ${ZERO} END AS ${quoteIdent(names[s])}`;
  });
  const label = (s: number) => quoteString(model.segments[s]);
  const bestSoft = live.map((s) => `WHEN z_${s} = zmax THEN ${label(s)}`).join(' ');
  const bestRule = model.segments.map((_, s) => `WHEN ${s} THEN ${label(s)}`).join(' ');
  const select = [
    'customer_id',
    ...probs,
    `CASE WHEN rule_seg IS NOT NULL THEN CASE rule_seg ${bestRule} END ${bestSoft} END AS segment`,
    'CASE WHEN rule_seg IS NULL THEN 0 ELSE 1 END AS by_rule',
  ];
  return `WITH\n${ctes.join(',\n')}\nSELECT\n  ${select.join(',\n  ')}\nFROM peak`;
}

/**
 * Distinct values of the given customer columns with their customer counts, as text (the same
 * `CAST(.. AS VARCHAR)` the scoring joins on): rows `(column_index, value, customers)`, value NULL
 * for a blank cell. Feed them to mapValues / unmappedIssues.
 */
export function profileValuesSql(table: string, columns: string[]): string {
  if (!columns.length) throw new Error('profileValuesSql needs at least one column');
  return columns
    .map(
      (c, j) =>
        `SELECT ${j} AS column_index, ${textOf(quoteIdent(c))} AS value, COUNT(*) AS customers FROM ${quoteIdent(table)} GROUP BY ${textOf(quoteIdent(c))}`,
    )
    .join('\nUNION ALL\n')
    .concat('\nORDER BY column_index, value');
}

/** Rows of combinationsSql (plain objects, any numeric type) as adaptPriors wants them. */
export function combinationsFromRows(rows: Record<string, unknown>[], columns: number): { codes: Int32Array[]; counts: Float64Array } {
  const codes = Array.from({ length: columns }, () => new Int32Array(rows.length));
  const counts = new Float64Array(rows.length);
  rows.forEach((r, c) => {
    for (let j = 0; j < columns; j++) codes[j][c] = r[`x_${j}`] == null ? -1 : Number(r[`x_${j}`]);
    counts[c] = Number(r.customers);
  });
  return { codes, counts };
}

/** A name inside a `--` comment: any line break or control character would end the comment and let the rest run as SQL. */
function commentName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return quoteIdent(name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ') || ' ');
}

export interface ScriptInfo {
  /** The customer-table columns the model reads, in model order. */
  databaseColumns: string[];
  /** Cross-validated accuracy on the survey's respondents and the chance level, in [0, 1]. */
  accuracy: number;
  chance: number;
  /** The segment mix used: re-estimated on this many customers, or null for the survey's (market) mix. */
  adaptedOn: number | null;
}

/**
 * The scoring query as a file to hand to a warehouse: comments that say what model is scored
 * (columns, its accuracy, the segment mix, the exact rule, the form), then the query. Names from
 * the customer's files appear only as quoted identifiers with control characters blanked, so no
 * header can end a comment line.
 */
export function scoringScript(q: ScoringSql, model: Classifier, info: ScriptInfo, table: string): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `ICRM Strategy Sandbox: segment scoring of customers, naive Bayes on ${info.databaseColumns.map(commentName).join(', ')}.`,
    `Cross-validated accuracy ${pct(info.accuracy)} on the survey's respondents (always guessing the largest segment: ${pct(info.chance)}).`,
    info.adaptedOn !== null
      ? `Segment mix re-estimated on the customer database (${info.adaptedOn} customers), not the market's; the accuracy above is the survey model's, with the survey's mix.`
      : `Segment mix: the market's, from the survey.`,
    model.rule
      ? `Exact rule: where the survey shows the segment is fixed by ${model.rule.columns.map((j) => commentName(info.databaseColumns[j] ?? model.columns[j].name)).join(', ')}, those customers get probability 1 (by_rule = 1).`
      : 'No exact rule: every customer is scored by the model (by_rule = 0).',
    q.form === 'join'
      ? `Form: a join to the model's ${q.combinations} profile combinations (blank included), each with its probabilities computed once.`
      : `Form: general, the probabilities computed per customer (${q.combinations} profile combinations is too many for a join table).`,
    `Output: customer_id, ${q.probabilityColumns.map(commentName).join(', ')}, segment, by_rule. Replace the table name ${commentName(table)} to score your warehouse.`,
  ];
  return lines.map((l) => `-- ${l}\n`).join('') + q.sql + ';\n';
}
