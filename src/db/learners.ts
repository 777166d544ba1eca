import { randomUUID } from 'node:crypto';
import type { UserRef } from '../core/messages.ts';
import type { Clock, LearnerRecord, LearnerRepository } from '../core/ports.ts';
import type { SqliteConnection } from './sqlite.ts';
import { timestamp } from './timestamp.ts';

/**
 * Identity -> learner, so that an event needs no write transaction; only a display-name change writes
 * again. A link or unlink (links.ts) can move an identity, in this process or another one on the same
 * database, so a cached entry is confirmed with one indexed read before it is used.
 */
export type LearnerCache = Map<string, LearnerRecord>;

const learnerIdOf = (db: SqliteConnection, user: UserRef) =>
  db.get<{ learnerId: string }>(`SELECT "learnerId" FROM "Identity" WHERE "platform" = ? AND "externalId" = ?`, user.platform, user.id)?.learnerId;

export function createLearnerRepository(db: SqliteConnection, clock: Clock, cache: LearnerCache = new Map()): LearnerRepository {
  // The time zone last written per identity, so an unchanged one costs no write.
  const zones = new Map<string, string>();
  return {
    async resolve(user) {
      const cacheKey = `${user.platform}:${user.id}`;
      const cached = cache.get(cacheKey);
      const zoneKnown = user.timeZone === undefined || zones.get(cacheKey) === user.timeZone;
      if (cached && cached.displayName === user.name && zoneKnown && learnerIdOf(db, user) === cached.id) return cached;
      // One transaction: two first events from the same person at once create one learner.
      const learnerId = db.write((tx) => {
        const identity = tx.get<{ learnerId: string; displayName: string; timeZone: string | null }>(
          `SELECT "learnerId", "displayName", "timeZone" FROM "Identity" WHERE "platform" = ? AND "externalId" = ?`, user.platform, user.id,
        );
        if (identity) {
          if (identity.displayName !== user.name) tx.run(`UPDATE "Identity" SET "displayName" = ? WHERE "platform" = ? AND "externalId" = ?`, user.name, user.platform, user.id);
          if (user.timeZone !== undefined && identity.timeZone !== user.timeZone) {
            tx.run(`UPDATE "Identity" SET "timeZone" = ? WHERE "platform" = ? AND "externalId" = ?`, user.timeZone, user.platform, user.id);
          }
          return identity.learnerId;
        }
        const id = randomUUID();
        const now = timestamp(clock.now());
        tx.run(`INSERT INTO "Learner" ("id", "createdAt") VALUES (?, ?)`, id, now);
        tx.run(
          `INSERT INTO "Identity" ("id", "platform", "externalId", "displayName", "timeZone", "learnerId", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
          randomUUID(), user.platform, user.id, user.name, user.timeZone ?? null, id, now,
        );
        return id;
      });
      const record = { id: learnerId, displayName: user.name };
      cache.set(cacheKey, record);
      if (user.timeZone !== undefined) zones.set(cacheKey, user.timeZone);
      return record;
    },
  };
}
