// The gateway connection: the intents asked for, heartbeats, and surviving a drop (RESUME replaying what
// was missed, or a fresh IDENTIFY when the session is gone) with interactions still handled afterwards.
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord-api-types/v10';
import { makeContentTree } from '../../helpers/content.ts';
import { startBot, type Bot } from './bot.ts';

let bot: Bot;
afterEach(async () => bot?.close());

const until = async (condition: () => boolean, ms = 5000) => {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('Discord gateway', () => {
  it('given a start, identifies with Guilds, GuildMessages and MessageContent only, and keeps heartbeats acknowledged', async () => {
    // Short enough to see three beats quickly, long enough that a loaded machine's event-loop lag is not taken for a zombie connection.
    bot = await startBot(makeContentTree().root, { fake: { heartbeatInterval: 250 } });
    expect(bot.fake.gateway.identifies.map((i) => i.intents)).toEqual([GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent]);
    await until(() => bot.fake.gateway.heartbeats >= 3);
    // Acknowledged heartbeats keep the session: a zombie connection would have made the bot reconnect.
    expect(bot.fake.gateway.identifies).toHaveLength(1);
    expect(bot.fake.gateway.resumes).toEqual([]);
  });

  it('given the connection drops, resumes the session, gets what was dispatched meanwhile, and handles it once', async () => {
    bot = await startBot(makeContentTree().root);
    const alice = bot.fake.member('Alice');
    bot.fake.gateway.drop();
    const id = await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'confidence', { level: 4 }));
    expect(bot.fake.gateway.resumes).toMatchObject([{ replayed: 1 }]);
    expect(bot.fake.gateway.identifies).toHaveLength(1);
    expect(bot.fake.interaction(id).callbacks).toHaveLength(1);
    expect(bot.t.count('ConfidenceRating')).toBe(1);
    // And the connection keeps serving.
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'progress'));
    expect(bot.fake.state.ephemeralsFor(alice.user.id).at(-1)!.api.content).not.toBe('');
  });

  it('given the session is gone when the bot comes back, identifies again and handles the next interaction', { timeout: 15_000 }, async () => {
    bot = await startBot(makeContentTree().root);
    const alice = bot.fake.member('Alice');
    bot.fake.gateway.drop();
    bot.fake.gateway.invalidateSession();
    // discord.js spaces identifies 5 s apart (Discord's session start limit), so this takes that long.
    await until(() => bot.fake.gateway.identifies.length === 2, 10_000);
    await bot.fake.gateway.whenReady();
    await bot.deliver(() => bot.fake.command(alice, bot.fake.channel.id, 'confidence', { level: 2 }));
    expect(bot.t.rows('ConfidenceRating')).toMatchObject([{ value: 2 }]);
  });
});
