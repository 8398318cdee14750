import Papa from 'papaparse';
import type { RawColumn, RawTable } from '../table.ts';
import { BLANK } from '../table.ts';
import { IssueList, type Issue } from '../issues.ts';
import { decodeChunks, readHead, sniffEncoding, WrongEncoding, type ByteSource, type Encoding } from './decode.ts';
import { parseNumber } from './number.ts';
import { notCsvIssue, sniffFileType } from './sniffFileType.ts';
import { cleanHeader, headerIssueText } from './header.ts';
import { byteDelimiter, NotSimple, RowScanner } from './rowScanner.ts';

export interface ParseOptions {
  /** Forced encoding; detected from the bytes when absent. */
  encoding?: Encoding;
  /** Forced delimiter; guessed from the first rows (`,` `;` tab `|`) when absent. */
  delimiter?: string;
  /** Forced decimal separator; guessed (decimal comma only with a non-comma delimiter). */
  decimalComma?: boolean;
  /** Progress in [0, 1] by bytes read. */
  onProgress?: (fraction: number, rows: number) => void;
  /** Checked between chunks; when aborted the parse rejects with `ImportCancelled`. */
  signal?: { readonly aborted: boolean };
  /**
   * Awaited every PAUSE_EVERY_MS of reading, then `signal` checked: a worker's cancel message waits
   * for its event loop, and reading buffered chunks never leaves the microtask queue, so without a
   * pause a cancel was heard only when the hard stop ended the worker.
   */
  pause?: () => Promise<void>;
  /** Decode UTF-8 with replacement characters instead of failing (after a stray byte was found). */
  lenient?: boolean;
  /**
   * Reads the second half of a large file elsewhere (another worker) while this one reads the
   * first: see `readInTwo`. Without it, or for a small file, the file is read in one pass.
   */
  slices?: SliceReader;
  /** The size from which `slices` is used (default PARALLEL_MIN_BYTES; tests use small files). */
  parallelMinBytes?: number;
  /** Read with papaparse on decoded text even where the bytes could be read directly (the tests' reference). */
  papaparse?: boolean;
}

/**
 * A slice after the first, read as `plan` says (in another worker) and handed back in typed arrays;
 * undefined when this reader cannot read that source (then the file is read in one pass at once).
 */
export type SliceReader = (source: ByteSource, plan: SlicePlan, onProgress: (bytes: number, rows: number) => void) => { promise: Promise<SliceRows>; cancel(): void } | undefined;

/** How a slice that does not start the file is read: the file's encoding and dialect, `width` columns, no header. */
export interface SlicePlan {
  encoding: Encoding;
  dialect: Dialect;
  decimalComma: boolean;
  width: number;
}

/** The rows of a slice: typed columns (transferable), the empty rows held at its end, whether a row was malformed. */
export interface SliceRows {
  rows: number;
  columns: { num: Float64Array; code: Int32Array | null; labels: string[] }[];
  blankRows: number;
  structural: boolean;
}

/** Files smaller than this are read in one pass: a second worker costs more than it saves. */
export const PARALLEL_MIN_BYTES = 16 << 20;

/** How often a read pauses for messages (ParseOptions.pause): a cancel is heard within about this. */
const PAUSE_EVERY_MS = 100;

/**
 * A pause for messages every PAUSE_EVERY_MS of a long read (ParseOptions.pause), then the cancel
 * checked; nothing without a `pause`. One per read, called between steps.
 */
export function pauser(options: Pick<ParseOptions, 'pause' | 'signal'>): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (!options.pause || Date.now() - last <= PAUSE_EVERY_MS) return;
    await options.pause();
    last = Date.now();
    if (options.signal?.aborted) throw new ImportCancelled();
  };
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}

/** Grows a typed column by doubling; trimmed once at the end. */
class ColumnBuilder {
  num = new Float64Array(1024);
  code: Int32Array | null = null;
  readonly dict = new Map<string, number>();
  readonly labels: string[] = [];
  constructor(readonly name: string) {}

  /** Room for `n` rows; `hint` is the file's likely row count, grown to at once (see writeRow). */
  ensure(n: number, hint = 0): void {
    if (n <= this.num.length) return;
    let cap = this.num.length;
    if (hint >= n) cap = hint;
    else while (cap < n) cap *= 2;
    const num = new Float64Array(cap);
    num.set(this.num);
    this.num = num;
    if (this.code) {
      const code = new Int32Array(cap).fill(BLANK);
      code.set(this.code);
      this.code = code;
    }
  }

  set(i: number, cell: string, decimalComma: boolean): void {
    const v = parseNumber(cell, decimalComma, false);
    this.num[i] = v;
    if (v === v && !idLike(cell, v)) return;
    const t = cell.trim();
    if (t === '') {
      if (this.code) this.code[i] = BLANK;
      return;
    }
    if (!this.code) this.code = new Int32Array(this.num.length).fill(BLANK);
    let k = this.dict.get(t);
    if (k === undefined) {
      k = this.labels.length;
      this.dict.set(t, k);
      this.labels.push(t);
    }
    this.code[i] = k;
  }

