import type { CellFormat, ReportCell } from './report.ts';

/** A cell as text in the report's language (tables on slides are text; the workbook keeps numbers). */
export function cellText(v: ReportCell, format: CellFormat, locale: string): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '–';
  const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o).format(v);
  switch (format) {
    case 'percent':
      return nf({ style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case 'points':
      return (v > 0 ? '+' : v < 0 ? '−' : '±') + new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(v));
    case 'integer':
      return nf({ maximumFractionDigits: 0 });
    default:
      return nf({ minimumFractionDigits: 3, maximumFractionDigits: 3 });
  }
}
