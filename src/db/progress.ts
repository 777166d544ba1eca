import type { Prisma, PrismaClient } from '@prisma/client';
import type { ProgressRepository } from '../core/ports.ts';

/** "learner:lesson" pairs known to be completed. Completion never reverts, so caching it is safe. */
export type CompletedCache = Set<string>;

export function createProgressRepository(db: PrismaClient | Prisma.TransactionClient, completed: CompletedCache = new Set()): ProgressRepository {
  const key = (learnerId: string, lessonId: string) => ({ learnerId_lessonId: { learnerId, lessonId } });
  return {
    async enrollments(learnerId) {
      const rows = await db.enrollment.findMany({ where: { learnerId }, orderBy: { updatedAt: 'desc' } });
      return rows.map((r) => ({ trackId: r.trackId, currentStep: r.currentStep, updatedAt: r.updatedAt }));
    },
    async setCurrentStep(learnerId, trackId, step, at) {
      await db.enrollment.upsert({
        where: { learnerId_trackId: { learnerId, trackId } },
        create: { learnerId, trackId, currentStep: step, updatedAt: at },
        update: { currentStep: step, updatedAt: at },
      });
    },
    async lessonProgress(learnerId) {
      const rows = await db.lessonProgress.findMany({ where: { learnerId } });
      return rows.map((r) => ({
        lessonId: r.lessonId,
        status: r.status === 'completed' ? 'completed' : 'started',
        confidence: r.confidence,
        startedAt: r.startedAt,
        completedAt: r.completedAt,
      }));
    },
    async markStarted(learnerId, lessonId, at) {
      await db.lessonProgress.upsert({ where: key(learnerId, lessonId), create: { learnerId, lessonId, status: 'started', startedAt: at }, update: {} });
    },
    async markCompleted(learnerId, lessonId, at) {
      const cacheKey = `${learnerId}:${lessonId}`;
      if (completed.has(cacheKey)) return;
      const existing = await db.lessonProgress.findUnique({ where: key(learnerId, lessonId) });
      if (existing?.status === 'completed') {
        completed.add(cacheKey);
        return;
      }
      // Cached only once the write is certain: inside a transaction that may still roll back, it is not.
      await db.lessonProgress.upsert({
        where: key(learnerId, lessonId),
        create: { learnerId, lessonId, status: 'completed', startedAt: at, completedAt: at },
        update: { status: 'completed', completedAt: at },
      });
    },
    async rateConfidence(learnerId, lessonId, value, at) {
      await db.confidenceRating.create({ data: { learnerId, lessonId, value, ratedAt: at } });
      await db.lessonProgress.upsert({
        where: key(learnerId, lessonId),
        create: { learnerId, lessonId, status: 'started', startedAt: at, confidence: value },
        update: { confidence: value },
      });
    },
    async confidenceHistory(learnerId) {
      const rows = await db.confidenceRating.findMany({ where: { learnerId }, orderBy: [{ ratedAt: 'asc' }, { id: 'asc' }] });
      return rows.map((r) => ({ lessonId: r.lessonId, value: r.value, ratedAt: r.ratedAt }));
    },
  };
}
