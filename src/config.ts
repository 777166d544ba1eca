// The only reader of process.env. Parses the environment once with zod (after loading .env when present)
// and returns a frozen, grouped config. A bad value stops start-up with one line naming the variable.
import { z } from 'zod';
import { DEFAULT_RUNS_PER_MINUTE } from './core/coderun/rate-limit.ts';
import { flag, formatEnvIssue, integer, loadDotEnv, logLevel } from './env.ts';

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(blankIsUnset, z.string().trim().optional());

const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^file:.+/, 'a SQLite URL like file:./data/coach.db').default('file:./data/coach.db'),
  CONTENT_DIR: z.string().min(1).default('content'),
  DEFAULT_TRACK: z.string().regex(/^[a-z0-9-]+$/, 'a track id like django').default('django'),
  LOG_LEVEL: logLevel.default('info'),
  LOG_FILE: z.string().trim().min(1).default('data/coach.log'),
  CONSOLE_USER: z.string().trim().min(1).max(64).default('learner'),
  LEARNING_RUNNER_ENABLED: flag.default(false),
  RUNNER_URL: z.url('a URL like http://127.0.0.1:2000').default('http://127.0.0.1:2000'),
  RUNNER_TOKEN: z
    .string()
    .trim()
    .refine((v) => v === '' || v.length >= 16, 'a secret of at least 16 characters (the runner refuses shorter ones), or unset')
    .optional()
    .transform((v) => (v ? v : undefined)),
  RUNNER_RUNS_PER_MINUTE: z.preprocess(
    blankIsUnset,
    integer(1, 1000, 'runs per learner per minute, an integer 1-1000').default(DEFAULT_RUNS_PER_MINUTE),
  ),
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), 'a Discord application id (17-20 digits)'),
  DISCORD_GUILD_ID: optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), 'a Discord server id (17-20 digits), or unset'),
  DISCORD_API_URL: z.url('a URL like https://discord.com/api').default('https://discord.com/api'),
  DISCORD_ADMIN_ROLE_ID: optionalText.refine((v) => v === undefined || /^\d{17,20}$/.test(v), 'a Discord role id (17-20 digits), or unset'),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'an app-level token starting with xapp-, or unset'),
  SLACK_PORT: z.preprocess(blankIsUnset, integer(1, 65535, 'a TCP port 1-65535').default(3000)),
  SLACK_API_URL: z.url('a URL like https://slack.com/api/').default('https://slack.com/api/'),
  SLACK_ADMIN_USERGROUP: optionalText,
  GRADER_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), 'a URL like http://127.0.0.1:11434/v1, or unset'),
  GRADER_MODEL: optionalText,
  GRADER_API_KEY: optionalText,
  GRADER_TIMEOUT_MS: z.preprocess(blankIsUnset, integer(50, 60_000, 'milliseconds, an integer 50-60000').default(5000)),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  databaseUrl: string;
  contentDir: string;
  defaultTrack: string;
  logLevel: Env['LOG_LEVEL'];
  /** Where logs go when the coach runs in an interactive terminal (elsewhere: JSON on stderr). */
  logFile: string;
  console: { user: string };
  runner: { enabled: boolean; url: string; token?: string | undefined; runsPerMinute: number };
  /** Set when DISCORD_TOKEN and DISCORD_APP_ID are. */
  discord?: DiscordConfig;
  /** Set when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are. */
  slack?: SlackConfig;
  /** Set when GRADER_URL and GRADER_MODEL are: explain answers are graded by the model, the rule grader standing in. */
  grader?: GraderConfig;
}

export interface GraderConfig {
  /** OpenAI-compatible API base; requests go to `{url}/chat/completions`. */
  url: string;
  model: string;
  /** Sent as a Bearer token; never logged. */
  apiKey?: string | undefined;
  /** Past this the rule grader answers. */
  timeoutMs: number;
}

