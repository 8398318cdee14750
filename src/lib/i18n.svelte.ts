import { formatNumber, formatSigned } from '../core/format.ts';
import type { Issue } from '../core/issues.ts';
import { en, zh, issueZh, type MessageKey } from './messages.ts';

export type Lang = 'en' | 'zh';
const STORAGE_KEY = 'icrm.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh') return saved;
  } catch {
    /* storage may be blocked: fall through */
  }
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w[\w ]*)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** The interface language, remembered across visits, with number formats to match. */
class I18n {
  lang = $state<Lang>(initialLang());

  set(lang: Lang) {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      /* not remembered, still switched */
    }
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }

  t = (key: MessageKey, params: Record<string, string | number> = {}): string => {
    // A key built at run time (a worker's stage name) may have no text: show the key, never crash.
    const template = (this.lang === 'zh' ? zh[key] : undefined) ?? en[key] ?? String(key);
    return fill(template, params);
  };

  private get locale() {
    return this.lang === 'zh' ? 'zh-CN' : 'en-US';
  }

  /** A number for the screen; undefined figures show as an en dash, never NaN. */
  num = (v: number, digits = 2): string => formatNumber(v, this.locale, 'num', digits);

  int = (v: number): string => formatNumber(v, this.locale, 'int');

  pct = (v: number, digits = 1): string => formatNumber(v, this.locale, 'pct', digits);

  /** A change with its sign (+, − or ±): `digits` decimals of `v x scale` (100 for points of a share). */
  signed = (v: number, digits = 1, scale = 1): string => formatSigned(v * scale, this.locale, digits);

  /** An issue's message and fix in the interface language. */
  issue = (i: Issue): { message: string; fix: string } => {
    const z = this.lang === 'zh' ? issueZh[i.code] : undefined;
    if (!z) return { message: i.message, fix: i.fix };
    const params = { ...i.params, value: i.value ?? '', row: i.row ?? '', column: i.column ?? '' };
    return { message: fill(z.message, params), fix: fill(z.fix, params) };
  };
}

export const i18n = new I18n();
