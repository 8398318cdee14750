import type { Request, Results } from './protocol.ts';
import { WorkerClient } from './workerClient.ts';

export { CancelledError, WorkerRestartedError, type Job } from './workerClient.ts';

/**
 * How long a cancel may take before the worker is ended the hard way and started anew. 800 ms was
 * tried for issue 13's "cancel within a second": a new import then cancelled the map fit still
 * running, ended the worker and lost the new import's parse (the app's mapping step never came).
 * A shorter stop needs the new request re-sent after a restart; until then 1.5 s.
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
