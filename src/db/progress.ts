import type { AttemptRepository, ProgressRepository } from '../core/ports.ts';
import type { SqliteConnection } from './sqlite.ts';
import { fromTimestamp } from './timestamp.ts';

export function createProgressRepository(db: SqliteConnection): ProgressRepository {
  return {
    async enrollments(learnerId) {
      const rows = db.all<{ trackId: string; currentStep: number; updatedAt: string }>(
        `SELECT "trackId", "currentStep", "updatedAt" FROM "Enrollment" WHERE "learnerId" = ? ORDER BY "updatedAt" DESC`, learnerId,
      );
      return rows.map((r) => ({ trackId: r.trackId, currentStep: r.currentStep, updatedAt: fromTimestamp(r.updatedAt) }));
    },
    async lessonProgress(learnerId) {
      const rows = db.all<{ lessonId: string; status: string; confidence: number | null; startedAt: string; completedAt: string | null }>(
        `SELECT "lessonId", "status", "confidence", "startedAt", "completedAt" FROM "LessonProgress" WHERE "learnerId" = ?`, learnerId,
      );
      return rows.map((r) => ({
        lessonId: r.lessonId,
        status: r.status === 'completed' ? 'completed' : 'started',
        confidence: r.confidence,
        startedAt: fromTimestamp(r.startedAt),
        completedAt: r.completedAt === null ? null : fromTimestamp(r.completedAt),
      }));
    },
    async confidenceHistory(learnerId) {
      const rows = db.all<{ lessonId: string; value: number; ratedAt: string }>(
        `SELECT "lessonId", "value", "ratedAt" FROM "ConfidenceRating" WHERE "learnerId" = ? ORDER BY "ratedAt" ASC, "id" ASC`, learnerId,
      );
      return rows.map((r) => ({ lessonId: r.lessonId, value: r.value, ratedAt: fromTimestamp(r.ratedAt) }));
    },
    async exerciseCompletions(learnerId) {
      const rows = db.all<{ exerciseId: string; lessonId: string; completedAt: string }>(
        `SELECT "exerciseId", "lessonId", "completedAt" FROM "ExerciseCompletion" WHERE "learnerId" = ? ORDER BY "completedAt" ASC`, learnerId,
      );
      return rows.map((r) => ({ ...r, completedAt: fromTimestamp(r.completedAt) }));
    },
  };
}

export function createAttemptRepository(db: SqliteConnection): AttemptRepository {
  return {
    async quizAttempts(learnerId) {
      const rows = db.all<{ learnerId: string; questionId: string; lessonId: string; topic: string; chosen: string; correct: number; sessionId: string; answeredAt: string }>(
        `SELECT "learnerId", "questionId", "lessonId", "topic", "chosen", "correct", "sessionId", "answeredAt" FROM "QuizAttempt" WHERE "learnerId" = ? ORDER BY "id" ASC`, learnerId,
      );
      return rows.map((r) => ({ ...r, correct: r.correct === 1, answeredAt: fromTimestamp(r.answeredAt) }));
    },
    async explainAttempts(learnerId) {
      const rows = db.all<{ learnerId: string; lessonId: string; text: string; seconds: number; words: number; late: number; score: number; points: string; answeredAt: string }>(
        `SELECT "learnerId", "lessonId", "text", "seconds", "words", "late", "score", "points", "answeredAt" FROM "ExplainAttempt" WHERE "learnerId" = ? ORDER BY "id" ASC`, learnerId,
      );
      return rows.map((r) => ({ ...r, late: r.late === 1, points: JSON.parse(r.points) as { id: string; hit: boolean }[], answeredAt: fromTimestamp(r.answeredAt) }));
    },
  };
}