  /**
   * The code of the label whose bytes are `buf[s..e)`, met before in this column (`learn`); -1 when
   * not met. A column of few labels (segments, regions, waves) then decodes each label once, not
   * once per row; a column of many (ids) stops learning at LEARN_MAX labels.
   */
  codeOfBytes(buf: Uint8Array, s: number, e: number): number {
    const slots = this.slots;
    if (slots === null) return -1;
    const mask = slots.length - 1;
    for (let h = hashBytes(buf, s, e) & mask; ; h = (h + 1) & mask) {
      const k = slots[h] - 1;
      if (k < 0) return -1;
      const key = this.keys[k];
      if (key.length === e - s) {
        let x = 0;
        while (x < key.length && key[x] === buf[s + x]) x++;
        if (x === key.length) return k;
      }
    }
  }

  /** After row `i` was set from the text of `buf[s..e)`: when it was read as that very text (no number, nothing trimmed), its bytes name its code from now on. */
  learn(buf: Uint8Array, s: number, e: number, i: number, t: string): void {
    if (this.learnt === LEARN_MAX || !this.code) return;
    const k = this.code[i];
    if (k < 0 || this.labels[k] !== t || this.num[i] === this.num[i] || this.keys[k] !== undefined) return;
    if (++this.learnt === LEARN_MAX) {
      this.slots = null; // too many labels: ids, each met once
      this.keys = [];
      return;
    }
    this.slots ??= new Int32Array(LEARN_MAX * 2);
    this.keys[k] = buf.slice(s, e);
    const mask = this.slots.length - 1;
    let h = hashBytes(buf, s, e) & mask;
    while (this.slots[h] !== 0) h = (h + 1) & mask;
    this.slots[h] = k + 1;
  }
  private slots: Int32Array | null = null;
  private keys: Uint8Array[] = [];
  private learnt = 0;

  setBlank(i: number): void {
    this.num[i] = NaN;
    if (this.code) this.code[i] = BLANK;
  }

  /**
   * Puts `n` rows read elsewhere at row `at`, their texts coded in this column's dictionary. Texts
   * new here are appended in the order the slice met them, so the codes are those one pass gives.
   */
  append(at: number, col: SliceRows['columns'][number], n: number): void {
    this.ensure(at + n);
    this.num.set(col.num.subarray(0, n), at);
    if (col.code) {
      if (!this.code) this.code = new Int32Array(this.num.length).fill(BLANK);
      const recode = new Int32Array(col.labels.length);
      col.labels.forEach((t, k) => {
        let c = this.dict.get(t);
        if (c === undefined) {
          c = this.labels.length;
          this.dict.set(t, c);
          this.labels.push(t);
        }
        recode[k] = c;
      });
      const code = this.code;
      for (let i = 0; i < n; i++) {
        const c = col.code[i];
        code[at + i] = c === BLANK ? BLANK : recode[c];
      }
    } else if (this.code) this.code.fill(BLANK, at, at + n);
  }

  finish(n: number): RawColumn {
    // A column sized from the row estimate is nearly full: a view, not a copy (copying 71 columns of a
    // million rows took 1.8 s). A column with much room left is copied so the room is freed.
    const trim = <T extends Float64Array | Int32Array>(a: T): T => (a.length - n <= a.length / 16 ? (a.subarray(0, n) as T) : (a.slice(0, n) as T));
    return {
      name: this.name,
      num: trim(this.num),
      code: this.code ? trim(this.code) : null,
      labels: this.labels,
    };
  }
}

/** At most this many labels of a column are known by their bytes (`ColumnBuilder.learn`); a power of two. */
const LEARN_MAX = 4096;

/** FNV-1a of bytes `s` to `e`. */
function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k], 0x01000193);
  return h >>> 0;
}

/**
 * Whether a cell read as a number must also keep its text: ids and codes such as `000123` (a
 * leading zero) or `12345678901234567891` (more digits than a double holds exactly) name a
 * different thing than the number they parse to. The number stays for numeric use; the text
 * is what `cellText` returns, so respondents, profiles and links compare as written.
 */
function idLike(cell: string, v: number): boolean {
  // Called for every numeric cell of the file: most cells (a rating 7, a spend 1200.5) are ruled out
  // without trimming or a regular expression.
  const c0 = cell.charCodeAt(0);
  if (v <= Number.MAX_SAFE_INTEGER && c0 !== 48 /* 0 */ && c0 !== 32 && c0 !== 9) return false;
  const t = cell.trim();
  if (t.length < 2 || !/^\d+$/.test(t)) return false;
  return t.charCodeAt(0) === 48 || !Number.isSafeInteger(v);
}

const DELIMITERS = [',', ';', '\t', '|'];

/** A separator as a person names it in a message: `tab`, `","`. */
export function separatorName(d: string): string {
  return ({ ',': 'comma (,)', ';': 'semicolon (;)', '\t': 'tab', '|': 'pipe (|)', ' ': 'space' } as Record<string, string>)[d] ?? `"${d}"`;
}

/**
 * The separator of a file the usual four do not split: a punctuation character (or space) found the
 * same number of times, at least once, on every one of the first 20 non-blank lines; null when none.
 */
