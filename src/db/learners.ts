import { randomUUID } from 'node:crypto';
import type { LearnerRecord, LearnerRepository } from '../core/ports.ts';
import type { SqliteConnection } from './sqlite.ts';
import { timestamp } from './timestamp.ts';

/** Identity -> learner is stable once created, so it is cached; only a display-name change writes again. */
export type LearnerCache = Map<string, LearnerRecord>;

export function createLearnerRepository(db: SqliteConnection, cache: LearnerCache = new Map()): LearnerRepository {
  return {
    async resolve(user) {
      const cacheKey = `${user.platform}:${user.id}`;
      const cached = cache.get(cacheKey);
      if (cached && cached.displayName === user.name) return cached;
      // One transaction: two first events from the same person at once create one learner.
      const learnerId = db.write((tx) => {
        const identity = tx.get<{ learnerId: string; displayName: string }>(
          `SELECT "learnerId", "displayName" FROM "Identity" WHERE "platform" = ? AND "externalId" = ?`, user.platform, user.id,
        );
        if (identity) {
          if (identity.displayName !== user.name) tx.run(`UPDATE "Identity" SET "displayName" = ? WHERE "platform" = ? AND "externalId" = ?`, user.name, user.platform, user.id);
          return identity.learnerId;
        }
        const id = randomUUID();
        const now = timestamp(new Date());
        tx.run(`INSERT INTO "Learner" ("id", "createdAt") VALUES (?, ?)`, id, now);
        tx.run(`INSERT INTO "Identity" ("id", "platform", "externalId", "displayName", "learnerId", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`, randomUUID(), user.platform, user.id, user.name, id, now);
        return id;
      });
      const record = { id: learnerId, displayName: user.name };
      cache.set(cacheKey, record);
      return record;
    },
  };
}
