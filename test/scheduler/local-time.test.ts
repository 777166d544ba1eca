// Runs at the right local time: across both daylight-saving changes (neither doubled nor dropped), late
// within the grace window after downtime, and recorded as missed (and said so at the next run) beyond it.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';
import { drillHarness, SetClock, type DrillHarness } from './drill-harness.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

/** Ticks every `stepMinutes` from `from` to `to`, as node-cron would while the bot is up. */
async function tickThrough(d: DrillHarness, from: string, to: string, stepMinutes = 5): Promise<void> {
  for (let at = Date.parse(from); at <= Date.parse(to); at += stepMinutes * 60_000) {
    d.clock.set(new Date(at));
    await d.t.app.drills.tick();
  }
}

const runs = (d: DrillHarness) => d.t.rows('DrillRun').map((r) => [r.slot, r.scheduledFor, r.status]);

describe('drills at local time', () => {
  it('given 02:30 every day in Europe/Paris, the spring-forward day runs once at 03:30 and the fall-back day once at the first 02:30', async () => {
    const clock = new SetClock(new Date('2027-03-26T12:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    await h.drill({ action: 'create', drill: 'Night owls', schedule: 'daily 02:30', timezone: 'Europe/Paris', track: 'demo', questions: '1', window: '15' });
    await tickThrough(h, '2027-03-26T23:00:00Z', '2027-03-29T03:00:00Z');
    expect(runs(h)).toEqual([
      ['2027-03-27T02:30', '2027-03-27T01:30:00.000+00:00', 'revealed'],
      // 02:30 does not exist on 28 March: clocks jump from 02:00 to 03:00, so it runs at 03:30 CEST.
      ['2027-03-28T02:30', '2027-03-28T01:30:00.000+00:00', 'revealed'],
      ['2027-03-29T02:30', '2027-03-29T00:30:00.000+00:00', 'revealed'],
    ]);
    h.t.app.db.sql.run(`DELETE FROM "DrillRun"`);
    h.t.app.db.sql.run(`UPDATE "Drill" SET "nextDueAt" = '2027-10-30T00:30:00.000+00:00', "nextSlot" = '2027-10-30T02:30'`);
    // 31 October: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET); only the first runs.
    await tickThrough(h, '2027-10-30T00:00:00Z', '2027-11-01T03:00:00Z');
    expect(runs(h)).toEqual([
      ['2027-10-30T02:30', '2027-10-30T00:30:00.000+00:00', 'revealed'],
      ['2027-10-31T02:30', '2027-10-31T00:30:00.000+00:00', 'revealed'],
      ['2027-11-01T02:30', '2027-11-01T01:30:00.000+00:00', 'revealed'],
    ]);
    expect(h.chat.threads).toHaveLength(6);
  });

  it('given "weekdays 09:00" in America/New_York, it fires at 14:00 UTC in winter and 13:00 UTC after the clocks change', async () => {
    const clock = new SetClock(new Date('2027-03-11T12:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    await h.drill({ action: 'create', drill: 'Standup', schedule: 'weekdays@09:00', timezone: 'America/New_York', track: 'demo', questions: '1' });
    await tickThrough(h, '2027-03-11T12:00:00Z', '2027-03-16T15:00:00Z', 15);
    expect(runs(h).map(([slot, at]) => [slot, at])).toEqual([
      ['2027-03-11T09:00', '2027-03-11T14:00:00.000+00:00'],
      ['2027-03-12T09:00', '2027-03-12T14:00:00.000+00:00'],
      ['2027-03-15T09:00', '2027-03-15T13:00:00.000+00:00'],
      ['2027-03-16T09:00', '2027-03-16T13:00:00.000+00:00'],
    ]);
  });

  it('given downtime, a run within its grace window is posted late, one beyond it is recorded as missed and mentioned at the next run', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    await h.drill({ action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: '1', window: '10', grace: '30' });
    // Down from before 08:00 UTC until 08:20: 20 minutes late, within the grace window.
    clock.set('2026-12-07T08:20:00Z');
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 1, missed: 0, posted: 1, revealed: 0 });
    const firstIntro = h.chat.messages.find((m) => m.conv.threadId === h!.chat.threads[0]!.conv.threadId)!;
    expect(firstIntro.text).toBe(
      '**Morning** — 1 question from Track demo.\nAnswer with the buttons: only you see your choice, and you can change it until **09:30** (Europe/Paris). Then I reveal the answers and the scores.\n_Posted late: I was not running at the scheduled time._',
    );
    // Tuesday: down until 08:45 UTC, 45 minutes late: missed. Wednesday runs and says so.
    clock.set('2026-12-08T08:45:00Z');
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 1, posted: 0, revealed: 1 });
    expect(h.t.logs.find((l) => l.msg === 'drill runs missed while the scheduler was down (past their grace window)')).toMatchObject({ missed: 1 });
    clock.set('2026-12-09T08:00:00Z');
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 1, missed: 0, posted: 1, revealed: 0 });
    expect(runs(h)).toEqual([
      ['2026-12-07T09:00', '2026-12-07T08:00:00.000+00:00', 'revealed'],
      ['2026-12-08T09:00', '2026-12-08T08:00:00.000+00:00', 'missed'],
      ['2026-12-09T09:00', '2026-12-09T08:00:00.000+00:00', 'posted'],
    ]);
    const third = h.chat.messages.find((m) => m.conv.threadId === h!.chat.threads[1]!.conv.threadId)!;
    expect(third.text.split('\n').at(-1)).toBe('_Missed while I was down (too late to run): 2026-12-08 09:00._');
    // Said once: Thursday's run does not repeat it.
    clock.set('2026-12-10T08:00:00Z');
    await h.t.app.drills.tick();
    const fourth = h.chat.messages.find((m) => m.conv.threadId === h!.chat.threads[2]!.conv.threadId)!;
    expect(fourth.text).not.toContain('Missed');
  });

  it('given several slots passed while down, only the latest one within grace runs and the earlier ones are missed', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    await h.drill({ action: 'create', drill: 'Quarterly', schedule: '*/15 8-9 * * *', timezone: 'UTC', track: 'demo', questions: '1', window: '5', grace: '10' });
    clock.set('2026-12-07T08:50:00Z');
    expect(await h.t.app.drills.tick()).toMatchObject({ created: 1, missed: 3 });
    expect(runs(h).map(([slot, , status]) => [slot, status])).toEqual([
      ['2026-12-07T08:00', 'missed'],
      ['2026-12-07T08:15', 'missed'],
      ['2026-12-07T08:30', 'missed'],
      ['2026-12-07T08:45', 'posted'],
    ]);
  });
});
