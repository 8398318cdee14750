import { spawn } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

/** Builds the app once, serves it with `vite preview` on loopback and opens Debian's chromium. */
export async function withApp<T>(fn: (base: string, browser: Browser) => Promise<T>): Promise<T> {
  const build = spawn('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  await new Promise((r) => build.on('exit', r));
  const port = 4900 + Math.floor(Math.random() * 90);
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}/`;
  try {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(base)).ok) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...(process.env.BENCH_JSFLAGS ? [`--js-flags=${process.env.BENCH_JSFLAGS}`] : [])],
    });
    try {
      return await fn(base, browser);
    } finally {
      await browser.close();
    }
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM');
  }
}
