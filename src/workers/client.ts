import type { Reply, Request, Results } from './protocol.ts';

type Body<T extends Request['type']> = Omit<Extract<Request, { type: T }>, 'id' | 'type'>;

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

/** How long a cancel may take before the worker is ended the hard way and started anew. */
const HARD_STOP_MS = 1500;
/**
 * A request that sends no message for this long is taken as hung (e.g. a numeric routine that
 * never returns): the worker is ended and started anew, and the request fails with a message.
 * Every long step posts progress far more often than this.
 */
export const WATCHDOG_MS = 60_000;

/**
 * The page's side of the survey worker: one request at a time per id, progress callbacks,
 * cancel by message and, if the worker does not answer in time, by `terminate()`.
 */
export class SurveyClient {
  private worker!: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: (f: number, stage: string, rows?: number) => void; timer: ReturnType<typeof setTimeout> }>();
  /** Called when the worker had to be restarted, losing its state. */
  onRestart: (() => void) | null = null;

  constructor() {
    this.start();
  }

  private start() {
    this.worker = new Worker(new URL('./survey.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      const w = this.waiting.get(r.id);
      if (!w) return;
      clearTimeout(w.timer);
      if (r.type === 'progress') {
        w.timer = this.watchdog(r.id);
        w.progress?.(r.fraction, r.stage, r.rows);
      } else {
        this.waiting.delete(r.id);
        if (r.type === 'done') w.resolve(r.result);
        else w.reject(r.cancelled ? new CancelledError() : new Error(r.message));
      }
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      const message = e.message || 'the worker stopped unexpectedly';
      for (const w of this.waiting.values()) w.reject(new Error(message));
      this.waiting.clear();
    };
  }

  call<T extends Request['type']>(type: T, body: Body<T>, progress?: (f: number, stage: string, rows?: number) => void): Job<Results[T & keyof Results]> {
    const id = this.nextId++;
    const promise = new Promise<Results[T & keyof Results]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, progress, timer: this.watchdog(id) });
    });
    this.worker.postMessage({ id, type, ...body } as Request);
    return {
      promise,
      cancel: () => {
        if (!this.waiting.has(id)) return;
        this.worker.postMessage({ id, type: 'cancel' } satisfies Request);
        setTimeout(() => {
          if (this.waiting.has(id)) this.restart(id, new CancelledError());
        }, HARD_STOP_MS);
      },
    };
  }

  private watchdog(id: number): ReturnType<typeof setTimeout> {
    return setTimeout(() => {
      if (this.waiting.has(id)) this.restart(id, new Error(`the computation did not answer for ${WATCHDOG_MS / 1000} s and was stopped; the worker was restarted`));
    }, WATCHDOG_MS);
  }

  /** Ends the worker the hard way, fails `id` with `reason` and every other request, starts anew. */
  private restart(id: number, reason: Error) {
    this.worker.terminate();
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    w?.reject(reason);
    for (const other of this.waiting.values()) {
      clearTimeout(other.timer);
      other.reject(new Error('the worker was restarted'));
    }
    this.waiting.clear();
    this.start();
    this.onRestart?.();
  }
}
