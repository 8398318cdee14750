import { execSync, spawnSync } from 'node:child_process';
import { repeatCsv } from './makeSurvey.ts';
import type { Browser } from 'playwright-core';

/** The sample's customers repeated with fresh ids to `rows` rows. */
export const makeCustomers = (path: string, rows: number) => repeatCsv('data/customers.csv', path, rows, 'B');

/**
 * Imports a large customer export into DuckDB-WASM through the app (OPFS storage), then scores
 * every customer and aggregates by segment, in headless chromium; beside a plain byte scan of the
 * same file (the floor) in the same run.
 */
export async function customersBench(base: string, browser: Browser, rows: number, log: (s: string) => void): Promise<void> {
  const file = await makeCustomers(`test/bench/out/customers-${rows}.csv`, rows);
  const floor = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/importTask.ts', 'floor', file.path], { encoding: 'utf8' });
  const floorMs = JSON.parse(floor.stdout.trim().split('\n').at(-1)!).ms as number;
  const plain = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/importTask.ts', 'duckdb', file.path], { encoding: 'utf8' });
  const duck = JSON.parse(plain.stdout.trim().split('\n').at(-1)!) as { ms: number; maxRssMB: number; rows: number };
  // The browser's memory: every chromium process's resident set, summed, sampled twice a second.
  const chromiumMB = () => {
    try {
      return execSync('ps -C chromium -o rss=', { encoding: 'utf8' }).split('\n').reduce((a, l) => a + (Number(l.trim()) || 0), 0) / 1024;
    } catch {
      return NaN;
    }
  };
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(base);
  await page.waitForSelector('[data-testid="map-point"]');
  await page.click('[data-testid="nav-customers"]');
  await page.waitForSelector('[data-testid="db-status"]:has-text("Stored in this browser"), [data-testid="db-status"]:has-text("In memory")', { timeout: 120_000 });
  const idleMB = chromiumMB();
  let peakMB = idleMB;
  const sampler = setInterval(() => (peakMB = Math.max(peakMB, chromiumMB())), 500);
  const t0 = Date.now();
  await page.setInputFiles('[data-testid="db-file-input"]', file.path);
  await page.waitForSelector(`[data-testid="db-rows"][data-rows="${rows}"]`, { timeout: 900_000 });
  const importMs = Date.now() - t0;
  await page.waitForSelector('[data-testid="zoom-table"]', { timeout: 900_000 });
  const analyseMs = Date.now() - t0 - importMs;
  clearInterval(sampler);
  const storage = await page.textContent('[data-testid="db-status"]');
  // What the table costs the browser's storage (the origin's usage, the sample project included).
  const estimate = (await page.evaluate('navigator.storage.estimate().then((e) => ({ usage: e.usage, quota: e.quota }))')) as { usage: number; quota: number };
  await context.close();
  log(`\n## Customer database (DuckDB-WASM in headless chromium, ${storage?.includes('Stored') ? 'OPFS' : 'in memory'})`);
  log(`file: ${rows.toLocaleString('en')} customers, ${(file.bytes / 1e6).toFixed(0)} MB`);
  log(`| task | time | x floor |`);
  log(`|---|---|---|`);
  log(`| floor: plain byte scan of the same file (Node, same run) | ${(floorMs / 1000).toFixed(2)} s | 1.00 |`);
  log(`| plain DuckDB read_csv into a table (the same WebAssembly build, Node, same run) | ${(duck.ms / 1000).toFixed(2)} s | ${(duck.ms / floorMs).toFixed(2)} |`);
  log(`| import into DuckDB (read_csv, persisted) | ${(importMs / 1000).toFixed(2)} s | ${(importMs / floorMs).toFixed(2)} |`);
  log(`| zoom in and out: train, score every customer in SQL, aggregate by segment | ${(analyseMs / 1000).toFixed(2)} s | ${(analyseMs / floorMs).toFixed(2)} |`);
  log(`peak memory: chromium ${peakMB.toFixed(0)} MB in all its processes during import and analysis (${idleMB.toFixed(0)} MB with the app open before), plain DuckDB ${duck.maxRssMB.toFixed(0)} MB`);
  log(`browser storage used after the import: ${(estimate.usage / 1e6).toFixed(0)} MB (${(estimate.usage / file.bytes).toFixed(2)}x the file; quota ${(estimate.quota / 1e9).toFixed(1)} GB)`);
}
