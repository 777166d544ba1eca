// pino logger factory. By default logs are JSON on stderr, so the terminal adapter's stdout stays a clean
// transcript. In an interactive terminal coach stderr is the same screen as the conversation, so main.ts passes
// `file`: the JSON goes there instead, and only warnings and above reach the screen, as one short line.
// Token-like fields are redacted in case an error object carries them.
import { mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';

export interface LoggerOptions {
  /** Append JSON logs to this file instead of stderr. */
  file?: string;
  /** With `file`: where warnings and above are also shown as one human line (the terminal's stderr). */
  screen?: { write(line: string): unknown };
}

export class LogFileError extends Error {}

const redact = { paths: ['*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.authorization', '*.apiKey', 'config'], censor: '[redacted]' };

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  if (!options.file) return pino({ level, redact }, pino.destination(2));
  const fd = openLogFile(options.file);
  // Synchronous writes: a terminal session logs little, and nothing is lost when the process exits.
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: pino.destination({ fd, sync: true }) }];
  if (options.screen) streams.push({ level: 'warn', stream: humanLines(options.screen, options.file) });
  return pino({ level, redact }, pino.multistream(streams));
}

/** Opens (creating its folder) the log file now, so a bad path stops start-up instead of losing logs later. */
function openLogFile(file: string): number {
  try {
    makeFolder(path.dirname(path.resolve(file)));
    return openSync(file, 'a');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LogFileError(`Cannot write logs to ${file} (${reason}): set LOG_FILE to a file in a writable folder`);
  }
}

/**
 * mkdir -p one level at a time from the nearest existing folder. Node's recursive mkdirSync never returns
 * under procfs (/proc/x: ENOENT, retried forever); here that ENOENT stops start-up like any other error.
 */
function makeFolder(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw error;
    makeFolder(path.dirname(dir));
    mkdirSync(dir);
  }
}

const LABELS: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/** Turns pino's JSON lines into `coach warning: <msg>: <detail> (details in <file>)`. */
export function humanLines(screen: { write(line: string): unknown }, file: string): { write(json: string): void } {
  return {
    write(json) {
      const entry = JSON.parse(json) as { level: number; msg?: string; problem?: unknown; err?: { message?: unknown } };
      const detail = typeof entry.problem === 'string' ? entry.problem : typeof entry.err?.message === 'string' ? entry.err.message : '';
      const short = detail.length > 160 ? `${detail.slice(0, 157)}...` : detail;
      screen.write(`coach ${LABELS[entry.level] ?? 'warning'}: ${entry.msg ?? ''}${short ? `: ${short}` : ''} (details in ${file})\n`);
    },
  };
}

export type { Logger };
