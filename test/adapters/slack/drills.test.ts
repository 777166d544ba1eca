// Scheduled drills on Slack end to end: `/coach drill create …` as signed slash commands to the real
// adapter, the admin check through users.info, the scheduler firing on the test's clock into the adapter
// (a thread parent titled with the date and the drill, then the questions as Block Kit buttons), answers as
// signed clicks acknowledged with ephemerals in the thread, the reveal locking the question through
// chat.update, and the leaderboard by name. Asserted on the fake Web API's state and the rows kept.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../../helpers/content.ts';
import { CHANNEL, TEAM, buttonsIn, readText, startSlackWorld, type FakeMessage, type KitBlock, type Person, type SlackWorld } from '../../helpers/fake-slack/index.ts';
import { SetClock } from '../../scheduler/drill-harness.ts';
import { DRILL_ANSWERS } from '../drill-scenario.ts';

let w: SlackWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const lead: Person = { id: 'ULEAD', name: 'lead' };
const alice: Person = { id: 'UALICE', name: 'alice' };
const bob: Person = { id: 'UBOB', name: 'bob' };
const carol: Person = { id: 'UCAROL', name: 'carol' };
const dave: Person = { id: 'UDAVE', name: 'dave' };
const CREATE = 'drill create Morning "weekdays 09:00" Europe/Paris demo 2 10';
const CLOSED = 'This drill question closed at 09:10, so your answer was not recorded. Watch for the next drill!';
const until = 'You can change it until 09:10; the answer is revealed then.';

async function world(clock: SetClock, adminUsergroup?: string): Promise<SlackWorld> {
  w = await startSlackWorld(makeContentTree().root, { clock, ...(adminUsergroup ? { adminUsergroup } : {}) });
  w.fake.users.set(lead.id, { id: lead.id, name: lead.name, is_admin: true });
  for (const p of [carol, dave]) w.fake.users.set(p.id, { id: p.id, name: p.name });
  return w;
}

async function command(s: SlackWorld, who: Person, text: string): Promise<void> {
  const ack = await s.slack.command(who, CHANNEL, text);
  expect(ack.status).toBe(200);
  await s.settle();
}

/** What only `who` was shown, anywhere, oldest first. */
const privately = (s: SlackWorld, who: Person) => s.fake.messages.filter((m) => m.onlyFor === who.id).map(readText);
const channelPosts = (s: SlackWorld) => s.fake.seenBy('UNOBODY', CHANNEL).map(readText);

