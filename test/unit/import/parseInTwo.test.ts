import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { parseCsv, readSlice, type ParseOptions, type SliceReader } from '../../../src/core/import/parseCsv.ts';
import { bytesSource, type ByteSource } from '../../../src/core/import/decode.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSource } from '../../../src/cli/nodeSource.ts';
import { sliceThread } from '../../../src/cli/sliceThread.ts';
import { sliceJob, type SliceMessage } from '../../../src/core/import/sliceMessages.ts';

/** The second worker, run in this thread: the same `readSlice` the slice worker runs. */
function inThread(log: { halves: number; cancelled: number }): SliceReader {
  return (source, plan, onProgress) => {
    log.halves++;
    let cancelled = false;
    const promise = readSlice(source, plan, { signal: { get aborted() { return cancelled; } }, onProgress: (f, rows) => onProgress(f * source.size, rows) });
    return {
      promise,
      cancel: () => {
        cancelled = true;
        log.cancelled++;
      },
    };
  };
}

/** Everything a parse gives, in plain values (NaN as null, so equal tables compare equal). */
function plain(r: Awaited<ReturnType<typeof parseCsv>>) {
  return {
    rowCount: r.table.rowCount,
    delimiter: r.table.delimiter,
    decimalComma: r.table.decimalComma,
    encoding: r.table.encoding,
    columns: r.table.columns.map((c) => ({ name: c.name, num: Array.from(c.num, (v) => (Number.isNaN(v) ? null : v)), code: c.code ? Array.from(c.code) : null, labels: c.labels })),
    issues: r.issues,
  };
}

async function both(source: () => ByteSource, options: ParseOptions = {}) {
  const log = { halves: 0, cancelled: 0 };
  const one = await parseCsv(source(), options);
  const two = await parseCsv(source(), { ...options, slices: inThread(log), parallelMinBytes: 0 });
  return { one: plain(one), two: plain(two), log };
}

const enc = (s: string) => new TextEncoder().encode(s);
const cell = fc.oneof(
  fc.integer({ min: -5, max: 12 }).map(String),
  fc.constantFrom('', ' ', '7,5', '3.25', '000123', 'Apex', '顶峰', 'n/a', '"a, quoted ""x"""', '"two\nlines"', '12345678901234567891'),
);

