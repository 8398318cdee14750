import type { Request, Results } from './protocol.ts';
import { WorkerClient } from './workerClient.ts';

export { CancelledError, type Job } from './workerClient.ts';

/**
 * How long a cancel may take before the worker is ended the hard way and started anew. Under a
 * second so that cancel answers within one at any size (issue 13): the measurement of a million
 * rows is synchronous and hears no message, and the restart costs nothing the user sees, since the
 * survey in use is rebuilt from its source in the background.
 */
const HARD_STOP_MS = 800;
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
