// Scheduled drills on Discord end to end: `/drill` as the registered slash command with its typed options,
// the scheduler firing on the test's clock into the real adapter, answers as button interactions answered
// ephemerally, the reveal locking the question message by editing it, and the leaderboard by display name.
// Everything is asserted on the fake Discord's state (threads, messages, callbacks) and the rows kept.
import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, ButtonStyle, InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { slashCommands } from '../../../src/adapters/discord/slash-commands.ts';
import { lesson, makeContentTree, quizQuestion } from '../../helpers/content.ts';
import { BOT_PERMISSIONS_ALL, type Member } from '../../helpers/fake-discord/index.ts';
import { SetClock } from '../../scheduler/drill-harness.ts';
import { DRILL_ANSWERS } from '../drill-scenario.ts';
import { startBot, type Bot } from './bot.ts';
import { buttons } from './discord-harness.ts';

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const MEMBER = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const ADMIN = MEMBER | PermissionFlagsBits.ManageGuild;
const CREATE = { action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: 2, window: 10 };
const CLOSED = 'This drill question closed at 09:10, so your answer was not recorded. Watch for the next drill!';
const until = 'You can change it until 09:10; the answer is revealed then.';

/** Monday 7 Dec 2026, 08:00 in Paris. */
const monday = () => new SetClock(new Date('2026-12-07T07:00:00Z'));

const ephemeralTexts = (b: Bot, who: Member) => b.fake.state.ephemeralsFor(who.user.id).map((m) => m.api.content);

/** Clicks button `label` of the drill questions message in the thread, as `who`; returns the interaction id. */
async function click(b: Bot, who: Member, threadId: string, label: string): Promise<string> {
  const shown = b.fake.state.inChannel(threadId).find((m) => buttons(m.api).some((x) => x.label === '1A'));
  if (!shown) throw new Error('no drill questions in the thread');
  // A locked button can still be clicked by an old client (or forged): the custom_id is what arrives.
  const button = buttons(shown.api).find((x) => x.label === label)!;
  return b.deliver(() => b.fake.click(who, shown.api.id, button.custom_id));
}

