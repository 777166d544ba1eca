import { COMMANDS, usage } from './commands.ts';
import { message, text, type OutboundMessage } from './messages.ts';

export function renderHelp(): OutboundMessage {
  const lines = COMMANDS.map((c) => `\`${usage(c)}\` — ${c.description}`);
  return message([
    text(`**Interview Coach commands**\n${lines.join('\n')}`),
    text('In a lesson thread, just reply to answer an explain prompt, or post a ```python block to run it.'),
  ], undefined, 'private');
}
