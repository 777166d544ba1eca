// Leaderboard maths over several runs: calendar weeks and months (UTC), one channel or the whole
// workspace, points with the speed bonus, accuracy, only revealed runs, and opted-out members unnamed.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';
import { drillHarness, member, room, SetClock, type DrillHarness } from './drill-harness.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

const other = { ...room, channelId: 'other-room' };

/** Fires the drill due at `at`, has each [member, label, seconds after the post] answer, then reveals. */
async function runWith(d: DrillHarness, at: string, answers: [number, string, number][]): Promise<void> {
  const before = d.chat.threads.length;
  d.clock.set(at);
  await d.t.app.drills.tick();
  expect(d.chat.threads.length).toBe(before + 1);
  const thread = d.chat.threads.at(-1)!.conv;
  for (const [n, label, seconds] of answers) {
    d.clock.set(new Date(Date.parse(at) + seconds * 1000));
    await d.answer(member(n), thread, label);
  }
}

const board = async (d: DrillHarness, period: string, scope = 'channel', conv = room) => {
  await d.command(member(9), 'leaderboard', { period, scope }, conv);
  return d.chat.messages.at(-1)!.text.split('\n').slice(1, -1);
};

describe('leaderboards', () => {
  it('given runs in two months, two weeks and two channels, sums points and accuracy per period and scope', async () => {
    const clock = new SetClock(new Date('2026-11-26T00:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    await h.drill({ action: 'create', drill: 'A', schedule: 'daily 09:00', timezone: 'UTC', track: 'demo', questions: '1', window: '10' });
    await h.drill({ action: 'create', drill: 'B', schedule: 'daily 12:00', timezone: 'UTC', track: 'demo', questions: '1', window: '10' }, { conv: other });
    h.t.app.db.sql.run(`UPDATE "Drill" SET "status" = 'paused' WHERE "name" = 'B'`);
    // Friday 27 November (last month, last week), room A: member 1 right at once, member 2 wrong.
    h.t.app.db.sql.run(`UPDATE "Drill" SET "nextDueAt" = '2026-11-27T09:00:00.000+00:00', "nextSlot" = '2026-11-27T09:00' WHERE "name" = 'A'`);
    await runWith(h, '2026-11-27T09:00:00Z', [[1, '1B', 0], [2, '1A', 5]]);
    // Monday 7 December, room A: member 2 right after 5 minutes (10 + 3), member 1 wrong.
    h.t.app.db.sql.run(`UPDATE "Drill" SET "nextDueAt" = '2026-12-07T09:00:00.000+00:00', "nextSlot" = '2026-12-07T09:00' WHERE "name" = 'A'`);
    await runWith(h, '2026-12-07T09:00:00Z', [[2, '1B', 300], [1, '1C', 10]]);
    // Tuesday 8 December, the other room: member 3 right after 60 s (10 + 5 rounded from 4.5).
    h.t.app.db.sql.run(`UPDATE "Drill" SET "status" = 'paused' WHERE "name" = 'A'`);
    h.t.app.db.sql.run(`UPDATE "Drill" SET "status" = 'active', "nextDueAt" = '2026-12-08T12:00:00.000+00:00', "nextSlot" = '2026-12-08T12:00' WHERE "name" = 'B'`);
    await runWith(h, '2026-12-08T12:00:00Z', [[3, '1B', 60]]);
    // Not revealed yet at the time the boards are asked: its answer does not count.
    clock.set('2026-12-08T12:05:00Z');
    expect(await board(h, 'week', 'workspace')).toEqual(['1. Member 2 — 13 pts · 1/1 right (100%)', '2. Member 1 — 0 pts · 0/1 right (0%)']);
    clock.set('2026-12-10T10:00:00Z');
    await h.t.app.drills.tick();
    // B's 9 December slot passed unattended (past its grace window): recorded as missed, no points.
    expect(h.t.rows('DrillRun').map((r) => [r.slot, r.status])).toEqual([
      ['2026-11-27T09:00', 'revealed'], ['2026-12-07T09:00', 'revealed'], ['2026-12-08T12:00', 'revealed'], ['2026-12-09T12:00', 'missed'],
    ]);

    expect(await board(h, 'week')).toEqual(['1. Member 2 — 13 pts · 1/1 right (100%)', '2. Member 1 — 0 pts · 0/1 right (0%)']);
    expect(await board(h, 'all')).toEqual(['1. Member 1 — 15 pts · 1/2 right (50%)', '2. Member 2 — 13 pts · 1/2 right (50%)']);
    expect(await board(h, 'month', 'workspace')).toEqual([
      '1. Member 3 — 15 pts · 1/1 right (100%)',
      '2. Member 2 — 13 pts · 1/1 right (100%)',
      '3. Member 1 — 0 pts · 0/1 right (0%)',
    ]);
    expect(await board(h, 'week', 'channel', other)).toEqual(['1. Member 3 — 15 pts · 1/1 right (100%)']);
    await h.command(member(1), 'privacy', { setting: 'leaderboard', value: 'off' });
    expect(await board(h, 'all', 'workspace')).toEqual([
      '1. a member (name hidden) — 15 pts · 1/2 right (50%)',
      '2. Member 3 — 15 pts · 1/1 right (100%)',
      '3. Member 2 — 13 pts · 1/2 right (50%)',
    ]);
    await h.command(member(1), 'privacy', { setting: 'leaderboard', value: 'on' });
    expect((await board(h, 'all', 'workspace'))[0]).toBe('1. Member 1 — 15 pts · 1/2 right (50%)');
    // Another workspace sees nothing of this one.
    expect(await board(h, 'all', 'workspace', { ...room, workspaceId: 'guild-2' })).toEqual(['No drill answers revealed yet in this period.']);
  });
});
