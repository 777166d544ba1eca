// npm run discord:invite — prints the URL that adds the bot to a server with exactly the permissions it
// uses (src/adapters/discord/permissions.ts) and the applications.commands scope for slash commands.
import { ConfigError, loadConfig } from '../src/config.ts';
import { BOT_PERMISSIONS_NAMES, inviteUrl } from '../src/adapters/discord/permissions.ts';

try {
  const { discord } = loadConfig();
  if (!discord) throw new ConfigError('DISCORD_TOKEN and DISCORD_APP_ID must be set to build the invite URL');
  console.log(inviteUrl(discord.appId));
  console.log(`permissions: ${BOT_PERMISSIONS_NAMES.join(', ')}`);
} catch (error) {
  console.error(`discord:invite: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
