// Core texts name commands as on Discord and the terminal (`/quiz`); Slack has one command with
// subcommands (`/coach quiz`). Adapters rewrite the names in their renderer with this, so a text never
// tells a Slack user to type a command that does not exist there.
import { COMMANDS } from '../commands.ts';

const NAMES = new Set(COMMANDS.map((c) => c.name));

/** Rewrites `/name …` at the start of inline code spans, for known command names only. */
export function rewriteCommands(markdown: string, spell: (name: string) => string): string {
  return markdown.replace(/`\/([a-z]+)(?=[\s`])/g, (whole, name: string) => (NAMES.has(name) ? `\`${spell(name)}` : whole));
}

export const slackCommand = (name: string) => `/coach ${name}`;
