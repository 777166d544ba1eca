// Registers the slash commands with Discord's bulk overwrite: the definitions generated from the command
// table replace whatever was registered, in one request (global, or one server's when DISCORD_GUILD_ID is
// set: instant, for development; global commands can take up to an hour to appear).
import { REST, Routes } from 'discord.js';
import type { RESTPutAPIApplicationCommandsResult } from 'discord.js';
import type { DiscordConfig } from '../../config.ts';
import { discordCall } from './rest-error.ts';
import { slashCommands } from './slash-commands.ts';

export interface Registered {
  scope: 'global' | { guildId: string };
  names: string[];
}

export async function registerCommands(config: DiscordConfig): Promise<Registered> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const route = config.guildId ? Routes.applicationGuildCommands(config.appId, config.guildId) : Routes.applicationCommands(config.appId);
  const saved = (await discordCall('register the commands', () => rest.put(route, { body: slashCommands() }))) as RESTPutAPIApplicationCommandsResult;
  return { scope: config.guildId ? { guildId: config.guildId } : 'global', names: saved.map((c) => c.name) };
}