export function guessSeparator(sample: string): string | null {
  const lines = sample.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '').slice(0, 20);
  if (lines.length === 0) return null;
  const count = (l: string, ch: string) => l.split(ch).length - 1;
  const candidates = [...new Set(lines[0])].filter((ch) => /[^\p{L}\p{N}"'.\-_:]/u.test(ch));
  let best: string | null = null;
  let bestN = 0;
  for (const ch of candidates) {
    const n = count(lines[0], ch);
    if (n > 0 && lines.every((l) => count(l, ch) === n) && n > bestN) {
      best = ch;
      bestN = n;
    }
  }
  return best;
}

/** Delimiter, line break and decimal separator guessed from the first rows of the text. */
export function sniffDialect(sample: string): { delimiter: string; newline: '\n' | '\r\n' | '\r'; decimalComma: boolean } {
  // Cut at the last line break so a partial row does not confuse the guess.
  const cut = Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r'));
  const text = cut > 0 ? sample.slice(0, cut) : sample;
  const guess = Papa.parse<string[]>(text, { preview: 50, delimitersToGuess: DELIMITERS });
  const delimiter = guess.meta.delimiter || ',';
  const newline = (guess.meta.linebreak as '\n' | '\r\n' | '\r') || '\n';
  let commaDecimals = 0,
    dotDecimals = 0;
  for (const row of guess.data.slice(1)) {
    for (const cell of row) {
      if (/^\s*[+-]?\d*,\d+\s*$/.test(cell)) commaDecimals++;
      else if (/^\s*[+-]?\d*\.\d+\s*$/.test(cell)) dotDecimals++;
    }
  }
  return { delimiter, newline, decimalComma: delimiter !== ',' && commaDecimals > 0 && dotDecimals === 0 };
}

/**
 * Reads a delimited text file into typed columns, streaming: papaparse's `Parser` runs on each
 * decoded chunk with the unfinished last row carried over, and every row is written straight into
 * the column builders (no row objects are kept). Structural problems (wrong number of fields,
 * unterminated quotes, duplicate or empty headers) come back as issues.
 */
export async function parseCsv(
  source: ByteSource,
  options: ParseOptions = {},
): Promise<{ table: RawTable; issues: Issue[] }> {
  const head = await readHead(source);
  const notCsv = sniffFileType(head);
  if (notCsv) {
    return { table: { file: source.name, rowCount: 0, columns: [], encoding: 'unknown', delimiter: ',', decimalComma: false }, issues: [notCsvIssue(notCsv, source.name)] };
  }
  const encoding: Encoding = options.encoding ?? sniffEncoding(head);
  if (encoding !== 'gb18030' || options.encoding) {
    try {
      return await parseWith(source, encoding, options);
    } catch (e) {
      if (!(e instanceof WrongEncoding) || options.encoding) throw e;
    }
  }
  // Not valid UTF-8, in the head or later. A UTF-8 file with a stray byte or two (a copy-paste from
  // another encoding) is still UTF-8: read as GB18030 every other non-ASCII character would be nonsense.
  const damage = await utf8Damage(source);
  if (damage.bad > MAX_STRAY_BYTES) return await parseWith(source, 'gb18030', options);
  const parsed = await parseWith(source, 'utf-8', { ...options, lenient: true });
  parsed.issues.unshift({
    severity: 'warning',
    code: 'invalid-utf8',
    file: source.name,
    row: damage.firstLine,
    value: String(damage.bad),
    message: `line ${damage.firstLine} holds ${damage.bad === 1 ? 'a byte that is' : `${damage.bad} bytes that are`} not valid UTF-8 (the rest of the file is UTF-8); ${damage.bad === 1 ? 'it is' : 'they are'} read as "\uFFFD"`,
    fix: `correct the character on line ${damage.firstLine} (look for the \uFFFD sign in a text editor), or save the file again as "CSV UTF-8"`,
  });
  return parsed;
}

/** At most this many invalid sequences make a UTF-8 file with stray bytes; more means another encoding. */
const MAX_STRAY_BYTES = 3;

/** Invalid UTF-8 sequences in the file and the line (1-based) of the first one. */
async function utf8Damage(source: ByteSource): Promise<{ bad: number; firstLine: number }> {
  const decoder = new TextDecoder('utf-8');
  let bad = 0,
    line = 1,
    firstLine = 0;
  for await (const bytes of source.chunks()) {
    const text = decoder.decode(bytes, { stream: true });
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c === 0xfffd) {
        if (bad++ === 0) firstLine = line;
        if (bad > MAX_STRAY_BYTES) return { bad, firstLine };
      }
    }
  }
  if (decoder.decode().includes('\uFFFD') && bad++ === 0) firstLine = line;
  return { bad, firstLine };
}

/** What a file's rows were read with: its separator and line break, and the decimal separator. */
export type Dialect = ReturnType<typeof sniffDialect>;

/** The dialect guessed from `text`, with the separators the user forced. */
function dialectFor(text: string, options: Pick<ParseOptions, 'delimiter' | 'decimalComma'>): { dialect: Dialect; decimalComma: boolean } {
  const dialect = sniffDialect(text);
  if (options.delimiter) dialect.delimiter = options.delimiter;
  return { dialect, decimalComma: options.decimalComma ?? dialect.decimalComma };
}

