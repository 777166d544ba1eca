// Turns a CodeResult into something a chat can show: a status line, the time, and the output, short and
// harmless. Program output is hostile text: it must not ping a channel, break out of its code block or
// flood the thread, whatever the program printed.
import { neutraliseMentions } from '../text/index.ts';
import type { CodeResult } from './types.ts';

// Kept exported from here so existing imports of coderun's format keep working.
export { neutraliseMentions };

export interface FormattedCodeResult {
  /** One-line status, e.g. "Error (exit 1)". */
  title: string;
  /** Markdown: the time and any notes (no output, lines left out, input() hint). */
  body: string;
  /** The output, line-numbered when it spans lines; absent when the program printed nothing. */
  codeBlock?: { language: string; source: string };
}

export interface FormatOptions {
  /** The program that ran; used for the input() hint. */
  code?: string;
  stdin?: string;
  maxLines?: number;
  maxChars?: number;
  /** How this platform lets a learner give stdin, appended to the input() hint. */
  stdinHowTo?: string;
}

const ZWSP = '\u200b';

export function statusLine(result: CodeResult): string {
  switch (result.status) {
    case 'ok':
      return 'OK';
    case 'error':
      return `Error (exit ${result.exitCode ?? '?'})`;
    case 'timeout':
      return 'Timed out';
    case 'memory':
      return 'Killed for memory';
    case 'truncated':
      return 'Output truncated';
    case 'killed':
      return result.signal ? `Killed (${result.signal})` : 'Killed';
  }
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Keeps a run of backticks from closing the code block the text is shown in. */
export function neutraliseFences(text: string): string {
  return text.replace(/`{3,}/g, (run) => run.split('').join(ZWSP));
}

// Terminal colour codes mean nothing in chat; other control characters become visible symbols so that
// NUL bytes or bells cannot confuse a renderer.
const ANSI_ESCAPE = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

export function cleanOutput(text: string): string {
  return text
    .replace(ANSI_ESCAPE, '')
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(CONTROL, (c) => (c === '\x7f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))));
}

interface Excerpt {
  lines: string[];
  totalLines: number;
  cut: boolean;
}

function excerpt(output: string, maxLines: number, maxChars: number): Excerpt {
  const all = output.endsWith('\n') ? output.slice(0, -1).split('\n') : output.split('\n');
  const lines: string[] = [];
  let used = 0;
  let cut = false;
  for (const line of all.slice(0, maxLines)) {
    if (used + line.length > maxChars) {
      lines.push(`${line.slice(0, Math.max(0, maxChars - used))}…`);
      cut = true;
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return { lines, totalLines: all.length, cut: cut || all.length > lines.length };
}

function numbered(lines: string[]): string {
  if (lines.length === 1) return lines[0] ?? '';
  const width = String(lines.length).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width)} | ${line}`).join('\n');
}

function callsInput(code: string | undefined): boolean {
  return code !== undefined && /\binput\s*\(/.test(code);
}

export function formatCodeResult(result: CodeResult, options: FormatOptions = {}): FormattedCodeResult {
  const maxLines = options.maxLines ?? 10;
  const maxChars = options.maxChars ?? 1000;
  const title = statusLine(result);
  const notes: string[] = [`${result.status === 'timeout' ? 'Stopped after' : 'Ran for'} ${formatDuration(result.wallMs)}.`];

  const output = cleanOutput(result.output);
  let codeBlock: FormattedCodeResult['codeBlock'];
  if (output.trim() === '') {
    notes.push('_No output._');
  } else {
    const shown = excerpt(output, maxLines, maxChars);
    codeBlock = { language: 'text', source: neutraliseMentions(neutraliseFences(numbered(shown.lines))) };
    if (shown.cut) notes.push(`_Showing the start of the output (${shown.totalLines} lines in all)._`);
  }
  if (result.status === 'truncated') notes.push('_The program printed more than the runner keeps, so it was stopped._');
  if (result.status === 'memory') notes.push('_The program used more memory than a job may have._');
  if (callsInput(options.code) && !options.stdin) {
    const howTo = options.stdinHowTo ? ` ${options.stdinHowTo}` : '';
    notes.push(`Hint: your code calls \`input()\` but no stdin was given, so \`input()\` hits end of file (EOFError).${howTo}`);
  }
  const body = notes.join('\n');
  return codeBlock ? { title, body, codeBlock } : { title, body };
}
