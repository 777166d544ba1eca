// The runner's environment, parsed once with zod and frozen. A bad value stops start-up with one line that
// names the variable and the form it expects; the runner never half-starts with a default it guessed.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { FLAG_FORM, LOG_LEVEL_FORM, flag, formatEnvIssue, integer, logLevel } from '../env.ts';

export interface RunnerConfig {
  readonly host: string;
  readonly port: number;
  /** Shared secret the bot sends as the Authorization header; null means no check (loopback use only). */
  readonly token: string | null;
  readonly concurrency: number;
  readonly queueLimit: number;
  readonly wallMs: number;
  readonly memoryBytes: number;
  readonly outputBytes: number;
  readonly maxProcs: number;
  /** Slot n runs its jobs as uid/gid uidBase + n. */
  readonly uidBase: number;
  readonly logLevel: string;
  /** The interpreter jobs run; anything outside /usr it needs is bound read-only into the sandbox. */
  readonly python: string;
}

export class RunnerConfigError extends Error {
  override readonly name = 'RunnerConfigError';
}

export const RUNNER_ENABLED_VARIABLE = 'LEARNING_RUNNER_ENABLED';

// One entry per variable: its schema, the form shown when it is wrong, and the default.
const variables = {
  RUNNER_HOST: { schema: z.string().min(1), form: 'a host name or IP address', fallback: '127.0.0.1' },
  RUNNER_PORT: { schema: integer(0, 65535), form: 'an integer 0-65535 (0 picks a free port)', fallback: '2000' },
  RUNNER_TOKEN: { schema: z.string().min(16), form: 'a secret of at least 16 characters, or unset', fallback: undefined },
  RUNNER_CONCURRENCY: { schema: integer(1, 256), form: 'an integer 1-256', fallback: String(availableParallelism()) },
  RUNNER_QUEUE_LIMIT: { schema: integer(0, 10_000), form: 'an integer 0-10000', fallback: '32' },
  RUNNER_WALL_MS: { schema: integer(100, 60_000), form: 'milliseconds, an integer 100-60000', fallback: '5000' },
  RUNNER_MEMORY_MB: { schema: integer(32, 4096), form: 'mebibytes, an integer 32-4096', fallback: '256' },
  RUNNER_OUTPUT_KB: { schema: integer(1, 4096), form: 'kibibytes, an integer 1-4096', fallback: '64' },
  RUNNER_MAX_PROCS: { schema: integer(4, 1024), form: 'an integer 4-1024', fallback: '32' },
  RUNNER_UID_BASE: { schema: integer(1000, 2_000_000_000), form: 'an unused uid, an integer 1000-2000000000', fallback: '60000' },
  RUNNER_PYTHON: {
    schema: z.string().startsWith('/'),
    form: "an absolute path to a Python 3 interpreter (a virtualenv's bin/python works)",
    fallback: '/usr/bin/python3',
  },
  LOG_LEVEL: { schema: logLevel, form: LOG_LEVEL_FORM, fallback: 'info' },
} as const;

type VariableName = keyof typeof variables;
export const RUNNER_VARIABLES = [RUNNER_ENABLED_VARIABLE, ...Object.keys(variables)] as const;

function read(env: NodeJS.ProcessEnv, name: VariableName): unknown {
  const { schema, form, fallback } = variables[name];
  const raw = env[name]?.trim() || fallback;
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new RunnerConfigError(formatEnvIssue(name, form, raw));
  }
  return parsed.data;
}

/** Throws RunnerConfigError with a one-line explanation when the runner must not or cannot start. */
export function loadRunnerConfig(env: NodeJS.ProcessEnv = process.env): RunnerConfig {
  const enabled = flag.safeParse(env[RUNNER_ENABLED_VARIABLE] ?? '');
  if (!enabled.success) throw new RunnerConfigError(formatEnvIssue(RUNNER_ENABLED_VARIABLE, FLAG_FORM, env[RUNNER_ENABLED_VARIABLE]));
  if (!enabled.data) {
    throw new RunnerConfigError(
      `runner disabled: set ${RUNNER_ENABLED_VARIABLE}=true to run learners' Python on this machine (it is ${JSON.stringify(env[RUNNER_ENABLED_VARIABLE] ?? '')})`,
    );
  }
  const config: RunnerConfig = {
    host: read(env, 'RUNNER_HOST') as string,
    port: read(env, 'RUNNER_PORT') as number,
    token: (read(env, 'RUNNER_TOKEN') as string | undefined) ?? null,
    concurrency: read(env, 'RUNNER_CONCURRENCY') as number,
    queueLimit: read(env, 'RUNNER_QUEUE_LIMIT') as number,
    wallMs: read(env, 'RUNNER_WALL_MS') as number,
    memoryBytes: (read(env, 'RUNNER_MEMORY_MB') as number) * 1024 * 1024,
    outputBytes: (read(env, 'RUNNER_OUTPUT_KB') as number) * 1024,
    maxProcs: read(env, 'RUNNER_MAX_PROCS') as number,
    uidBase: read(env, 'RUNNER_UID_BASE') as number,
    logLevel: read(env, 'LOG_LEVEL') as string,
    python: read(env, 'RUNNER_PYTHON') as string,
  };
  if (config.token === null && !isLoopback(config.host)) {
    throw new RunnerConfigError(
      `RUNNER_TOKEN is not set and RUNNER_HOST=${config.host} is reachable from other machines: set RUNNER_TOKEN to a secret of at least 16 characters (the bot's too), or RUNNER_HOST=127.0.0.1`,
    );
  }
  return Object.freeze(config);
}

/** Loopback only: 127.0.0.0/8 (also IPv4-mapped), ::1 in any spelling, or localhost. */
export function isLoopback(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || /^(0{0,4}:){2,7}0{0,3}1$/.test(name) || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(name);
}