/**
 * Rows read from a file, or from a slice of it, before the table's final checks (`finishTable`).
 * `blankRows` are rows of empty cells held back at the end: dropped if nothing follows them.
 */
interface ReadRows {
  builders: ColumnBuilder[];
  headers: string[] | null;
  emptyHeader: Set<number>;
  rows: number;
  blankRows: number;
  issues: IssueList;
  dialect: Dialect | null;
  decimalComma: boolean;
  sample: string;
  /** A row with the wrong number of fields, or an unclosed quote, was met (a slice cut inside a quoted value ends this way). */
  structural: boolean;
}

/**
 * How a half of a file read in two is read: with the dialect guessed from the head of the whole file;
 * the second half also with no header row, as `width` columns. `capacityBytes` sizes the columns for
 * the bytes they will end up holding.
 */
interface Given {
  dialect: Dialect;
  decimalComma: boolean;
  width?: number;
  capacityBytes?: number;
}

async function parseWith(source: ByteSource, encoding: Encoding, options: ParseOptions): Promise<{ table: RawTable; issues: Issue[] }> {
  // Byte 0x0A is a line feed in UTF-8 and GB18030 alike (never part of another character), so a
  // cut after one starts a line; UTF-16 and a lenient re-read stay in one pass.
  if (options.slices && source.slice && source.size >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES) && !options.lenient && (encoding === 'utf-8' || encoding === 'gb18030')) {
    const rows = await readInTwo(source, encoding, options);
    if (rows) return finishTable(source.name, encoding, options, rows, 2);
  }
  return finishTable(source.name, encoding, options, await readRows(source, encoding, options));
}

/**
 * Reads a large file in two halves at once: the second half in another worker (`options.slices`),
 * the first here, then the second's columns appended to the first's. The cut is the first line
 * break after the middle; both halves use the dialect guessed from the head of the file. The result
 * is the one-pass result (a property test checks it): whenever that cannot be promised this
 * returns null and the file is read in one pass. That is when the first half ends inside a quoted
 * value (the cut fell inside it, or the file has an unclosed quote), when either half holds a row
 * with the wrong number of fields (its issue's row number is only known in one pass), when the
 * header read from the head disagrees with the first half's, or when the second half fails.
 */
