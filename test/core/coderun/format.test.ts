import { describe, expect, it } from 'vitest';
import { formatCodeResult, formatDuration, neutraliseMentions } from '../../../src/core/coderun/format.ts';
import type { CodeResult } from '../../../src/core/coderun/types.ts';

function result(overrides: Partial<CodeResult> = {}): CodeResult {
  const output = overrides.output ?? 'hello\n';
  return { status: 'ok', exitCode: 0, signal: null, stdout: output, stderr: '', output, wallMs: 42, ...overrides };
}

describe('given a code result to show in chat', () => {
  it('given each status, the title says what happened', () => {
    expect(formatCodeResult(result()).title).toBe('OK');
    expect(formatCodeResult(result({ status: 'error', exitCode: 2 })).title).toBe('Error (exit 2)');
    expect(formatCodeResult(result({ status: 'timeout', exitCode: null, signal: 'SIGKILL' })).title).toBe('Timed out');
    expect(formatCodeResult(result({ status: 'memory' })).title).toBe('Killed for memory');
    expect(formatCodeResult(result({ status: 'truncated' })).title).toBe('Output truncated');
    expect(formatCodeResult(result({ status: 'killed', exitCode: null, signal: 'SIGSEGV' })).title).toBe('Killed (SIGSEGV)');
  });

  it('given the time, the body shows it in ms or seconds', () => {
    expect(formatCodeResult(result({ wallMs: 42 })).body).toContain('Ran for 42 ms.');
    expect(formatCodeResult(result({ status: 'timeout', wallMs: 5003 })).body).toContain('Stopped after 5.00 s.');
    expect(formatDuration(1234)).toBe('1.23 s');
  });

  it('given one line of output, it is shown as is, without line numbers', () => {
    expect(formatCodeResult(result()).codeBlock).toEqual({ language: 'text', source: 'hello' });
  });

  it('given several lines, they get line numbers', () => {
    const { codeBlock } = formatCodeResult(result({ output: 'a\nb\nc\n' }));
    expect(codeBlock?.source).toBe('1 | a\n2 | b\n3 | c');
  });

  it('given more than 10 lines, it shows the first 10 and says how many there were', () => {
    const output = Array.from({ length: 25 }, (_, i) => `line ${i + 1}`).join('\n');
    const { codeBlock, body } = formatCodeResult(result({ output }));
    expect(codeBlock?.source.split('\n')).toHaveLength(10);
    expect(codeBlock?.source.split('\n')[9]).toBe('10 | line 10');
    expect(body).toContain('25 lines in all');
  });

  it('given more than 1,000 characters, it cuts the output there with an ellipsis', () => {
    const { codeBlock, body } = formatCodeResult(result({ output: 'x'.repeat(5000) }));
    expect(codeBlock?.source).toBe(`${'x'.repeat(1000)}…`);
    expect(body).toContain('Showing the start of the output');
  });

  it('given no output, there is no code block and the body says so', () => {
    const formatted = formatCodeResult(result({ output: '', stdout: '' }));
    expect(formatted.codeBlock).toBeUndefined();
    expect(formatted.body).toContain('No output');
  });

  it('given mention pings in the output, none of them can ping', () => {
    const pings = '@everyone @here <@123> <@!123> <@&456> <#789> <!channel> <!here> @Channel';
    const source = formatCodeResult(result({ output: pings })).codeBlock?.source ?? '';
    for (const ping of ['@everyone', '@here', '<@123>', '<@!123>', '<@&456>', '<#789>', '<!channel>', '<!here>', '@Channel']) {
      expect(source).not.toContain(ping);
    }
    expect(source.replaceAll('\u200b', '')).toBe(pings);
    expect(neutraliseMentions('mail me at a@b.c')).toBe('mail me at a@b.c');
  });

  it('given code fences in the output, they cannot close the block', () => {
    const source = formatCodeResult(result({ output: '```\n@everyone\n````' })).codeBlock?.source ?? '';
    expect(source).not.toContain('```');
  });

  it('given NUL bytes, colour codes and other control characters, they are made harmless', () => {
    const source = formatCodeResult(result({ output: '\u001b[31mred\u001b[0m a\u0000b\u0007' })).codeBlock?.source;
    expect(source).toBe('red a\u2400b\u2407');
  });

  it('given code that calls input() and no stdin, it adds a hint', () => {
    const withoutStdin = formatCodeResult(result({ status: 'error', exitCode: 1, output: 'EOFError: EOF when reading a line\n' }), {
      code: 'name = input()',
      stdinHowTo: 'Add a second code block with the input.',
    });
    expect(withoutStdin.body).toContain('calls `input()` but no stdin was given');
    expect(withoutStdin.body).toContain('Add a second code block with the input.');
    expect(formatCodeResult(result(), { code: 'name = input()', stdin: 'Ada' }).body).not.toContain('input()');
    expect(formatCodeResult(result(), { code: 'print(1)' }).body).not.toContain('input()');
  });

  it('given a truncated or memory result, the body explains it', () => {
    expect(formatCodeResult(result({ status: 'truncated' })).body).toContain('printed more than the runner keeps');
    expect(formatCodeResult(result({ status: 'memory' })).body).toContain('more memory');
  });
});
