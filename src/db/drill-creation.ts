// Creating runs, the scheduler's busiest write: a minute can have ten thousand drills due. Each step is
// set-based (one statement per chunk of drills instead of one per drill and question), and each still
// decides per drill: a drill moves on only from the slot this instance read (compare-and-set), and a run
// is created only once per drill and local slot (the unique key), whoever else is trying.
import { randomInt } from 'node:crypto';
import type { DrillRecord, QuestionHistory } from '../core/drills/model.ts';
import type { Slot } from '../core/drills/zoned.ts';
import type { Sql, SqlValue } from './sqlite.ts';
import { timestamp } from './timestamp.ts';
import { toDrill, type DrillRow } from './drills.ts';

// Time-ordered (milliseconds and a counter in base 36, then two random digits that keep two instances
// apart): a minute's runs land next to each other in the id index instead of on random pages, which was most
// of what creating ten thousand cost. 14 characters, short enough for a button's payload.
let lastMs = 0;
let counter = 0;
export function newRunId(at = Date.now()): string {
  // Never backwards (a clock set back would reuse a millisecond's counters).
  const now = Math.max(at, lastMs);
  if (now === lastMs) counter++;
  else [lastMs, counter] = [now, 0];
  return `${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(3, '0')}${randomInt(36 ** 2).toString(36).padStart(2, '0')}`;
}

/** Rows per statement: well inside SQLite's limit on bound values, large enough to amortise each statement. */
const CHUNK = 100;

/** Runs `statement` over `rows` in chunks, with a VALUES list of one `tuple` (e.g. "(?, ?)") per row. */
function chunked<R>(rows: readonly R[], tuple: string, statement: (values: string, chunk: readonly R[]) => void): void {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    statement(Array.from(chunk, () => tuple).join(', '), chunk);
  }
}

export function dueDrills(db: Sql, now: Date): DrillRecord[] {
  return db.all<DrillRow>(`SELECT * FROM "Drill" WHERE "status" = 'active' AND "nextDueAt" <= ? ORDER BY "nextDueAt", "id"`, timestamp(now)).map(toDrill);
}

/**
 * What each channel with a drill due has been asked (posted runs only) and how its members answered, in one
 * query for every due channel: the key is `platform workspaceId channelId` (see channelKey).
 */
export function dueChannelHistories(db: Sql, now: Date): Map<string, QuestionHistory[]> {
  const rows = db.all<QuestionHistory & { channel: string }>(
    // CROSS JOIN keeps this order: from the few due channels down their runs, never a scan of all history.
    `WITH "due" AS (SELECT DISTINCT "platform", "workspaceId", "channelId" FROM "Drill" WHERE "status" = 'active' AND "nextDueAt" <= ?)
     SELECT c."platform" || ' ' || c."workspaceId" || ' ' || c."channelId" AS "channel", q."questionId" AS "questionId",
            COUNT(DISTINCT q."runId") AS "asked", COUNT(a."learnerId") AS "answered",
            COALESCE(SUM(CASE WHEN a."correct" = 0 THEN 1 ELSE 0 END), 0) AS "wrong"
     FROM "due" c CROSS JOIN "Drill" d CROSS JOIN "DrillRun" r CROSS JOIN "DrillRunQuestion" q
     LEFT JOIN "DrillAnswer" a ON a."runId" = q."runId" AND a."questionId" = q."questionId"
     WHERE d."platform" = c."platform" AND d."workspaceId" = c."workspaceId" AND d."channelId" = c."channelId"
       AND r."drillId" = d."id" AND r."postedAt" IS NOT NULL AND q."runId" = r."id"
     GROUP BY c."platform", c."workspaceId", c."channelId", q."questionId"`,
    timestamp(now),
  );
  const byChannel = new Map<string, QuestionHistory[]>();
  for (const { channel, ...history } of rows) {
    const list = byChannel.get(channel);
    if (list) list.push(history);
    else byChannel.set(channel, [history]);
  }
  return byChannel;
}

