import type { Prisma, PrismaClient } from '@prisma/client';
import type { AttemptRepository } from '../core/ports.ts';

export function createAttemptRepository(db: PrismaClient | Prisma.TransactionClient): AttemptRepository {
  return {
    async quizAttempts(learnerId) {
      const rows = await db.quizAttempt.findMany({ where: { learnerId }, orderBy: { id: 'asc' } });
      return rows.map(({ id: _id, ...rest }) => rest);
    },
    async explainAttempts(learnerId) {
      const rows = await db.explainAttempt.findMany({ where: { learnerId }, orderBy: { id: 'asc' } });
      return rows.map(({ id: _id, points, ...rest }) => ({ ...rest, points: JSON.parse(points) as { id: string; hit: boolean }[] }));
    },
  };
}