async function readInTwo(source: ByteSource, encoding: Encoding, options: ParseOptions): Promise<ReadRows | null> {
  const size = source.size;
  const text = new TextDecoder(encoding).decode(await readHead(source));
  const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  if (cut <= 0) return null;
  const { dialect, decimalComma } = dialectFor(text, options);
  const header = Papa.parse<string[]>(text.slice(0, cut), { delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"', preview: 1 });
  const width = header.data[0]?.length ?? 0;
  if (width < 2) return null;
  const mid = Math.floor(size / 2);
  const split = await lineAfter(source.slice!(mid, size), mid);
  if (split < 0 || split >= size) return null;

  let firstBytes = 0,
    firstRows = 0,
    secondBytes = 0,
    secondRows = 0;
  const report = () => options.onProgress?.((firstBytes + secondBytes) / size, firstRows + secondRows);
  const job = options.slices!(source.slice!(split, size), { encoding, dialect, decimalComma, width }, (b, r) => {
    secondBytes = b;
    secondRows = r;
  });
  if (!job) return null;
  let done = false;
  try {
    const first = await readRows(
      source.slice!(0, split),
      encoding,
      {
        ...options,
        onProgress: (f, r) => {
          firstBytes = f * split;
          firstRows = r;
          report();
        },
      },
      { dialect, decimalComma, capacityBytes: size },
    );
    if (first.structural || first.builders.length !== width) return null;
    let second: SliceRows;
    try {
      second = await job.promise;
      done = true;
    } catch (e) {
      done = true;
      if (e instanceof ImportCancelled || options.signal?.aborted) throw new ImportCancelled();
      return null;
    }
    if (second.structural || second.columns.length !== width) return null;
    if (second.rows > 0) {
      // Empty rows held at the end of the first half lie between rows with data: kept, as one pass keeps them.
      const at = first.rows + first.blankRows;
      for (const b of first.builders) {
        b.ensure(at + second.rows, at + second.rows);
        for (let i = first.rows; i < at; i++) b.setBlank(i);
      }
      first.builders.forEach((b, j) => b.append(at, second.columns[j], second.rows));
      first.rows = at + second.rows;
      first.blankRows = second.blankRows;
    } else first.blankRows += second.blankRows;
    return first;
  } finally {
    if (!done) {
      job.cancel();
      job.promise.catch(() => {}); // its end, cancelled or not, is no longer awaited
    }
  }
}

/** The offset just past the first line feed of `source` (which starts at `offset` in its file); -1 when none. */
async function lineAfter(source: ByteSource, offset: number): Promise<number> {
  for await (const bytes of source.chunks()) {
    const nl = bytes.indexOf(10);
    if (nl >= 0) return offset + nl + 1;
    offset += bytes.length;
  }
  return -1;
}

/** Reads a slice that does not start the file, as `plan` says (what the second worker runs). */
export async function readSlice(source: ByteSource, plan: SlicePlan, options: Pick<ParseOptions, 'signal' | 'pause' | 'onProgress'> = {}): Promise<SliceRows> {
  const st = await readRows(source, plan.encoding, options, { dialect: plan.dialect, decimalComma: plan.decimalComma, width: plan.width });
  return { rows: st.rows, columns: st.builders.map((b) => b.finish(st.rows)), blankRows: st.blankRows, structural: st.structural };
}

/**
 * Reads the rows of a file or slice: on bytes (`readRowsOnBytes`) where its encoding and dialect
 * allow, else, or when a quote error needs papaparse's report, with papaparse on decoded text.
 */
async function readRows(source: ByteSource, encoding: Encoding, options: ParseOptions, given?: Given): Promise<ReadRows> {
  if ((encoding === 'utf-8' || encoding === 'gb18030') && !options.lenient && !options.papaparse) {
    try {
      return await readRowsOnBytes(source, encoding, options, given);
    } catch (e) {
      if (!(e instanceof NotSimple)) throw e;
    }
  }
  return await readRowsAsText(source, encoding, options, given);
}

function newRows(given: Given | undefined): ReadRows {
  const st: ReadRows = {
    builders: [],
    headers: null,
    emptyHeader: new Set<number>(),
    rows: 0,
    blankRows: 0,
    issues: new IssueList(5),
    dialect: given?.dialect ?? null,
    decimalComma: given?.decimalComma ?? false,
    sample: '',
    structural: false,
  };
  if (given?.width !== undefined) {
    st.headers = Array.from({ length: given.width }, (_, j) => `column ${j + 1}`);
    st.builders = st.headers.map((h) => new ColumnBuilder(h));
  }
  return st;
}

/** The header row: clean names, empty and repeated ones renamed with a warning; one column builder each. */
function takeHeader(st: ReadRows, file: string, row: string[]): void {
  const seen = new Map<string, number>();
  st.headers = row.map((h, j) => {
    const clean = cleanHeader(h.replace(/^\uFEFF/, ''));
    let name = clean.name;
    for (const t of headerIssueText(j + 1, clean)) st.issues.add({ severity: 'warning', file, row: 1, column: name, ...t });
    if (name === '') {
      name = `column ${j + 1}`;
      st.emptyHeader.add(j);
    }
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k > 0) {
      const renamed = `${name} (${k + 1})`;
      st.issues.add({
        severity: 'warning',
        code: 'duplicate-header',
        file,
        row: 1,
        column: name,
        message: `the header "${name}" appears more than once; the copy in column ${j + 1} is read as "${renamed}"`,
        fix: 'rename one of the columns so each header is unique',
      });
      name = renamed;
    }
    return name;
  });
  st.builders = st.headers.map((h) => new ColumnBuilder(h));
}

/** Room in every column for row `i`, `bytes` of the `capacityBytes` read. */
function makeRoom(st: ReadRows, i: number, bytes: number, capacityBytes: number): void {
  const builders = st.builders;
  if (i + 1 <= builders[0].num.length) return;
  // Doubling 71 columns up to a million rows copied them ten times (1.4 s): once a few thousand
  // rows are read, the columns grow at once to the row count the file's size suggests.
  // An estimate that proves short (shorter rows later in the file) grows by a quarter at least, not by 3% at a time.
  const hint = i >= 1000 && bytes > 0 && capacityBytes > bytes ? Math.max(Math.ceil(((i * capacityBytes) / bytes) * 1.03) + 1024, Math.ceil(builders[0].num.length * 1.25)) : 0;
  for (const b of builders) b.ensure(i + 1, hint);
}

/** Row `i` has `n` fields, not the header's `width`: an error, unless the extra fields are all empty (`extraEmpty`). */
function fieldCount(st: ReadRows, file: string, i: number, n: number, width: number, extraEmpty: boolean): void {
  if (extraEmpty) return;
  st.structural = true;
  st.issues.add({
    severity: 'error',
    code: 'field-count',
    file,
    row: i + 2,
    message: `row ${i + 2} has ${n} fields but the header has ${width}`,
    fix:
      n > width
        ? `a value probably contains the delimiter "${st.dialect?.delimiter === '\t' ? 'tab' : st.dialect?.delimiter}": put it in double quotes, or remove the extra fields`
        : 'fill in the missing fields (leave them empty between delimiters for missing values)',
  });
}

/** 10^k for the digits after a decimal separator: exact doubles up to 10^22. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The value of a field of the plain form `-12`, `3.5` (`3,5` when `sep` is a comma) with at most 15
 * digits; NaN for any other field, which the text path then reads. The digits form an exact integer
 * m < 2^53 and m / 10^k is the correctly rounded value of the decimal, which is what `Number()`
 * gives: the same double to the last bit. `0123` is NaN here: an id the text path keeps as text.
 */
function plainNumber(buf: Uint8Array, s: number, e: number, sep: number): number {
  let p = s;
  let c = buf[p];
  const neg = c === 45;
  if (neg || c === 43) p++;
  let m = 0,
    digits = 0,
    frac = -1;
  while (p < e && (c = buf[p]) >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    digits++;
    p++;
  }
  if (p < e && c === sep) {
    p++;
    frac = 0;
    while (p < e && (c = buf[p]) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      frac++;
      p++;
    }
  }
  if (p !== e || digits === 0 || digits > 15 || (frac < 0 && buf[s] === 48 && e - s > 1)) return NaN;
  const v = frac > 0 ? m / POW10[frac] : m;
  return neg ? -v : v;
}

/**
 * Reads rows on the file's bytes (`RowScanner`): a plain number (`plainNumber`) never becomes text;
 * every other field is decoded (short ASCII ones without a decoder call) and read as the text path
 * reads it.
 * Rows, blank rows, issues and row numbers are the text path's; a property test compares the two.
 */
async function readRowsOnBytes(source: ByteSource, encoding: Encoding, options: ParseOptions, given?: Given): Promise<ReadRows> {
  const file = source.name;
  const st = newRows(given);
  const pause = pauser(options);
  const capacityBytes = given?.capacityBytes ?? source.size;
  // ignoreBOM: a field that starts with U+FEFF keeps it, as decoding the whole file does; the file's own BOM is skipped below.
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: true });
  let bytes = 0;
  let lastReport = 0;
  let scanner: RowScanner | null = null;
  let sep = 46;
  let offset = 0; // of the buffer's first byte in the source
  let at = 0; // of the row being read: the columns' size is estimated from it (a chunk read ahead would make it short)

  const text = (buf: Uint8Array, s: number, e: number): string => {
    let k = s;
    while (k < e && buf[k] < 0x80) k++;
    if (k === e && e - s <= 512) return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
    try {
      return decoder.decode(buf.subarray(s, e));
    } catch {
      throw new WrongEncoding(offset + s);
    }
  };
  const field = (buf: Uint8Array, j: number): string => {
    const sc = scanner!;
    const t = text(buf, sc.starts[j], sc.ends[j]);
    return sc.quoted[j] && t.includes('"') ? t.replace(/""/g, '"') : t;
  };
  // What `cell.trim() === ''` says, without decoding an ASCII field.
  const empty = (buf: Uint8Array, j: number): boolean => {
    const e = scanner!.ends[j];
    for (let k = scanner!.starts[j]; k < e; k++) {
      const b = buf[k];
      if (b === 32 || (b >= 9 && b <= 13)) continue;
      if (b < 0x80) return false;
      return field(buf, j).trim() === '';
    }
    return true;
  };

  const writeRow = (buf: Uint8Array) => {
    const sc = scanner!;
    const n = sc.count;
    const i = st.rows++;
    makeRoom(st, i, at, capacityBytes);
    const builders = st.builders;
    const width = builders.length;
    if (n !== width) {
      let extraEmpty = n > width;
      for (let j = width; j < n; j++) if (!empty(buf, j)) extraEmpty = false; // every one checked: its bytes are validated as the text path's decoding would
      fieldCount(st, file, i, n, width, extraEmpty);
    }
    const decimalComma = st.decimalComma;
    const starts = sc.starts,
      ends = sc.ends,
      quoted = sc.quoted;
    for (let j = 0; j < width; j++) {
      const b = builders[j];
      if (j >= n) {
        b.setBlank(i);
        continue;
      }
      const s = starts[j],
        e = ends[j];
      if (s === e && !quoted[j]) {
        b.setBlank(i);
        continue;
      }
      if (!quoted[j]) {
        const v = plainNumber(buf, s, e, sep);
        if (v === v) {
          b.num[i] = v;
          continue;
        }
        const k = b.codeOfBytes(buf, s, e);
        if (k >= 0) {
          b.num[i] = NaN;
          b.code![i] = k;
          continue;
        }
        const t = text(buf, s, e);
        b.set(i, t, decimalComma);
        b.learn(buf, s, e, i, t);
        continue;
      }
      b.set(i, field(buf, j), decimalComma);
    }
  };

  const takeRow = (buf: Uint8Array) => {
    const sc = scanner!;
    if (st.headers === null) {
      const row: string[] = [];
      for (let j = 0; j < sc.count; j++) row.push(field(buf, j));
      return takeHeader(st, file, row);
    }
    const n = sc.count;
    if (!empty(buf, 0)) {
      for (; st.blankRows > 0; st.blankRows--) writeEmptyRow();
      return writeRow(buf);
    }
    if (n === 1) return; // blank line
    for (let j = 1; j < n; j++)
      if (!empty(buf, j)) {
        for (; st.blankRows > 0; st.blankRows--) writeEmptyRow();
        return writeRow(buf);
      }
    st.blankRows++; // a row of empty cells: held back, as in the text path
  };

  const writeEmptyRow = () => {
    const i = st.rows++;
    makeRoom(st, i, at, capacityBytes);
    for (const b of st.builders) b.setBlank(i);
  };

  const rows = (buf: Uint8Array, last: boolean): number => {
    let pos = 0;
    while (pos < buf.length) {
      const next = scanner!.scan(buf, pos, last);
      if (next < 0) break;
      at = offset + pos;
      takeRow(buf);
      pos = next;
    }
    return pos;
  };

  // The head: decoded until 64K characters are there, as the text path does, to guess the dialect from.
  const headDecoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let head = '';
  const carry = new Carry();
  for await (const chunk of source.chunks()) {
    if (options.signal?.aborted) throw new ImportCancelled();
    let buf = carry.add(chunk);
    bytes += chunk.length;
    if (!scanner) {
      try {
        head += headDecoder.decode(chunk, { stream: true });
      } catch {
        throw new WrongEncoding(bytes - chunk.length);
      }
      if (head.length < 65536) continue;
      if (start(buf, head)) buf = carry.rest;
    }
    const used = rows(buf, false);
    carry.take(used);
    offset += used;
    await pause();
    const now = Date.now();
    if (options.onProgress && (now - lastReport > 100 || bytes === source.size)) {
      lastReport = now;
      options.onProgress(source.size ? bytes / source.size : 0, st.rows);
    }
  }
  if (!scanner) {
    try {
      head += headDecoder.decode();
    } catch {
      throw new WrongEncoding(bytes);
    }
    start(carry.rest, head);
  }
  if (carry.rest.length > 0) rows(carry.rest, true);
  if (options.signal?.aborted) throw new ImportCancelled();
  return st;

  /** Guesses the dialect from the head and starts the scanner; true when the file's BOM was taken off the carried bytes. */
  function start(buf: Uint8Array, headText: string): boolean {
    st.sample = headText.slice(0, 8192);
    if (!st.dialect) ({ dialect: st.dialect, decimalComma: st.decimalComma } = dialectFor(headText, options));
    const d = byteDelimiter(st.dialect.delimiter, encoding);
    if (d === null) throw new NotSimple('the delimiter cannot be found on bytes');
    scanner = new RowScanner(d, st.dialect.newline);
    sep = st.decimalComma ? 44 : 46;
    if (!given && encoding === 'utf-8' && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      carry.take(3);
      offset = 3;
      return true;
    }
    return false;
  }
}

