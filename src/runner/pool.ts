// Bounded concurrency: one slot per concurrent job (each with its own uid and cgroup), a bounded queue in
// front, and an immediate "busy" when the queue is full so callers fail fast instead of piling up. A job
// whose caller gives up leaves the queue, or is killed if it already runs, so nobody waits behind work
// whose result nobody reads. Each idle slot keeps a sandbox prepared for the usual job shape, so a job
// mostly waits only for Python.
import type { Logger } from 'pino';
import { type SandboxJob, type SandboxResult, type SandboxShape, shapeKey } from './job.ts';
import { type PreparedSandbox, type RunningJob, type Slot, prepareSandbox, sweepSlot } from './sandbox.ts';

export class QueueFullError extends Error {
  override readonly name = 'QueueFullError';
}

export class PoolClosedError extends Error {
  override readonly name = 'PoolClosedError';
}

/** The caller's signal fired before the job could start: it left the queue and never ran. */
export class JobAbandonedError extends Error {
  override readonly name = 'JobAbandonedError';
}

interface Waiter {
  start(slot: Slot): void;
  reject(error: Error): void;
}

export interface PoolStats {
  readonly slots: number;
  readonly running: number;
  readonly queued: number;
  readonly queueLimit: number;
  /** Jobs whose caller went away: taken off the queue, or killed while running. */
  readonly abandoned: number;
}

export class SandboxPool {
  readonly #free: Slot[];
  readonly #queue: Waiter[] = [];
  readonly #prepared = new Map<number, PreparedSandbox>();
  readonly #running = new Set<RunningJob>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #slotCount: number;
  #closed = false;
  #abandoned = 0;

  constructor(
    slots: Slot[],
    private readonly queueLimit: number,
    private readonly log: Logger,
    private readonly usualShape: SandboxShape,
  ) {
    this.#free = [...slots];
    this.#slotCount = slots.length;
    for (const slot of slots) this.#prepare(slot);
  }

  get stats(): PoolStats {
    const { queueLimit } = this;
    return Object.freeze({ slots: this.#slotCount, running: this.#inFlight.size, queued: this.#queue.length, queueLimit, abandoned: this.#abandoned });
  }

  /**
   * Runs the job in the next free slot; rejects with QueueFullError at once when it would have to wait in a
   * full queue. When `left` fires, a queued job rejects with JobAbandonedError and a running one is killed
   * (its result reports endedBy 'abandoned').
   */
  run(job: SandboxJob, left?: AbortSignal): Promise<SandboxResult> {
    if (this.#closed) return Promise.reject(new PoolClosedError('runner is shutting down'));
    if (left?.aborted) {
      this.#abandoned += 1;
      return Promise.reject(new JobAbandonedError('the caller left before the job was queued'));
    }
    // Least recently used first: its prepared sandbox has had the longest time to get ready.
    const free = this.#free.shift();
    if (free) return this.#start(job, free, left);
    if (this.#queue.length >= this.queueLimit) {
      return Promise.reject(new QueueFullError(`all ${this.#slotCount} slots busy and ${this.queueLimit} jobs queued`));
    }
    return new Promise<SandboxResult>((resolve, reject) => {
      const leave = () => {
        const at = this.#queue.indexOf(waiter);
        if (at === -1) return;
        this.#queue.splice(at, 1);
        this.#abandoned += 1;
        reject(new JobAbandonedError('the caller left while the job was queued'));
      };
      const waiter: Waiter = {
        start: (slot) => {
          left?.removeEventListener('abort', leave);
          this.#start(job, slot, left).then(resolve, reject);
        },
        reject,
      };
      left?.addEventListener('abort', leave, { once: true });
      this.#queue.push(waiter);
    });
  }

  #prepare(slot: Slot): void {
    const prepared = prepareSandbox(this.usualShape, slot, this.log);
    prepared.ready.catch((error: Error) => this.log.warn({ slot: slot.index, err: error.message }, 'preparing a sandbox failed'));
    this.#prepared.set(slot.index, prepared);
  }

  async #takePrepared(job: SandboxJob, slot: Slot): Promise<PreparedSandbox> {
    const waiting = this.#prepared.get(slot.index);
    this.#prepared.delete(slot.index);
    if (waiting && waiting.key === shapeKey(job.shape)) {
      try {
        await waiting.ready;
        return waiting;
      } catch {
        // it failed while idle (already logged): prepare a fresh one below
      }
    }
    await waiting?.discard();
    const fresh = prepareSandbox(job.shape, slot, this.log);
    await fresh.ready;
    return fresh;
  }

  async #runIn(job: SandboxJob, slot: Slot, left: AbortSignal | undefined): Promise<SandboxResult> {
    const prepared = await this.#takePrepared(job, slot);
    if (this.#closed || left?.aborted) {
      await prepared.discard();
      if (this.#closed) throw new PoolClosedError('runner is shutting down');
      this.#abandoned += 1;
      throw new JobAbandonedError('the caller left before the job started');
    }
    const running = prepared.start(job);
    const abandon = () => running.stop('abandoned');
    left?.addEventListener('abort', abandon, { once: true });
    this.#running.add(running);
    try {
      const result = await running.result;
      if (result.endedBy === 'abandoned') this.#abandoned += 1;
      return result;
    } finally {
      left?.removeEventListener('abort', abandon);
      this.#running.delete(running);
    }
  }

  #start(job: SandboxJob, slot: Slot, left?: AbortSignal): Promise<SandboxResult> {
    const result = this.#runIn(job, slot, left);
    // The caller gets the result at once; the slot returns to service only once it is swept.
    const done = result
      .catch(() => {})
      .then(() => sweepSlot(slot, this.log))
      .finally(() => {
        this.#inFlight.delete(done);
        this.#release(slot);
      });
    this.#inFlight.add(done);
    return result;
  }

  #release(slot: Slot): void {
    const next = this.#closed ? undefined : this.#queue.shift();
    if (next) {
      next.start(slot);
      return;
    }
    this.#free.push(slot);
    // The next job most likely has the usual shape: prepare for it, but only after this job's answer is
    // on its way, since starting a process stalls the event loop for a few milliseconds.
    setImmediate(() => {
      if (!this.#closed && this.#free.includes(slot) && !this.#prepared.has(slot.index)) this.#prepare(slot);
    });
  }

  /** Refuses new jobs, fails queued ones, stops running ones and waits until every slot is empty. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#queue.splice(0)) waiter.reject(new PoolClosedError('runner is shutting down'));
    for (const job of this.#running) job.stop();
    const idle = [...this.#prepared.values()].map((prepared) => prepared.discard());
    this.#prepared.clear();
    await Promise.allSettled([...idle, ...this.#inFlight]);
  }
}
