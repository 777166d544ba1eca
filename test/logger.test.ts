import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, humanLines, LogFileError } from '../src/logger.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'coach-log-'));

describe('logger', () => {
  it('given a file in a folder that does not exist yet, creates it and appends JSON lines at the level asked', () => {
    const file = path.join(tempDir(), 'nested', 'coach.log');
    const screen: string[] = [];
    const logger = createLogger('info', { file, screen: { write: (l: string) => screen.push(l) } });
    logger.debug('not at this level');
    logger.info({ lessons: 48 }, 'content imported');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.level, l.msg, l.lessons])).toEqual([[30, 'content imported', 48]]);
    expect(screen).toEqual([]);
  });

  it('given a warning, writes it to the file and one short line to the screen', () => {
    const file = path.join(tempDir(), 'coach.log');
    const screen: string[] = [];
    const logger = createLogger('info', { file, screen: { write: (l: string) => screen.push(l) } });
    logger.warn({ problem: 'tracks/demo/lessons/02-x.yaml (line 1) at title: Required' }, 'content file refused; its previous import keeps serving');
    logger.error({ err: new Error('connect ECONNREFUSED 127.0.0.1:2000') }, 'runner unreachable');
    expect(screen).toEqual([
      `coach warning: content file refused; its previous import keeps serving: tracks/demo/lessons/02-x.yaml (line 1) at title: Required (details in ${file})\n`,
      `coach error: runner unreachable: connect ECONNREFUSED 127.0.0.1:2000 (details in ${file})\n`,
    ]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('given LOG_LEVEL error, shows no warnings on the screen either', () => {
    const file = path.join(tempDir(), 'coach.log');
    const screen: string[] = [];
    createLogger('error', { file, screen: { write: (l: string) => screen.push(l) } }).warn('quiet');
    expect(screen).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  it('given a long detail, keeps the screen line short', () => {
    const screen: string[] = [];
    humanLines({ write: (l: string) => screen.push(l) }, 'data/coach.log').write(JSON.stringify({ level: 40, msg: 'm', problem: 'x'.repeat(500) }));
    expect(screen).toEqual([`coach warning: m: ${'x'.repeat(157)}... (details in data/coach.log)\n`]);
  });

  it('given a path that cannot be written, fails at once naming the variable and the fix', () => {
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const file = path.join(blocker, 'coach.log');
    expect(() => createLogger('info', { file })).toThrow(new LogFileError(`Cannot write logs to ${file} (EEXIST: file already exists, mkdir '${blocker}'): set LOG_FILE to a file in a writable folder`));
  });

  it('given a folder under /proc (where recursive mkdir never returns), fails at once with the same one line', () => {
    const file = '/proc/coach-no-such-folder/logs/coach.log';
    expect(() => createLogger('info', { file })).toThrow(
      new LogFileError(`Cannot write logs to ${file} (ENOENT: no such file or directory, mkdir '/proc/coach-no-such-folder'): set LOG_FILE to a file in a writable folder`),
    );
  });

  it('given a file two folders deep that do not exist, creates both', () => {
    const file = path.join(tempDir(), 'a', 'b', 'coach.log');
    createLogger('info', { file }).info('hello');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { msg: string }).msg).toBe('hello');
  });
});

describe('logger: secrets', () => {
  it('given an object carrying the model grader key (its config, say), writes [redacted] in its place', () => {
    const file = path.join(tempDir(), 'coach.log');
    const logger = createLogger('info', { file });
    logger.info({ grader: { url: 'http://127.0.0.1:11434/v1', model: 'm', apiKey: 'sk-live-123456789' } }, 'grader settings');
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).grader).toEqual({ url: 'http://127.0.0.1:11434/v1', model: 'm', apiKey: '[redacted]' });
    expect(text).not.toContain('sk-live');
  });
});
