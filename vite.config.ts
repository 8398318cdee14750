import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The Content-Security-Policy of the page and its workers: scripts only from the app's own origin,
 * no inline script and no eval ('wasm-unsafe-eval' lets DuckDB compile its WebAssembly, nothing
 * else), workers from the origin or blob:, no network beyond the origin. One text, sent as a header
 * by the dev and preview servers (a worker's policy comes from its own response) and written into
 * index.html as a meta tag for hosts that cannot send headers.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * DuckDB-WASM's own worker (duckdb-browser-*.worker.js) is an Emscripten build whose glue compiles
 * small functions with `new Function`, so that one worker, and nothing else, is allowed 'unsafe-eval'.
 * It runs no code of ours and reads no page data except the customer file it is given.
 */
export const CSP_DUCKDB_WORKER = CSP.replace("script-src 'self' 'wasm-unsafe-eval'", "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'");
const policyFor = (url = '') => (/duckdb-browser[^/]*\.worker[^/]*\.js/.test(url) ? CSP_DUCKDB_WORKER : CSP);

const csp = (): Plugin => ({
  name: 'icrm-csp',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      res.setHeader('Content-Security-Policy', policyFor(req.url));
      next();
    });
  },
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      res.setHeader('Content-Security-Policy', policyFor(req.url));
      next();
    });
  },
});

// Tests pin the time zone and run core code in plain Node: a stray `document` in src/core fails at once.
export default defineConfig({
  plugins: [svelte(), csp()],
  base: './',
  worker: { format: 'es' },
  // DuckDB-WASM loads its own wasm and worker files by URL; pre-bundling would break those URLs.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          // The CLI tests spawn the command (tsx, the sample, 200 bootstrap replicates): seconds on an
          // idle machine, more on a loaded one. A test is about the answer, not the time it took.
          testTimeout: 60_000,
          env: { TZ: 'UTC' },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          env: { TZ: 'UTC' },
        },
      },
    ],
  },
});
