import type { Request, Results } from './protocol.ts';
import { WorkerClient } from './workerClient.ts';

export { CancelledError, WorkerRestartedError, type Job } from './workerClient.ts';

/**
 * How long a cancel may take before the worker is ended the hard way and started anew. Issue 13
 * asks for cancel within a second; 800 ms measured 0.87-1.05 s at a million rows, but a shorter
 * stop ends more background jobs (a map fit, a bootstrap) that would have finished, and every
 * restart rebuilds the survey in use. A new file's parse survives a restart (Session.parse reads it
 * again); a queued build or measure does not yet, so 1.5 s stays.
 */
const HARD_STOP_MS = 1500;
/**
 * A request that sends no message for this long is taken as hung (e.g. a numeric routine that
 * never returns): the worker is ended and started anew, and the request fails with a message.
 * Every long step posts progress far more often than this.
 */
export const WATCHDOG_MS = 60_000;

/** The page's side of the survey worker (parse, build, measure, map, drill, respondents, classifier, drivers, waves). */
export class SurveyClient extends WorkerClient<Request, Results & Record<string, unknown>> {
  constructor() {
    super(() => new Worker(new URL('./survey.worker.ts', import.meta.url), { type: 'module' }), { hardStopMs: HARD_STOP_MS, watchdogMs: WATCHDOG_MS, name: 'survey worker' });
  }
}