describe('reading a file in two halves at once (issue 13: more than one worker)', () => {
  it('gives exactly the one-pass table and issues, wherever the cut falls (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.array(cell, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat({ max: 59 }), { maxLength: 4 }),
        fc.nat({ max: 3 }),
        fc.constantFrom(',', ';'),
        async (width, cells, blankAt, trailingBlanks, sep) => {
          const header = Array.from({ length: width }, (_, j) => (j === width - 1 && width > 3 ? '' : `h${j}`)).join(sep);
          const lines = cells.map((r) => r.slice(0, width).join(sep));
          for (const b of blankAt) if (b < lines.length) lines.splice(b, 0, sep.repeat(width - 1));
          for (let i = 0; i < trailingBlanks; i++) lines.push(sep.repeat(width - 1));
          const bytes = enc([header, ...lines].join('\n') + '\n');
          const { one, two } = await both(() => bytesSource('t.csv', bytes, 37));
          expect(two).toEqual(one);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('uses the second half on a well-formed file, and appends its rows and labels in file order', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => `${i},S${i % 7},${i % 5 === 0 ? '' : (i % 9) + 0.5},${i < 200 ? 'Apex' : '顶峰'}`);
    const bytes = enc(['id,segment,score,firm', ...rows].join('\r\n') + '\r\n');
    const { one, two, log } = await both(() => bytesSource('t.csv', bytes, 1000));
    expect(log).toEqual({ halves: 1, cancelled: 0 });
    expect(two).toEqual(one);
    expect(two.rowCount).toBe(400);
    // '顶峰' is met only in the second half: it comes after 'Apex' in the dictionary, as in one pass.
    expect(two.columns[3].labels).toEqual(['Apex', '顶峰']);
    expect(two.columns[1].labels).toEqual(['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6']);
    // The rows after the cut are the second half's: marked there, they arrive marked.
    const marking: SliceReader = (source, plan, onProgress) => {
      const job = inThread({ halves: 0, cancelled: 0 })(source, plan, onProgress)!;
      return { ...job, promise: job.promise.then((r) => (r.columns[0].num.forEach((v, i, a) => (a[i] = v + 1e6)), r)) };
    };
    const marked = await parseCsv(bytesSource('t.csv', bytes, 1000), { slices: marking, parallelMinBytes: 0 });
    const ids = Array.from(marked.table.columns[0].num);
    const cut = ids.findIndex((v) => v >= 1e6);
    expect(cut).toBeGreaterThan(150);
    expect(cut).toBeLessThan(250);
    expect(ids.map((v) => v % 1e6)).toEqual(rows.map((_, i) => i));
  });

  it('falls back to one pass when the cut falls inside a quoted value, or a row has the wrong number of fields', async () => {
    const long = '"' + 'x\n'.repeat(300) + '"';
    const quoted = enc(`a,b\n1,${long}\n2,y\n`);
    const q = await both(() => bytesSource('q.csv', quoted, 64));
    expect(q.log.halves).toBe(1);
    expect(q.two).toEqual(q.one);
    expect(q.two.rowCount).toBe(2);
    const lines = Array.from({ length: 300 }, (_, i) => (i === 250 ? `${i},1,extra` : `${i},1`));
    const broken = enc(['a,b', ...lines].join('\n'));
    const f = await both(() => bytesSource('f.csv', broken, 64));
    expect(f.two).toEqual(f.one);
    expect(f.two.issues.map((i) => [i.code, i.row])).toEqual([['field-count', 252]]);
  });

  it('reads a GB18030 file from Chinese Excel in two halves', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},细分${i % 4},${(i % 10) + 1},顶峰`);
    const bytes = new Uint8Array(iconv.encode(['编号,细分,重要性:质量,熟悉度', ...rows].join('\r\n'), 'gb18030'));
    const { one, two, log } = await both(() => bytesSource('zh.csv', bytes, 333));
    expect(log.halves).toBe(1);
    expect(two.encoding).toBe('gb18030');
    expect(two).toEqual(one);
    expect(two.columns[1].labels).toEqual(['细分0', '细分1', '细分2', '细分3']);
  });

  it('reads the second half in a worker thread on the command line (sliceThread), with the one-pass result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icrm-two-'));
    const path = join(dir, 'big.csv');
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},S${i % 5},${(i % 11) + 0.5},${i % 3 ? '' : '顶峰'}`);
    writeFileSync(path, ['id,segment,score,firm', ...rows].join('\n') + '\n');
    const one = await parseCsv(fileSource(path));
    const two = await parseCsv(fileSource(path), { slices: sliceThread(), parallelMinBytes: 0 });
    expect(one.table.readers).toBe(1);
    expect(two.table.readers).toBe(availableParallelism() > 1 ? 2 : 1);
    expect(plain(two)).toEqual(plain(one));
  });

  it("ends a second reader once it answers, and fails (not hangs) when it stops without an answer", async () => {
    let ended = 0;
    const progress: number[] = [];
    let send: (m: SliceMessage) => void = () => {};
    let stop: (why: string) => void = () => {};
    const connect = (message: typeof send, fail: typeof stop) => {
      send = message;
      stop = fail;
      return () => void ended++;
    };
    const answered = sliceJob(connect, (bytes) => progress.push(bytes));
    send({ type: 'progress', bytes: 10, rows: 1 });
    send({ type: 'done', rows: { rows: 0, columns: [], blankRows: 2, structural: false } });
    await expect(answered.promise).resolves.toEqual({ rows: 0, columns: [], blankRows: 2, structural: false });
    expect(progress).toEqual([10]);
    expect(ended).toBe(1);
    const silent = sliceJob(connect, () => {});
    stop('the slice reader stopped');
    await expect(silent.promise).rejects.toThrow('the slice reader stopped');
    expect(ended).toBe(2);
  });

  it('reads a file its second reader cannot take in one pass at once, not after reading the first half', async () => {
    const rows = Array.from({ length: 20000 }, (_, i) => `${i},S${i % 5},${i % 7}`);
    const bytes = enc(['a,b,c', ...rows].join('\n') + '\n');
    let read = 0;
    const counted = (): ByteSource => {
      const s = bytesSource('n.csv', bytes, 4096);
      const count = (src: ByteSource): ByteSource => ({
        ...src,
        async *chunks() {
          for await (const b of src.chunks()) {
            read += b.length;
            yield b;
          }
        },
        slice: (a, b) => count(src.slice!(a, b)),
      });
      return count(s);
    };
    const one = await parseCsv(counted());
    const oneRead = read;
    read = 0;
    const refused = await parseCsv(counted(), { slices: () => undefined, parallelMinBytes: 0 });
    expect(plain(refused)).toEqual(plain(one));
    expect(refused.table.readers).toBe(1);
    // The file once, its head once more to guess the dialect, and a chunk to find the cut: not half the file again.
    expect(read - oneRead).toBeLessThanOrEqual(65536 + 4096);
  });

  it('stops the second half when the read is cancelled', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i % 7}`);
    const bytes = enc(['a,b', ...rows].join('\n'));
    const log = { halves: 0, cancelled: 0 };
    let polls = 0;
    const signal = { get aborted() { return ++polls > 3; } };
    await expect(parseCsv(bytesSource('c.csv', bytes, 512), { slices: inThread(log), parallelMinBytes: 0, signal })).rejects.toThrow('import cancelled');
    expect(log).toEqual({ halves: 1, cancelled: 1 });
  });
});
