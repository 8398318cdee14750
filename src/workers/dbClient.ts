import type { DbRequest, DbResults } from './dbProtocol.ts';
import { WorkerClient } from './workerClient.ts';

export { CancelledError as DbCancelledError, type Job as DbJob, type RestartCause } from './workerClient.ts';

/**
 * How long a cancel may take before the worker is ended the hard way. Longer than the survey
 * worker's: DuckDB checks for interrupts between chunks of work, and ending the worker loses an
 * in-memory database (a persistent one is reopened from storage).
 */
const HARD_STOP_MS = 5000;

/**
 * A request that sends no message for this long is taken as hung, as the survey worker's watchdog
 * does (client.ts), at twice its 60 s: a statement reports progress only when DuckDB's progress
 * hook fires, and the largest measured (scoring a million customers) takes 4.6 s in all.
 */
export const DB_WATCHDOG_MS = 120_000;

/**
 * The page's side of the customer-database worker: the survey worker's watchdog and hard stop,
 * and a fresh worker after a crash too. After any restart the database must be opened again
 * (`onRestart`): a persistent one comes back from the browser's storage with its tables.
 */
export class DbClient extends WorkerClient<DbRequest, DbResults & Record<string, unknown>> {
  constructor() {
    super(() => new Worker(new URL('./db.worker.ts', import.meta.url), { type: 'module' }), {
      hardStopMs: HARD_STOP_MS,
      watchdogMs: DB_WATCHDOG_MS,
      name: 'database worker',
      restartOnCrash: true,
    });
  }
}
