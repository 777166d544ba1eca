// Exactly once across instances and crashes: two schedulers on one SQLite file, a crash between "run
// created" and "thread posted", a platform failure half-way, and a restart between the post and the reveal.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';
import { buttonsOf } from '../helpers/recording-adapter.ts';
import { drillHarness, member, SetClock, type DrillHarness } from './drill-harness.ts';

const open: DrillHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.t.close();
});

async function start(clock: SetClock, root: string, share?: DrillHarness): Promise<DrillHarness> {
  const h = await drillHarness(root, clock, share ? { dbFile: share.t.dbFile, chat: share.chat } : {});
  open.push(h);
  return h;
}

const create = (h: DrillHarness) => h.drill({ action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: '2', window: '10' });
const inThread = (h: DrillHarness, threadId: string | undefined) => h.chat.messages.filter((m) => m.conv.threadId === threadId && !m.onlyFor);

describe('drills fire exactly once', () => {
  it('given two scheduler instances on one SQLite file ticking at the same moment, one run and one thread; the other takes over when the lease expires', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    const root = makeContentTree().root;
    const a = await start(clock, root);
    const b = await start(clock, root, a);
    await create(a);
    clock.set('2026-12-07T08:00:00Z');
    const reports = await Promise.all([a.t.app.drills.tick(), b.t.app.drills.tick()]);
    expect(reports.map((r) => [r.leader, r.created, r.posted])).toEqual([[true, 1, 1], [false, 0, 0]]);
    // Even with the lease bypassed, the second instance cannot create the run again.
    expect(b.t.app.drills.createDue(clock.now())).toEqual({ created: 0, missed: 0 });
    expect(a.t.count('DrillRun')).toBe(1);
    expect(a.chat.threads).toHaveLength(1);

    // a stops ticking (it died); b waits out the lease, then serves the next run, once.
    clock.set('2026-12-07T08:01:00Z');
    expect((await b.t.app.drills.tick()).leader).toBe(false);
    clock.set('2026-12-07T08:10:00Z');
    expect(await b.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 1 });
    clock.set('2026-12-08T08:00:00Z');
    expect((await Promise.all([b.t.app.drills.tick(), a.t.app.drills.tick()])).map((r) => [r.leader, r.created])).toEqual([[true, 1], [false, 0]]);
    expect(a.t.rows('DrillRun').map((r) => [r.slot, r.status])).toEqual([['2026-12-07T09:00', 'revealed'], ['2026-12-08T09:00', 'posted']]);
    expect(a.chat.threads.map((t) => t.title)).toEqual(['Morning · Mon 7 Dec 2026', 'Morning · Tue 8 Dec 2026']);
  });

  it('given a crash between "run created" and "thread posted", the restarted instance posts it once and creates nothing new', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:59:00Z'));
    const root = makeContentTree().root;
    const first = await start(clock, root);
    await create(first);
    await first.t.app.drills.tick(); // takes the lease until 08:01:30
    clock.set('2026-12-07T08:00:00Z');
    expect(first.t.app.drills.createDue(clock.now())).toEqual({ created: 1, missed: 0 });
    await first.t.close(); // the crash: nothing posted, the lease not given back
    open.splice(open.indexOf(first), 1);

    const restarted = await start(clock, root, first);
    clock.set('2026-12-07T08:01:00Z');
    expect((await restarted.t.app.drills.tick()).leader).toBe(false);
    clock.set('2026-12-07T08:02:00Z');
    expect(await restarted.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 1, revealed: 0 });
    expect(await restarted.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });
    expect(restarted.t.rows('DrillRun').map((r) => [r.slot, r.status, r.postedAt, r.deadlineAt])).toEqual([
      ['2026-12-07T09:00', 'posted', '2026-12-07T08:02:00.000+00:00', '2026-12-07T08:12:00.000+00:00'],
    ]);
    expect(restarted.chat.threads).toHaveLength(1);
    expect(inThread(restarted, restarted.chat.threads[0]!.conv.threadId)).toHaveLength(2);
  });

  it('given the platform failing after the thread opened, the next tick posts the questions into that thread, never a second thread', async () => {
    const clock = new SetClock(new Date('2026-12-07T08:00:00Z'));
    const h = await start(clock, makeContentTree().root);
    await create(h);
    clock.set('2026-12-07T08:00:00Z');
    h.t.app.db.sql.run(`UPDATE "Drill" SET "nextDueAt" = ?, "nextSlot" = ?`, '2026-12-07T08:00:00.000+00:00', '2026-12-07T09:00');
    h.chat.failPosts = 1;
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 1, missed: 0, posted: 0, revealed: 0 });
    expect(h.t.rows('DrillRun').map((r) => [r.status, r.attempts, r.thread !== null])).toEqual([['created', 1, true]]);
    expect(h.t.logs.map((l) => l.msg)).toContain('drill run could not be posted');
    clock.set('2026-12-07T08:01:00Z');
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 1, revealed: 0 });
    expect(h.chat.threads).toHaveLength(1);
    const messages = inThread(h, h.chat.threads[0]!.conv.threadId);
    expect(messages.map((m) => buttonsOf(m.msg).length)).toEqual([0, 6]);
  });

  it('given a platform that keeps refusing, the run is given up after 5 attempts and logged, and the drill goes on', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    const h = await start(clock, makeContentTree().root);
    await create(h);
    h.chat.failThreads = 5;
    for (let minute = 0; minute < 6; minute++) {
      clock.set(new Date(Date.parse('2026-12-07T08:00:00Z') + minute * 60_000));
      await h.t.app.drills.tick();
    }
    expect(h.t.rows('DrillRun').map((r) => [r.status, r.attempts])).toEqual([['failed', 5]]);
    expect(h.chat.threads).toEqual([]);
    expect(h.t.rows('Drill')[0]!.nextDueAt).toBe('2026-12-08T08:00:00.000+00:00');
  });

  it('given a restart between the post and the deadline, the new instance reveals on time with the answers given before', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    const root = makeContentTree().root;
    const before = await start(clock, root);
    await create(before);
    clock.set('2026-12-07T08:00:00Z');
    await before.t.app.drills.tick();
    const thread = before.chat.threads[0]!.conv;
    clock.set('2026-12-07T08:03:00Z');
    await before.answer(member(1), thread, '1B');
    before.t.app.drills.release();
    await before.t.close();
    open.splice(open.indexOf(before), 1);

    const after = await start(clock, root, before);
    clock.set('2026-12-07T08:09:00Z');
    expect((await after.t.app.drills.tick()).revealed).toBe(0);
    clock.set('2026-12-07T08:10:00Z');
    expect((await after.t.app.drills.tick()).revealed).toBe(1);
    const reveal = after.chat.messages.at(-1)!;
    expect(reveal.conv.threadId).toBe(thread.threadId);
    expect(reveal.text).toContain('Fastest right answer: Member 1 (3 min 0 s).');
    expect(reveal.text.endsWith('1. Member 1 — 14 pts · 1/1 right (100%)')).toBe(true);
    expect(after.t.rows('DrillRun').map((r) => [r.status, r.revealedAt])).toEqual([['revealed', '2026-12-07T08:10:00.000+00:00']]);
  });
});