export const channelKey = (c: { platform: string; workspaceId: string; channelId: string }): string => `${c.platform} ${c.workspaceId} ${c.channelId}`;

export interface DrillMove {
  drillId: number;
  /** The slot this instance read as due: the move happens only if the drill still waits on it. */
  fromSlot: string;
  next: Slot | null;
}

/** Moves each drill on to its next slot; the ids of the drills this call moved (another instance may have moved the rest). */
export function advanceDrills(tx: Sql, moves: readonly DrillMove[], at: Date): Set<number> {
  const moved = new Set<number>();
  chunked(moves, '(?, ?, ?, ?)', (values, chunk) => {
    const params: SqlValue[] = [timestamp(at)];
    for (const m of chunk) params.push(m.drillId, m.fromSlot, m.next ? timestamp(m.next.at) : null, m.next?.local ?? null);
    const rows = tx.all<{ id: number }>(
      `UPDATE "Drill" SET "nextDueAt" = v."column3", "nextSlot" = v."column4", "updatedAt" = ?
       FROM (VALUES ${values}) AS v
       WHERE "Drill"."id" = v."column1" AND "Drill"."status" = 'active' AND "Drill"."nextSlot" = v."column2"
       RETURNING "Drill"."id" AS "id"`,
      ...params,
    );
    for (const r of rows) moved.add(r.id);
  });
  return moved;
}

export interface NewRun {
  drillId: number;
  slot: Slot;
  questionIds: readonly string[];
  late: boolean;
}

/** Creates the runs (with their questions) whose drill has none for that slot yet; the new run id per drill id. */
export function insertRuns(tx: Sql, runs: readonly NewRun[], at: Date): Map<number, string> {
  const created = new Map<number, string>();
  const ids = new Map<NewRun, string>(runs.map((run) => [run, newRunId()]));
  chunked(runs, `(?, ?, ?, ?, 'created', ?, ?)`, (values, chunk) => {
    const params: SqlValue[] = [];
    for (const run of chunk) params.push(ids.get(run)!, run.drillId, run.slot.local, timestamp(run.slot.at), run.late ? 1 : 0, timestamp(at));
    const rows = tx.all<{ id: string; drillId: number }>(
      `INSERT INTO "DrillRun" ("id", "drillId", "slot", "scheduledFor", "status", "late", "createdAt") VALUES ${values}
       ON CONFLICT ("drillId", "slot") DO NOTHING RETURNING "id", "drillId"`,
      ...params,
    );
    for (const r of rows) created.set(r.drillId, r.id);
  });
  const questions = runs.flatMap((run) => {
    const runId = created.get(run.drillId);
    return runId === ids.get(run) ? run.questionIds.map((questionId, i) => [runId!, i + 1, questionId] as const) : [];
  });
  chunked(questions, '(?, ?, ?)', (values, chunk) => tx.run(`INSERT INTO "DrillRunQuestion" ("runId", "position", "questionId") VALUES ${values}`, ...chunk.flat()));
  return created;
}

/** The run's id, or undefined when the drill already has a run for this slot. */
export function insertRun(tx: Sql, drillId: number, slot: Slot, questionIds: string[], at: Date, options: { late: boolean }): string | undefined {
  return insertRuns(tx, [{ drillId, slot, questionIds, late: options.late }], at).get(drillId);
}

export function insertMissed(tx: Sql, drillId: number, slot: Slot, at: Date): void {
  tx.run(
    `INSERT INTO "DrillRun" ("id", "drillId", "slot", "scheduledFor", "status", "createdAt") VALUES (?, ?, ?, ?, 'missed', ?) ON CONFLICT ("drillId", "slot") DO NOTHING`,
    newRunId(), drillId, slot.local, timestamp(slot.at), timestamp(at),
  );
}

/** Drills with missed runs no posted run has mentioned yet. */
export function drillsWithUnreportedMissed(db: Sql): Set<number> {
  return new Set(db.all<{ drillId: number }>(`SELECT DISTINCT "drillId" FROM "DrillRun" WHERE "status" = 'missed' AND "missedReported" = 0`).map((r) => r.drillId));
}
