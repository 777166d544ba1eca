// Checkpoints happen off the event loop: the serving connection never copies the WAL into the database
// file itself, yet the file catches up within moments, and closing stops the worker.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { startCheckpointer } from '../../src/db/checkpointer.ts';

describe('checkpoints', () => {
  it('given many writes, the database file catches up with the log without the serving connection checkpointing', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'coach-ckpt-')), 'coach.db');
    const db = await openDatabase(`file:${file}`);
    // Until the worker runs (a moment after start-up), the serving connection checkpoints as SQLite does.
    expect(db.sql.get<{ wal_autocheckpoint: number }>('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 1000 });
    await db.checkpointing;
    expect(db.sql.get<{ wal_autocheckpoint: number }>('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 0 });
    const before = statSync(file).size;
    db.sql.write((tx) => {
      for (let i = 0; i < 2000; i++) tx.run(`INSERT INTO "ProcessedEvent" ("id", "processedAt") VALUES (?, ?)`, `event:e${i}`, '2026-12-01T10:00:00.000+00:00');
    });
    const deadline = Date.now() + 10_000;
    while (statSync(file).size === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(before);
    expect(db.sql.get<{ n: number }>('SELECT count(*) AS n FROM "ProcessedEvent"')).toEqual({ n: 2000 });
    await db.close();
  });
});

describe('a checkpointer that cannot run', () => {
  it('given a worker that cannot open the database, reports why once (the connection then checkpoints itself) and stops cleanly', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'coach-ckpt-bad-'));
    const failures: string[] = [];
    let ready = 0;
    const checkpointer = startCheckpointer(dir, { onReady: () => ready++, onFailure: (reason) => failures.push(reason) }, { delayMs: 0 });
    await checkpointer.running;
    await checkpointer.stop();
    expect(ready).toBe(0);
    expect(failures).toEqual(['SQLITE_CANTOPEN']);
  });
});
