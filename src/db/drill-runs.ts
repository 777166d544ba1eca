// The scheduler's side of drills: runs created once per drill and local slot (the unique key does it, even
// if two instances try), each posting step recorded as it happens so a restart resumes where it stopped,
// reveals, and the lease that says which instance fires.
import type { DrillRecord, LeaderboardRow, RunStatus } from '../core/drills/model.ts';
import type { ConvRef } from '../core/messages.ts';
import type { Sql, SqlValue } from './sqlite.ts';
import { fromTimestamp, timestamp } from './timestamp.ts';
import { scores, toDrill, type DrillRow } from './drills.ts';

export interface PendingRun {
  id: string;
  drill: DrillRecord;
  slot: string;
  scheduledFor: Date;
  late: boolean;
  thread: ConvRef | null;
  deadlineAt: Date | null;
  attempts: number;
  /** The drill has missed runs no run has mentioned yet. */
  hasMissed: boolean;
  questions: { position: number; questionId: string; messageId: string | null }[];
}

interface RunRow extends DrillRow {
  runId: string;
  slot: string;
  scheduledFor: string;
  late: number;
  thread: string | null;
  deadlineAt: string | null;
  attempts: number;
  hasMissed: number;
}

/**
 * The runs matching `where` (on DrillRun r) with their drill and questions, in three statements whatever
 * their number: a busy minute loads ten thousand.
 */
function loadRuns(db: Sql, where: string, order: string, ...params: SqlValue[]): PendingRun[] {
  const rows = db.all<RunRow>(
    `SELECT d.*, r."id" AS "runId", r."slot", r."scheduledFor", r."late", r."thread", r."deadlineAt", r."attempts",
            EXISTS (SELECT 1 FROM "DrillRun" m WHERE m."drillId" = r."drillId" AND m."status" = 'missed' AND m."missedReported" = 0) AS "hasMissed"
     FROM "DrillRun" r JOIN "Drill" d ON d."id" = r."drillId" WHERE ${where} ORDER BY ${order}`,
    ...params,
  );
  const questions = new Map<string, PendingRun['questions']>();
  for (const q of db.all<{ runId: string; position: number; questionId: string; messageId: string | null }>(
    `SELECT q."runId", q."position", q."questionId", q."messageId" FROM "DrillRunQuestion" q JOIN "DrillRun" r ON r."id" = q."runId" WHERE ${where} ORDER BY q."runId", q."position"`,
    ...params,
  )) {
    const list = questions.get(q.runId);
    const entry = { position: q.position, questionId: q.questionId, messageId: q.messageId };
    if (list) list.push(entry);
    else questions.set(q.runId, [entry]);
  }
  return rows.map((r) => ({
    id: r.runId,
    drill: toDrill(r),
    slot: r.slot,
    scheduledFor: fromTimestamp(r.scheduledFor),
    late: r.late === 1,
    thread: r.thread ? (JSON.parse(r.thread) as ConvRef) : null,
    deadlineAt: r.deadlineAt ? fromTimestamp(r.deadlineAt) : null,
    attempts: r.attempts,
    hasMissed: r.hasMissed === 1,
    questions: questions.get(r.runId) ?? [],
  }));
}

/** Runs created but not completely posted (new, or interrupted by a crash or a platform error). */
export function pendingRuns(db: Sql): PendingRun[] {
  return loadRuns(db, `r."status" = 'created'`, `r."scheduledFor", r."id"`);
}

export function runsToReveal(db: Sql, now: Date): PendingRun[] {
  return loadRuns(db, `r."status" IN ('posted', 'revealing') AND r."deadlineAt" <= ?`, `r."deadlineAt", r."id"`, timestamp(now));
}

export function markThreadOpened(db: Sql, runId: string, thread: ConvRef, postedAt: Date, deadlineAt: Date): void {
  db.run(`UPDATE "DrillRun" SET "thread" = ?, "postedAt" = ?, "deadlineAt" = ? WHERE "id" = ?`, JSON.stringify(thread), timestamp(postedAt), timestamp(deadlineAt), runId);
}

/** The run's questions went out in one message. */
export function markQuestionsPosted(db: Sql, runId: string, messageId: string): void {
  db.run(`UPDATE "DrillRunQuestion" SET "messageId" = ? WHERE "runId" = ?`, messageId, runId);
}

