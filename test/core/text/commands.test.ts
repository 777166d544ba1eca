import { describe, expect, it } from 'vitest';
import { rewriteCommands, slackCommand } from '../../../src/core/text/index.ts';

describe('command names in texts', () => {
  it('given texts naming commands, spells them the Slack way and leaves everything else alone', () => {
    const text = 'Try `/quiz` or `/lesson django 33`; `/progress` shows it. Not `/usr/bin/python3`, not `/nonsense`, not /quiz outside code.';
    expect(rewriteCommands(text, slackCommand)).toBe('Try `/coach quiz` or `/coach lesson django 33`; `/coach progress` shows it. Not `/usr/bin/python3`, not `/nonsense`, not /quiz outside code.');
  });

  it('given the Discord or terminal spelling, the text is unchanged', () => {
    const text = 'Run `/quiz` again or `/progress`.';
    expect(rewriteCommands(text, (name) => `/${name}`)).toBe(text);
  });
});
