// What the bot's config (src/config.ts) and the runner's (src/runner/config.ts) share, so both processes
// read .env the same way, agree on what a flag such as LEARNING_RUNNER_ENABLED=1 means, and word a bad
// value in the same one line.
import { existsSync } from 'node:fs';
import { z } from 'zod';

/** Loads a .env file when there is one; variables already set in the environment win. */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

const TRUE = ['true', '1', 'yes'];
const FALSE = ['false', '0', 'no', ''];
export const FLAG_FORM = 'true or false (also 1/0, yes/no)';

/** A yes/no setting: true/false, 1/0 or yes/no in any case; empty means false. */
export const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => TRUE.includes(value) || FALSE.includes(value), FLAG_FORM)
  .transform((value) => TRUE.includes(value));

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_LEVEL_FORM = `one of ${LOG_LEVELS.join(', ')}`;
export const logLevel = z.enum(LOG_LEVELS, LOG_LEVEL_FORM);

export const integer = (min: number, max: number, form = `an integer ${min}-${max}`) =>
  z.coerce.number(form).int(form).min(min, form).max(max, form);

// The value of a secret never appears in an error, not even a wrong one.
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|KEY/;

/** The one-line error for a variable that is set wrong: its name, the form it expects, what it got. */
export function formatEnvIssue(name: string, expected: string, raw: string | undefined): string {
  const shown = raw === undefined ? 'nothing' : SECRET_NAME.test(name) ? '(hidden)' : JSON.stringify(raw);
  return `${name} must be ${expected}; got ${shown}`;
}