/**
 * The bytes of a row not yet complete, then the next chunk, in one buffer kept from chunk to chunk:
 * a new buffer per chunk cost Chromium 0.9 s of fresh pages for a 172 MB file.
 */
class Carry {
  private work = new Uint8Array(0);
  private from = 0;
  private to = 0;

  /** The bytes carried, followed by `chunk`. */
  add(chunk: Uint8Array): Uint8Array {
    const kept = this.to - this.from;
    const need = kept + chunk.length;
    if (need > this.work.length) {
      const work = new Uint8Array(Math.max(need, this.work.length * 2));
      work.set(this.work.subarray(this.from, this.to));
      this.work = work;
    } else if (this.from > 0) this.work.copyWithin(0, this.from, this.to);
    this.work.set(chunk, kept);
    this.from = 0;
    this.to = need;
    return this.work.subarray(0, need);
  }

  /** The first `n` carried bytes are read. */
  take(n: number): void {
    this.from += n;
  }

  get rest(): Uint8Array {
    return this.work.subarray(this.from, this.to);
  }
}
/** Reads rows with papaparse on the decoded text: any encoding, and papaparse's reports of quote errors. */
async function readRowsAsText(source: ByteSource, encoding: Encoding, options: ParseOptions, given?: Given): Promise<ReadRows> {
  const file = source.name;
  const st = newRows(given);
  const issues = st.issues;
  let bytes = 0;
  let parser: InstanceType<typeof Papa.Parser> | null = null;
  let carry = '';
  let lastReport = 0;
  const pause = pauser(options);
  const capacityBytes = given?.capacityBytes ?? source.size;

  const takeRow = (row: string[]) => {
    if (st.headers === null) return takeHeader(st, file, row);
    if (row.length === 1 && row[0].trim() === '') return; // blank line
    // Rows of empty cells (",,,," as Excel writes below the data) are held back: at the end of the
    // file they are dropped with a note; before a row with data they are kept, so row numbers hold.
    // (A first cell with a value, as nearly every row has, rules it out without trimming every cell.)
    if (row[0].trim() === '' && row.every((c) => c.trim() === '')) {
      st.blankRows++;
      return;
    }
    for (; st.blankRows > 0; st.blankRows--) writeRow([]);
    writeRow(row);
  };

  const writeRow = (row: string[]) => {
    const i = st.rows++;
    makeRoom(st, i, bytes, capacityBytes);
    const builders = st.builders;
    const width = builders.length;
    if (row.length !== width && row.length > 0) fieldCount(st, file, i, row.length, width, row.length > width && row.slice(width).every((c) => c.trim() === ''));
    const decimalComma = st.decimalComma;
    for (let j = 0; j < width; j++) {
      if (j < row.length) builders[j].set(i, row[j], decimalComma);
      else builders[j].setBlank(i);
    }
  };

  const feed = (text: string, last: boolean) => {
    if (!parser) {
      st.sample = text.slice(0, 8192);
      if (!st.dialect) ({ dialect: st.dialect, decimalComma: st.decimalComma } = dialectFor(text, options));
      parser = new Papa.Parser({ delimiter: st.dialect.delimiter, newline: st.dialect.newline, quoteChar: '"' });
    }
    const res = parser.parse(text, 0, !last);
    for (const row of res.data as string[][]) takeRow(row);
    for (const err of res.errors) {
      if (err.code === 'MissingQuotes' || err.code === 'InvalidQuotes') {
        st.structural = true;
        issues.add({
          severity: 'error',
          code: 'quotes',
          file,
          row: st.rows + 1,
          message: `a quoted value that starts near row ${st.rows + 1} is not closed`,
          fix: 'close the double quote, or double any quote inside a quoted value ("")',
        });
      }
    }
    return last ? '' : text.substring(res.meta.cursor);
  };

  for await (const chunk of decodeChunks(source, encoding, (b) => (bytes = b), options.lenient)) {
    if (options.signal?.aborted) throw new ImportCancelled();
    const text = carry + chunk;
    // Hold back the start until there are enough rows to guess the dialect from.
    if (!parser && text.length < 65536) {
      carry = text;
      continue;
    }
    carry = feed(text, false);
    await pause();
    const now = Date.now();
    if (options.onProgress && (now - lastReport > 100 || bytes === source.size)) {
      lastReport = now;
      options.onProgress(source.size ? bytes / source.size : 0, st.rows);
    }
  }
  if (carry || !parser) feed(carry, true);
  if (options.signal?.aborted) throw new ImportCancelled();
  return st;
}

