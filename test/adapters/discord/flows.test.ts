// The coach on Discord end to end: the real adapter over the fake gateway and REST API, the real core and
// SQLite. Each test asserts on what Discord would show (the fake's messages, threads, callbacks) and on
// the rows kept.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ButtonStyle, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import type { CodeJob, CodeResult, CodeRunner } from '../../../src/core/ports.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { startBot, type Bot } from './bot.ts';
import { buttons } from './discord-harness.ts';

let bot: Bot;
afterEach(async () => bot?.close());

const demo = () => makeContentTree().root;
const contentOf = (bot: Bot, userId: string, channelId: string) => bot.fake.state.seenBy(userId, channelId).map((m) => m.api.content);

/** The newest message `userId` sees in the channel with a pressable button labelled `label`, and that button. */
function button(bot: Bot, userId: string, channelId: string, label: string) {
  const message = bot.fake.state.seenBy(userId, channelId).findLast((m) => buttons(m.api).some((b) => b.label === label && !b.disabled));
  if (!message) throw new Error(`no button ${label}`);
  return { message, customId: buttons(message.api).find((b) => b.label === label)!.custom_id };
}

class FakeRunner implements CodeRunner {
  readonly jobs: CodeJob[] = [];
  async run(job: CodeJob): Promise<CodeResult> {
    this.jobs.push(job);
    return { status: 'ok', exitCode: 0, signal: null, stdout: 'hi\n', stderr: '', output: 'hi\n', wallMs: 12 };
  }
}

describe('Discord: lessons', () => {
  it('given /lesson django 33, opens a thread titled with the lesson and posts it there with "33/36", in messages Discord takes', async () => {
    bot = await startBot(path.resolve('content'));
    const alice = bot.fake.member('Alice');
    const id = await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { track: 'django', step: 33 }));
    expect(bot.fake.interaction(id).callbacks.map((c) => c.type)).toEqual([InteractionResponseType.DeferredChannelMessageWithSource]);
    expect(bot.fake.threads().map((t) => ({ name: t.name, parentId: t.parentId }))).toEqual([{ name: 'Step 33 · Interview essentials', parentId: bot.fake.channel.id }]);
    const thread = bot.fake.threads()[0]!;
    const posted = bot.fake.state.inChannel(thread.id);
    expect(posted[0]!.api.content).toMatch(/^\*\*Interview essentials\*\*\n\n[█░]{20} step 33\/36 · 0%/);
    expect(posted.every((m) => m.api.content.length <= 2000)).toBe(true);
    const ids = posted.flatMap((m) => buttons(m.api).map((b) => b.custom_id));
    expect(ids.length).toBeGreaterThan(4);
    expect(ids.every((c) => c.length <= 100 && c.startsWith('1|'))).toBe(true);
    expect(buttons(posted.at(-1)!.api).map((b) => b.label).slice(-4)).toEqual(['Quiz me', 'Explain in 30s', 'Confidence', 'Next lesson']);
    // The "thinking…" placeholder in the channel was removed: the lesson is in its thread.
    expect(bot.fake.state.inChannel(bot.fake.channel.id)).toEqual([]);
    expect(bot.t.rows('Identity')).toMatchObject([{ platform: 'discord', externalId: alice.user.id, displayName: 'Alice' }]);
  });
});

describe('Discord: identity', () => {
  it('given a member who changes their server nickname, keeps one learner and shows the current name', async () => {
    bot = await startBot(demo());
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'progress'));
    alice.nick = 'Al the Brave';
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'progress'));
    expect(bot.t.rows('Identity')).toMatchObject([{ platform: 'discord', externalId: alice.user.id, displayName: 'Al the Brave' }]);
    expect(bot.t.count('Learner')).toBe(1);
  });
});

