// Moving history between learners, inside the caller's write transaction (links.ts). Everything that
// names a learner id in the database is rewritten here, so after the commit no row, no conversation state
// and no one-shot claim names the merged learner any more, and the hot path (one key per state) needs no
// alias lookups. The rules for rows both learners have:
// - Enrollment: the furthest step per track, and the later "used last" time (so the track used last by
//   either comes first);
// - LessonProgress: completed beats started, the earliest start and the earliest completion, the
//   confidence of the newest rating of the two;
// - ExerciseCompletion: one per exercise, the first (earliest) kept;
// - quiz and explain attempts and confidence ratings are all kept, moved as they are;
// - DrillAnswer: one per run and question (a member answers once), the earlier answer kept;
// - LeaderboardPrivacy: hidden when either learner hid their name.
import type { Sql } from './sqlite.ts';
import { fromTimestamp } from './timestamp.ts';

const earlier = (a: string, b: string) => (fromTimestamp(b) < fromTimestamp(a) ? b : a);
const later = (a: string, b: string) => (fromTimestamp(b) > fromTimestamp(a) ? b : a);

/** Merges learner `from` into learner `into` and deletes `from`. */
export function mergeLearners(tx: Sql, from: string, into: string): void {
  mergeEnrollments(tx, from, into);
  mergeLessonProgress(tx, from, into);
  mergeExercises(tx, from, into);
  mergeDrillAnswers(tx, from, into);
  mergePrivacy(tx, from, into);
  for (const table of ['QuizAttempt', 'ExplainAttempt', 'ConfidenceRating', 'Identity']) {
    tx.run(`UPDATE "${table}" SET "learnerId" = ? WHERE "learnerId" = ?`, into, from);
  }
  moveConversationStates(tx, from, into, '');
  copyClaims(tx, from, into);
  tx.run(`DELETE FROM "ProcessedEvent" WHERE "id" LIKE ?`, `once:${from}:%`);
  const created = tx.all<{ createdAt: string }>(`SELECT "createdAt" FROM "Learner" WHERE "id" IN (?, ?)`, from, into).map((r) => r.createdAt);
  if (created.length === 2) tx.run(`UPDATE "Learner" SET "createdAt" = ? WHERE "id" = ?`, earlier(created[0]!, created[1]!), into);
  // Its unused link codes go with it (cascade); nothing else refers to it any more.
  tx.run(`DELETE FROM "Learner" WHERE "id" = ?`, from);
}

function mergeEnrollments(tx: Sql, from: string, into: string): void {
  type Row = { trackId: string; currentStep: number; updatedAt: string };
  const mine = new Map(tx.all<Row>(`SELECT "trackId", "currentStep", "updatedAt" FROM "Enrollment" WHERE "learnerId" = ?`, into).map((r) => [r.trackId, r]));
  for (const theirs of tx.all<Row>(`SELECT "trackId", "currentStep", "updatedAt" FROM "Enrollment" WHERE "learnerId" = ?`, from)) {
    const kept = mine.get(theirs.trackId);
    if (!kept) {
      tx.run(`UPDATE "Enrollment" SET "learnerId" = ? WHERE "learnerId" = ? AND "trackId" = ?`, into, from, theirs.trackId);
      continue;
    }
    tx.run(
      `UPDATE "Enrollment" SET "currentStep" = ?, "updatedAt" = ? WHERE "learnerId" = ? AND "trackId" = ?`,
      Math.max(kept.currentStep, theirs.currentStep), later(kept.updatedAt, theirs.updatedAt), into, theirs.trackId,
    );
    tx.run(`DELETE FROM "Enrollment" WHERE "learnerId" = ? AND "trackId" = ?`, from, theirs.trackId);
  }
}

