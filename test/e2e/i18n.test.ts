import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { openApp, useBrowser } from './browser.ts';

const getBrowser = useBrowser();

/** Visible text of the page with its titles, labels and placeholders; data shown as data (file and project names) left out. */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const skip = new Set(['project-name', 'data-current', 'project-item', 'project-delete']);
    const walk = (n: Node) => {
      if (n.nodeType === Node.TEXT_NODE) out.push(n.textContent ?? '');
      if (n.nodeType !== Node.ELEMENT_NODE) return;
      const el = n as HTMLElement;
      if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || skip.has(el.dataset.testid ?? '')) return;
      const st = getComputedStyle(el);
      if (st.display === 'none' || st.visibility === 'hidden') return;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
      el.childNodes.forEach(walk);
    };
    walk(document.body);
    return out.join('\n');
  });
}

/** Names that stay as they are in Chinese: formats, products, methods, keys, the language switch. */
const KEEP = new Set(['ICRM', 'CRM', 'VIP', 'CSV', 'TSV', 'UTF', 'UTF-', 'BOM', 'SVG', 'PNG', 'HTML', 'SQL', 'PowerPoint', 'Excel', 'PREFSCAL', 'SMACOF', 'Shapley', 'LMG', 'README', 'English', 'Ctrl', 'Shift', 'Procrustes', 'DuckDB', 'OPFS', 'Parquet', 'XLSX', 'PPTX']);

/**
 * The sample customer table (linked by itself on the sample project, and kept by the browser when a
 * Chinese survey comes in) shows its own column names: data, like file names, not interface text.
 */
const DATA_WORDS = new Set(readFileSync('data/customers.csv', 'utf8').split(/\r?\n/, 1)[0].split(/[,_]/));

describe('no untranslated string on any view (issue 11)', () => {
  it('shows no English words but names in Chinese, on every view of a Chinese survey, and no Chinese in English', async () => {
    const { page, errors } = await openApp(getBrowser());
    await page.waitForSelector('[data-testid="map-point"]');
    await page.click('[data-testid="lang"]');
    await page.click('[data-testid="nav-import"]');
    await page.setInputFiles('[data-testid="file-input"]', 'data/survey_zh.csv');
    await page.waitForSelector('[data-testid="mapping"]');
    const found = new Map<string, Set<string>>();
    const scan = async (where: string) => {
      // File names are data (survey_zh.csv), as are the project names skipped above.
      const words = (await visibleText(page)).replace(/[^\s“”"'(（]+\.(csv|tsv|txt)\b/gi, ' ').match(/[A-Za-z][A-Za-z'’-]{2,}/g) ?? [];
      for (const w of words) if (!KEEP.has(w) && !DATA_WORDS.has(w)) found.set(w, (found.get(w) ?? new Set()).add(where));
    };
    await scan('mapping');
    await page.click('[data-testid="confirm-mapping"]');
    await page.waitForSelector('[data-testid="map-point"][data-label="钴蓝"]', { timeout: 60_000 });
    await scan('map');
    await page.click('[data-testid="map-point"][data-label="细分3"]');
    await scan('map, a segment selected');
    await page.click('[data-testid="export-menu"]');
    await scan('map, export menu');
    await page.click('[data-testid="project-menu"]');
    await scan('project menu');
    await page.click('[data-testid="project-menu"]');
    for (const [view, ready] of [
      ['measure', '[data-testid="heat-table"]'],
      ['improve', '[data-testid="whatif"]'],
      ['monitor', '[data-testid="monitor-one-wave"]'],
      ['customers', '[data-testid="db-status"]'],
      ['import', '[data-testid="file-input"]'],
    ] as const) {
      await page.click(`[data-testid="nav-${view}"]`);
      await page.waitForSelector(ready, { state: 'attached', timeout: 60_000 });
      await page.waitForTimeout(500);
      await scan(view);
    }
    expect(Object.fromEntries([...found].map(([w, where]) => [w, [...where].join(', ')]))).toEqual({});

    // English on the English sample: no Chinese character anywhere.
    await page.click('[data-testid="lang"]');
    await page.click('[data-testid="project-menu"]');
    // A new project opens on the (English) sample.
    await page.click('[data-testid="project-new"]');
    await page.waitForSelector('[data-testid="map-point"][data-label="Cobalt"]', { timeout: 60_000 });
    for (const view of ['map', 'measure', 'improve', 'monitor', 'customers', 'import']) {
      await page.click(`[data-testid="nav-${view}"]`);
      await page.waitForTimeout(500);
      const han = (await visibleText(page)).match(/[^\n]*\p{Script=Han}[^\n]*/gu) ?? [];
      // The language switch names Chinese in Chinese.
      expect(han.filter((l) => l.trim() !== '中文'), view).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