describe('Slack: a drill from /coach drill create to the leaderboard', () => {
  it('given a workspace admin\'s /coach drill create, opens one thread at 09:00 Paris time, takes ephemeral answers, locks the buttons and reveals at the deadline', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    const s = await world(clock);

    await command(s, lead, CREATE);
    expect(s.fake.messages.filter((m) => m.onlyFor === lead.id).map((m) => [m.via, readText(m)])).toEqual([
      ['response_url', 'Drill #1 Morning created. Next run Mon 7 Dec 2026 09:00 (Europe/Paris). `/coach drill now 1` runs it once right away; `/coach drill pause 1` pauses it.'],
    ]);
    expect(channelPosts(s)).toEqual(['📅 Morning is scheduled here: weekdays 09:00 (Europe/Paris), 2 questions from Track demo, 10 min to answer. First run Mon 7 Dec 2026 09:00 (Europe/Paris).']);
    expect(s.t.rows('Drill').map((d) => [d.name, d.platform, d.workspaceId, d.channelId, d.cron, d.timeZone, d.nextDueAt])).toEqual([
      ['Morning', 'slack', TEAM, CHANNEL, '0 9 * * 1-5', 'Europe/Paris', '2026-12-07T08:00:00.000+00:00'],
    ]);

    clock.set('2026-12-07T07:59:00Z');
    expect(await s.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });
    expect(s.fake.threads()).toEqual([]);
    clock.set('2026-12-07T08:00:00Z');
    expect(await s.t.app.drills.tick()).toEqual({ leader: true, created: 1, missed: 0, posted: 1, revealed: 0 });
    expect(await s.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });

    // One thread: its parent in the channel carries the title, the intro and the questions are replies.
    const [parent] = s.fake.threads();
    expect(s.fake.threads()).toHaveLength(1);
    expect({ channel: parent!.channel, header: parent!.blocks[0], text: readText(parent!) }).toEqual({
      channel: CHANNEL,
      header: { type: 'header', text: { type: 'plain_text', text: 'Morning · Mon 7 Dec 2026', emoji: true } },
      text: 'Morning · Mon 7 Dec 2026\nOpen the thread to take part: everything happens there.',
    });
    expect(s.t.rows<{ thread: string }>('DrillRun').map((r) => JSON.parse(r.thread))).toEqual([{ platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, threadId: parent!.ts }]);
    const [q1, q2] = s.t.rows<{ questionId: string; position: number }>('DrillRunQuestion').sort((a, b) => a.position - b.position).map((q) => q.questionId) as [string, string];
    const runId = s.t.rows<{ id: string }>('DrillRun')[0]!.id;
    const posted = s.fake.seenBy(dave.id, CHANNEL, parent!.ts);
    expect(posted.map((m) => [m.via, readText(m).split('\n')[0]])).toEqual([
      ['chat.postMessage', 'Morning — 2 questions from Track demo.'],
      ['chat.postMessage', `Question 1 · _${q1.replace(/-q\d$/, '')}-${Number(q1.at(-1)) <= 3 ? 'alpha' : 'beta'}_`],
    ]);
    const questions = posted[1]!;
    expect(questions.blocks.map((b) => b.type)).toEqual(['section', 'actions', 'section', 'actions']);
    expect(questions.blocks.filter((b) => b.type === 'actions').map((b) => (b.elements as KitBlock[]).map((e) => [e.text.text, e.action_id, e.value]))).toEqual(
      [1, 2].map((p) => ['a', 'b', 'c'].map((o, i) => [`${p}${o.toUpperCase()}`, `drill#${i}`, `${runId}:${p}:${o}`])),
    );
    // Kept as they were posted: a click after the reveal still carries them, as an old client would send.
    const shownButtons = structuredClone(questions);

    const click = async (who: Person, label: string, message: FakeMessage = questions) => {
      const element = buttonsIn(message).find((b) => b.text.text === label)!;
      const ack = await s.slack.click(who, message, element);
      expect({ status: ack.status, body: ack.body }).toEqual({ status: 200, body: '' });
      await s.settle();
    };
    const people = { alice, bob, carol };
    for (const [name, label, at] of DRILL_ANSWERS) {
      const who = people[name];
      clock.set(at);
      await click(who, label);
    }
    expect(privately(s, alice)).toEqual([`🔒 Locked in: B for question 1. ${until}`, `🔒 Locked in: B for question 2. ${until}`]);
    expect(privately(s, bob)).toEqual([`🔒 Locked in: A for question 1. ${until}`, `Changed: your answer to question 1 is now C. ${until}`, `🔒 Locked in: B for question 2. ${until}`]);
    expect(privately(s, carol)).toEqual([`🔒 Locked in: B for question 1. ${until}`]);
    // Ephemerals in the thread, each for its person; everyone else still sees the intro and the questions only.
    expect(s.fake.messages.filter((m) => m.onlyFor !== undefined && m.onlyFor !== lead.id).map((m) => [m.onlyFor, m.via, m.threadTs])).toEqual(DRILL_ANSWERS.map(([name]) => [people[name].id, 'chat.postEphemeral', parent!.ts]));
    expect(s.fake.seenBy(dave.id, CHANNEL, parent!.ts).map((m) => m.ts)).toEqual(posted.map((m) => m.ts));
    expect(questions.updates).toBe(0);

    const who = new Map(s.t.rows<{ learnerId: string; externalId: string }>('Identity').map((i) => [i.learnerId, i.externalId]));
    const answerRows = () => s.t.rows('DrillAnswer').map((a) => [who.get(a.learnerId as string), a.questionId, a.optionId, a.correct, a.points, a.elapsedMs]);
    const expectedRows = [
      [`${TEAM}:${alice.id}`, q1, 'b', 1, 15, 10_000],
      [`${TEAM}:${alice.id}`, q2, 'b', 1, 15, 20_000],
      [`${TEAM}:${bob.id}`, q1, 'c', 0, 0, 40_000],
      [`${TEAM}:${bob.id}`, q2, 'b', 1, 15, 50_000],
      [`${TEAM}:${carol.id}`, q1, 'b', 1, 14, 90_000],
    ];
    expect(answerRows()).toEqual(expectedRows);

    // The deadline: chat.update replaces the buttons with locked rows marking the answer; the reveal follows.
    clock.set('2026-12-07T08:10:00Z');
    expect(await s.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 1 });
    expect(s.fake.callsOf('chat.update').map((c) => [c.args.channel, c.args.ts, c.ok])).toEqual([[CHANNEL, questions.ts, true]]);
    expect(questions.updates).toBe(1);
    expect(buttonsIn(questions)).toEqual([]);
    expect(questions.blocks.filter((b) => b.type === 'context').map((b) => b.elements[0].text)).toEqual(['🔒 1A  ·  *1B* ✓  ·  1C', '🔒 2A  ·  *2B* ✓  ·  2C']);
    expect(readText(questions).split('\n')[0]).toMatch(/^Question 1 · closed, the answer was B · _/);
    const thread = s.fake.seenBy(dave.id, CHANNEL, parent!.ts);
    expect(thread).toHaveLength(3);
    expect(readText(thread[2]!)).toBe(
      [
        'Results · Morning',
        `Question 1: B. Option b of ${q1}\nWhy b of ${q1}.\nAnswers: A 0 (0%) · B 2 (67%) ✅ · C 1 (33%) — 3 in all. Fastest right answer: alice (10 s).`,
        `Question 2: B. Option b of ${q2}\nWhy b of ${q2}.\nAnswers: A 0 (0%) · B 2 (100%) ✅ · C 0 (0%) — 2 in all. Fastest right answer: alice (20 s).`,
        "This run's scores\n1. alice — 30 pts · 2/2 right (100%)\n2. bob — 15 pts · 1/2 right (50%)\n3. carol — 14 pts · 1/1 right (100%)",
      ].join('\n\n'),
    );
    expect(await s.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });

    // A click after the reveal (sent from the buttons as they were): a polite ephemeral, nothing written.
    clock.set('2026-12-07T08:30:00Z');
    await click(dave, '1B', shownButtons);
    await click(alice, '2A', shownButtons);
    expect(privately(s, dave)).toEqual([CLOSED]);
    expect(privately(s, alice).at(-1)).toBe(CLOSED);
    expect(s.fake.messages.filter((m) => m.onlyFor === dave.id).map((m) => [m.via, m.threadTs])).toEqual([['chat.postEphemeral', parent!.ts]]);
    expect(answerRows()).toEqual(expectedRows);
    expect(s.fake.seenBy('UNOBODY', CHANNEL, parent!.ts)).toHaveLength(3);

    // The leaderboard in the channel by name; one member keeps their name off it.
    const footer = '_Points: 10 a right answer plus up to 5 for speed. `/coach privacy leaderboard off` keeps your name off._';
    await command(s, dave, 'leaderboard week');
    expect(channelPosts(s).at(-1)).toBe(['Leaderboard · this channel · this week', '1. alice — 30 pts · 2/2 right (100%)', '2. bob — 15 pts · 1/2 right (50%)', '3. carol — 14 pts · 1/1 right (100%)', footer].join('\n'));
    await command(s, bob, 'privacy leaderboard off');
    expect(privately(s, bob).at(-1)).toBe('Done: leaderboards and results show you as "a member (name hidden)"; your points still count.');
    await command(s, dave, 'leaderboard all workspace');
    expect(channelPosts(s).at(-1)).toBe(['Leaderboard · this workspace · all time', '1. alice — 30 pts · 2/2 right (100%)', '2. a member (name hidden) — 15 pts · 1/2 right (50%)', '3. carol — 14 pts · 1/1 right (100%)', footer].join('\n'));
  });
});

