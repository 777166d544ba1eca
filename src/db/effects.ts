// Writes one Effect inside a write transaction. A duplicate `once` claim throws DuplicateClaim, which the
// caller turns into a rollback of the whole transaction: a second press writes nothing at all. So does a
// `delivered` claim already settled: another handler of the same event (one whose lease it took over) saved first.
import type { Effect } from '../core/ports.ts';
import { isUniqueViolation, type Sql } from './sqlite.ts';
import { timestamp } from './timestamp.ts';

export class DuplicateClaim extends Error {}

/** "learner:lesson" pairs known to be completed (filled after commits). Completion never reverts. */
export type CompletedCache = Set<string>;

const completionKey = (learnerId: string, lessonId: string) => `${learnerId}:${lessonId}`;

export function writeEffect(tx: Sql, effect: Effect, completed: CompletedCache): void {
  switch (effect.kind) {
    case 'quizAttempt': {
      const a = effect.attempt;
      tx.run(
        `INSERT INTO "QuizAttempt" ("learnerId", "questionId", "lessonId", "topic", "chosen", "correct", "sessionId", "answeredAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        a.learnerId, a.questionId, a.lessonId, a.topic, a.chosen, a.correct ? 1 : 0, a.sessionId, timestamp(a.answeredAt),
      );
      return;
    }
    case 'explainAttempt': {
      const a = effect.attempt;
      tx.run(
        `INSERT INTO "ExplainAttempt" ("learnerId", "lessonId", "text", "seconds", "words", "late", "score", "points", "answeredAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        a.learnerId, a.lessonId, a.text, a.seconds, a.words, a.late ? 1 : 0, a.score, JSON.stringify(a.points), timestamp(a.answeredAt),
      );
      return;
    }
    case 'lessonStarted':
      tx.run(
        `INSERT INTO "LessonProgress" ("learnerId", "lessonId", "status", "startedAt") VALUES (?, ?, 'started', ?) ON CONFLICT ("learnerId", "lessonId") DO NOTHING`,
        effect.learnerId, effect.lessonId, timestamp(effect.at),
      );
      return;
    case 'lessonCompleted': {
      if (completed.has(completionKey(effect.learnerId, effect.lessonId))) return;
      // Completion is monotonic: the first completion time is kept.
      const when = timestamp(effect.at);
      tx.run(
        `INSERT INTO "LessonProgress" ("learnerId", "lessonId", "status", "startedAt", "completedAt") VALUES (?, ?, 'completed', ?, ?)
         ON CONFLICT ("learnerId", "lessonId") DO UPDATE SET "status" = 'completed', "completedAt" = excluded."completedAt" WHERE "LessonProgress"."status" <> 'completed'`,
        effect.learnerId, effect.lessonId, when, when,
      );
      return;
    }
    case 'stepReached':
      // The furthest step reached: revisiting an earlier lesson does not move progress backwards.
      tx.run(
        `INSERT INTO "Enrollment" ("learnerId", "trackId", "currentStep", "updatedAt") VALUES (?, ?, ?, ?)
         ON CONFLICT ("learnerId", "trackId") DO UPDATE SET "updatedAt" = excluded."updatedAt",
           "currentStep" = CASE WHEN excluded."currentStep" > "Enrollment"."currentStep" THEN excluded."currentStep" ELSE "Enrollment"."currentStep" END`,
        effect.learnerId, effect.trackId, effect.step, timestamp(effect.at),
      );
      return;
    case 'confidenceRated': {
      const when = timestamp(effect.at);
      tx.run(`INSERT INTO "ConfidenceRating" ("learnerId", "lessonId", "value", "ratedAt") VALUES (?, ?, ?, ?)`, effect.learnerId, effect.lessonId, effect.value, when);
      tx.run(
        `INSERT INTO "LessonProgress" ("learnerId", "lessonId", "status", "startedAt", "confidence") VALUES (?, ?, 'started', ?, ?)
         ON CONFLICT ("learnerId", "lessonId") DO UPDATE SET "confidence" = excluded."confidence"`,
        effect.learnerId, effect.lessonId, when, effect.value,
      );
      return;
    }
    case 'exerciseSolved':
      tx.run(
        `INSERT INTO "ExerciseCompletion" ("learnerId", "exerciseId", "lessonId", "completedAt") VALUES (?, ?, ?, ?) ON CONFLICT ("learnerId", "exerciseId") DO NOTHING`,
        effect.learnerId, effect.exerciseId, effect.lessonId, timestamp(effect.at),
      );
      return;
    case 'once':
    case 'delivered':
      try {
        tx.run(`INSERT INTO "ProcessedEvent" ("id", "processedAt") VALUES (?, ?)`, `${effect.kind === 'once' ? 'once' : 'event'}:${effect.id}`, timestamp(effect.at));
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateClaim(effect.id);
        throw error;
      }
      // Settled now, so the lease (store.ts) has done its work: no second transaction to drop it later.
      if (effect.kind === 'delivered') tx.run(`DELETE FROM "ProcessedEvent" WHERE "id" = ?`, `lease:${effect.id}`);
      return;
  }
}

/** After the commit only: a rolled-back completion must not be remembered as done. */
export function rememberCompletions(effects: Effect[], completed: CompletedCache): void {
  for (const e of effects) if (e.kind === 'lessonCompleted') completed.add(completionKey(e.learnerId, e.lessonId));
}