describe('Discord: a drill from /drill create to the leaderboard', () => {
  it('given an admin\'s /drill, opens one thread at 09:00 Paris time, takes ephemeral answers, locks the buttons and reveals at the deadline', async () => {
    const clock = monday();
    bot = await startBot(makeContentTree().root, { clock });
    const { fake } = bot;
    const lead = fake.member('Lead', { permissions: ADMIN });
    const [alice, bob, carol, dave] = [fake.member('Alice'), fake.member('Bob'), fake.member('Carol', { nick: 'Caz' }), fake.member('Dave')];

    // The options sent are the registered definition's: integers as integers, each option declared.
    const definition = slashCommands().find((c) => c.name === 'drill')!;
    expect(definition.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    const declared = new Map((definition.options ?? []).map((o) => [o.name, o.type]));
    expect(Object.keys(CREATE).map((name) => [name, declared.get(name)])).toEqual([
      ['action', ApplicationCommandOptionType.String],
      ['drill', ApplicationCommandOptionType.String],
      ['schedule', ApplicationCommandOptionType.String],
      ['timezone', ApplicationCommandOptionType.String],
      ['track', ApplicationCommandOptionType.String],
      ['questions', ApplicationCommandOptionType.Integer],
      ['window', ApplicationCommandOptionType.Integer],
    ]);

    const created = await bot.deliver(() => fake.command(lead, fake.channel.id, 'drill', CREATE));
    expect(fake.interaction(created).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(ephemeralTexts(bot, lead)).toEqual(['Drill **#1 Morning** created. Next run Mon 7 Dec 2026 09:00 (Europe/Paris). `/drill now 1` runs it once right away; `/drill pause 1` pauses it.']);
    expect(fake.state.inChannel(fake.channel.id).map((m) => m.api.content)).toEqual([
      '📅 **Morning** is scheduled here: weekdays 09:00 (Europe/Paris), 2 questions from Track demo, 10 min to answer. First run Mon 7 Dec 2026 09:00 (Europe/Paris).',
    ]);
    expect(bot.t.rows('Drill').map((d) => [d.name, d.platform, d.workspaceId, d.channelId, d.cron, d.timeZone, d.nextDueAt])).toEqual([
      ['Morning', 'discord', fake.guildId, fake.channel.id, '0 9 * * 1-5', 'Europe/Paris', '2026-12-07T08:00:00.000+00:00'],
    ]);

    clock.set('2026-12-07T07:59:00Z');
    expect(await bot.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });
    expect(fake.threads()).toEqual([]);
    clock.set('2026-12-07T08:00:00Z');
    expect(await bot.t.app.drills.tick()).toEqual({ leader: true, created: 1, missed: 0, posted: 1, revealed: 0 });
    expect(await bot.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });

    expect(fake.threads().map((t) => ({ name: t.name, parentId: t.parentId }))).toEqual([{ name: 'Morning · Mon 7 Dec 2026', parentId: fake.channel.id }]);
    const thread = fake.threads()[0]!;
    expect(bot.t.rows<{ thread: string; status: string }>('DrillRun').map((r) => [JSON.parse(r.thread).threadId, r.status])).toEqual([[thread.id, 'posted']]);
    const [q1, q2] = bot.t.rows<{ questionId: string; position: number }>('DrillRunQuestion').sort((a, b) => a.position - b.position).map((q) => q.questionId) as [string, string];
    const posted = fake.state.inChannel(thread.id);
    expect(posted.map((m) => m.api.content.split('\n')[0])).toEqual(['**Morning** — 2 questions from Track demo.', `**Question 1** · _${q1.replace(/-q\d$/, '')}-${Number(q1.at(-1)) <= 3 ? 'alpha' : 'beta'}_`]);
    const questions = posted[1]!;
    expect(questions.api.content).toContain(`Question ${q1}?\n**A.** Option a of ${q1}\n**B.** Option b of ${q1}\n**C.** Option c of ${q1}`);
    expect(questions.api.content).toContain(`Question ${q2}?\n**A.** Option a of ${q2}`);
    expect(questions.api.components!.map((row) => buttons({ ...questions.api, components: [row] }).map((b) => [b.label, b.disabled, b.style]))).toEqual([
      [['1A', false, ButtonStyle.Secondary], ['1B', false, ButtonStyle.Secondary], ['1C', false, ButtonStyle.Secondary]],
      [['2A', false, ButtonStyle.Secondary], ['2B', false, ButtonStyle.Secondary], ['2C', false, ButtonStyle.Secondary]],
    ]);
    const runId = bot.t.rows<{ id: string }>('DrillRun')[0]!.id;
    expect(buttons(questions.api).map((b) => b.custom_id)).toEqual(['1', '2'].flatMap((p) => ['a', 'b', 'c'].map((o) => `1|drill|${runId}:${p}:${o}`)));

    // Answers: each acknowledged ephemerally (type 5 with flag 64), a change replaces the first.
    const people = { alice, bob, carol };
    for (const [name, label, at] of DRILL_ANSWERS) {
      const who = people[name];
      clock.set(at);
      const id = await click(bot, who, thread.id, label);
      expect(fake.interaction(id).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    }
    expect(ephemeralTexts(bot, alice)).toEqual([`🔒 Locked in: **B** for question 1. ${until}`, `🔒 Locked in: **B** for question 2. ${until}`]);
    expect(ephemeralTexts(bot, bob)).toEqual([`🔒 Locked in: **A** for question 1. ${until}`, `Changed: your answer to question 1 is now **C**. ${until}`, `🔒 Locked in: **B** for question 2. ${until}`]);
    expect(ephemeralTexts(bot, carol)).toEqual([`🔒 Locked in: **B** for question 1. ${until}`]);
    // Nobody else sees them: the thread's public messages are still the intro and the questions, untouched.
    expect(fake.state.inChannel(thread.id).map((m) => m.api.id)).toEqual(posted.map((m) => m.api.id));
    expect(fake.state.seenBy(dave.user.id, thread.id).map((m) => m.api.id)).toEqual(posted.map((m) => m.api.id));
    // Each acknowledgement is an ephemeral in the thread for the one who clicked, in the order of the clicks.
    expect(fake.state.messages.filter((m) => m.api.channel_id === thread.id && m.ephemeralFor !== undefined).map((m) => m.ephemeralFor)).toEqual(DRILL_ANSWERS.map(([name]) => people[name].user.id));
    expect(fake.state.message(questions.api.id)!.edits).toBe(0);

    const who = new Map(bot.t.rows<{ learnerId: string; externalId: string }>('Identity').map((i) => [i.learnerId, i.externalId]));
    const answerRows = () => bot!.t.rows('DrillAnswer').map((a) => [who.get(a.learnerId as string), a.questionId, a.optionId, a.correct, a.points, a.elapsedMs]);
    const expectedRows = [
      [alice.user.id, q1, 'b', 1, 15, 10_000],
      [alice.user.id, q2, 'b', 1, 15, 20_000],
      [bob.user.id, q1, 'c', 0, 0, 40_000],
      [bob.user.id, q2, 'b', 1, 15, 50_000],
      [carol.user.id, q1, 'b', 1, 14, 90_000],
    ];
    expect(answerRows()).toEqual(expectedRows);

    // The deadline: the question message is edited with its buttons disabled, the answer marked green.
    clock.set('2026-12-07T08:10:00Z');
    expect(await bot.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 1 });
    const locked = fake.state.message(questions.api.id)!;
    expect(locked.edits).toBe(1);
    expect(fake.state.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${thread.id}/messages/${questions.api.id}`).map((c) => c.status)).toEqual([200]);
    expect(locked.api.content.split('\n')[0]).toMatch(/^\*\*Question 1 · closed, the answer was B\*\* · _/);
    expect(buttons(locked.api).map((b) => [b.label, b.disabled, b.style])).toEqual([
      ['1A', true, ButtonStyle.Secondary], ['1B', true, ButtonStyle.Success], ['1C', true, ButtonStyle.Secondary],
      ['2A', true, ButtonStyle.Secondary], ['2B', true, ButtonStyle.Success], ['2C', true, ButtonStyle.Secondary],
    ]);
    const publicNow = fake.state.inChannel(thread.id);
    expect(publicNow).toHaveLength(3);
    expect(publicNow[2]!.api.content).toBe(
      [
        '**Results · Morning**',
        `**Question 1: B. Option b of ${q1}**\nWhy b of ${q1}.\nAnswers: A 0 (0%) · B 2 (67%) ✅ · C 1 (33%) — 3 in all. Fastest right answer: Alice (10 s).`,
        `**Question 2: B. Option b of ${q2}**\nWhy b of ${q2}.\nAnswers: A 0 (0%) · B 2 (100%) ✅ · C 0 (0%) — 2 in all. Fastest right answer: Alice (20 s).`,
        "**This run's scores**\n1. Alice — 30 pts · 2/2 right (100%)\n2. Bob — 15 pts · 1/2 right (50%)\n3. Caz — 14 pts · 1/1 right (100%)",
      ].join('\n\n'),
    );
    expect(await bot.t.app.drills.tick()).toEqual({ leader: true, created: 0, missed: 0, posted: 0, revealed: 0 });

    // A click after the reveal (an old client still shows the buttons): refused ephemerally, nothing written.
    clock.set('2026-12-07T08:30:00Z');
    const late = await click(bot, dave, thread.id, '1B');
    expect(fake.interaction(late).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(ephemeralTexts(bot, dave)).toEqual([CLOSED]);
    await click(bot, alice, thread.id, '2A');
    expect(ephemeralTexts(bot, alice).at(-1)).toBe(CLOSED);
    expect(answerRows()).toEqual(expectedRows);
    expect(fake.state.inChannel(thread.id)).toHaveLength(3);

    // The leaderboard (public) by display name: the server nickname where there is one.
    const board = await bot.deliver(() => fake.command(dave, fake.channel.id, 'leaderboard', { period: 'week' }));
    expect(fake.interaction(board).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource }]);
    const footer = '_Points: 10 a right answer plus up to 5 for speed. `/privacy leaderboard off` keeps your name off._';
    expect(fake.state.inChannel(fake.channel.id).at(-1)!.api.content).toBe(
      ['**Leaderboard · this channel · this week**', '1. Alice — 30 pts · 2/2 right (100%)', '2. Bob — 15 pts · 1/2 right (50%)', '3. Caz — 14 pts · 1/1 right (100%)', footer].join('\n'),
    );
    const optOut = await bot.deliver(() => fake.command(bob, fake.channel.id, 'privacy', { setting: 'leaderboard', value: 'off' }));
    expect(fake.interaction(optOut).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(ephemeralTexts(bot, bob).at(-1)).toBe('Done: leaderboards and results show you as "a member (name hidden)"; your points still count.');
    await bot.deliver(() => fake.command(dave, fake.channel.id, 'leaderboard', { period: 'all', scope: 'workspace' }));
    expect(fake.state.inChannel(fake.channel.id).at(-1)!.api.content).toBe(
      ['**Leaderboard · this workspace · all time**', '1. Alice — 30 pts · 2/2 right (100%)', '2. a member (name hidden) — 15 pts · 1/2 right (50%)', '3. Caz — 14 pts · 1/1 right (100%)', footer].join('\n'),
    );
    // Bob's name is only in what was posted before he opted out.
    expect(fake.state.messages.filter((m) => m.api.content.includes('Bob')).map((m) => m.api.content.split('\n')[0])).toEqual(['**Results · Morning**', '**Leaderboard · this channel · this week**']);
  });
});

describe('Discord: who may create a drill, and where', () => {
  it('given a member without Manage Server or the admin role, refuses /drill ephemerally and schedules nothing; the admin role may', async () => {
    bot = await startBot(makeContentTree().root, { clock: monday(), adminRole: 'Coach admins' });
    const { fake } = bot;
    const member = fake.member('Mallory');
    const refused = await bot.deliver(() => fake.command(member, fake.channel.id, 'drill', CREATE));
    expect(fake.interaction(refused).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(ephemeralTexts(bot, member)).toEqual(['Only admins of this workspace can use `/drill`; nothing was changed.']);
    expect(fake.state.inChannel(fake.channel.id)).toEqual([]);
    expect([bot.t.count('Drill'), bot.t.count('DrillRun')]).toEqual([0, 0]);

    const roleId = fake.roles.find((r) => r.name === 'Coach admins')!.id;
    const lead = fake.member('Lead', { roles: [roleId] });
    await bot.deliver(() => fake.command(lead, fake.channel.id, 'drill', CREATE));
    expect(ephemeralTexts(bot, lead)[0]).toMatch(/^Drill \*\*#1 Morning\*\* created\./);
    expect(bot.t.count('Drill')).toBe(1);
  });

  it.each([
    ['Send Messages', PermissionFlagsBits.SendMessages],
    ['Create Public Threads', PermissionFlagsBits.CreatePublicThreads],
    ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads],
  ])('given a channel where the bot lacks %s, refuses /drill create ephemerally and schedules nothing', async (name, missing) => {
    bot = await startBot(makeContentTree().root, { clock: monday() });
    const { fake } = bot;
    fake.setBotPermissions(fake.channel.id, BOT_PERMISSIONS_ALL & ~missing);
    const lead = fake.member('Lead', { permissions: ADMIN });
    // Answered by the adapter at once (type 4, ephemeral): the core never sees it.
    const answered = await fake.acknowledged(fake.command(lead, fake.channel.id, 'drill', CREATE));
    expect(answered.callbacks).toMatchObject([{ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(ephemeralTexts(bot, lead)).toEqual([`I can't post in this channel (missing ${name}), so nothing was scheduled. Let me send messages and create threads here, then try again.`]);
    expect(bot.events).toEqual([]);
    expect(fake.state.inChannel(fake.channel.id)).toEqual([]);
    expect(fake.threads()).toEqual([]);
    expect([bot.t.count('Drill'), bot.t.count('DrillRun')]).toEqual([0, 0]);
  });
});

describe('Discord: a drill too long for one message', () => {
  it('given five long questions posted in two parts, locks every button at the deadline by editing the part that holds them', async () => {
    const tree = makeContentTree();
    const long = (n: number) => ({ ...quizQuestion(`demo-step-1-q${n}`, 'load'), prompt: `Question ${n}: ${'why would a service under load drop requests, and what would you measure first? '.repeat(5)}` });
    tree.writeLesson('demo', lesson(1, 'demo-step-1', { quiz: [1, 2, 3, 4, 5, 6].map(long) }));
    const clock = monday();
    bot = await startBot(tree.root, { clock });
    const { fake } = bot;
    const lead = fake.member('Lead', { permissions: ADMIN });
    await bot.deliver(() => fake.command(lead, fake.channel.id, 'drill', { ...CREATE, track: 'demo-step-1', questions: 5 }));
    clock.set('2026-12-07T08:00:00Z');
    expect(await bot.t.app.drills.tick()).toMatchObject({ created: 1, posted: 1 });
    const thread = fake.threads()[0]!;
    const [, first, last] = fake.state.inChannel(thread.id);
    expect([first!.api.content.length, buttons(first!.api).length, last!.api.content.length > 0, buttons(last!.api).length]).toEqual([1615, 0, true, 15]);
    const lastText = last!.api.content;

    clock.set('2026-12-07T08:10:00Z');
    expect(await bot.t.app.drills.tick()).toMatchObject({ revealed: 1 });
    const locked = fake.state.message(last!.api.id)!;
    expect(locked.edits).toBe(1);
    expect(buttons(locked.api).map((b) => [b.label, b.disabled, b.style === ButtonStyle.Success])).toEqual(
      [1, 2, 3, 4, 5].flatMap((p) => ['A', 'B', 'C'].map((o) => [`${p}${o}`, true, o === 'B'])),
    );
    // The part holding the buttons now shows its questions closed, with their answers; the first part stays as posted.
    expect(locked.api.content).toBe(lastText.replace('**Question 4**', '**Question 4 · closed, the answer was B**').replace('**Question 5**', '**Question 5 · closed, the answer was B**'));
    expect(fake.state.message(first!.api.id)!.edits).toBe(0);
    expect(bot.t.logs.filter((l) => l.msg === 'could not lock a drill question')).toEqual([]);
    expect(fake.state.inChannel(thread.id).at(-1)!.api.content).toMatch(/^\*\*Results · Morning\*\*/);
  });
});

describe('Discord: a whole channel answering at once', () => {
  it('given 25 members clicking in the same moment, records each answer once and acknowledges each member ephemerally', async () => {
    const clock = monday();
    bot = await startBot(makeContentTree().root, { clock });
    const { fake } = bot;
    await bot.deliver(() => fake.command(fake.member('Lead', { permissions: ADMIN }), fake.channel.id, 'drill', { ...CREATE, questions: 1 }));
    clock.set('2026-12-07T08:00:00Z');
    await bot.t.app.drills.tick();
    const thread = fake.threads()[0]!;
    clock.set('2026-12-07T08:00:05Z');
    const members = Array.from({ length: 25 }, (_, i) => fake.member(`Member ${i + 1}`));
    const ids = await Promise.all(members.map((m, i) => click(bot!, m, thread.id, ['1A', '1B', '1C'][i % 3]!)));
    expect(ids.map((id) => fake.interaction(id).callbacks.map((c) => c.type))).toEqual(members.map(() => [InteractionResponseType.DeferredChannelMessageWithSource]));
    expect(members.map((m) => ephemeralTexts(bot!, m))).toEqual(members.map((_, i) => [`🔒 Locked in: **${'ABC'[i % 3]}** for question 1. ${until}`]));
    expect(bot.t.count('DrillAnswer')).toBe(25);
    expect(bot.t.count('DrillAnswer', `"optionId" = 'b' AND "correct" = 1 AND "points" = 15`)).toBe(8);
    expect(new Set(bot.t.rows<{ learnerId: string }>('DrillAnswer').map((r) => r.learnerId)).size).toBe(25);
    expect(fake.state.inChannel(thread.id)).toHaveLength(2);
  });
});

describe('Discord: /drill now', () => {
  it('given /drill now from an admin, answers ephemerally and opens the run\'s thread at once, with its buttons', async () => {
    bot = await startBot(makeContentTree().root, { clock: monday() });
    const { fake } = bot;
    const lead = fake.member('Lead', { permissions: ADMIN });
    await bot.deliver(() => fake.command(lead, fake.channel.id, 'drill', CREATE));
    await bot.deliver(() => fake.command(lead, fake.channel.id, 'drill', { action: 'now', drill: '1' }));
    expect(ephemeralTexts(bot, lead).at(-1)).toBe("Drill **#1 Morning** runs now: its thread opens in the drill's channel.");
    expect(fake.threads().map((t) => [t.name, t.parentId])).toEqual([['Morning · Mon 7 Dec 2026', fake.channel.id]]);
    expect(fake.state.inChannel(fake.threads()[0]!.id).map((m) => buttons(m.api).map((b) => b.label))).toEqual([[], ['1A', '1B', '1C', '2A', '2B', '2C']]);
    expect(bot.t.rows('DrillRun').map((r) => [r.slot, r.status])).toEqual([['now:2026-12-07T07:00:00.000Z', 'posted']]);
  });
});
