// The drill repository (the core's DrillRepository port): drills, hand-started runs, answers (one row per
// run, question and member, replaced on change) and leaderboards computed in one query from stored names.
import type { DeliveryClaim, DrillAnswerRecord, DrillRecord, DrillRepository, DrillSettings, LeaderboardRow, QuestionHistory, RunStatus } from '../core/drills/model.ts';
import type { Slot } from '../core/drills/zoned.ts';
import type { Platform } from '../core/messages.ts';
import type { Sql, SqliteConnection, SqlValue } from './sqlite.ts';
import { fromTimestamp, timestamp } from './timestamp.ts';
import { insertRun } from './drill-creation.ts';
import { DuplicateClaim, writeEffect } from './effects.ts';

export interface DrillRow {
  id: number;
  platform: string;
  workspaceId: string;
  channelId: string;
  name: string;
  scheduleLabel: string;
  cron: string;
  timeZone: string;
  trackId: string;
  lessonIds: string | null;
  questions: number;
  windowMinutes: number;
  graceMinutes: number;
  status: string;
  nextDueAt: string | null;
  nextSlot: string | null;
  createdBy: string;
}

export function toDrill(row: DrillRow): DrillRecord {
  return {
    id: row.id,
    name: row.name,
    channel: { platform: row.platform as Platform, workspaceId: row.workspaceId, channelId: row.channelId },
    scheduleLabel: row.scheduleLabel,
    cron: row.cron,
    timeZone: row.timeZone,
    trackId: row.trackId,
    lessonIds: row.lessonIds ? (JSON.parse(row.lessonIds) as string[]) : null,
    questions: row.questions,
    windowMinutes: row.windowMinutes,
    graceMinutes: row.graceMinutes,
    status: row.status as DrillRecord['status'],
    nextDueAt: row.nextDueAt ? fromTimestamp(row.nextDueAt) : null,
    nextSlot: row.nextSlot,
    createdBy: row.createdBy,
  };
}

