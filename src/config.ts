// The only reader of process.env. Parses the environment once with zod (after loading .env when present)
// and returns a frozen, grouped config. A bad value stops start-up with one line naming the variable.
import { z } from 'zod';
import { DEFAULT_RUNS_PER_MINUTE } from './core/coderun/rate-limit.ts';
import { flag, formatEnvIssue, integer, loadDotEnv, logLevel } from './env.ts';

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
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    integer(1, 1000, 'runs per learner per minute, an integer 1-1000').default(DEFAULT_RUNS_PER_MINUTE),
  ),
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
  return deepFreeze({
    databaseUrl: e.DATABASE_URL,
    contentDir: e.CONTENT_DIR,
    defaultTrack: e.DEFAULT_TRACK,
    logLevel: e.LOG_LEVEL,
    logFile: e.LOG_FILE,
    console: { user: e.CONSOLE_USER },
    runner: { enabled: e.LEARNING_RUNNER_ENABLED, url: e.RUNNER_URL, token: e.RUNNER_TOKEN, runsPerMinute: e.RUNNER_RUNS_PER_MINUTE },
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
