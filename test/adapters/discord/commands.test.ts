// Slash commands: definitions generated from the command table, registered with the bulk-overwrite
// endpoint (by the function and by `npm run discord:register`), autocomplete answered from the catalog,
// and the invite URL with exactly the permissions the bot uses.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApplicationCommandOptionType, InteractionResponseType, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { registerCommands } from '../../../src/adapters/discord/register.ts';
import { slashCommands } from '../../../src/adapters/discord/slash-commands.ts';
import { BOT_PERMISSIONS, inviteUrl } from '../../../src/adapters/discord/permissions.ts';
import { COMMANDS, type CommandSpec } from '../../../src/core/commands.ts';
import { FakeDiscord } from '../../helpers/fake-discord/index.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { startBot, type Bot } from './bot.ts';

let fake: FakeDiscord | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await fake?.close();
  await bot?.close();
  fake = bot = undefined;
});

describe('Discord slash commands', () => {
  it('given the command table, defines every command once with typed options, ranges and autocomplete', () => {
    const defined = slashCommands();
    expect(defined.map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    const byName = Object.fromEntries(defined.map((c) => [c.name, c]));
    expect(byName.lesson!.options).toEqual([
      { name: 'track', description: expect.any(String), required: false, type: ApplicationCommandOptionType.String, max_length: 100, autocomplete: true },
      { name: 'step', description: expect.any(String), required: false, type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 999 },
    ]);
    expect(byName.confidence!.options).toMatchObject([{ name: 'level', type: ApplicationCommandOptionType.Integer, min_value: 1, max_value: 5 }]);
    expect(byName.quiz!.options).toMatchObject([{ name: 'scope', type: ApplicationCommandOptionType.String, autocomplete: true }]);
    expect(byName.run!.options).toMatchObject([{ name: 'code', type: ApplicationCommandOptionType.String, required: true, max_length: 6000 }]);
    expect(defined.every((c) => c.description.length <= 100)).toBe(true);
    // Only admin-only commands are hidden from members without Manage Server.
    expect(defined.filter((c) => 'default_member_permissions' in c).map((c) => c.name)).toEqual(COMMANDS.filter((c) => c.admin).map((c) => c.name));
  });

  it('given any command (admin-only, with choices, required after optional), generates it generically', () => {
    const spec: CommandSpec = {
      name: 'drill',
      description: 'Schedule a drill for the channel',
      reply: 'private',
      admin: true,
      schema: z.strictObject({}),
      args: [
        { name: 'when', description: 'daily or weekly', required: false, choices: ['daily', 'weekly'] },
        { name: 'track', description: 'track id', required: true, complete: 'track' },
        { name: 'size', description: 'questions', required: false, type: 'integer', choices: ['3', '5'] },
      ],
    };
    expect(slashCommands([spec])).toEqual([
      {
        type: 1,
        name: 'drill',
        description: 'Schedule a drill for the channel',
        contexts: [0],
        default_member_permissions: String(PermissionFlagsBits.ManageGuild),
        options: [
          { name: 'track', description: 'track id', required: true, type: ApplicationCommandOptionType.String, max_length: 100, autocomplete: true },
          { name: 'when', description: 'daily or weekly', required: false, type: ApplicationCommandOptionType.String, max_length: 100, choices: [{ name: 'daily', value: 'daily' }, { name: 'weekly', value: 'weekly' }] },
          { name: 'size', description: 'questions', required: false, type: ApplicationCommandOptionType.Integer, choices: [{ name: '3', value: 3 }, { name: '5', value: 5 }] },
        ],
      },
    ]);
  });

  it('given DISCORD_GUILD_ID, overwrites that server\'s commands; without it, the global ones', async () => {
    fake = await FakeDiscord.start();
    const base = { token: fake.token, appId: fake.appId, apiUrl: fake.apiUrl };
    expect(await registerCommands({ ...base, guildId: fake.guildId })).toEqual({ scope: { guildId: fake.guildId }, names: COMMANDS.map((c) => c.name) });
    expect(await registerCommands(base)).toEqual({ scope: 'global', names: COMMANDS.map((c) => c.name) });
    expect(fake.state.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `PUT /applications/${fake.appId}/guilds/${fake.guildId}/commands 200`,
      `PUT /applications/${fake.appId}/commands 200`,
    ]);
    expect(fake.state.calls[0]!.body).toEqual(slashCommands());
  });

  it('given npm run discord:register with the environment set, registers and says where', async () => {
    fake = await FakeDiscord.start();
    const env = { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.apiUrl };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/discord-register.ts'], { env });
    expect(stdout).toContain(`discord:register: registered ${COMMANDS.length} commands in server ${fake.guildId}: /lesson /quiz`);
    expect(stdout).not.toContain(fake.token);
    expect(fake.state.commands.get(fake.guildId)).toHaveLength(COMMANDS.length);
  });

  it('given a member typing a track or a lesson, suggests matches from the catalog', async () => {
    bot = await startBot(makeContentTree().root);
    const alice = bot.fake.member('Alice');
    const track = await bot.fake.acknowledged(bot.fake.autocomplete(alice, bot.fake.channel.id, 'lesson', 'track', 'DE'));
    expect(track.callbacks).toMatchObject([{ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [{ name: 'Track demo (demo)', value: 'demo' }] } }]);
    const lesson = await bot.fake.acknowledged(bot.fake.autocomplete(alice, bot.fake.channel.id, 'quiz', 'scope', 'step-2'));
    expect(lesson.callbacks[0]!.data).toEqual({ choices: [{ name: 'demo 2: Lesson demo-step-2', value: 'demo-step-2' }] });
    expect(bot.events).toEqual([]);
  });

  it('given the invite URL, asks for bot and applications.commands with exactly the permissions used', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(new PermissionsBitField(BigInt(url.searchParams.get('permissions')!)).toArray()).toEqual(['ViewChannel', 'SendMessages', 'ReadMessageHistory', 'CreatePublicThreads', 'SendMessagesInThreads']);
    expect(BigInt(url.searchParams.get('permissions')!)).toBe(BOT_PERMISSIONS);
  });
});