export function insertDrill(tx: Sql, s: DrillSettings, next: Slot, at: Date): number {
  const when = timestamp(at);
  tx.run(
    `INSERT INTO "Drill" ("platform", "workspaceId", "channelId", "name", "scheduleLabel", "cron", "timeZone", "trackId", "lessonIds", "questions", "windowMinutes", "graceMinutes", "status", "nextDueAt", "nextSlot", "createdBy", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
    s.channel.platform, s.channel.workspaceId, s.channel.channelId, s.name, s.scheduleLabel, s.cron, s.timeZone, s.trackId,
    s.lessonIds ? JSON.stringify(s.lessonIds) : null, s.questions, s.windowMinutes, s.graceMinutes, timestamp(next.at), next.local, s.createdBy, when, when,
  );
  return tx.get<{ id: number }>(`SELECT last_insert_rowid() AS "id"`)!.id;
}

const FIND_BY_NAME = `SELECT * FROM "Drill" WHERE "platform" = ? AND "workspaceId" = ? AND "status" <> 'deleted' AND lower("name") = lower(?)`;

export function createDrillRepository(db: SqliteConnection): DrillRepository {
  return {
    async create(settings, next, at) {
      return db.write((tx) => {
        // Checked inside the write lock, so two leads creating the same name at once get one drill.
        if (tx.get(FIND_BY_NAME, settings.channel.platform, settings.channel.workspaceId, settings.name)) return undefined;
        const id = insertDrill(tx, settings, next, at);
        return toDrill(tx.get<DrillRow>(`SELECT * FROM "Drill" WHERE "id" = ?`, id)!);
      });
    },
    async find(platform, workspaceId, ref) {
      const row = /^\d+$/.test(ref)
        ? db.get<DrillRow>(`SELECT * FROM "Drill" WHERE "platform" = ? AND "workspaceId" = ? AND "status" <> 'deleted' AND "id" = ?`, platform, workspaceId, Number(ref))
        : db.get<DrillRow>(FIND_BY_NAME, platform, workspaceId, ref);
      return row ? toDrill(row) : undefined;
    },
    async list(platform, workspaceId) {
      return db.all<DrillRow>(`SELECT * FROM "Drill" WHERE "platform" = ? AND "workspaceId" = ? AND "status" <> 'deleted' ORDER BY "id"`, platform, workspaceId).map(toDrill);
    },
    async setStatus(id, status, next, at) {
      db.run(
        `UPDATE "Drill" SET "status" = ?, "nextDueAt" = ?, "nextSlot" = ?, "updatedAt" = ? WHERE "id" = ?`,
        status, next ? timestamp(next.at) : null, next?.local ?? null, timestamp(at), id,
      );
    },
    async history(channel) {
      return channelHistory(db, channel);
    },
    async createRun(drill, slot, questionIds, at) {
      return db.write((tx) => insertRun(tx, drill.id, slot, questionIds, at, { late: false }));
    },
    async answerTarget(runId, position) {
      const row = db.get<{ status: string; deadlineAt: string | null; postedAt: string | null; questionId: string; windowMinutes: number; timeZone: string }>(
        `SELECT r."status", r."deadlineAt", r."postedAt", q."questionId", d."windowMinutes", d."timeZone"
         FROM "DrillRunQuestion" q JOIN "DrillRun" r ON r."id" = q."runId" JOIN "Drill" d ON d."id" = r."drillId"
         WHERE q."runId" = ? AND q."position" = ?`,
        runId, position,
      );
      if (!row) return undefined;
      return {
        runId,
        status: row.status as RunStatus,
        deadlineAt: row.deadlineAt ? fromTimestamp(row.deadlineAt) : null,
        postedAt: row.postedAt ? fromTimestamp(row.postedAt) : null,
        questionId: row.questionId,
        windowMinutes: row.windowMinutes,
        timeZone: row.timeZone,
      };
    },
    async recordAnswer(a: DrillAnswerRecord, claim?: DeliveryClaim) {
      try {
        return recordAnswerIn(db, a, claim);
      } catch (error) {
        if (error instanceof DuplicateClaim) return 'duplicate' as const;
        throw error;
      }
    },
    async leaderboard(scope) {
      // revealedAt rather than status: the planner then starts from the channel's drills, not every revealed run.
      const where = [`d."platform" = ?`, `d."workspaceId" = ?`, `r."revealedAt" IS NOT NULL`];
      const params: SqlValue[] = [scope.platform, scope.workspaceId];
      if (scope.channelId !== undefined) {
        where.push(`d."channelId" = ?`);
        params.push(scope.channelId);
      }
      if (scope.since) {
        where.push(`r."scheduledFor" >= ?`);
        params.push(timestamp(scope.since));
      }
      return scores(db, where.join(' AND '), params);
    },
    async setLeaderboardHidden(learnerId, hidden, at) {
      db.run(
        `INSERT INTO "LeaderboardPrivacy" ("learnerId", "hidden", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("learnerId") DO UPDATE SET "hidden" = excluded."hidden", "updatedAt" = excluded."updatedAt"`,
        learnerId, hidden ? 1 : 0, timestamp(at),
      );
    },
  };
}

/** One answer, insert-once per run, question and member; with the delivery's claim in the same transaction. */
function recordAnswerIn(db: SqliteConnection, a: DrillAnswerRecord, claim: DeliveryClaim | undefined): 'new' | 'changed' | 'closed' {
  return db.write((tx) => {
    // Checked with the write: once the reveal has started (or the deadline passed) nothing more counts.
    const open = tx.get(`SELECT 1 FROM "DrillRun" WHERE "id" = ? AND "status" IN ('created', 'posted') AND "deadlineAt" > ?`, a.runId, timestamp(a.answeredAt));
    if (!open) return 'closed' as const;
    if (claim) writeEffect(tx, claim, NO_COMPLETIONS);
    const existed = tx.get(`SELECT 1 FROM "DrillAnswer" WHERE "runId" = ? AND "questionId" = ? AND "learnerId" = ?`, a.runId, a.questionId, a.learnerId) !== undefined;
    // The primary key (run, question, member) makes a second answer an update, never a second row.
    tx.run(
      `INSERT INTO "DrillAnswer" ("runId", "questionId", "learnerId", "optionId", "correct", "points", "elapsedMs", "answeredAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("runId", "questionId", "learnerId") DO UPDATE SET "optionId" = excluded."optionId", "correct" = excluded."correct",
         "points" = excluded."points", "elapsedMs" = excluded."elapsedMs", "answeredAt" = excluded."answeredAt"`,
      a.runId, a.questionId, a.learnerId, a.optionId, a.correct ? 1 : 0, a.points, a.elapsedMs, timestamp(a.answeredAt),
    );
    return existed ? ('changed' as const) : ('new' as const);
  });
}

// A claim is not a completion: nothing to remember.
const NO_COMPLETIONS = new Set<string>();

/** Points, right answers and answers per member, with the name the platform last gave us. */
export function scores(db: Sql, where: string, params: SqlValue[]): LeaderboardRow[] {
  const rows = db.all<{ learnerId: string; name: string | null; hidden: number | null; points: number; correct: number; answered: number }>(
    `SELECT a."learnerId", MIN(i."displayName") AS "name", MAX(p."hidden") AS "hidden",
            SUM(a."points") AS "points", SUM(a."correct") AS "correct", COUNT(*) AS "answered"
     FROM "DrillAnswer" a JOIN "DrillRun" r ON r."id" = a."runId" JOIN "Drill" d ON d."id" = r."drillId"
     LEFT JOIN "Identity" i ON i."learnerId" = a."learnerId" AND i."platform" = d."platform"
     LEFT JOIN "LeaderboardPrivacy" p ON p."learnerId" = a."learnerId"
     WHERE ${where}
     GROUP BY a."learnerId"
     ORDER BY "points" DESC, "correct" DESC, "name"`,
    ...params,
  );
  return rows.map((r) => ({ learnerId: r.learnerId, name: r.name ?? 'a member', hidden: r.hidden === 1, points: r.points, correct: r.correct, answered: r.answered }));
}

/** Seen: the run's thread was opened (postedAt; not status, so the planner starts from the channel's drills). */
export function channelHistory(db: Sql, channel: { platform: string; workspaceId: string; channelId: string }): QuestionHistory[] {
  return db.all<QuestionHistory>(
    `SELECT q."questionId" AS "questionId", COUNT(DISTINCT q."runId") AS "asked", COUNT(a."learnerId") AS "answered",
            COALESCE(SUM(CASE WHEN a."correct" = 0 THEN 1 ELSE 0 END), 0) AS "wrong"
     FROM "DrillRunQuestion" q JOIN "DrillRun" r ON r."id" = q."runId" JOIN "Drill" d ON d."id" = r."drillId"
     LEFT JOIN "DrillAnswer" a ON a."runId" = q."runId" AND a."questionId" = q."questionId"
     WHERE d."platform" = ? AND d."workspaceId" = ? AND d."channelId" = ? AND r."postedAt" IS NOT NULL
     GROUP BY q."questionId"`,
    channel.platform, channel.workspaceId, channel.channelId,
  );
}
