// The command set, shared by every adapter: Discord registers these as slash commands, Slack as
// /coach subcommands, the terminal parses them positionally. Arguments are validated here with zod.
import { z } from 'zod';
import { UserError } from './errors.ts';
import { describeIssue } from './zod-issue.ts';

export interface CommandArg {
  name: string;
  description: string;
  required: boolean;
  /** Takes the rest of the line (e.g. code for /run). */
  rest?: boolean;
  /** How a platform with typed options asks for it (Discord); every value still arrives as a string. */
  type?: 'string' | 'integer';
  min?: number;
  max?: number;
  /** A fixed list of values a platform can offer as choices. */
  choices?: readonly string[];
  /** Values a platform can suggest while the person types, from the catalog. */
  complete?: 'track' | 'lesson';
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Who sees the answer: the channel, or only the person (the first response is deferred that way). */
  reply: 'public' | 'private';
  args: CommandArg[];
  schema: z.ZodType<Record<string, string | undefined>>;
  /** Changes what a whole workspace or channel gets (drills): only for people the platform calls admins. */
  admin?: boolean;
}

const word = z.string().trim().min(1).max(100).optional();

export const DRILL_ACTIONS = ['create', 'list', 'pause', 'resume', 'delete', 'now'] as const;

function integerText(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, `a whole number from ${min} to ${max}`)
    .refine((v) => Number(v) >= min && Number(v) <= max, `a whole number from ${min} to ${max}`)
    .optional();
}

function spec(name: string, reply: CommandSpec['reply'], description: string, args: CommandArg[], shape: Record<string, z.ZodType<string | undefined>>): CommandSpec {
  return { name, reply, description, args, schema: z.strictObject(shape) };
}

export const COMMANDS: readonly CommandSpec[] = [
  spec('lesson', 'public', 'Start or continue a lesson in its own thread', [
    { name: 'track', description: 'track id, e.g. django (default: your current track)', required: false, complete: 'track' },
    { name: 'step', description: 'step number (default: where you are)', required: false, type: 'integer', min: 1, max: 999 },
  ], { track: word, step: word }),
  spec('quiz', 'public', 'Multiple-choice questions with feedback, weakest first', [
    { name: 'scope', description: 'a track id, a lesson id or a step number (default: current lesson)', required: false, complete: 'lesson' },
  ], { scope: word }),
  spec('explain', 'public', 'Explain a topic in 30 seconds and get graded', [
    { name: 'lesson', description: 'lesson id or step number (default: this thread\'s lesson)', required: false, complete: 'lesson' },
  ], { lesson: word }),
  spec('confidence', 'private', 'Rate how well you could explain the current lesson (1-5)', [
    { name: 'level', description: '1 (not yet) to 5 (could teach it)', required: false, type: 'integer', min: 1, max: 5 },
  ], { level: z.string().trim().regex(/^[1-5]$/, 'a number from 1 to 5').optional() }),
  spec('progress', 'private', 'Your steps, quiz accuracy, explain scores, confidence and weakest topics', [], {}),
  spec('run', 'public', 'Run Python in the sandbox (or post a ```python block in a lesson thread)', [
    { name: 'code', description: 'Python code', required: true, rest: true },
  ], { code: z.string().min(1).max(20_000) }),
  spec('help', 'private', 'List the commands', [], {}),
  spec('link', 'private', 'Link this account with your account on another platform (one learner, one history)', [
    // The rest of the line, so a code typed with a space ("K7QX M4PZ") is still one code.
    { name: 'code', description: 'the code your other account got from /link (leave out to get a code)', required: false, rest: true },
  ], { code: word }),
  spec('unlink', 'private', 'Split this account off from the accounts it is linked with', [], {}),
  {
    ...spec('drill', 'private', 'Schedule drills in this channel: create, list, pause, resume, delete, now', [
      { name: 'action', description: 'create, list, pause, resume, delete or now', required: true, choices: DRILL_ACTIONS },
      { name: 'drill', description: 'create: a name for the new drill; otherwise its number (from list) or name', required: false },
      { name: 'schedule', description: 'e.g. "weekdays 09:00" (terminal: weekdays@09:00), "mon,wed 18:30" or cron "0 9 * * 1-5"', required: false },
      { name: 'timezone', description: 'IANA time zone, e.g. Europe/Paris', required: false },
      { name: 'track', description: 'a track id, or lesson ids separated by commas', required: false, complete: 'track' },
      { name: 'questions', description: 'questions per run (default 3)', required: false, type: 'integer', min: 1, max: 5 },
      { name: 'window', description: 'minutes to answer (default 10)', required: false, type: 'integer', min: 1, max: 1440 },
      { name: 'grace', description: 'minutes a missed run may still start late (default 30)', required: false, type: 'integer', min: 0, max: 1440 },
    ], {
      action: z.enum(DRILL_ACTIONS, { error: `one of ${DRILL_ACTIONS.join(', ')}` }),
      drill: z.string().trim().min(1).max(60).optional(),
      schedule: z.string().trim().min(1).max(100).optional(),
      timezone: z.string().trim().min(1).max(64).optional(),
      track: z.string().trim().min(1).max(300).optional(),
      questions: integerText(1, 5),
      window: integerText(1, 1440),
      grace: integerText(0, 1440),
    }),
    admin: true,
  },
  spec('leaderboard', 'public', 'Drill leaderboard: points, speed bonus and accuracy', [
    { name: 'period', description: 'week (default), month or all', required: false, choices: ['week', 'month', 'all'] },
    { name: 'scope', description: 'channel (default) or workspace', required: false, choices: ['channel', 'workspace'] },
  ], { period: z.enum(['week', 'month', 'all'], { error: 'week, month or all' }).optional(), scope: z.enum(['channel', 'workspace'], { error: 'channel or workspace' }).optional() }),
  spec('privacy', 'private', 'Keep your name off drill leaderboards (or show it again)', [
    { name: 'setting', description: 'leaderboard', required: true, choices: ['leaderboard'] },
    { name: 'value', description: 'off hides your name, on shows it', required: true, choices: ['on', 'off'] },
  ], { setting: z.enum(['leaderboard'], { error: 'leaderboard' }), value: z.enum(['on', 'off'], { error: 'on or off' }) }),
];