function mergeLessonProgress(tx: Sql, from: string, into: string): void {
  type Row = { lessonId: string; status: string; startedAt: string; completedAt: string | null; confidence: number | null };
  const select = `SELECT "lessonId", "status", "startedAt", "completedAt", "confidence" FROM "LessonProgress" WHERE "learnerId" = ?`;
  const mine = new Map(tx.all<Row>(select, into).map((r) => [r.lessonId, r]));
  for (const theirs of tx.all<Row>(select, from)) {
    const kept = mine.get(theirs.lessonId);
    if (!kept) {
      tx.run(`UPDATE "LessonProgress" SET "learnerId" = ? WHERE "learnerId" = ? AND "lessonId" = ?`, into, from, theirs.lessonId);
      continue;
    }
    const completions = [kept.completedAt, theirs.completedAt].filter((c): c is string => c !== null);
    const completedAt = completions.length === 0 ? null : completions.reduce(earlier);
    tx.run(
      `UPDATE "LessonProgress" SET "status" = ?, "startedAt" = ?, "completedAt" = ?, "confidence" = ? WHERE "learnerId" = ? AND "lessonId" = ?`,
      completedAt === null ? 'started' : 'completed', earlier(kept.startedAt, theirs.startedAt), completedAt,
      newestConfidence(tx, [from, into], theirs.lessonId) ?? kept.confidence ?? theirs.confidence, into, theirs.lessonId,
    );
    tx.run(`DELETE FROM "LessonProgress" WHERE "learnerId" = ? AND "lessonId" = ?`, from, theirs.lessonId);
  }
}

/** The lesson's current confidence is its newest rating, whichever learner gave it. */
function newestConfidence(tx: Sql, learners: [string, string], lessonId: string): number | null {
  const ratings = tx.all<{ value: number; ratedAt: string }>(
    `SELECT "value", "ratedAt" FROM "ConfidenceRating" WHERE "learnerId" IN (?, ?) AND "lessonId" = ? ORDER BY "id" ASC`, ...learners, lessonId,
  );
  // Stable on equal times: the later row wins, as it did when it was written.
  const newest = ratings.reduce<{ value: number; ratedAt: string } | undefined>((best, r) => (!best || fromTimestamp(r.ratedAt) >= fromTimestamp(best.ratedAt) ? r : best), undefined);
  return newest?.value ?? null;
}

function mergeExercises(tx: Sql, from: string, into: string): void {
  type Row = { exerciseId: string; lessonId: string; completedAt: string };
  const select = `SELECT "exerciseId", "lessonId", "completedAt" FROM "ExerciseCompletion" WHERE "learnerId" = ?`;
  const mine = new Map(tx.all<Row>(select, into).map((r) => [r.exerciseId, r]));
  for (const theirs of tx.all<Row>(select, from)) {
    const kept = mine.get(theirs.exerciseId);
    if (!kept) {
      tx.run(`UPDATE "ExerciseCompletion" SET "learnerId" = ? WHERE "learnerId" = ? AND "exerciseId" = ?`, into, from, theirs.exerciseId);
      continue;
    }
    if (earlier(kept.completedAt, theirs.completedAt) !== kept.completedAt) {
      tx.run(`UPDATE "ExerciseCompletion" SET "completedAt" = ?, "lessonId" = ? WHERE "learnerId" = ? AND "exerciseId" = ?`, theirs.completedAt, theirs.lessonId, into, theirs.exerciseId);
    }
    tx.run(`DELETE FROM "ExerciseCompletion" WHERE "learnerId" = ? AND "exerciseId" = ?`, from, theirs.exerciseId);
  }
}

function mergeDrillAnswers(tx: Sql, from: string, into: string): void {
  type Row = { runId: string; questionId: string; answeredAt: string };
  const select = `SELECT "runId", "questionId", "answeredAt" FROM "DrillAnswer" WHERE "learnerId" = ?`;
  const mine = new Map(tx.all<Row>(select, into).map((r) => [`${r.runId}|${r.questionId}`, r]));
  for (const theirs of tx.all<Row>(select, from)) {
    const kept = mine.get(`${theirs.runId}|${theirs.questionId}`);
    const where = `WHERE "runId" = ? AND "questionId" = ? AND "learnerId" = ?`;
    if (kept && earlier(kept.answeredAt, theirs.answeredAt) === kept.answeredAt) {
      tx.run(`DELETE FROM "DrillAnswer" ${where}`, theirs.runId, theirs.questionId, from);
      continue;
    }
    if (kept) tx.run(`DELETE FROM "DrillAnswer" ${where}`, theirs.runId, theirs.questionId, into);
    tx.run(`UPDATE "DrillAnswer" SET "learnerId" = ? ${where}`, into, theirs.runId, theirs.questionId, from);
  }
}

