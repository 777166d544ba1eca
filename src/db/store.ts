// The core's Store port on the one SQLite connection (sqlite.ts). Every method is one synchronous
// statement or one synchronous transaction, so handlers running at once never see each other's half-done
// writes.
import type { Clock, EventLog, Store } from '../core/ports.ts';
import type { CompletedCache } from './effects.ts';
import { createLearnerRepository, type LearnerCache } from './learners.ts';
import { createLinkRepository } from './links.ts';
import { createDrillRepository } from './drills.ts';
import { createAttemptRepository, createProgressRepository } from './progress.ts';
import type { SqliteConnection } from './sqlite.ts';
import { createStateRepository, writeAtomically } from './states.ts';
import { timestamp } from './timestamp.ts';

/** `clock`: the one time source, also for the timestamps the store keeps of its own (when a row was written). */
export function createSqliteStore(db: SqliteConnection, clock: Clock): Store {
  const completed: CompletedCache = new Set();
  // Shared, so a link or unlink makes the next event of the moved account resolve its new learner.
  const learnerCache: LearnerCache = new Map();
  return {
    learners: createLearnerRepository(db, clock, learnerCache),
    links: createLinkRepository(db, learnerCache),
    progress: createProgressRepository(db),
    attempts: createAttemptRepository(db),
    states: createStateRepository(db, completed, clock),
    events: createEventLog(db),
    drills: createDrillRepository(db),
    async write(effects) {
      // With no state to compare there is no version to conflict with.
      return writeAtomically(db, effects, completed) as 'saved' | 'duplicate';
    },
  };
}

// A delivery is "lease:<id>" while it is handled and "event:<id>" once settled; the settled row is also
// written by the event's first committing transaction (the `delivered` effect, effects.ts).
function createEventLog(db: SqliteConnection): EventLog {
  return {
    async claim(eventId, at, staleBefore) {
      // Inside write(): a full disk at the claim is reported as such, and the check and the lease are one step.
      return db.write((tx) => {
        if (tx.get(`SELECT 1 AS found FROM "ProcessedEvent" WHERE "id" = ?`, `event:${eventId}`)) return false;
        return (
          tx.run(
            `INSERT INTO "ProcessedEvent" ("id", "processedAt") VALUES (?, ?)
             ON CONFLICT ("id") DO UPDATE SET "processedAt" = excluded."processedAt" WHERE "ProcessedEvent"."processedAt" < ?`,
            `lease:${eventId}`, timestamp(at), timestamp(staleBefore),
          ).changes === 1
        );
      });
    },
    async settle(eventId, at) {
      db.write((tx) => {
        tx.run(`INSERT INTO "ProcessedEvent" ("id", "processedAt") VALUES (?, ?) ON CONFLICT ("id") DO NOTHING`, `event:${eventId}`, timestamp(at));
        tx.run(`DELETE FROM "ProcessedEvent" WHERE "id" = ?`, `lease:${eventId}`);
      });
    },
    async release(eventId) {
      db.run(`DELETE FROM "ProcessedEvent" WHERE "id" = ?`, `lease:${eventId}`);
    },
    async prune(deliveriesBefore, pressesBefore) {
      return db.write(
        (tx) =>
          tx.run(`DELETE FROM "ProcessedEvent" WHERE ("id" LIKE 'event:%' OR "id" LIKE 'lease:%') AND "processedAt" < ?`, timestamp(deliveriesBefore)).changes +
          tx.run(`DELETE FROM "ProcessedEvent" WHERE "id" LIKE 'once:%' AND "processedAt" < ?`, timestamp(pressesBefore)).changes,
      );
    },
  };
}
