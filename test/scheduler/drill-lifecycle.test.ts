// The vertical slice through public entry points: a lead creates a drill, it fires at 09:00 Paris time
// exactly once, members answer privately, the deadline locks and reveals, and the leaderboard adds up.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';
import { buttonsOf } from '../helpers/recording-adapter.ts';
import { drillHarness, lead, member, room, SetClock, type DrillHarness } from './drill-harness.ts';
import { DRILL_ANSWERS } from '../adapters/drill-scenario.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

const threadOf = (d: DrillHarness, n = 0) => d.chat.threads[n]!.conv;

describe('a drill from creation to leaderboard', () => {
  it('given "weekdays 09:00" in Europe/Paris, fires once at 08:00 UTC, records private answers, reveals at the deadline and scores the leaderboard', async () => {
    // Monday 7 Dec 2026, 08:00 in Paris (UTC+1).
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    await h.drill({ action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: '2', window: '10' });
    // The private answer fills the placeholder given first; the announcement in the channel comes after it.
    expect(h.seen(lead, room)).toEqual([
      'Drill **#1 Morning** created. Next run Mon 7 Dec 2026 09:00 (Europe/Paris). `/drill now 1` runs it once right away; `/drill pause 1` pauses it.',
      '📅 **Morning** is scheduled here: weekdays 09:00 (Europe/Paris), 2 questions from Track demo, 10 min to answer. First run Mon 7 Dec 2026 09:00 (Europe/Paris).',
    ]);
    expect(h.t.rows('Drill').map((d) => [d.name, d.cron, d.timeZone, d.nextDueAt, d.nextSlot, d.status])).toEqual([
      ['Morning', '0 9 * * 1-5', 'Europe/Paris', '2026-12-07T08:00:00.000+00:00', '2026-12-07T09:00', 'active'],
    ]);

    clock.set('2026-12-07T07:59:00Z');
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });
    expect(h.chat.threads).toEqual([]);

    clock.set('2026-12-07T08:00:00Z');
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 1, missed: 0, posted: 1, revealed: 0 });
    clock.set('2026-12-07T08:00:40Z');
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });
    expect(h.chat.threads.map((t) => t.title)).toEqual(['Morning · Mon 7 Dec 2026']);
    const thread = threadOf(h);
    const [q1, q2] = h.t.rows<{ questionId: string }>('DrillRunQuestion').map((q) => q.questionId);
    const inThread = h.chat.messages.filter((m) => m.conv.threadId === thread.threadId);
    expect(inThread.map((m) => m.text.split('\n')[0])).toEqual(['**Morning** — 2 questions from Track demo.', `**Question 1** · _${q1!.replace(/-q\d$/, '')}-${Number(q1!.at(-1)) <= 3 ? 'alpha' : 'beta'}_`]);
    expect(buttonsOf(inThread[1]!.msg).map((b) => b.label)).toEqual(['1A', '1B', '1C', '2A', '2B', '2C']);

    // Answers: private, one per member and question, a change replaces the first.
    const [m1, m2, m3] = [member(1), member(2), member(3)];
    const people = { alice: m1, bob: m2, carol: m3 };
    for (const [name, label, at] of DRILL_ANSWERS) {
      clock.set(at);
      await h.answer(people[name], thread, label);
    }
    const who = new Map(h.t.rows<{ learnerId: string; externalId: string }>('Identity').map((i) => [i.learnerId, i.externalId]));
    expect(h.t.rows('DrillAnswer').map((a) => [who.get(a.learnerId as string), a.questionId, a.optionId, a.correct, a.points, a.elapsedMs])).toEqual([
      ['u-1', q1, 'b', 1, 15, 10_000],
      ['u-1', q2, 'b', 1, 15, 20_000],
      ['u-2', q1, 'c', 0, 0, 40_000],
      ['u-2', q2, 'b', 1, 15, 50_000],
      ['u-3', q1, 'b', 1, 14, 90_000],
    ]);
    const mine = (u: typeof m1) => h!.chat.messages.filter((m) => m.onlyFor === u.id).map((m) => m.text);
    expect(mine(m2)).toEqual([
      '🔒 Locked in: **A** for question 1. You can change it until 09:10; the answer is revealed then.',
      'Changed: your answer to question 1 is now **C**. You can change it until 09:10; the answer is revealed then.',
      '🔒 Locked in: **B** for question 2. You can change it until 09:10; the answer is revealed then.',
    ]);
    // Nobody sees anyone else's choice: the thread's public messages are the intro and the questions.
    expect(h.seen(m1, thread).filter((t) => t.includes('C**'))).toEqual([]);
    expect(h.chat.messages.filter((m) => m.conv.threadId === thread.threadId && !m.onlyFor)).toHaveLength(2);

    // At the deadline, a click before the reveal is refused and nothing is written.
    clock.set('2026-12-07T08:10:00Z');
    await h.answer(m3, thread, '2A');
    expect(mine(m3).at(-1)).toBe('This drill question closed at 09:10, so your answer was not recorded. Watch for the next drill!');
    expect(h.t.count('DrillAnswer')).toBe(5);

    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 1 });
    const questionsMessage = h.chat.messages.find((m) => m.conv.threadId === thread.threadId && m.text.includes('Question 1'))!;
    expect(buttonsOf(questionsMessage.msg)).toEqual([]);
    expect(questionsMessage.text.split('\n')[0]).toMatch(/^\*\*Question 1 · closed, the answer was B\*\*/);
    const reveal = h.chat.messages.at(-1)!;
    expect(reveal.conv.threadId).toBe(thread.threadId);
    expect(reveal.text).toBe(
      [
        '**Results · Morning**',
        `**Question 1: B. Option b of ${q1}**`,
        `Why b of ${q1}.`,
        'Answers: A 0 (0%) · B 2 (67%) ✅ · C 1 (33%) — 3 in all. Fastest right answer: Member 1 (10 s).',
        `**Question 2: B. Option b of ${q2}**`,
        `Why b of ${q2}.`,
        'Answers: A 0 (0%) · B 2 (100%) ✅ · C 0 (0%) — 2 in all. Fastest right answer: Member 1 (20 s).',
        "**This run's scores**",
        '1. Member 1 — 30 pts · 2/2 right (100%)',
        '2. Member 2 — 15 pts · 1/2 right (50%)',
        '3. Member 3 — 14 pts · 1/1 right (100%)',
      ].join('\n'),
    );
    expect(await h.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });

    // A click after the reveal: refused politely, nothing written.
    clock.set('2026-12-07T09:00:00Z');
    await h.answer(member(4), thread, '1B');
    expect(mine(member(4))).toEqual(['This drill question closed at 09:10, so your answer was not recorded. Watch for the next drill!']);
    expect(h.t.count('DrillAnswer')).toBe(5);

    // Leaderboard, then one member keeps their name off it.
    await h.command(m3, 'leaderboard', { period: 'week' });
    expect(h.chat.messages.at(-1)!.text).toBe(
      [
        '**Leaderboard · this channel · this week**',
        '1. Member 1 — 30 pts · 2/2 right (100%)',
        '2. Member 2 — 15 pts · 1/2 right (50%)',
        '3. Member 3 — 14 pts · 1/1 right (100%)',
        '_Points: 10 a right answer plus up to 5 for speed. `/privacy leaderboard off` keeps your name off._',
      ].join('\n'),
    );
    await h.command(m2, 'privacy', { setting: 'leaderboard', value: 'off' });
    expect(mine(m2).at(-1)).toBe('Done: leaderboards and results show you as "a member (name hidden)"; your points still count.');
    await h.command(m3, 'leaderboard', { period: 'all', scope: 'workspace' });
    expect(h.chat.messages.at(-1)!.text.split('\n').slice(0, 4)).toEqual([
      '**Leaderboard · this workspace · all time**',
      '1. Member 1 — 30 pts · 2/2 right (100%)',
      '2. a member (name hidden) — 15 pts · 1/2 right (50%)',
      '3. Member 3 — 14 pts · 1/1 right (100%)',
    ]);

    // The next weekday's run asks questions the group has not seen.
    expect(h.t.rows('Drill')[0]!.nextDueAt).toBe('2026-12-08T08:00:00.000+00:00');
    clock.set('2026-12-08T08:00:00Z');
    expect((await h.t.app.drills.tick()).created).toBe(1);
    const runs = h.t.rows<{ id: string }>('DrillRun');
    const second = h.t.rows<{ questionId: string }>('DrillRunQuestion', `"runId" = '${runs[1]!.id}'`).map((q) => q.questionId);
    expect(second).toHaveLength(2);
    expect(second.filter((id) => id === q1 || id === q2)).toEqual([]);
    expect(h.chat.threads.map((t) => t.title)).toEqual(['Morning · Mon 7 Dec 2026', 'Morning · Tue 8 Dec 2026']);
  });
});
