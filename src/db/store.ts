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

function createEventLog(db: SqliteConnection): EventLog {
  return {
    async claim(eventId, at) {
      return db.run(`INSERT INTO "ProcessedEvent" ("id", "processedAt") VALUES (?, ?) ON CONFLICT ("id") DO NOTHING`, `event:${eventId}`, timestamp(at)).changes === 1;
    },
    async release(eventId) {
      db.run(`DELETE FROM "ProcessedEvent" WHERE "id" = ?`, `event:${eventId}`);
    },
    async prune(before) {
      // Only deliveries: a button's one-shot claim must outlive the message it is on.
      return db.run(`DELETE FROM "ProcessedEvent" WHERE "id" LIKE 'event:%' AND "processedAt" < ?`, timestamp(before)).changes;
    },
  };
}
