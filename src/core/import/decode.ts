/**
 * Streaming text decoding with encoding detection. The whole file goes through one
 * `TextDecoder` with `stream: true`, so a multi-byte character split across two chunks is
 * decoded whole (papaparse's own chunked reading decodes each chunk alone and breaks them).
 */

/** Bytes of a file, readable more than once (a failed UTF-8 guess restarts as GB18030). */
export interface ByteSource {
  name: string;
  /** Total size in bytes, for progress; 0 when unknown. */
  size: number;
  chunks(): AsyncIterable<Uint8Array>;
  /** Bytes `start` to `end` as a source of their own (a file read in slices by two workers). */
  slice?(start: number, end: number): ByteSource;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Encoding from a byte-order mark, or null. */
export function bomEncoding(head: Uint8Array): Encoding | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Best guess from the first bytes: a BOM; else UTF-16 without BOM when most odd (or even) bytes
 * are zero (ASCII text in UTF-16); else UTF-8 when the head is valid UTF-8; else GB18030, the
 * encoding Chinese Excel writes for "CSV" (a superset of GBK and GB2312).
 */
export function sniffEncoding(head: Uint8Array): Encoding {
  const bom = bomEncoding(head);
  if (bom) return bom;
  const n = Math.min(head.length, 4096) & ~1;
  if (n >= 4) {
    let zeroEven = 0,
      zeroOdd = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) zeroEven++;
      if (head[i + 1] === 0) zeroOdd++;
    }
    if (zeroOdd > n / 2 / 3 && zeroEven === 0) return 'utf-16le';
    if (zeroEven > n / 2 / 3 && zeroOdd === 0) return 'utf-16be';
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Thrown inside `decodeChunks` when the guessed UTF-8 proves invalid later in the file. */
export class WrongEncoding extends Error {
  constructor(readonly offset: number) {
    super(`not valid UTF-8 at byte ${offset}`);
  }
}

/**
 * Decodes `source` as text chunks. UTF-8 is decoded strictly (a bad byte throws `WrongEncoding`,
 * so the caller can retry as GB18030) unless `lenient`; other encodings replace undecodable bytes.
 * `onBytes` reports the bytes read so far.
 */
export async function* decodeChunks(
  source: ByteSource,
  encoding: Encoding,
  onBytes?: (bytesRead: number) => void,
  lenient = false,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' && !lenient });
  let read = 0;
  for await (const bytes of source.chunks()) {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new WrongEncoding(read);
    }
    read += bytes.length;
    onBytes?.(read);
    if (text) yield text;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new WrongEncoding(read);
  }
  if (tail) yield tail;
}

/** The first `max` bytes of a source (for sniffing). */
export async function readHead(source: ByteSource, max = 65536): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let got = 0;
  for await (const b of source.chunks()) {
    parts.push(b);
    got += b.length;
    if (got >= max) break;
  }
  const out = new Uint8Array(Math.min(got, max));
  let o = 0;
  for (const p of parts) {
    const take = Math.min(p.length, out.length - o);
    out.set(p.subarray(0, take), o);
    o += take;
    if (o >= out.length) break;
  }
  return out;
}

/** A ByteSource over bytes already in memory (tests, fixtures, the CLI's small files). */
export function bytesSource(name: string, bytes: Uint8Array, chunkSize = 1 << 20): ByteSource {
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, Math.min(i + chunkSize, bytes.length));
    },
    slice: (start, end) => bytesSource(name, bytes.subarray(start, end), chunkSize),
  };
}
