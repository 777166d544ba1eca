// Conversation and learner state with optimistic versions, written in one transaction with its effects.
// This is the hot path of every button press and answer.
import type { Clock, Effect, StateRepository, WriteOutcome } from '../core/ports.ts';
import { DuplicateClaim, rememberCompletions, writeEffect, type CompletedCache } from './effects.ts';
import { isUniqueViolation, type SqliteConnection } from './sqlite.ts';
import { timestamp } from './timestamp.ts';

class VersionConflict extends Error {}

export function createStateRepository(db: SqliteConnection, completed: CompletedCache, clock: Clock): StateRepository {
  return {
    async get(key) {
      const row = db.get<{ state: string; version: number }>(`SELECT "state", "version" FROM "ThreadState" WHERE "key" = ?`, key);
      return row ? { key, version: row.version, state: JSON.parse(row.state) as unknown } : undefined;
    },
    async save(key, state, expectedVersion, effects) {
      return writeAtomically(db, effects, completed, () => {
        const json = JSON.stringify(state);
        const now = timestamp(clock.now());
        if (expectedVersion === null) {
          try {
            db.run(`INSERT INTO "ThreadState" ("key", "state", "version", "updatedAt") VALUES (?, ?, 1, ?)`, key, json, now);
          } catch (error) {
            if (isUniqueViolation(error)) throw new VersionConflict();
            throw error;
          }
          return;
        }
        const { changes } = db.run(`UPDATE "ThreadState" SET "state" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "key" = ? AND "version" = ?`, json, now, key, expectedVersion);
        if (changes !== 1) throw new VersionConflict();
      });
    },
  };
}

/** One transaction for `before` and the effects; a conflict or duplicate anywhere rolls all of it back. */
export function writeAtomically(db: SqliteConnection, effects: Effect[], completed: CompletedCache, before: () => void = () => {}): WriteOutcome {
  try {
    db.write((tx) => {
      before();
      for (const effect of effects) writeEffect(tx, effect, completed);
    });
  } catch (error) {
    if (error instanceof VersionConflict) return 'conflict';
    if (error instanceof DuplicateClaim) return 'duplicate';
    throw error;
  }
  rememberCompletions(effects, completed);
  return 'saved';
}
