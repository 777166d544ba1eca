// Group commit for the posting steps: each run records a step (thread opened, questions posted) before
// its next platform call, so the record must be durable first; but a commit costs ~100 µs, and a busy
// minute has tens of thousands. Records made in the same turn of the event loop share one transaction,
// and every caller waits for that commit, so the guarantee per run is unchanged.
import type { Sql, SqliteConnection } from '../db/sqlite.ts';

export interface GroupWriter {
  /** Resolves once `change` is committed (with the others of its turn); rejects if that transaction failed. */
  write(change: (tx: Sql) => void): Promise<void>;
}

export function createGroupWriter(sql: SqliteConnection): GroupWriter {
  let pending: { change: (tx: Sql) => void; done: () => void; failed: (error: unknown) => void }[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    try {
      sql.write((tx) => {
        for (const p of batch) p.change(tx);
      });
    } catch (error) {
      for (const p of batch) p.failed(error);
      return;
    }
    for (const p of batch) p.done();
  };
  return {
    write(change) {
      return new Promise((done, failed) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ change, done, failed });
      });
    },
  };
}