describe('Discord: quiz', () => {
  it('given a quiz button clicked, records the attempt, answers privately and locks the question in place', async () => {
    bot = await startBot(demo());
    const [alice, bob] = [bot.fake.member('Alice'), bot.fake.member('Bob')];
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'quiz', { scope: 'demo-step-1' }));
    const thread = bot.fake.threads()[0]!;
    const { message, customId } = button(bot, alice.user.id, thread.id, 'B');
    const click = await bot.deliver(() => bot.fake.click(alice, message.api.id, customId));

    expect(bot.fake.interaction(click).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(bot.t.rows('QuizAttempt').map((r) => ({ questionId: r.questionId, chosen: r.chosen, correct: r.correct }))).toEqual([{ questionId: 'demo-step-1-q1', chosen: 'b', correct: 1 }]);
    const feedback = bot.fake.state.ephemeralsFor(alice.user.id).filter((m) => m.api.content.startsWith('✅ **Right: B.**'));
    expect(feedback).toHaveLength(1);
    expect(contentOf(bot, bob.user.id, thread.id).some((c) => c.includes('Right: B.'))).toBe(false);
    const locked = bot.fake.state.message(message.api.id)!;
    expect(locked.edits).toBe(1);
    expect(buttons(locked.api).map((b) => [b.label, b.disabled, b.style])).toEqual([
      ['A', true, ButtonStyle.Secondary],
      ['B', true, ButtonStyle.Primary],
      ['C', true, ButtonStyle.Secondary],
    ]);
  });

  it('given 30 members answering in one lesson thread at once, records all 30 answers, each told privately', async () => {
    bot = await startBot(demo());
    const members = Array.from({ length: 30 }, (_, i) => bot.fake.member(`Member${i + 1}`));
    await bot.deliver(() => bot.fake.command(bot.fake.member('Host'), bot.fake.channel.id, 'lesson', { step: 1 }));
    const thread = bot.fake.threads()[0]!;
    await Promise.all(members.map((m) => bot.deliver(() => bot.fake.command(m, thread.id, 'quiz'))));
    const shown = bot.fake.state.inChannel(thread.id);
    const questions = members.map((m) => shown.find((msg) => msg.api.content.startsWith(`**Question 1 of 5** · for ${m.user.global_name} · `)));
    expect(questions.filter(Boolean)).toHaveLength(30);
    await Promise.all(members.map((m, i) => bot.deliver(() => bot.fake.click(m, questions[i]!.api.id, buttons(questions[i]!.api).find((b) => b.label === 'A')!.custom_id))));

    expect(bot.t.count('QuizAttempt')).toBe(30);
    expect(bot.t.count('QuizAttempt', "chosen = 'a' AND correct = 0")).toBe(30);
    expect(new Set(bot.t.rows<{ learnerId: string }>('QuizAttempt').map((r) => r.learnerId)).size).toBe(30);
    for (const m of members) expect(bot.fake.state.ephemeralsFor(m.user.id).filter((e) => e.api.content.startsWith('❌ **Not quite: you chose A.**'))).toHaveLength(1);
    expect(questions.every((q) => buttons(bot.fake.state.message(q!.api.id)!.api).every((b) => b.disabled))).toBe(true);
  });
});

describe('Discord: buttons on an ephemeral message', () => {
  it('given a rating clicked on a private message, acknowledges with a deferred update (type 6) and records it once', async () => {
    bot = await startBot(demo());
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 }));
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'confidence'));
    const shown = button(bot, alice.user.id, bot.fake.channel.id, '4 Confident');
    // The core posts its rating buttons publicly today; the same buttons on an ephemeral message (as a
    // private answer would carry them) can only be edited through the click, so the click is type 6.
    const message = bot.fake.state.createMessage(bot.fake.channel.id, { content: shown.message.api.content, components: shown.message.api.components! }, { ephemeralFor: alice.user.id });
    const customId = shown.customId;
    const click = await bot.deliver(() => bot.fake.click(alice, message.api.id, customId));
    expect(bot.fake.interaction(click).callbacks.map((c) => c.type)).toEqual([InteractionResponseType.DeferredMessageUpdate]);
    expect(bot.t.rows('ConfidenceRating')).toMatchObject([{ value: 4 }]);
    await bot.deliver(() => bot.fake.click(alice, message.api.id, customId));
    expect(bot.fake.state.ephemeralsFor(alice.user.id).at(-1)!.api.content).toBe('Already done: that was handled a moment ago, nothing was recorded twice.');
    expect(bot.t.count('ConfidenceRating')).toBe(1);
  });
});

describe('Discord: explain', () => {
  it('given "Explain in 30s", opens the modal as the first response, grades its submission once, and refuses it a second time', async () => {
    bot = await startBot(demo());
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 }));
    const thread = bot.fake.threads()[0]!;
    const { message, customId } = button(bot, alice.user.id, thread.id, 'Explain in 30s');
    const click = await bot.deliver(() => bot.fake.click(alice, message.api.id, customId));

    expect(bot.fake.interaction(click).callbacks.map((c) => c.type)).toEqual([InteractionResponseType.Modal]);
    const [modal] = bot.fake.state.modals;
    expect(modal).toMatchObject({ userId: alice.user.id, customId: '1|explain:demo-step-1', title: 'Explain · Lesson demo-step-1' });
    expect(modal!.components[0]!.components[0]).toMatchObject({ custom_id: 'answer', style: 2, max_length: 2000, placeholder: 'Explain demo-step-1 to a junior dev' });

    const answer = 'It uses a SQL join over the foreign key to avoid N+1 queries.';
    const submit = await bot.deliver(() => bot.fake.submitModal(alice, thread.id, modal!.customId, { answer }));
    expect(bot.fake.interaction(submit).callbacks).toMatchObject([{ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(bot.t.rows('ExplainAttempt')).toMatchObject([{ lessonId: 'demo-step-1', text: answer, score: 75 }]);
    expect(contentOf(bot, alice.user.id, thread.id).filter((c) => c.includes('Score 75/100'))).toHaveLength(1);

    await bot.deliver(() => bot.fake.submitModal(alice, thread.id, modal!.customId, { answer: 'A second try.' }));
    expect(bot.fake.state.ephemeralsFor(alice.user.id).at(-1)!.api.content).toContain('That explain prompt is no longer open');
    expect(bot.t.count('ExplainAttempt')).toBe(1);
  });
});

