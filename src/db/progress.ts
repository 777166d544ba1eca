import type { Prisma, PrismaClient } from '@prisma/client';
import type { ProgressRepository } from '../core/ports.ts';
import { timestamp } from './timestamp.ts';


/** Marks a lesson completed; completion is monotonic, so the first completion time is kept. */
export async function completeLesson(db: PrismaClient | Prisma.TransactionClient, learnerId: string, lessonId: string, at: Date): Promise<void> {
  const when = timestamp(at);
  await db.$executeRaw`INSERT INTO "LessonProgress" ("learnerId", "lessonId", "status", "startedAt", "completedAt")
    VALUES (${learnerId}, ${lessonId}, 'completed', ${when}, ${when})
    ON CONFLICT ("learnerId", "lessonId") DO UPDATE SET "status" = 'completed', "completedAt" = excluded."completedAt"
    WHERE "LessonProgress"."status" <> 'completed'`;
}

/** "learner:lesson" pairs known to be completed (filled after commits). Completion never reverts. */
export type CompletedCache = Set<string>;

export function createProgressRepository(db: PrismaClient | Prisma.TransactionClient, completed: CompletedCache = new Set()): ProgressRepository {
  const key = (learnerId: string, lessonId: string) => ({ learnerId_lessonId: { learnerId, lessonId } });
  return {
    async enrollments(learnerId) {
      const rows = await db.enrollment.findMany({ where: { learnerId }, orderBy: { updatedAt: 'desc' } });
      return rows.map((r) => ({ trackId: r.trackId, currentStep: r.currentStep, updatedAt: r.updatedAt }));
    },
    async setCurrentStep(learnerId, trackId, step, at) {
      // The furthest step reached: revisiting an earlier lesson does not move progress backwards.
      const when = timestamp(at);
      await db.$executeRaw`INSERT INTO "Enrollment" ("learnerId", "trackId", "currentStep", "updatedAt") VALUES (${learnerId}, ${trackId}, ${step}, ${when})
        ON CONFLICT ("learnerId", "trackId") DO UPDATE SET "updatedAt" = excluded."updatedAt",
          "currentStep" = CASE WHEN excluded."currentStep" > "Enrollment"."currentStep" THEN excluded."currentStep" ELSE "Enrollment"."currentStep" END`;
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
      if (completed.has(`${learnerId}:${lessonId}`)) return;
      await completeLesson(db, learnerId, lessonId, at);
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
