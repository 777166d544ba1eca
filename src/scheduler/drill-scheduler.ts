// Fires drills exactly once. Each tick (node-cron in production, a test's clock otherwise):
//   1. takes or renews the database lease: only its holder fires, so two instances on one database do not
//      both post; the run's unique key (drill, local slot) and the drill's compare-and-set move make a
//      second creation impossible even without it;
//   2. creates the runs that are due (missed ones recorded), moving each drill to its next slot;
//   3. posts runs not completely posted, resuming after the last step recorded (a crash between "run
//      created" and "thread posted" is finished by the next tick, never duplicated);
//   4. reveals runs whose persisted deadline has passed, so a restart in between still reveals on time.
import type { Coach } from '../core/coach.ts';
import type { Clock } from '../core/ports.ts';
import type { CoreLogger } from '../core/turn.ts';
import { chooseQuestions, parseCron, planDue, type CronSpec, type DrillRecord, type DuePlan, type QuestionHistory } from '../core/drills/index.ts';
import type { SqliteConnection } from '../db/sqlite.ts';
import { acquireLease, pendingRuns, releaseLease, type PendingRun } from '../db/drill-runs.ts';
import { advanceDrills, channelKey, drillsWithUnreportedMissed, dueChannelHistories, dueDrills, insertMissed, insertRuns, type NewRun } from '../db/drill-creation.ts';
import { postRuns, revealDueRuns } from './run-posting.ts';
import { createGroupWriter } from './group-writer.ts';

export const LEASE_NAME = 'drills';
export const LEASE_MS = 150_000;
/** Runs in flight: platform clients queue by rate-limit bucket, so more than one at a time keeps every channel busy. */
export const DEFAULT_CONCURRENCY = 32;
/** Drills created per transaction. */
const BATCH = 500;

export interface TickReport {
  leader: boolean;
  created: number;
  missed: number;
  posted: number;
  revealed: number;
}

export interface DrillSchedulerOptions {
  sql: SqliteConnection;
  coach: Coach;
  clock: Clock;
  logger: CoreLogger;
  /** Names this process in the lease. */
  instanceId: string;
  leaseMs?: number;
  /** Runs posted at once (each run's own messages go one after another). */
  concurrency?: number;
}

export interface DrillScheduler {
  /** One tick; ticks never overlap (a second waits for the first). */
  tick(): Promise<TickReport>;
  /** A tick now (after a run was started by hand). */
  wake(): Promise<void>;
  /** Step 2 alone, for tests that stop an instance right after it (a crash) and for the benchmark. */
  createDue(now: Date): { created: number; missed: number };
  /** Settles when the tick in progress (if any) has finished: shutdown waits for it before closing the database. */
  settled(): Promise<void>;
  /** Gives the lease up at shutdown, so another instance takes over at once instead of after it expires. */
  release(): void;
}