export interface DiscordConfig {
  token: string;
  appId: string;
  /** Commands are registered in this server only (instant, for development); unset: globally. */
  guildId?: string | undefined;
  /** REST base given to discord.js (`rest.api`); the gateway URL is then asked of it. */
  apiUrl: string;
  /** Members with this role may run admin-only commands, besides those with Manage Server. */
  adminRoleId?: string | undefined;
}

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set (no public URL needed); otherwise the HTTP receiver on `port`. */
  appToken?: string | undefined;
  port: number;
  /** Web API base (`clientOptions.slackApiUrl`). */
  apiUrl: string;
  /** Members of this user group may run admin-only commands, besides workspace admins and owners. */
  adminUsergroup?: string | undefined;
}

/** Both variables of a pair, or neither: half a platform's credentials is a mistake worth stopping for. */
function pair(names: [string, string], values: [string | undefined, string | undefined]): boolean {
  const [a, b] = values;
  if (a === undefined && b === undefined) return false;
  if (a === undefined || b === undefined) {
    const missing = a === undefined ? names[0] : names[1];
    const present = a === undefined ? names[1] : names[0];
    throw new ConfigError(`${missing} must be set too when ${present} is (or unset both)`);
  }
  return true;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new ConfigError(formatEnvIssue(name, issue.message.replace(/^Invalid input: /, ''), env[name]));
  }
  const e = result.data;
  const runnerUrl = new URL(e.RUNNER_URL);
  // fetch refuses such URLs, and every failure line would carry the password: the secret belongs in RUNNER_TOKEN.
  if (runnerUrl.username || runnerUrl.password) {
    throw new ConfigError('RUNNER_URL must not contain a user or password: remove the user:password@ part and set RUNNER_TOKEN, the secret the bot sends as Authorization');
  }
  const discord = pair(['DISCORD_TOKEN', 'DISCORD_APP_ID'], [e.DISCORD_TOKEN, e.DISCORD_APP_ID]);
  const slack = pair(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'], [e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET]);
  const grader = pair(['GRADER_URL', 'GRADER_MODEL'], [e.GRADER_URL, e.GRADER_MODEL]);
  if (!grader && e.GRADER_API_KEY !== undefined) throw new ConfigError('GRADER_URL and GRADER_MODEL must be set too when GRADER_API_KEY is (or unset it)');
  return deepFreeze({
    databaseUrl: e.DATABASE_URL,
    contentDir: e.CONTENT_DIR,
    defaultTrack: e.DEFAULT_TRACK,
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
    console: { user: e.CONSOLE_USER },
    runner: { enabled: e.LEARNING_RUNNER_ENABLED, url: e.RUNNER_URL, token: e.RUNNER_TOKEN, runsPerMinute: e.RUNNER_RUNS_PER_MINUTE },
    ...(discord && {
      discord: { token: e.DISCORD_TOKEN!, appId: e.DISCORD_APP_ID!, guildId: e.DISCORD_GUILD_ID, apiUrl: e.DISCORD_API_URL, adminRoleId: e.DISCORD_ADMIN_ROLE_ID },
    }),
    ...(slack && {
      slack: {
        botToken: e.SLACK_BOT_TOKEN!,
        signingSecret: e.SLACK_SIGNING_SECRET!,
        appToken: e.SLACK_APP_TOKEN,
        port: e.SLACK_PORT,
        apiUrl: e.SLACK_API_URL,
        adminUsergroup: e.SLACK_ADMIN_USERGROUP,
      },
    }),
    ...(grader && { grader: { url: e.GRADER_URL!, model: e.GRADER_MODEL!, apiKey: e.GRADER_API_KEY, timeoutMs: e.GRADER_TIMEOUT_MS } }),
  });
}

/** Loads .env (without overriding variables already set) and parses process.env. */
export function loadConfig(envFile = '.env'): Config {
  loadDotEnv(envFile);
  return parseConfig(process.env);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