export function usage(command: CommandSpec): string {
  const args = command.args.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`));
  return ['/' + command.name, ...args].join(' ');
}

export function findCommand(name: string): CommandSpec {
  const command = COMMANDS.find((c) => c.name === name.toLowerCase());
  if (!command) throw new UserError('unknownCommand', { command: name });
  return command;
}

/** Validates named arguments (as Discord and Slack deliver them). */
export function validateArgs(command: CommandSpec, args: Record<string, string>): Record<string, string | undefined> {
  const present = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== ''));
  const result = command.schema.safeParse(present);
  if (!result.success) {
    throw new UserError('badArguments', { usage: usage(command), reason: describeIssue(result.error.issues) });
  }
  return result.data;
}

/** Maps a typed line's words to named arguments in declaration order ("/lesson django 33"); a "quoted value" is one word. */
export function positionalArgs(command: CommandSpec, rest: string): Record<string, string> {
  const args: Record<string, string> = {};
  let remaining = rest.trim();
  for (const arg of command.args) {
    if (!remaining) break;
    if (arg.rest) {
      args[arg.name] = remaining;
      remaining = '';
      break;
    }
    // A "quoted value" is one argument, so a schedule like "weekdays 09:00" fits on one line.
    const quoted = /^"([^"]*)"(?:\s+|$)/.exec(remaining);
    if (quoted) {
      args[arg.name] = quoted[1]!;
      remaining = remaining.slice(quoted[0].length);
      continue;
    }
    const [first, ...others] = remaining.split(/\s+/);
    args[arg.name] = first!;
    remaining = others.join(' ');
  }
  if (remaining) throw new UserError('badArguments', { usage: usage(command), reason: `unexpected "${remaining}"` });
  return args;
}