describe('Discord: code relay', () => {
  it('given a ```python block in a lesson thread, relays it to the runner and replies in the thread', async () => {
    const runner = new FakeRunner();
    bot = await startBot(demo(), { runner });
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 }));
    const thread = bot.fake.threads()[0]!;
    await bot.deliver(() => bot.fake.say(alice, thread.id, 'My try:\n```python\nprint("hi")\n```'));
    expect(runner.jobs).toEqual([{ language: 'python', code: 'print("hi")' }]);
    expect(bot.fake.state.inChannel(thread.id).at(-1)!.api.content).toBe('**OK** · Ran for 12 ms.\n\n```text\nhi\n```');
  });

  it('given the code edited right after it ran, offers a re-run that runs the new version', async () => {
    const runner = new FakeRunner();
    bot = await startBot(demo(), { runner });
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 }));
    const thread = bot.fake.threads()[0]!;
    const posted = await bot.deliver(() => bot.fake.say(alice, thread.id, '```python\nprint("hi")\n```'));
    await bot.deliver(() => bot.fake.edit(alice, posted, '```python\nprint("hello")\n```'));
    expect(bot.events.at(-1)).toMatchObject({ type: 'message', messageId: posted, edited: true });
    const { message, customId } = button(bot, alice.user.id, thread.id, 'Run again');
    expect(message.api.content).toBe('You edited your code. Run the new version?');
    await bot.deliver(() => bot.fake.click(alice, message.api.id, customId));
    expect(runner.jobs.map((j) => j.code)).toEqual(['print("hi")', 'print("hello")']);
  });

  it('given code in a thread the bot does not track, runs nothing and replies to that message saying why', async () => {
    const runner = new FakeRunner();
    bot = await startBot(demo(), { runner });
    const alice = bot.fake.member('Alice');
    const thread = bot.fake.memberThread('our own chat');
    await bot.deliver(() => bot.fake.say(alice, thread.id, '```python\nprint("hi")\n```'));
    expect(runner.jobs).toEqual([]);
    const post = bot.fake.state.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${thread.id}/messages`);
    expect(post).toHaveLength(1);
    expect(post[0]!.body).toMatchObject({ content: expect.stringContaining("This thread isn't one of my lesson threads"), message_reference: { message_id: expect.any(String) }, allowed_mentions: { parse: [] } });
  });

  it("given a member's plain chat in the main channel or the bot's own messages, delivers no event", async () => {
    bot = await startBot(demo());
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 }));
    bot.fake.say(alice, bot.fake.channel.id, '```python\nprint(1)\n```');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'progress'));
    expect(bot.events.map((e) => e.type)).toEqual(['command', 'command']);
  });
});

describe('Discord: scheduled work', () => {
  it('given a scheduled thread and a direct message, opens the thread in the channel and writes to the person in their DM', async () => {
    bot = await startBot(demo());
    const alice = bot.fake.member('Alice');
    const channel = { platform: 'discord' as const, workspaceId: bot.fake.guildId, channelId: bot.fake.channel.id };
    const drill = await bot.t.app.coach.run({ kind: 'thread', conv: channel, title: 'Daily drill', messages: [{ blocks: [{ kind: 'text', markdown: 'Question of the day' }], fallbackText: 'Question of the day' }] });
    expect(bot.fake.threads().map((t) => t.name)).toEqual(['Daily drill']);
    expect(drill.conv).toEqual({ ...channel, threadId: bot.fake.threads()[0]!.id });
    const user = { platform: 'discord' as const, id: alice.user.id, name: 'Alice' };
    const reminder = await bot.t.app.coach.run({ kind: 'direct', user, messages: [{ blocks: [{ kind: 'text', markdown: 'Time to review' }], fallbackText: 'Time to review' }] });
    expect(bot.fake.state.inChannel(reminder.conv.channelId).map((m) => m.api.content)).toEqual(['Time to review']);
    expect(bot.fake.state.channels.get(reminder.conv.channelId)).toMatchObject({ recipientId: alice.user.id });
  });
});
