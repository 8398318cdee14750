import { cleanHeader } from '../import/header.ts';

/**
 * The columns of a customer table the analysis needs, proposed from their names (English and
 * Chinese) so that the app and `icrm` read the same export the same way; the user may change them.
 */
export const CUSTOMER_COLUMN_NAMES = {
  id: /^(customer[_ ]?id|cust[_ ]?id|id|客户编号|客户id)$/i,
  revenue: /^(revenue(_12m)?|sales(_12m)?|turnover|收入|销售额)$/i,
  margin: /^(margin(_12m)?|gross[_ ]?margin|毛利|利润)$/i,
  respondent: /^(respondent[_ ]?id|survey[_ ]?id|受访者编号)$/i,
  firstPurchase: /^(first[_ ]?(purchase|order|buy)([_ ]?date)?|customer[_ ]?since|首次购买(日期)?)$/i,
  lastPurchase: /^(last[_ ]?(purchase|order|buy)([_ ]?date)?|最近购买(日期)?|最后购买(日期)?)$/i,
} as const;

/** Dates count only when the database typed the column as a date: a text column could hold any format. */
const DATE_TYPES = /^(DATE|TIMESTAMP)/i;

export interface CustomerColumns {
  id: string | null;
  revenue: string | null;
  margin: string | null;
  respondent: string | null;
  /** Both purchase dates, or neither (retention needs the two). */
  firstPurchase: string | null;
  lastPurchase: string | null;
}

/** The proposed column for each role from `columns` (name and SQL type), null where none fits. */
export function detectCustomerColumns(columns: { name: string; type: string }[]): CustomerColumns {
  const find = (re: RegExp, dated = false) => columns.find((c) => re.test(c.name) && (!dated || DATE_TYPES.test(c.type)))?.name ?? null;
  const first = find(CUSTOMER_COLUMN_NAMES.firstPurchase, true);
  const last = find(CUSTOMER_COLUMN_NAMES.lastPurchase, true);
  return {
    id: find(CUSTOMER_COLUMN_NAMES.id),
    revenue: find(CUSTOMER_COLUMN_NAMES.revenue),
    margin: find(CUSTOMER_COLUMN_NAMES.margin),
    respondent: find(CUSTOMER_COLUMN_NAMES.respondent),
    firstPurchase: first && last ? first : null,
    lastPurchase: first && last ? last : null,
  };
}

/**
 * Columns to read as text at import, from the header alone: the customer id (by name, else the
 * first column, the one the analysis falls back to) and the respondent link. Read as numbers,
 * `000123` would become `123` (another customer) and a 20-digit id would be rounded.
 */
export function idTextColumns(names: string[]): string[] {
  // Matched as the header will read once cleaned (cleanColumnNames), returned as the file spells it.
  const is = (re: RegExp) => (n: string) => re.test(cleanHeader(n).name);
  const id = names.find(is(CUSTOMER_COLUMN_NAMES.id)) ?? names[0];
  const respondent = names.find(is(CUSTOMER_COLUMN_NAMES.respondent));
  return [...new Set([id, respondent].filter((n): n is string => n !== undefined))];
}
