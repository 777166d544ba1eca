// node-cron as the production trigger: starting it catches up at once (no minute's wait) with the
// scheduler's own clock, and stopping it destroys the task and gives the lease back for the next instance.
import { afterEach, describe, expect, it, vi } from 'vitest';
import cron from 'node-cron';
import { startCronTicks } from '../../src/scheduler/cron-ticks.ts';
import { makeContentTree } from '../helpers/content.ts';
import { drillHarness, SetClock, type DrillHarness } from './drill-harness.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

describe('node-cron ticks', () => {
  it('given a drill due when the bot starts, the start-up tick posts it; stop destroys the task and releases the lease', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    await h.drill({ action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: '1' });
    clock.set('2026-12-07T08:05:00Z');
    const before = cron.getTasks().size;
    const ticks = startCronTicks(h.t.app.drills, h.t.app.coach.deps.logger);
    expect(cron.getTasks().size).toBe(before + 1);
    await vi.waitFor(() => expect(h!.chat.threads).toHaveLength(1));
    expect(h.t.rows('SchedulerLease')).toHaveLength(1);
    await ticks.stop();
    expect(cron.getTasks().size).toBe(before);
    expect(h.t.rows('SchedulerLease')).toEqual([]);
    expect(h.t.rows('DrillRun').map((r) => [r.slot, r.status, r.late])).toEqual([['2026-12-07T09:00', 'posted', 1]]);
  });
});
