// What can go wrong on Discord: redelivered interactions, bad options, stale or forged payloads, a bot
// without the permissions it needs, rate limits, failing REST calls. Each gets a short private answer to
// the right person, nothing is recorded wrongly, and no token reaches a log.
import { afterEach, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { makeContentTree } from '../../helpers/content.ts';
import { startBot, type Bot } from './bot.ts';
import { buttons } from './discord-harness.ts';

let bot: Bot;
afterEach(async () => bot?.close());

const start = async (adminRole?: string) => (bot = await startBot(makeContentTree().root, adminRole ? { adminRole } : {}));
const lastPrivate = (userId: string) => bot.fake.state.ephemeralsFor(userId).at(-1)?.api.content;

describe('Discord: redelivery', () => {
  it('given the same interaction delivered twice, records it once and answers once', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    const id = await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'confidence', { level: 4 }));
    await bot.deliver(() => (bot.fake.replay(id), id));
    expect(bot.t.count('ConfidenceRating')).toBe(1);
    expect(bot.t.count('ProcessedEvent')).toBe(1);
    expect(bot.fake.state.messages.map((m) => m.api.content)).toEqual(['Confidence saved: **4/5** for Lesson demo-step-1.']);
    // Discord refused the second acknowledgement; the first answer was left alone.
    expect(bot.fake.state.calls.filter((c) => c.path.startsWith(`/interactions/${id}/`)).map((c) => c.status)).toEqual([204, 400]);
    expect([...bot.t.logs, ...bot.logs].filter((l) => (l.level as number) >= 50)).toEqual([]);
  });
});

describe('Discord: bad input', () => {
  it.each([
    ['a step that is not a number', { step: 'abc' }, 'Track demo has no step "abc". Steps: 1-5.'],
    ['a step out of range', { step: 99 }, 'Track demo has no step "99". Steps: 1-5.'],
    ['a track that does not exist', { track: 'nosuch' }, 'There is no track "nosuch". Tracks: demo.'],
  ])('given /lesson with %s, tells only that member and opens nothing', async (_case, options, text) => {
    await start();
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', options));
    expect(bot.fake.state.ephemeralsFor(alice.user.id).map((m) => m.api.content)).toEqual([text]);
    expect(bot.fake.state.inChannel(bot.fake.channel.id)).toEqual([]);
    expect(bot.fake.threads()).toEqual([]);
    expect(bot.t.count('LessonProgress')).toBe(0);
  });

  it('given a lesson that does not exist or a command this version does not have, says so privately', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'explain', { lesson: 'no-such-lesson' }));
    expect(lastPrivate(alice.user.id)).toBe('I can\'t find lesson "no-such-lesson". Use a lesson id or a step number of your current track.');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'retired'));
    expect(lastPrivate(alice.user.id)).toBe("I don't know `/retired`. Try `/help` for the list of commands.");
    expect(bot.fake.threads()).toEqual([]);
  });

  it('given a button from an older version of the bot or a forged one, answers it as outdated and records nothing', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'quiz', { scope: 'demo-step-1' }));
    const question = bot.fake.state.inChannel(bot.fake.threads()[0]!.id).find((m) => buttons(m.api).length > 0)!;
    const current = buttons(question.api).find((b) => b.label === 'B')!.custom_id;
    for (const stale of [current.replace(/^1\|/, ''), current.replace(/^1\|/, '0|'), `1|quiz|${'x'.repeat(10)}:b`]) {
      await bot.deliver(() => bot.fake.click(alice, question.api.id, stale));
      expect(lastPrivate(alice.user.id)).toBe('That button is from an older message; nothing was recorded.');
    }
    expect(bot.t.count('QuizAttempt')).toBe(0);
    expect(bot.fake.state.message(question.api.id)!.edits).toBe(0);
  });

  it('given a modal this version cannot read, answers that the form could not be used', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    await bot.fake.acknowledged(bot.fake.submitModal(alice, bot.fake.channel.id, 'explain-v0', { answer: 'joins' }));
    expect(lastPrivate(alice.user.id)).toBe('That form could not be used: it came from an older version of the bot. Nothing was recorded.');
    expect(bot.events).toEqual([]);
    expect(bot.t.count('ExplainAttempt')).toBe(0);
  });
});

