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

/** Maps a typed line's words to named arguments in declaration order ("/lesson django 33"). */
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
    const [first, ...others] = remaining.split(/\s+/);
    args[arg.name] = first!;
    remaining = others.join(' ');
  }
  if (remaining) throw new UserError('badArguments', { usage: usage(command), reason: `unexpected "${remaining}"` });
  return args;
}
