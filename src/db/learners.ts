import { randomUUID } from 'node:crypto';
import type { LearnerRecord, LearnerRepository } from '../core/ports.ts';
import type { SqliteConnection } from './sqlite.ts';
import { timestamp } from './timestamp.ts';

/** Identity -> learner is stable once created, so it is cached; only a display-name change writes again. */
export type LearnerCache = Map<string, LearnerRecord>;

export function createLearnerRepository(db: SqliteConnection, cache: LearnerCache = new Map()): LearnerRepository {
  // The time zone last written per identity, so an unchanged one costs no write.
  const zones = new Map<string, string>();
  return {
    async resolve(user) {
      const cacheKey = `${user.platform}:${user.id}`;
      const cached = cache.get(cacheKey);
      const zoneKnown = user.timeZone === undefined || zones.get(cacheKey) === user.timeZone;
      if (cached && cached.displayName === user.name && zoneKnown) return cached;
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
        const now = timestamp(new Date());
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
