// Parses what the learner types in the terminal into core events or terminal meta commands.
import { findCommand, positionalArgs } from '../../core/commands.ts';
import { UserError } from '../../core/errors.ts';

export type TerminalInput =
  | { kind: 'command'; name: string; args: Record<string, string> }
  | { kind: 'press'; button: number }
  | { kind: 'message'; text: string }
  | { kind: 'meta'; name: 'as' | 'thread' | 'main' | 'threads' | 'help'; arg: string }
  | { kind: 'error'; error: UserError | string }
  | { kind: 'empty' };

const META = ['as', 'thread', 'main', 'threads', 'help'] as const;

export function parseLine(line: string): TerminalInput {
  const trimmed = line.trim();
  if (!trimmed) return { kind: 'empty' };
  if (/^\d+$/.test(trimmed)) return { kind: 'press', button: Number(trimmed) };
  if (trimmed.startsWith(':')) {
    const [name = '', ...rest] = trimmed.slice(1).split(/\s+/);
    const meta = META.find((m) => m === name);
    if (!meta) return { kind: 'error', error: `Unknown terminal command ":${name}". Try :as NAME, :thread ID, :main, :threads.` };
    return { kind: 'meta', name: meta, arg: rest.join(' ') };
  }
  if (trimmed.startsWith('/')) {
    const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(trimmed) ?? [];
    try {
      const spec = findCommand(name);
      return { kind: 'command', name: spec.name, args: positionalArgs(spec, rest) };
    } catch (error) {
      if (error instanceof UserError) return { kind: 'error', error };
      throw error;
    }
  }
  return { kind: 'message', text: line };
}

/** Collects a fenced block: the opening ``` line through the next line that is only ```. */
export class FenceCollector {
  private lines: string[] | null = null;

  /** Returns the finished block when `line` closes it, null while collecting, undefined when not in a block. */
  push(line: string): string | null | undefined {
    if (this.lines === null) {
      if (!line.trimStart().startsWith('```')) return undefined;
      this.lines = [line];
      // A one-line block (```print(1)```) closes itself.
      return line.trim().length > 3 && line.trim().endsWith('```') ? this.finish() : null;
    }
    this.lines.push(line);
    return line.trim() === '```' ? this.finish() : null;
  }

  get open(): boolean {
    return this.lines !== null;
  }

  private finish(): string {
    const text = this.lines!.join('\n');
    this.lines = null;
    return text;
  }
}
