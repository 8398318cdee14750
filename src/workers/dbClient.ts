import type { DbRequest, DbResults } from './dbProtocol.ts';
import { WorkerClient } from './workerClient.ts';

export { CancelledError as DbCancelledError, type Job as DbJob } from './workerClient.ts';

/**
 * How long a cancel may take before the worker is ended the hard way. Longer than the survey
 * worker's: DuckDB checks for interrupts between chunks of work, and ending the worker loses an
 * in-memory database (a persistent one is reopened from storage).
 */
const HARD_STOP_MS = 5000;

/**
 * The page's side of the customer-database worker. No watchdog: a long SQL statement (a
 * million-row import) reports progress only when DuckDB exposes it. After a restart the database
 * must be opened again (`onRestart`).
 */
export class DbClient extends WorkerClient<DbRequest, DbResults & Record<string, unknown>> {
  constructor() {
    super(() => new Worker(new URL('./db.worker.ts', import.meta.url), { type: 'module' }), { hardStopMs: HARD_STOP_MS, watchdogMs: 0, name: 'database worker' });
  }
}
