// Moves SQLite's WAL checkpoints off the event loop. With automatic checkpoints, every thousandth page
// written makes one unlucky commit copy the log into the database and fsync it, inside a learner's
// request (the p99 of an answer). Instead a worker thread with its own connection checkpoints every
// half second, and the serving connection never does.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick */ } };
const timer = setInterval(tick, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); tick(); db.close(); parentPort.postMessage('closed'); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** `onFailure`: the worker could not start or died; the caller goes back to automatic checkpoints. */
export function startCheckpointer(file: string, onFailure: (error: Error) => void, everyMs = 500): Checkpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { file, everyMs, driver: require.resolve('better-sqlite3') } });
  worker.unref();
  worker.on('error', onFailure);
  let stopped: Promise<void> | undefined;
  return {
    // A last checkpoint, then the worker ends; asking twice waits for the same stop.
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('error', () => resolve());
        worker.postMessage('stop');
      })),
  };
}
