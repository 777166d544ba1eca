// Conversation and learner state with optimistic versions, written in one transaction with its effects.
// This is the hot path of every button press and answer.
import type { Clock, Effect, StateRepository, WriteOutcome } from '../core/ports.ts';
import { DuplicateClaim, rememberCompletions, writeEffect, type CompletedCache } from './effects.ts';
import { isUniqueViolation, type SqliteConnection } from './sqlite.ts';
import { timestamp } from './timestamp.ts';

class VersionConflict extends Error {}

/** Decoded states recently read, by key; more than this many keys and the oldest read is forgotten. */
export const DECODED_KEPT = 2000;

export function createStateRepository(db: SqliteConnection, completed: CompletedCache, clock: Clock): StateRepository {
  // Every event reads its states (an answer reads the learner's twice), and most reads find the row as this
  // process last read or wrote it. Such a read returns that very object, so JSON is not parsed again and the
  // core's validation of that object (threads.ts) is not repeated either. The stored text decides, not the
  // version, so whatever another process or a merge wrote is always decoded afresh. States are immutable
  // values to the core (it freezes them), so handing one object out again is safe.
  const decoded = new Map<string, { text: string; state: unknown }>();
  const remember = (key: string, text: string, state: unknown) => {
    decoded.delete(key);
    if (decoded.size >= DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
    decoded.set(key, { text, state });
  };
  return {
    async get(key) {
      const row = db.get<{ state: string; version: number }>(`SELECT "state", "version" FROM "ThreadState" WHERE "key" = ?`, key);
      if (!row) return undefined;
      const known = decoded.get(key);
      if (known?.text === row.state) return { key, version: row.version, state: known.state };
      const state = JSON.parse(row.state) as unknown;
      remember(key, row.state, state);
      return { key, version: row.version, state };
    },
    async save(key, state, expectedVersion, effects) {
      const json = JSON.stringify(state);
      const outcome = writeAtomically(db, effects, completed, () => {
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
      // The next read of this state (the learner's next answer) finds the object just saved.
      if (outcome === 'saved') remember(key, json, state);
      return outcome;
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
