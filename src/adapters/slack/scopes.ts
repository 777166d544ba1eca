// What the adapter asks of a workspace, and why: slack/manifest.yaml must list exactly these (a test
// compares them), so an admin grants nothing the coach does not use.
export const BOT_SCOPES: Record<string, string> = {
  commands: 'the /coach slash command',
  'chat:write': 'lesson threads, answers and ephemerals (chat.postMessage, chat.postEphemeral, chat.update)',
  'chat:write.public': '/coach in a public channel the app was never invited to',
  'app_mentions:read': '@coach quiz, also inside threads where slash commands cannot be typed',
  'channels:history': 'replies in lesson threads of public channels (explain answers, ```python blocks)',
  'groups:history': 'the same in private channels',
  'im:history': 'the same in lesson threads of the direct messages App Home opens',
  'im:write': 'conversations.open for the direct message App Home opens a lesson in',
  'users:read': 'users.info: the name events lack, the time zone, workspace admin and owner flags',
  'usergroups:read': 'usergroups.users.list: the admin user group (SLACK_ADMIN_USERGROUP)',
};

export const BOT_EVENTS: Record<string, string> = {
  app_home_opened: 'publishes App Home',
  app_mention: '@coach <subcommand>',
  'message.channels': 'thread replies in public channels',
  'message.groups': 'thread replies in private channels',
  'message.im': 'thread replies in direct messages',
};

/** Commands, interactivity and events all arrive here (HTTP mode). */
export const EVENTS_PATH = '/slack/events';
export const SLASH_COMMAND = '/coach';
