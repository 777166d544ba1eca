import type { Prisma, PrismaClient } from '@prisma/client';
import type { LearnerRecord, LearnerRepository } from '../core/ports.ts';
import type { UserRef } from '../core/messages.ts';

/** Identity -> learner is stable once created, so it is cached; only a display-name change writes again. */
export type LearnerCache = Map<string, LearnerRecord>;

export function createLearnerRepository(db: PrismaClient | Prisma.TransactionClient, cache: LearnerCache = new Map()): LearnerRepository {
  return {
    async resolve(user) {
      const cacheKey = `${user.platform}:${user.id}`;
      const cached = cache.get(cacheKey);
      if (cached && cached.displayName === user.name) return cached;
      const record = await resolveUncached(user);
      cache.set(cacheKey, record);
      return record;
    },
  };

  async function resolveUncached(user: UserRef): Promise<LearnerRecord> {
    const where = { platform_externalId: { platform: user.platform, externalId: user.id } };
    const identity = await db.identity.findUnique({ where });
    if (identity) {
      if (identity.displayName !== user.name) await db.identity.update({ where, data: { displayName: user.name } });
      return { id: identity.learnerId, displayName: user.name };
    }
    try {
      const learner = await db.learner.create({
        data: { identities: { create: { platform: user.platform, externalId: user.id, displayName: user.name } } },
      });
      return { id: learner.id, displayName: user.name };
    } catch (error) {
      // Two first events from the same person at once: the other one created the identity; use it.
      if ((error as { code?: string }).code !== 'P2002') throw error;
      const created = await db.identity.findUniqueOrThrow({ where });
      return { id: created.learnerId, displayName: user.name };
    }
  }
}
