import { describe, it, expect } from 'vitest';
import { inject } from 'vitest';
import { launch } from './browser.ts';

// The Content-Security-Policy (vite.config.ts CSP) is sent with the page and every script, workers
// included, and nothing the app does in a full tour violates it.
describe('Content-Security-Policy', () => {
  it('is sent for the page and its workers, forbids inline script and eval, and no action of the app violates it', async () => {
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text()) && errors.push(m.text()));
      const policies = new Map<string, string | undefined>();
      page.on('response', (r) => {
        if (/\.(js|html)(\?|$)|\/$/.test(r.url())) policies.set(r.url(), r.headers()['content-security-policy']);
      });
      await page.addInitScript(() => {
        (window as unknown as { __violations: string[] }).__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(inject('baseURL'));
      await page.waitForSelector('[data-testid="map-point"]');
      // A tour: the views, the workers (survey and DuckDB), the exports.
      for (const view of ['measure', 'improve', 'monitor', 'customers']) {
        await page.click(`[data-testid="nav-${view}"]`);
        await page.waitForTimeout(300);
      }
      await page.waitForSelector('[data-testid="waves-map"], [data-testid="db-status"]', { timeout: 60_000 });
      await page.click('[data-testid="nav-customers"]');
      await page.setInputFiles('[data-testid="db-file-input"]', 'data/customers.csv');
      await page.waitForSelector('[data-testid="zoom-table"]', { timeout: 120_000 });
      await page.click('[data-testid="nav-map"]');
      await page.click('[data-testid="export-menu"]');
      await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-pptx"]')]);

      const page0 = policies.get(inject('baseURL'));
      expect(page0).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
      expect(page0).not.toMatch(/unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe-inline|script-src[^;]*'unsafe-eval'/);
      const workers = [...policies.keys()].filter((u) => /worker/i.test(u));
      expect(workers.length).toBeGreaterThanOrEqual(3);
      // Every script and worker of ours has the page's policy; DuckDB's own Emscripten worker alone may
      // also evaluate strings (its glue needs it; vite.config.ts CSP_DUCKDB_WORKER).
      for (const [url, policy] of policies)
        if (/duckdb-browser[^/]*\.worker/.test(url)) expect(policy, url).toBe(page0!.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"));
        else expect(policy, url).toBe(page0);
      expect(workers.some((u) => /survey\.worker/.test(u))).toBe(true);
      expect(workers.some((u) => /db\.worker/.test(u))).toBe(true);
      expect(await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute('content'))).toBe(page0);
      // What the app never does is refused: an inline script and a string evaluated as code.
      const before = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.length);
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inline = 1';
        document.body.append(s);
        (setTimeout as unknown as (code: string, ms: number) => void)('window.__evaled = 1', 0);
      });
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => [(window as unknown as { __inline?: number }).__inline, (window as unknown as { __evaled?: number }).__evaled])).toEqual([undefined, undefined]);
      const refused = await page.evaluate((n) => (window as unknown as { __violations: string[] }).__violations.slice(n), before);
      expect(refused.some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
      expect(refused.some((v) => v.startsWith('script-src eval'))).toBe(true);
      // Nothing else the tour did was refused.
      expect(await page.evaluate((n) => (window as unknown as { __violations: string[] }).__violations.slice(0, n), before)).toEqual([]);
      expect(errors.filter((e) => !/__inline|__evaled|inline script|unsafe-eval/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