/** The table's final checks on the rows read: empty file, one column, no rows, empty rows and columns at the end. */
function finishTable(file: string, encoding: Encoding, options: ParseOptions, st: ReadRows, readers: 1 | 2 = 1): { table: RawTable; issues: Issue[] } {
  const { issues, rows, blankRows, emptyHeader } = st;
  let builders = st.builders;
  const headers = st.headers;
  if (headers === null || headers.length === 0) {
    issues.add({
      severity: 'error',
      code: 'empty-file',
      file,
      message: 'the file is empty',
      fix: 'choose a CSV file whose first row holds the column headers',
    });
  } else if (headers.length === 1) {
    const forced = options.delimiter !== undefined;
    const likely = guessSeparator(st.sample);
    issues.add({
      severity: 'error',
      code: forced ? 'separator-not-found' : 'unknown-separator',
      file,
      row: 1,
      value: likely ?? undefined,
      message: forced
        ? `every line reads as one column with the separator ${separatorName(options.delimiter!)}: it is not the separator of this file`
        : `every line reads as one column: the separator was not recognised (tried ${DELIMITERS.map(separatorName).join(', ')})${likely ? `; the lines look separated by ${separatorName(likely)}` : ''}`,
      fix: `choose the separator the file uses (Separator, then read the file again; icrm: --separator "${likely ?? ':'}"), or save the file from the spreadsheet as CSV with commas`,
    });
  } else if (rows === 0) {
    issues.add({
      severity: 'error',
      code: 'no-rows',
      file,
      message: 'the file has a header row but no data rows',
      fix: 'export the survey with its responses, one row per respondent',
    });
  }
  if (blankRows > 0)
    issues.add({
      severity: 'warning',
      code: 'blank-rows-dropped',
      file,
      row: rows + 2,
      value: String(blankRows),
      message: `${blankRows} empty row${blankRows === 1 ? '' : 's'} at the end of the file (only separators, as Excel writes below the data) ${blankRows === 1 ? 'was' : 'were'} left out`,
      fix: 'nothing to do; to silence this, delete the empty rows below the data in the spreadsheet before saving',
    });
  // Trailing columns with no header and no value (Excel saves a formatted but empty column this way).
  let width = builders.length;
  while (width > 1 && emptyHeader.has(width - 1) && builders[width - 1].num.subarray(0, rows).every((v) => v !== v) && builders[width - 1].labels.length === 0) width--;
  if (width < builders.length) {
    const dropped = builders.length - width;
    builders = builders.slice(0, width);
    issues.add({
      severity: 'warning',
      code: 'blank-columns-dropped',
      file,
      row: 1,
      value: String(dropped),
      message: `${dropped} empty column${dropped === 1 ? '' : 's'} without a header at the right of the table (as Excel writes after the data) ${dropped === 1 ? 'was' : 'were'} left out`,
      fix: 'nothing to do; to silence this, delete the empty columns right of the data in the spreadsheet before saving',
    });
  }
  for (const j of emptyHeader)
    if (j < width)
      issues.add({
        severity: 'warning',
        code: 'empty-header',
        file,
        row: 1,
        column: `column ${j + 1}`,
        message: `column ${j + 1} has no header`,
        fix: 'give the column a name in the first row, or leave it: it will be ignored unless you map it',
      });
  options.onProgress?.(1, rows);
  const d = st.dialect;
  return {
    table: {
      file,
      rowCount: rows,
      columns: builders.map((b) => b.finish(rows)),
      encoding,
      delimiter: d?.delimiter ?? ',',
      decimalComma: st.decimalComma,
      readers,
    },
    issues: issues.items,
  };
}
