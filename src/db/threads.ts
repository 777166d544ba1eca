// Thread state and the records written with it. This is the hot path of every button press and answer, so
// it uses raw SQL through Prisma: about a third of the cost of the query builder per statement, which keeps
// a quiz answer's p99 inside its budget. Identifiers are quoted so the SQL also runs on PostgreSQL.
import type { Prisma, PrismaClient } from '@prisma/client';
import type { ThreadCommitRecord, ThreadRepository } from '../core/ports.ts';
import { completeLesson, type CompletedCache } from './progress.ts';
import { timestamp } from './timestamp.ts';

type Db = PrismaClient | Prisma.TransactionClient;

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002' || /UNIQUE constraint failed/.test(String((error as Error).message));

export function createThreadRepository(db: Db, completed: CompletedCache, transaction: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>): ThreadRepository {
  return {
    async get(key) {
      const rows = await db.$queryRaw<{ state: string; version: number | bigint }[]>`SELECT "state", "version" FROM "ThreadState" WHERE "key" = ${key}`;
      const row = rows[0];
      return row ? { key, version: Number(row.version), state: JSON.parse(row.state) as unknown } : undefined;
    },
    async put(key, state, expectedVersion) {
      const json = JSON.stringify(state);
      const now = timestamp(new Date());
      if (expectedVersion === null) {
        try {
          await db.$executeRaw`INSERT INTO "ThreadState" ("key", "state", "version", "updatedAt") VALUES (${key}, ${json}, 1, ${now})`;
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      }
      const count = await db.$executeRaw`UPDATE "ThreadState" SET "state" = ${json}, "version" = "version" + 1, "updatedAt" = ${now} WHERE "key" = ${key} AND "version" = ${expectedVersion}`;
      return count === 1;
    },
    async commit(key, state, expectedVersion, records) {
      const newlyCompleted: string[] = [];
      const saved = await transaction(async (tx) => {
        const now = timestamp(new Date());
        const count = await tx.$executeRaw`UPDATE "ThreadState" SET "state" = ${JSON.stringify(state)}, "version" = "version" + 1, "updatedAt" = ${now} WHERE "key" = ${key} AND "version" = ${expectedVersion}`;
        if (count !== 1) return false;
        for (const record of records) {
          if (record.kind === 'lessonCompleted' && completed.has(`${record.learnerId}:${record.lessonId}`)) continue;
          await writeRecord(tx, record);
          if (record.kind === 'lessonCompleted') newlyCompleted.push(`${record.learnerId}:${record.lessonId}`);
        }
        return true;
      });
      // Only after the commit: a rolled-back completion must not be remembered as done.
      for (const entry of newlyCompleted) completed.add(entry);
      return saved;
    },
  };
}

async function writeRecord(tx: Db, record: ThreadCommitRecord): Promise<void> {
  switch (record.kind) {
    case 'quizAttempt': {
      const a = record.attempt;
      await tx.$executeRaw`INSERT INTO "QuizAttempt" ("learnerId", "questionId", "lessonId", "topic", "chosen", "correct", "sessionId", "answeredAt")
        VALUES (${a.learnerId}, ${a.questionId}, ${a.lessonId}, ${a.topic}, ${a.chosen}, ${a.correct}, ${a.sessionId}, ${timestamp(a.answeredAt)})`;
      return;
    }
    case 'explainAttempt': {
      const a = record.attempt;
      await tx.$executeRaw`INSERT INTO "ExplainAttempt" ("learnerId", "lessonId", "text", "seconds", "words", "late", "score", "points", "answeredAt")
        VALUES (${a.learnerId}, ${a.lessonId}, ${a.text}, ${a.seconds}, ${a.words}, ${a.late}, ${a.score}, ${JSON.stringify(a.points)}, ${timestamp(a.answeredAt)})`;
      return;
    }
    case 'lessonCompleted':
      await completeLesson(tx, record.learnerId, record.lessonId, record.at);
      return;
  }
}