describe('Slack: who may create a drill, and where', () => {
  it('given a member who is no workspace admin nor in the admin group, refuses /coach drill create privately and schedules nothing; a member of the group may', async () => {
    const s = await world(new SetClock(new Date('2026-12-07T07:00:00Z')), 'S0COACHES');
    s.fake.usergroups.set('S0COACHES', [carol.id]);
    await command(s, alice, CREATE);
    expect(s.fake.messages.map((m) => [m.onlyFor, m.via, readText(m)])).toEqual([[alice.id, 'response_url', 'Only admins of this workspace can use `/coach drill`; nothing was changed.']]);
    expect(s.fake.callsOf('users.info').map((c) => c.args.user)).toEqual([alice.id]);
    expect([s.t.count('Drill'), s.t.count('DrillRun')]).toEqual([0, 0]);

    await command(s, carol, CREATE);
    expect(privately(s, carol)).toEqual(['Drill #1 Morning created. Next run Mon 7 Dec 2026 09:00 (Europe/Paris). `/coach drill now 1` runs it once right away; `/coach drill pause 1` pauses it.']);
    expect(s.t.rows('Drill').map((d) => [d.id, d.name, d.channelId])).toEqual([[1, 'Morning', CHANNEL]]);
  });

  it('given a channel the app is not in (not_in_channel), refuses /coach drill create privately and schedules nothing', async () => {
    const s = await world(new SetClock(new Date('2026-12-07T07:00:00Z')));
    s.fake.closedChannels.add(CHANNEL);
    await command(s, lead, CREATE);
    expect(s.fake.callsOf('chat.postMessage').map((c) => c.ok)).toEqual([false]);
    expect(s.fake.messages.map((m) => [m.onlyFor, m.via, readText(m)])).toEqual([[lead.id, 'response_url', "I can't post in this channel (I'm not a member of it: invite me), so nothing was scheduled. Let me send messages and create threads here, then try again."]]);
    expect([s.t.count('Drill'), s.t.count('DrillRun')]).toEqual([0, 0]);
  });
});

