// The bot's permissions: exactly what it uses, named once for the invite URL and for the check that
// tells a member what the bot is missing in a channel instead of failing silently.
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';

const NEEDED = {
  ViewChannel: 'View Channel',
  SendMessages: 'Send Messages',
  CreatePublicThreads: 'Create Public Threads',
  SendMessagesInThreads: 'Send Messages in Threads',
  // Replies to a member's message (why code in an untracked thread did not run) reference it.
  ReadMessageHistory: 'Read Message History',
} as const satisfies Partial<Record<keyof typeof PermissionFlagsBits, string>>;

type Needed = keyof typeof NEEDED;

/** Every permission the bot uses, as the invite URL asks for them. */
export const BOT_PERMISSIONS_NAMES: readonly string[] = Object.values(NEEDED);

export const BOT_PERMISSIONS: bigint = (Object.keys(NEEDED) as Needed[]).reduce((all, name) => all | PermissionFlagsBits[name], 0n);

const IN_CHANNEL: Needed[] = ['ViewChannel', 'SendMessages', 'CreatePublicThreads', 'SendMessagesInThreads'];
const IN_THREAD: Needed[] = ['ViewChannel', 'SendMessagesInThreads'];

/** Names of the permissions the bot lacks to answer in this channel (or thread): none means it can. */
export function missingPermissions(granted: Readonly<PermissionsBitField>, inThread: boolean): string[] {
  return (inThread ? IN_THREAD : IN_CHANNEL).filter((name) => !granted.has(PermissionFlagsBits[name])).map((name) => NEEDED[name]);
}

export function missingPermissionsText(missing: string[]): string {
  return `I can't answer here: I'm missing ${missing.map((m) => `**${m}**`).join(', ')} in this channel. Ask a server admin to grant them to my role; nothing was recorded.`;
}

export function inviteUrl(appId: string): string {
  const params = new URLSearchParams({ client_id: appId, scope: 'bot applications.commands', permissions: String(BOT_PERMISSIONS) });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
