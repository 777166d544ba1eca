import type { Prisma, PrismaClient } from '@prisma/client';
import type { LearnerRepository } from '../core/ports.ts';

export function createLearnerRepository(db: PrismaClient | Prisma.TransactionClient): LearnerRepository {
  return {
    async resolve(user) {
      const where = { platform_externalId: { platform: user.platform, externalId: user.id } };
      const identity = await db.identity.findUnique({ where });
      if (identity) {
        if (identity.displayName !== user.name) await db.identity.update({ where, data: { displayName: user.name } });
        return { id: identity.learnerId, displayName: user.name };
      }
      const learner = await db.learner.create({
        data: { identities: { create: { platform: user.platform, externalId: user.id, displayName: user.name } } },
      });
      return { id: learner.id, displayName: user.name };
    },
  };
}