describe('Slack: a whole channel answering at once', () => {
  it('given 25 members clicking in the same moment, acknowledges every click, records each answer once and tells each member privately', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    const s = await world(clock);
    await command(s, lead, 'drill create Morning "weekdays 09:00" Europe/Paris demo 1 10');
    clock.set('2026-12-07T08:00:00Z');
    await s.t.app.drills.tick();
    const [parent] = s.fake.threads();
    const questions = s.fake.seenBy('UNOBODY', CHANNEL, parent!.ts)[1]!;
    const members: Person[] = Array.from({ length: 25 }, (_, i) => ({ id: `UM${i + 1}`, name: `member${i + 1}` }));
    for (const m of members) s.fake.users.set(m.id, { id: m.id, name: m.name });
    clock.set('2026-12-07T08:00:05Z');
    const acks = await Promise.all(members.map((m, i) => s.slack.click(m, questions, buttonsIn(questions)[i % 3]!)));
    await s.settle();
    expect(acks.map((a) => [a.status, a.body])).toEqual(members.map(() => [200, '']));
    expect(members.map((m) => privately(s, m))).toEqual(members.map((_, i) => [`🔒 Locked in: ${'ABC'[i % 3]} for question 1. ${until}`]));
    expect(s.t.count('DrillAnswer')).toBe(25);
    expect(s.t.count('DrillAnswer', `"optionId" = 'b' AND "correct" = 1 AND "points" = 15`)).toBe(8);
    expect(new Set(s.t.rows<{ learnerId: string }>('DrillAnswer').map((r) => r.learnerId)).size).toBe(25);
    expect(s.fake.seenBy('UNOBODY', CHANNEL, parent!.ts)).toHaveLength(2);
  });
});

describe('Slack: /coach drill now', () => {
  it('given /coach drill now from an admin, answers privately and opens the run\'s thread at once, with its buttons', async () => {
    const s = await world(new SetClock(new Date('2026-12-07T07:00:00Z')));
    await command(s, lead, CREATE);
    await command(s, lead, 'drill now 1');
    expect(privately(s, lead).at(-1)).toBe("Drill #1 Morning runs now: its thread opens in the drill's channel.");
    expect(s.fake.threads().map((p) => [p.channel, readText(p).split('\n')[0]])).toEqual([[CHANNEL, 'Morning · Mon 7 Dec 2026']]);
    expect(s.fake.seenBy('UNOBODY', CHANNEL, s.fake.threads()[0]!.ts).map((m) => buttonsIn(m).map((b) => b.text.text))).toEqual([[], ['1A', '1B', '1C', '2A', '2B', '2C']]);
    expect(s.t.rows('DrillRun').map((r) => [r.slot, r.status])).toEqual([['now:2026-12-07T07:00:00.000Z', 'posted']]);
  });
});