export function createDrillScheduler(options: DrillSchedulerOptions): DrillScheduler {
  const { sql, coach, clock, logger, instanceId } = options;
  const leaseMs = options.leaseMs ?? LEASE_MS;
  let chain: Promise<unknown> = Promise.resolve();
  const steps = createGroupWriter(sql);
  // Parsed schedules by expression: drills keep theirs for months, and most share a preset's.
  const crons = new Map<string, CronSpec>();
  let leaseUntil = 0;
  // Renewed when half of it is used up, not before every post: one write instead of thousands in a busy minute.
  const holdLease = () => {
    const now = clock.now().getTime();
    if (now < leaseUntil - leaseMs / 2) return true;
    const held = acquireLease(sql, LEASE_NAME, instanceId, new Date(now), leaseMs);
    leaseUntil = held ? now + leaseMs : 0;
    return held;
  };

  function createDue(now: Date): { created: number; missed: number } {
    const { created, missed } = createRuns(now);
    return { created: created.length, missed };
  }

  /** Step 2; the runs it created come back ready to post, so a busy minute does not read them back. */
  function createRuns(now: Date): { created: PendingRun[]; missed: number } {
    const created: PendingRun[] = [];
    let missed = 0;
    const due = dueDrills(sql, now);
    if (due.length === 0) return { created, missed };
    const histories = dueChannelHistories(sql, now);
    // Drills sharing a schedule (most use a preset) share its computation within this tick.
    const plans = new Map<string, DuePlan>();
    for (let i = 0; i < due.length; i += BATCH) {
      const batch = due.slice(i, i + BATCH).flatMap((drill) => planDrill(drill, now, plans, histories.get(channelKey(drill.channel)) ?? []));
      // One transaction per batch, a few statements each: each drill's compare-and-set still decides alone whether it fires.
      sql.write((tx) => {
        const moved = advanceDrills(tx, batch.map(({ drill, plan }) => ({ drillId: drill.id, fromSlot: drill.nextSlot!, next: plan.next })), now);
        const runs: (NewRun & { drill: DrillRecord })[] = [];
        for (const { drill, plan, questions } of batch) {
          if (!moved.has(drill.id)) continue;
          for (const slot of plan.missed) insertMissed(tx, drill.id, slot, now);
          missed += plan.missed.length;
          if (plan.run && questions.length > 0) runs.push({ drill, drillId: drill.id, slot: plan.run, questionIds: questions, late: plan.late });
          if (plan.run && questions.length === 0) logger.warn({ drillId: drill.id }, 'drill has no questions left in its track; the run is skipped');
        }
        const ids = insertRuns(tx, runs, now);
        for (const run of runs) {
          const id = ids.get(run.drillId);
          if (id) created.push(newPendingRun(id, run));
        }
      });
    }
    const withMissed = drillsWithUnreportedMissed(sql);
    for (const run of created) run.hasMissed = withMissed.has(run.drill.id);
    return { created, missed };
  }

  function planDrill(drill: DrillRecord, now: Date, plans: Map<string, DuePlan>, history: readonly QuestionHistory[]): { drill: DrillRecord; plan: DuePlan; questions: string[] }[] {
    const cron = cronOf(drill);
    if (!cron) return [];
    const key = `${drill.cron}|${drill.timeZone}|${drill.nextSlot}|${drill.nextDueAt!.getTime()}|${drill.graceMinutes}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = planDue(cron, drill.timeZone, { at: drill.nextDueAt!, local: drill.nextSlot! }, now, drill.graceMinutes)));
    const questions = plan.run ? chooseQuestions(coach.deps.catalog, drill, history, plan.run.local) : [];
    return [{ drill, plan, questions }];
  }

  function cronOf(drill: DrillRecord): CronSpec | undefined {
    const known = crons.get(drill.cron);
    if (known) return known;
    try {
      const cron = parseCron(drill.cron);
      crons.set(drill.cron, cron);
      return cron;
    } catch (error) {
      logger.error({ err: error, drillId: drill.id }, 'drill has a stored schedule that no longer parses; it stays unscheduled');
      sql.run(`UPDATE "Drill" SET "nextDueAt" = NULL WHERE "id" = ?`, drill.id);
      return undefined;
    }
  }

  async function runTick(): Promise<TickReport> {
    const now = clock.now();
    if (!holdLease()) return { leader: false, created: 0, missed: 0, posted: 0, revealed: 0 };
    // Runs left unposted by an earlier tick (a crash, a platform error) go first: they are older.
    const leftovers = pendingRuns(sql);
    const { created, missed } = createRuns(now);
    if (missed > 0) logger.warn({ missed }, 'drill runs missed while the scheduler was down (past their grace window)');
    const context = { sql, coach, clock, logger, holdLease, steps, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY };
    const posted = await postRuns(context, [...leftovers, ...created]);
    const revealed = await revealDueRuns(context, clock.now());
    return { leader: true, created: created.length, missed, posted, revealed };
  }

  function tick(): Promise<TickReport> {
    const next = chain.then(runTick, runTick);
    chain = next.catch((error: unknown) => logger.error({ err: error }, 'drill tick failed'));
    return next;
  }

  return {
    tick,
    wake: async () => {
      await tick();
    },
    createDue,
    settled: async () => {
      await chain;
    },
    release: () => {
      leaseUntil = 0;
      releaseLease(sql, LEASE_NAME, instanceId);
    },
  };
}

function newPendingRun(id: string, run: NewRun & { drill: DrillRecord }): PendingRun {
  return {
    id,
    drill: run.drill,
    slot: run.slot.local,
    scheduledFor: run.slot.at,
    late: run.late,
    thread: null,
    deadlineAt: null,
    attempts: 0,
    hasMissed: false,
    questions: run.questionIds.map((questionId, i) => ({ position: i + 1, questionId, messageId: null })),
  };
}
