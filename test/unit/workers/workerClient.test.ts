import { describe, it, expect, vi, afterEach } from 'vitest';
import { CancelledError, WorkerClient, WorkerRestartedError } from '../../../src/workers/workerClient.ts';

/** A fake Worker: records messages, replies only when the test says so, counts terminations. */
class FakeWorker {
  static made: FakeWorker[] = [];
  sent: { id: number; type: string }[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(m: { id: number; type: string }) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

type Req = { id: number; type: 'work'; n: number } | { id: number; type: 'cancel' };
const client = (watchdogMs = 1000) => new WorkerClient<Req, { work: number }>(() => new FakeWorker() as unknown as Worker, { hardStopMs: 100, watchdogMs, name: 'test worker' });

afterEach(() => {
  vi.useRealTimers();
  FakeWorker.made = [];
});

describe('WorkerClient', () => {
  it('resolves a request with its result and reports progress', async () => {
    const c = client();
    const progress: number[] = [];
    const job = c.call('work', { n: 3 }, (f) => progress.push(f));
    const w = FakeWorker.made[0];
    expect(w.sent[0]).toEqual({ id: 1, type: 'work', n: 3 });
    w.reply({ id: 1, type: 'progress', fraction: 0.5, stage: 's' });
    w.reply({ id: 1, type: 'done', result: 9 });
    expect(await job.promise).toBe(9);
    expect(progress).toEqual([0.5]);
  });

  it('turns an error reply into a rejected promise with its message', async () => {
    const c = client();
    const job = c.call('work', { n: 1 });
    FakeWorker.made[0].reply({ id: 1, type: 'error', message: 'bad input in row 3' });
    await expect(job.promise).rejects.toThrow('bad input in row 3');
  });

  it('cancels by message, and ends and restarts a worker that does not stop in time', async () => {
    vi.useFakeTimers();
    const c = client();
    let restarted = 0;
    c.onRestart = () => restarted++;
    const job = c.call('work', { n: 1 });
    job.cancel();
    expect(FakeWorker.made[0].sent[1]).toEqual({ id: 1, type: 'cancel' });
    vi.advanceTimersByTime(150);
    await expect(job.promise).rejects.toBeInstanceOf(CancelledError);
    expect(FakeWorker.made[0].terminated).toBe(true);
    expect(FakeWorker.made).toHaveLength(2);
    expect(restarted).toBe(1);
  });

  it('fails a request queued behind the one ended the hard way as restarted, so that the caller may send it again', async () => {
    vi.useFakeTimers();
    const c = client();
    const stuck = c.call('work', { n: 1 });
    stuck.cancel();
    const queued = c.call('work', { n: 2 });
    vi.advanceTimersByTime(150);
    await expect(stuck.promise).rejects.toBeInstanceOf(CancelledError);
    await expect(queued.promise).rejects.toBeInstanceOf(WorkerRestartedError);
    await expect(queued.promise).rejects.toThrow('the test worker was restarted');
  });

  it('ends a request that stays silent past the watchdog, with a message, and starts a fresh worker', async () => {
    vi.useFakeTimers();
    const c = client(1000);
    const job = c.call('work', { n: 1 });
    vi.advanceTimersByTime(900);
    FakeWorker.made[0].reply({ id: 1, type: 'progress', fraction: 0.1, stage: 's' }); // progress resets the watchdog
    vi.advanceTimersByTime(900);
    expect(FakeWorker.made).toHaveLength(1);
    vi.advanceTimersByTime(200);
    await expect(job.promise).rejects.toThrow(/did not answer for 1 s .* test worker was restarted/);
    expect(FakeWorker.made).toHaveLength(2);
    // The new worker serves the next request.
    const next = c.call('work', { n: 2 });
    FakeWorker.made[1].reply({ id: 2, type: 'done', result: 4 });
    expect(await next.promise).toBe(4);
  });

  it('tells onRestart why: hung past the watchdog, or a cancel that did not stop in time', async () => {
    vi.useFakeTimers();
    const c = client(1000);
    const causes: string[] = [];
    c.onRestart = (cause) => causes.push(cause);
    const hung = c.call('work', { n: 1 });
    vi.advanceTimersByTime(1100);
    await expect(hung.promise).rejects.toThrow(/did not answer/);
    const stuck = c.call('work', { n: 2 });
    stuck.cancel();
    vi.advanceTimersByTime(150);
    await expect(stuck.promise).rejects.toBeInstanceOf(CancelledError);
    expect(causes).toEqual(['hung', 'stopped']);
  });

  it('with restartOnCrash, fails the requests of a crashed worker saying so and starts a fresh one, at most 3 times a minute (issue 12 item 17)', async () => {
    vi.useFakeTimers();
    const c = new WorkerClient<Req, { work: number }>(() => new FakeWorker() as unknown as Worker, { hardStopMs: 100, watchdogMs: 1000, name: 'database worker', restartOnCrash: true });
    const causes: string[] = [];
    c.onRestart = (cause) => causes.push(cause);
    const crash = (w: FakeWorker) => w.onerror?.({ message: 'RuntimeError: Aborted(OOM)', preventDefault() {} } as ErrorEvent);
    const job = c.call('work', { n: 1 });
    crash(FakeWorker.made[0]);
    await expect(job.promise).rejects.toThrow('RuntimeError: Aborted(OOM); the database worker was restarted');
    expect(FakeWorker.made[0].terminated).toBe(true);
    expect(FakeWorker.made).toHaveLength(2);
    expect(causes).toEqual(['crashed']);
    // The fresh worker serves the next request.
    const next = c.call('work', { n: 2 });
    FakeWorker.made[1].reply({ id: 2, type: 'done', result: 4 });
    expect(await next.promise).toBe(4);
    // A worker that crashes as it starts is not restarted in a loop: after 3 in a minute it stays down.
    crash(FakeWorker.made[1]);
    crash(FakeWorker.made[2]);
    const last = c.call('work', { n: 3 });
    crash(FakeWorker.made[3]);
    await expect(last.promise).rejects.toThrow(/^RuntimeError: Aborted\(OOM\)$/);
    expect(FakeWorker.made).toHaveLength(4);
    expect(causes).toEqual(['crashed', 'crashed', 'crashed']);
    // A minute later it may restart again.
    vi.advanceTimersByTime(61_000);
    crash(FakeWorker.made[3]);
    expect(FakeWorker.made).toHaveLength(5);
  });

  it('without restartOnCrash (the survey worker) fails the requests and keeps the worker, as before', async () => {
    const c = client();
    let restarted = 0;
    c.onRestart = () => restarted++;
    const job = c.call('work', { n: 1 });
    FakeWorker.made[0].onerror?.({ message: '', preventDefault() {} } as ErrorEvent);
    await expect(job.promise).rejects.toThrow('the test worker stopped unexpectedly');
    expect([FakeWorker.made.length, restarted]).toEqual([1, 0]);
  });

  it('keeps a request queued behind a working one alive: any message from the worker starts every watchdog again', async () => {
    vi.useFakeTimers();
    const c = client(1000);
    const running = c.call('work', { n: 1 });
    const queued = c.call('work', { n: 2 });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(900);
      FakeWorker.made[0].reply({ id: 1, type: 'progress', fraction: i / 5, stage: 's' });
    }
    FakeWorker.made[0].reply({ id: 1, type: 'done', result: 1 });
    expect(await running.promise).toBe(1);
    expect(FakeWorker.made).toHaveLength(1);
    // Once the worker falls silent, the queued request's own watchdog still ends a hang.
    vi.advanceTimersByTime(1100);
    await expect(queued.promise).rejects.toThrow(/did not answer for 1 s/);
    expect(FakeWorker.made).toHaveLength(2);
  });
});
