/**
 * What a file is, from its first bytes, before any CSV parsing: a workbook, an archive, a web
 * page, JSON or binary data renamed `.csv` would otherwise come back as a wall of field-count
 * errors that point at the wrong thing. Only magic numbers and the head are read; a zip is never
 * inflated, so a workbook that would inflate to gigabytes costs nothing to refuse.
 */
import type { Issue } from '../issues.ts';
import { bomEncoding } from './decode.ts';

export type FileKind = 'excel' | 'excel-97' | 'zip' | 'parquet' | 'gzip' | 'pdf' | 'html' | 'json' | 'binary';

export interface NotCsv {
  kind: FileKind;
  /** Issue code, one per kind, so the interface can translate it (`not-csv-excel` ...). */
  code: string;
  message: string;
  fix: string;
}

const SAVE_AS_CSV = 'open it in Excel (or WPS, LibreOffice) and use File > Save As > "CSV UTF-8 (comma delimited)", then choose that file';

const TEXTS: Record<FileKind, { message: string; fix: string }> = {
  excel: { message: 'this is an Excel workbook (.xlsx), not a CSV file', fix: SAVE_AS_CSV },
  'excel-97': { message: 'this is an old Excel workbook (.xls, Excel 97-2003), not a CSV file', fix: SAVE_AS_CSV },
  zip: { message: 'this is a zip archive, not a CSV file', fix: 'unzip it and choose the CSV file inside; if it is a workbook, save it as "CSV UTF-8" from the spreadsheet program' },
  parquet: { message: 'this is a Parquet file, not a CSV file', fix: 'a survey must be a CSV file; Parquet is read only as the customer database (Customers view)' },
  gzip: { message: 'this is a gzip-compressed file, not a CSV file', fix: 'decompress it (gunzip, 7-Zip) and choose the CSV file it holds' },
  pdf: { message: 'this is a PDF document, not a CSV file', fix: 'export the survey data from the survey tool as CSV; a PDF report holds no respondent rows' },
  html: {
    message: 'this is an HTML web page (perhaps a login or error page saved instead of the export), not a CSV file',
    fix: 'sign in to the survey tool and download the data again as CSV; open the file in a text editor to see what the page says',
  },
  json: { message: 'this is JSON data, not a CSV file', fix: 'export the survey as CSV from the survey tool, or convert the JSON to CSV (one row per respondent, a header row with the column names)' },
  binary: { message: 'this is binary data, not text: it is not a CSV file', fix: 'choose the CSV export of the survey; if this is a workbook or a database file, save it as "CSV UTF-8" from the program that made it' },
};

const startsWith = (head: Uint8Array, bytes: number[], at = 0) => bytes.every((b, k) => head[at + k] === b);

/** Non-blank text at the start of the head, lower case, for the text formats (HTML, JSON). */
function textStart(head: Uint8Array): string {
  const enc = bomEncoding(head);
  const n = Math.min(head.length, 2048);
  let s: string;
  try {
    s = new TextDecoder(enc ?? 'utf-8').decode(head.subarray(0, n));
  } catch {
    return '';
  }
  return s.replace(/^\uFEFF/, '').trimStart().toLowerCase();
}

/**
 * The kind of a file that is not delimited text, from `head` (its first bytes, 64 KB is plenty),
 * or null when it may be a CSV. UTF-16 text (with or without BOM) counts as text.
 */
export function sniffFileType(head: Uint8Array): NotCsv | null {
  const kind = kindOf(head);
  return kind ? { kind, code: `not-csv-${kind}`, ...TEXTS[kind] } : null;
}

/** The refusal of a file that is not delimited text, as an issue of `file`. */
export function notCsvIssue(notCsv: NotCsv, file: string): Issue {
  return { severity: 'error', code: notCsv.code, file, message: notCsv.message, fix: notCsv.fix };
}

function kindOf(head: Uint8Array): FileKind | null {
  if (head.length === 0) return null;
  // Local file header "PK\3\4" (or an empty archive "PK\5\6"); an OOXML workbook names its parts
  // (`[Content_Types].xml`, `xl/...`) in the first headers, stored uncompressed.
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    const names = new TextDecoder('latin1').decode(head.subarray(0, Math.min(head.length, 8192)));
    return /xl\/|\.xlsx|xl\\/.test(names) ? 'excel' : 'zip';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'excel-97';
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return 'parquet';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  const t = textStart(head);
  if (/^<(!doctype\s+html|html|head|body|meta|title|script|!--)/.test(t) || (t.startsWith('<') && /<(html|body|head)[\s>]/.test(t))) return 'html';
  // A JSON array of objects or values, or an object: no CSV header starts that way.
  if (/^\[\s*[{["\d\-tfn\]]/.test(t) || /^\{\s*("|\})/.test(t)) return 'json';
  return binary(head) ? 'binary' : null;
}

/**
 * Binary when control bytes that no text file holds (NUL, and C0 controls other than tab, line
 * breaks, form feed and Ctrl-Z) make up more than 1 in 200 of the head. UTF-16 text is full of NUL
 * bytes, so it is recognised first (BOM, or zeros on one side of every pair).
 */
function binary(head: Uint8Array): boolean {
  const enc = bomEncoding(head);
  if (enc === 'utf-16le' || enc === 'utf-16be') return false;
  const n = Math.min(head.length, 65536);
  let zeroEven = 0,
    zeroOdd = 0,
    control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) {
      if (i & 1) zeroOdd++;
      else zeroEven++;
    }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++;
  }
  if ((zeroOdd > n / 6 && zeroEven === 0) || (zeroEven > n / 6 && zeroOdd === 0)) return false;
  return control > 0 && (zeroEven + zeroOdd > 0 || control > n / 200);
}
