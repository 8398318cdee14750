import type { DbReply, DbRequest, DbResults } from './dbProtocol.ts';

type Body<T extends DbRequest['type']> = Omit<Extract<DbRequest, { type: T }>, 'id' | 'type'>;

export interface DbJob<T> {
  promise: Promise<T>;
  cancel(): void;
}

export class DbCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'DbCancelledError';
  }
}

/**
 * How long a cancel may take before the worker is ended the hard way. Longer than the survey
 * worker's: DuckDB checks for interrupts between chunks of work, and ending the worker loses an
 * in-memory database (a persistent one is reopened from storage).
 */
const HARD_STOP_MS = 5000;

/**
 * The page's side of the customer-database worker: one request per id, progress callbacks,
 * cancel by message (DuckDB interrupts the running statement) and, if the worker does not answer
 * in time, by `terminate()`. After a restart the database must be opened again (`onRestart`).
 */
export class DbClient {
  private worker!: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: (f: number, stage: string, rows?: number) => void }>();
  /** Called when the worker had to be restarted, losing its connection and the scores it knew. */
  onRestart: (() => void) | null = null;

  constructor() {
    this.start();
  }

  private start() {
    this.worker = new Worker(new URL('./db.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<DbReply>) => {
      const r = e.data;
      const w = this.waiting.get(r.id);
      if (!w) return;
      if (r.type === 'progress') w.progress?.(r.fraction, r.stage, r.rows);
      else {
        this.waiting.delete(r.id);
        if (r.type === 'done') w.resolve(r.result);
        else w.reject(r.cancelled ? new DbCancelledError() : new Error(r.message));
      }
    };
    this.worker.onerror = (e) => {
      e.preventDefault();
      const message = e.message || 'the database worker stopped unexpectedly';
      for (const w of this.waiting.values()) w.reject(new Error(message));
      this.waiting.clear();
    };
  }

  call<T extends Exclude<DbRequest['type'], 'cancel'>>(type: T, body: Body<T>, progress?: (f: number, stage: string, rows?: number) => void): DbJob<DbResults[T]> {
    const id = this.nextId++;
    const promise = new Promise<DbResults[T]>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, progress });
    });
    this.worker.postMessage({ id, type, ...body } as DbRequest);
    return {
      promise,
      cancel: () => {
        if (!this.waiting.has(id)) return;
        this.worker.postMessage({ id, type: 'cancel' } satisfies DbRequest);
        setTimeout(() => {
          const w = this.waiting.get(id);
          if (!w) return;
          this.worker.terminate();
          this.waiting.delete(id);
          w.reject(new DbCancelledError());
          for (const other of this.waiting.values()) other.reject(new Error('the database worker was restarted'));
          this.waiting.clear();
          this.start();
          this.onRestart?.();
        }, HARD_STOP_MS);
      },
    };
  }

  /** Ends the worker (and DuckDB with it). */
  dispose(): void {
    this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new Error('the database worker was closed'));
    this.waiting.clear();
  }
}
