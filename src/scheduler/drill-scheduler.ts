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
import { chooseQuestions, parseCron, planDue, type DrillRecord, type DuePlan } from '../core/drills/index.ts';
import type { SqliteConnection } from '../db/sqlite.ts';
import { channelHistory } from '../db/drills.ts';
import { acquireLease, advanceDrill, dueDrills, insertMissed, insertRun, releaseLease } from '../db/drill-runs.ts';
import { postPendingRuns, revealDueRuns } from './run-posting.ts';
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
    let created = 0;
    let missed = 0;
    const due = dueDrills(sql, now);
    for (let i = 0; i < due.length; i += BATCH) {
      const plans = due.slice(i, i + BATCH).flatMap((drill) => planDrill(drill, now));
      // One transaction per batch: each drill's compare-and-set still decides alone whether it fires.
      sql.write((tx) => {
        for (const { drill, plan, questions } of plans) {
          if (!advanceDrill(tx, drill.id, drill.nextSlot!, plan.next, now)) continue;
          for (const slot of plan.missed) insertMissed(tx, drill.id, slot, now);
          missed += plan.missed.length;
          if (plan.run && questions.length > 0 && insertRun(tx, drill.id, plan.run, questions, now, { late: plan.late })) created++;
          if (plan.run && questions.length === 0) logger.warn({ drillId: drill.id }, 'drill has no questions left in its track; the run is skipped');
        }
      });
    }
    return { created, missed };
  }

  function planDrill(drill: DrillRecord, now: Date): { drill: DrillRecord; plan: DuePlan; questions: string[] }[] {
    let cron;
    try {
      cron = parseCron(drill.cron);
    } catch (error) {
      logger.error({ err: error, drillId: drill.id }, 'drill has a stored schedule that no longer parses; it stays unscheduled');
      sql.run(`UPDATE "Drill" SET "nextDueAt" = NULL WHERE "id" = ?`, drill.id);
      return [];
    }
    const plan = planDue(cron, drill.timeZone, { at: drill.nextDueAt!, local: drill.nextSlot! }, now, drill.graceMinutes);
    const questions = plan.run ? chooseQuestions(coach.deps.catalog, drill, channelHistory(sql, drill.channel), plan.run.local) : [];
    return [{ drill, plan, questions }];
  }

  async function runTick(): Promise<TickReport> {
    const now = clock.now();
    if (!holdLease()) return { leader: false, created: 0, missed: 0, posted: 0, revealed: 0 };
    const { created, missed } = createDue(now);
    if (missed > 0) logger.warn({ missed }, 'drill runs missed while the scheduler was down (past their grace window)');
    const context = { sql, coach, clock, logger, holdLease, steps, concurrency: options.concurrency ?? DEFAULT_CONCURRENCY };
    const posted = await postPendingRuns(context);
    const revealed = await revealDueRuns(context, clock.now());
    return { leader: true, created, missed, posted, revealed };
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
