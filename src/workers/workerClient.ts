import type { FitProgress as Fit } from '../core/mds/types.ts';
import { IssueError, type Issue } from '../core/issues.ts';

/**
 * The page's side of a worker in the house protocol (requests with an id; replies progress |
 * done | error): progress callbacks, cancel by message and, when the worker does not answer in
 * time, by `terminate()` and a fresh worker; and a watchdog that does the same for a request
 * that sends nothing for too long (a numeric routine that never returns).
 */
export interface Job<T> {
  promise: Promise<T>;
  cancel(): void;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * A request that failed only because the worker was ended for another one (a hung or cancelled
 * computation): it was queued behind it and never ran, so it may be sent again.
 */
export class WorkerRestartedError extends Error {}

type Reply =
  | { id: number; type: 'progress'; fraction: number; stage: string; rows?: number; fit?: Fit }
  | { id: number; type: 'done'; result: unknown }
  | { id: number; type: 'error'; message: string; cancelled?: boolean; issue?: Issue };
type Progress = (fraction: number, stage: string, rows?: number, fit?: Fit) => void;

export interface WorkerClientOptions {
  /** How long a cancel may take before the worker is ended the hard way. */
  hardStopMs: number;
  /** A request silent for this long is taken as hung; 0 = no watchdog. */
  watchdogMs: number;
  /** Name used in messages ("the survey worker was restarted"). */
  name: string;
  /**
   * Start a fresh worker when this one crashes (its `error` event: out of memory, a WebAssembly
   * abort), as after a hang. At most MAX_CRASH_RESTARTS in CRASH_WINDOW_MS, so a worker that cannot
   * even start does not loop. Default false.
   */
  restartOnCrash?: boolean;
}

/** Why a worker was started anew: a request silent past the watchdog, a crash, or a cancel that did not stop in time. */
export type RestartCause = 'hung' | 'crashed' | 'stopped';

/** Crash restarts allowed within CRASH_WINDOW_MS; past them the client stays down and every call fails with the crash message. */
const MAX_CRASH_RESTARTS = 3;
const CRASH_WINDOW_MS = 60_000;

export class WorkerClient<Req extends { id: number; type: string }, Results extends Record<string, unknown>> {
  private worker!: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: Progress; timer?: ReturnType<typeof setTimeout> }>();
  /** Called when the worker had to be restarted, losing its state, with the reason. */
  onRestart: ((cause: RestartCause) => void) | null = null;
  private crashes: number[] = [];

  constructor(
    private readonly create: () => Worker,
    private readonly options: WorkerClientOptions,
  ) {
    this.start();
  }

  private start() {
    this.worker = this.create();
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      // Any message shows the worker alive: the requests queued behind the one it is working on
      // (the db worker runs them in turn) are not hung, only waiting. Their watchdogs start again.
      for (const [id, other] of this.waiting)
        if (id !== r.id) {
          clearTimeout(other.timer);
          other.timer = this.watchdog(id);
        }
      const w = this.waiting.get(r.id);
      if (!w) return;
      clearTimeout(w.timer);
      if (r.type === 'progress') {
        w.timer = this.watchdog(r.id);
        w.progress?.(r.fraction, r.stage, r.rows, r.fit);
      } else {
        this.waiting.delete(r.id);
        if (r.type === 'done') w.resolve(r.result);
        else w.reject(r.cancelled ? new CancelledError() : r.issue ? new IssueError(r.issue) : new Error(r.message));
      }
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      const now = Date.now();
      this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
      const restart = !!this.options.restartOnCrash && this.crashes.length <= MAX_CRASH_RESTARTS;
      const message = `${e.message || `the ${this.options.name} stopped unexpectedly`}${restart ? `; the ${this.options.name} was restarted` : ''}`;
      for (const w of this.waiting.values()) {
        clearTimeout(w.timer);
        w.reject(new Error(message));
      }
      this.waiting.clear();
      if (restart) {
        this.worker.terminate();
        this.start();
        this.onRestart?.('crashed');
      }
    };
  }

  call<T extends Exclude<Req['type'], 'cancel'> & keyof Results & string>(
    type: T,
    body: Omit<Extract<Req, { type: T }>, 'id' | 'type'>,
    progress?: Progress,
  ): Job<Results[T]> {
    const id = this.nextId++;
    const promise = new Promise<Results[T]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, progress, timer: this.watchdog(id) });
    });
    this.worker.postMessage({ id, type, ...body });
    return {
      promise,
      cancel: () => {
        if (!this.waiting.has(id)) return;
        this.worker.postMessage({ id, type: 'cancel' });
        setTimeout(() => {
          if (this.waiting.has(id)) this.restart(id, new CancelledError(), 'stopped');
        }, this.options.hardStopMs);
      },
    };
  }

  private watchdog(id: number): ReturnType<typeof setTimeout> | undefined {
    const ms = this.options.watchdogMs;
    if (!ms) return undefined;
    return setTimeout(() => {
      if (this.waiting.has(id)) this.restart(id, new Error(`the computation did not answer for ${ms / 1000} s and was stopped; the ${this.options.name} was restarted`), 'hung');
    }, ms);
  }

  /** Ends the worker the hard way, fails `id` with `reason` and every other request, starts anew. */
  private restart(id: number, reason: Error, cause: RestartCause) {
    this.worker.terminate();
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    if (w) clearTimeout(w.timer);
    w?.reject(reason);
    for (const other of this.waiting.values()) {
      clearTimeout(other.timer);
      other.reject(new WorkerRestartedError(`the ${this.options.name} was restarted`));
    }
    this.waiting.clear();
    this.start();
    this.onRestart?.(cause);
  }

  /** Ends the worker. */
  dispose(): void {
    this.worker.terminate();
    for (const w of this.waiting.values()) {
      clearTimeout(w.timer);
      w.reject(new Error(`the ${this.options.name} was closed`));
    }
    this.waiting.clear();
  }
}
