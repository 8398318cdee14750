// Runs every test the project has (typecheck, lint, unit, browser) and ends with one line
// `tests: N passed, N failed`, counting typecheck and lint as one test each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';

const env = { ...process.env, TZ: 'UTC' };
let passed = 0;
let failed = 0;
const run = (label, cmd, args) => {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  return r.status === 0;
};
const step = (label, cmd, args) => {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    console.log(`FAILED: ${label}`);
  }
};

// The browser tests need Debian's chromium; install it when missing and we may (CI runs as root).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.getuid?.() === 0) {
    console.log('Installing Debian chromium for the browser tests ...');
    run('apt-get update', 'apt-get', ['update', '-qq']);
    run('apt-get install', 'apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk']);
  } else console.log(`No chromium at ${chromium}: run \`sudo apt-get install chromium\` (or set CHROMIUM_PATH); browser tests will fail.`);
}

// The warehouse tests need a PostgreSQL: Debian's, set up by scripts/postgres.sh when we may (CI runs as root).
if (!process.env.ICRM_PG_URL) {
  if (process.getuid?.() === 0) {
    console.log('Setting up PostgreSQL for the warehouse tests (scripts/postgres.sh) ...');
    const r = spawnSync('bash', ['scripts/postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const url = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
    if (url) env.ICRM_PG_URL = url;
    else console.log('PostgreSQL could not be set up: the warehouse tests will be skipped with a message.');
  } else console.log('No ICRM_PG_URL: run `sudo bash scripts/postgres.sh` and set ICRM_PG_URL to the URL it prints, or the warehouse tests are skipped.');
}

step('typecheck', 'npm', ['run', '--silent', 'check']);
step('lint', 'npm', ['run', '--silent', 'lint']);
const built = run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
if (!built) failed++;

mkdirSync('test-results', { recursive: true });
const out = 'test-results/vitest.json';
const projects = built ? [] : ['--project', 'unit'];
run('vitest', 'npx', ['vitest', 'run', ...projects, '--reporter=default', '--reporter=json', `--outputFile=${out}`]);
if (existsSync(out)) {
  const j = JSON.parse(readFileSync(out, 'utf8'));
  passed += j.numPassedTests;
  failed += j.numFailedTests + (j.numTotalTestSuites > 0 && j.success === false && j.numFailedTests === 0 ? 1 : 0);
} else {
  failed++;
}
const line = `tests: ${passed} passed, ${failed} failed`;
writeFileSync('test-results/summary.txt', line + '\n');
console.log('\n' + line);
process.exit(failed ? 1 : 0);
