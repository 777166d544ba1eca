// npm run discord:register — registers the slash commands (generated from the core's command table) for
// DISCORD_APP_ID: in the server DISCORD_GUILD_ID when set (instant), otherwise globally.
import { ConfigError, loadConfig } from '../src/config.ts';
import { registerCommands } from '../src/adapters/discord/register.ts';

try {
  const { discord } = loadConfig();
  if (!discord) throw new ConfigError('DISCORD_TOKEN and DISCORD_APP_ID must be set to register commands');
  const registered = await registerCommands(discord);
  const where = registered.scope === 'global' ? 'globally (may take up to an hour to appear)' : `in server ${registered.scope.guildId}`;
  console.log(`discord:register: registered ${registered.names.length} commands ${where}: ${registered.names.map((n) => `/${n}`).join(' ')}`);
} catch (error) {
  console.error(`discord:register: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