/** `at`: required for 'revealed' (from the Clock, the one time source). */
export function setRunStatus(db: Sql, runId: string, status: RunStatus, at?: Date): void {
  if (status === 'revealed' && !at) throw new Error('a revealed run needs the time it was revealed');
  if (status === 'revealed') db.run(`UPDATE "DrillRun" SET "status" = ?, "revealedAt" = ? WHERE "id" = ?`, status, timestamp(at!), runId);
  else db.run(`UPDATE "DrillRun" SET "status" = ? WHERE "id" = ?`, status, runId);
}

export function countAttempt(db: Sql, runId: string): number {
  db.run(`UPDATE "DrillRun" SET "attempts" = "attempts" + 1 WHERE "id" = ?`, runId);
  return db.get<{ attempts: number }>(`SELECT "attempts" FROM "DrillRun" WHERE "id" = ?`, runId)!.attempts;
}

/** Slots missed since the drill's last posted run, to say so in the next one. */
export function unreportedMissed(db: Sql, drillId: number): string[] {
  return db.all<{ slot: string }>(`SELECT "slot" FROM "DrillRun" WHERE "drillId" = ? AND "status" = 'missed' AND "missedReported" = 0 ORDER BY "scheduledFor"`, drillId).map((r) => r.slot);
}

/** After the run that mentions them is open: the next run does not repeat them. */
export function markMissedReported(db: Sql, drillId: number, slots: string[]): void {
  for (const slot of slots) db.run(`UPDATE "DrillRun" SET "missedReported" = 1 WHERE "drillId" = ? AND "slot" = ? AND "status" = 'missed'`, drillId, slot);
}

export interface QuestionResult {
  counts: Record<string, number>;
  fastest?: { name: string; hidden: boolean; elapsedMs: number };
}

export function questionResult(db: Sql, runId: string, questionId: string, platform: string): QuestionResult {
  const counts: Record<string, number> = {};
  for (const r of db.all<{ optionId: string; n: number }>(`SELECT "optionId", COUNT(*) AS "n" FROM "DrillAnswer" WHERE "runId" = ? AND "questionId" = ? GROUP BY "optionId"`, runId, questionId)) counts[r.optionId] = r.n;
  const fastest = db.get<{ name: string | null; hidden: number | null; elapsedMs: number }>(
    `SELECT i."displayName" AS "name", p."hidden" AS "hidden", a."elapsedMs" FROM "DrillAnswer" a
     LEFT JOIN "Identity" i ON i."learnerId" = a."learnerId" AND i."platform" = ?
     LEFT JOIN "LeaderboardPrivacy" p ON p."learnerId" = a."learnerId"
     WHERE a."runId" = ? AND a."questionId" = ? AND a."correct" = 1 ORDER BY a."elapsedMs", a."answeredAt" LIMIT 1`,
    platform, runId, questionId,
  );
  return fastest ? { counts, fastest: { name: fastest.name ?? 'a member', hidden: fastest.hidden === 1, elapsedMs: fastest.elapsedMs } } : { counts };
}

export const runScores = (db: Sql, runId: string): LeaderboardRow[] => scores(db, `a."runId" = ?`, [runId]);

/**
 * Takes or renews the named lease for `holder` until now + ttl; false while another holder's lease runs.
 * One statement, so two instances asking at once cannot both get it.
 */
export function acquireLease(db: Sql, name: string, holder: string, now: Date, ttlMs: number): boolean {
  const { changes } = db.run(
    `INSERT INTO "SchedulerLease" ("name", "holder", "expiresAt") VALUES (?, ?, ?)
     ON CONFLICT ("name") DO UPDATE SET "holder" = excluded."holder", "expiresAt" = excluded."expiresAt"
     WHERE "SchedulerLease"."holder" = excluded."holder" OR "SchedulerLease"."expiresAt" <= ?`,
    name, holder, timestamp(new Date(now.getTime() + ttlMs)), timestamp(now),
  );
  return changes === 1;
}

export function releaseLease(db: Sql, name: string, holder: string): void {
  db.run(`DELETE FROM "SchedulerLease" WHERE "name" = ? AND "holder" = ?`, name, holder);
}