function mergePrivacy(tx: Sql, from: string, into: string): void {
  const theirs = tx.get<{ hidden: number; updatedAt: string }>(`SELECT "hidden", "updatedAt" FROM "LeaderboardPrivacy" WHERE "learnerId" = ?`, from);
  if (!theirs) return;
  const kept = tx.get<{ hidden: number }>(`SELECT "hidden" FROM "LeaderboardPrivacy" WHERE "learnerId" = ?`, into);
  if (!kept) tx.run(`UPDATE "LeaderboardPrivacy" SET "learnerId" = ? WHERE "learnerId" = ?`, into, from);
  else if (theirs.hidden && !kept.hidden) tx.run(`UPDATE "LeaderboardPrivacy" SET "hidden" = 1, "updatedAt" = ? WHERE "learnerId" = ?`, theirs.updatedAt, into);
}

/**
 * Conversation states (threads.ts) that name `from`: its own states (key "conv|from") get the key
 * "conv|into", and threads it opened (`learnerId` in the state) name `into` as their owner. `keyPrefix`
 * limits this to one platform's conversations ("slack:"), or '' for all. The owner rewrite bumps the
 * version, so a handler that read the state before saves nothing stale: it conflicts and reads again.
 */
export function moveConversationStates(tx: Sql, from: string, into: string, keyPrefix: string): void {
  const suffix = `|${from}`;
  for (const { key } of tx.all<{ key: string }>(`SELECT "key" FROM "ThreadState" WHERE "key" LIKE ?`, `${keyPrefix}%${suffix}`)) {
    const target = key.slice(0, -suffix.length) + `|${into}`;
    // One account per platform per learner means `into` has no state in this conversation; if it
    // somehow does, its own state is the one kept.
    if (tx.get(`SELECT 1 AS found FROM "ThreadState" WHERE "key" = ?`, target)) tx.run(`DELETE FROM "ThreadState" WHERE "key" = ?`, key);
    else tx.run(`UPDATE "ThreadState" SET "key" = ?, "version" = "version" + 1 WHERE "key" = ?`, target, key);
  }
  // Written by JSON.stringify, so the owner appears exactly like this; the parse below confirms it.
  const owned = tx.all<{ key: string; state: string }>(`SELECT "key", "state" FROM "ThreadState" WHERE "key" LIKE ? AND "key" NOT LIKE ? AND "state" LIKE ?`, `${keyPrefix}%`, '%|%', `%"learnerId":${JSON.stringify(from)}%`);
  for (const row of owned) {
    const state = JSON.parse(row.state) as { learnerId?: unknown };
    if (state.learnerId !== from) continue;
    tx.run(`UPDATE "ThreadState" SET "state" = ?, "version" = "version" + 1 WHERE "key" = ?`, JSON.stringify({ ...state, learnerId: into }), row.key);
  }
}

/** One-shot claims ("once:learner:press"): `into` must find every press `from` made as already made. */
export function copyClaims(tx: Sql, from: string, into: string): void {
  const prefix = `once:${from}:`;
  tx.run(
    `INSERT INTO "ProcessedEvent" ("id", "processedAt") SELECT ? || substr("id", ?), "processedAt" FROM "ProcessedEvent" WHERE "id" LIKE ? ON CONFLICT ("id") DO NOTHING`,
    `once:${into}:`, prefix.length + 1, `${prefix}%`,
  );
}
