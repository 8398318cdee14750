import { formatNumber, formatSigned } from '../format.ts';
import type { CellFormat, ReportCell } from './report.ts';

/** A cell as text in the report's language (tables on slides are text; the workbook keeps numbers). */
export function cellText(v: ReportCell, format: CellFormat, locale: string): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '–';
  switch (format) {
    case 'percent':
      return formatNumber(v, locale, 'pct', 1);
    case 'points':
      return formatSigned(v, locale);
    case 'integer':
      return formatNumber(v, locale, 'int');
    default:
      return formatNumber(v, locale, 'num', 3);
  }
}