describe('Discord: permissions and admins', () => {
  it('given the bot may not post or open threads in the channel, tells the member what is missing and does nothing', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    bot.fake.setBotPermissions(bot.fake.channel.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessagesInThreads);
    const id = bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 });
    const record = await bot.fake.acknowledged(id);
    expect(record.callbacks).toMatchObject([{ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    expect(lastPrivate(alice.user.id)).toBe(
      "I can't answer here: I'm missing **Send Messages**, **Create Public Threads** in this channel. Ask a server admin to grant them to my role; nothing was recorded.",
    );
    expect(bot.fake.threads()).toEqual([]);
    expect(bot.events).toEqual([]);
  });

  it('given a lesson thread where the bot may no longer post, a click there names the missing permission', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 }));
    const thread = bot.fake.threads()[0]!;
    bot.fake.setBotPermissions(thread.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages);
    const holding = bot.fake.state.inChannel(thread.id).findLast((m) => buttons(m.api).some((b) => b.label === 'Quiz me'))!;
    await bot.fake.acknowledged(bot.fake.click(alice, holding.api.id, buttons(holding.api).find((b) => b.label === 'Quiz me')!.custom_id));
    expect(lastPrivate(alice.user.id)).toBe(
      "I can't answer here: I'm missing **Send Messages in Threads** in this channel. Ask a server admin to grant them to my role; nothing was recorded.",
    );
    expect(bot.events.map((e) => e.type)).toEqual(['command']);
  });

  it('given Manage Server or the configured admin role, marks the member an admin; others are not', async () => {
    await start('Coach admins');
    const admins = bot.fake.roles.find((r) => r.name === 'Coach admins')!.id;
    const members = [
      bot.fake.member('Owner', { permissions: PermissionFlagsBits.ManageGuild }),
      bot.fake.member('Mod', { roles: [admins] }),
      bot.fake.member('Member', { nick: 'Nick Name' }),
    ];
    for (const m of members) await bot.deliver(() => bot.fake.command(m, bot.fake.channel.id, 'help'));
    expect(bot.events.map((e) => [e.user.name, e.isAdmin])).toEqual([
      ['Owner', true],
      ['Mod', true],
      ['Nick Name', false],
    ]);
  });
});

describe('Discord: REST failures', () => {
  it("given the adapter's own step failing (a channel it cannot fetch), the member gets a private apology whose id is in the log", async () => {
    await start();
    const alice = bot.fake.member('Alice');
    // A channel created while the bot was away: not in its cache, so the adapter asks for it, and Discord refuses.
    const hidden = bot.fake.state.addChannel({ id: '1190000000000000001', type: 0, name: 'hidden', permissions: bot.fake.channel.permissions });
    bot.fake.fail('GET', new RegExp(`^/channels/${hidden.id}$`), 403, 50001, 'Missing Access');
    const record = await bot.fake.acknowledged(bot.fake.command(alice, hidden.id, 'progress'));
    expect(record.callbacks).toMatchObject([{ type: InteractionResponseType.ChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } }]);
    const errorId = /error `([0-9a-f]{8})`/.exec(lastPrivate(alice.user.id) ?? '')?.[1];
    expect(bot.logs.find((l) => l.errorId === errorId)).toMatchObject({ msg: 'interaction failed in the Discord adapter', err: { code: 50001, status: 403 } });
    expect(bot.events).toEqual([]);
  });

  it('given a channel post answered 429, waits retry_after and posts it again: the lesson arrives whole', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    bot.fake.rateLimit('POST', /^\/channels\/\d+\/messages$/, 0.2);
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'lesson', { step: 1 }));
    const posts = bot.fake.state.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    expect(posts.map((c) => c.status).slice(0, 2)).toEqual([429, 200]);
    expect(posts[1]!.body).toEqual(posts[0]!.body);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(200);
    const thread = bot.fake.threads()[0]!;
    expect(bot.fake.state.inChannel(thread.id)).toHaveLength(posts.filter((c) => c.status === 200).length);
    expect(buttons(bot.fake.state.inChannel(thread.id).at(-1)!.api).at(-1)!.label).toBe('Next lesson');
  });

  it('given a REST call failing, the member gets a private apology with an error id that is in the log, and no token is ever logged', async () => {
    await start();
    const alice = bot.fake.member('Alice');
    bot.fake.fail('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/, 400, 50035, 'Invalid Form Body');
    const id = await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'progress'));
    const apology = /^Something went wrong on my side; it has been logged as error `([0-9a-f]{8})`\. Please try again\.$/.exec(lastPrivate(alice.user.id) ?? '');
    expect(apology).not.toBeNull();
    const failure = bot.t.logs.find((l) => l.errorId === apology![1]);
    expect(failure).toMatchObject({ msg: 'event failed', err: { type: 'DiscordCallError', status: 400, code: 50035, route: expect.stringContaining('/webhooks/') } });
    const logged = JSON.stringify([...bot.t.logs, ...bot.logs]);
    expect(logged).not.toContain(bot.fake.token);
    expect(logged).not.toContain(bot.fake.interaction(id).token);
    expect(logged).toContain('<token>');
  });
});
