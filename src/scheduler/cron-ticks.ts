// What fires the drill scheduler in production: a node-cron task on every minute (second 0). The schedule
// maths (time zones, DST, missed runs) is the scheduler's own, driven by its clock, so tests move time by
// hand; node-cron only says "a minute has begun". A tick at start catches up on what came due while down.
import cron from 'node-cron';
import type { CoreLogger } from '../core/turn.ts';
import type { DrillScheduler } from './drill-scheduler.ts';

export interface CronTicks {
  stop(): Promise<void>;
}

export function startCronTicks(scheduler: DrillScheduler, logger: CoreLogger): CronTicks {
  const fire = () =>
    scheduler.tick().then(
      (report) => {
        if (report.created + report.posted + report.revealed + report.missed > 0) logger.info({ ...report }, 'drill tick');
      },
      (error: unknown) => logger.error({ err: error }, 'drill tick failed'),
    );
  // noOverlap: a tick still posting when the next minute begins is not run twice at once (ticks also queue).
  const task = cron.schedule('* * * * *', fire, { name: 'drills', noOverlap: true });
  void fire();
  return {
    async stop() {
      await task.destroy();
      // A tick still posting finishes (its steps are recorded) before the lease is given back.
      await scheduler.settled();
      scheduler.release();
    },
  };
}
