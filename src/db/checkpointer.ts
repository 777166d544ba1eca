// Moves SQLite's WAL checkpoints off the event loop. With automatic checkpoints, every thousandth page
// written makes one unlucky commit copy the log into the database and fsync it, inside a learner's
// request (the p99 of an answer). Instead a worker thread with its own connection checkpoints every
// half second, and once it runs the serving connection stops checkpointing itself. The worker starts a
// moment after start-up, so it does not compete with the first reply.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
/** Past the first reply of a cold start (about 1.3 s here). */
const START_DELAY_MS = 3000;
/** Longer than a last checkpoint takes (the worker's busy timeout is 5 s). */
const STOP_WAIT_MS = 6000;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick */ } };
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); tick(); db.close(); parentPort.postMessage('closed'); });
parentPort.postMessage('ready');
`;

export interface Checkpointer {
  /** Settles when the worker checkpoints (or failed to start, and the connection does it again). */
  readonly running: Promise<void>;
  stop(): Promise<void>;
}

export interface CheckpointerEvents {
  /** The worker checkpoints now: the serving connection may stop doing it. */
  onReady(): void;
  /** The worker could not start or died: the serving connection goes back to checkpointing itself. */
  onFailure(reason: string): void;
}

export function startCheckpointer(file: string, events: CheckpointerEvents, options: { everyMs?: number; delayMs?: number } = {}): Checkpointer {
  let worker: Worker | undefined;
  let exited = false;
  let stopped: Promise<void> | undefined;
  let settle!: () => void;
  const running = new Promise<void>((resolve) => (settle = resolve));
  const begin = () => {
    worker = new Worker(WORKER, { eval: true, workerData: { file, everyMs: options.everyMs ?? 500, driver: require.resolve('better-sqlite3') } });
    worker.unref();
    worker.once('message', () => {
      events.onReady();
      settle();
    });
    worker.on('error', (error: unknown) => {
      // A driver error crosses the thread boundary as a plain object ({ code }), not an Error.
      const { message, code } = (error ?? {}) as { message?: string; code?: string };
      events.onFailure(message ?? code ?? String(error));
      settle();
    });
    worker.once('exit', () => {
      exited = true;
      settle();
    });
  };
  // Not unref'd: whoever awaits `running` keeps the process up until it settles; close() clears it.
  const delay = setTimeout(begin, options.delayMs ?? START_DELAY_MS);
  return {
    running,
    // A last checkpoint, then the worker ends; asking twice waits for the same stop.
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        clearTimeout(delay);
        if (!worker || exited) return resolve();
        const running = worker;
        // Held while it finishes: an unref'd worker would let the process end with close() still pending
        // (a script awaiting close() then exits with code 13). Bounded, should the worker never answer.
        running.ref();
        const giveUp = setTimeout(() => void running.terminate(), STOP_WAIT_MS);
        const done = () => {
          clearTimeout(giveUp);
          resolve();
        };
        running.removeAllListeners('message');
        running.once('message', () => void running.terminate().then(done));
        running.once('exit', done);
        running.postMessage('stop');
      })),
  };
}
