// What the terminal coach writes where. In a real terminal (a pty from util-linux's `script`, part of every
// Debian install) the terminal coach's logs go to LOG_FILE and never into the conversation (on a platform they
// stay JSON on stderr); a closed stdout ends the run quietly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lesson, makeContentTree } from '../helpers/content.ts';
import { FakeDiscord } from '../helpers/fake-discord/index.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'coach-out-'));

function inTerminal(input: string, env: Record<string, string>) {
  const run = spawnSync('script', ['-qec', 'node --import tsx src/main.ts', '/dev/null'], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    timeout: 60_000,
  });
  return { status: run.status, screen: run.stdout.replace(/\r\n/g, '\n') };
}

describe('terminal output', () => {
  it('given an interactive terminal, the conversation has no log lines and the logs are in LOG_FILE', () => {
    const dir = tempDir();
    const logFile = path.join(dir, 'logs', 'coach.log');
    const { status, screen } = inTerminal('/help\n\x04', { DATABASE_URL: `file:${path.join(dir, 'coach.db')}`, LOG_FILE: logFile });
    expect(status).toBe(0);
    expect(screen).toContain('Interview Coach: hello');
    expect(screen).toContain('Interview Coach commands');
    expect(screen).not.toContain('"level"');
    const logged = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(logged).toEqual(['applied database migrations', 'content imported']);
  });

  it('given a refused content file in a terminal, shows one short warning line before the conversation', () => {
    const dir = tempDir();
    const tree = makeContentTree({ steps: 2, written: 2 });
    const { title: _title, ...untitled } = lesson(2, 'demo-step-2');
    tree.writeLesson('demo', untitled);
    const logFile = path.join(dir, 'coach.log');
    const { status, screen } = inTerminal('\x04', { DATABASE_URL: `file:${path.join(dir, 'coach.db')}`, LOG_FILE: logFile, CONTENT_DIR: tree.root, DEFAULT_TRACK: 'demo' });
    expect(status).toBe(0);
    expect(screen.split('\n').filter((l) => l.startsWith('coach '))).toEqual([
      `coach warning: content file refused; its previous import keeps serving: tracks/demo/lessons/02-demo-step-2.yaml (line 1) at title: Invalid input: expected string, received undefined (details in ${logFile})`,
    ]);
    expect(screen.indexOf('coach warning:')).toBeLessThan(screen.indexOf('Interview Coach: hello'));
  });

  it('given an unwritable LOG_FILE in a terminal, refuses to start with one line naming the variable', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a-file'), '');
    const logFile = path.join(dir, 'a-file', 'coach.log');
    const { status, screen } = inTerminal('\x04', { DATABASE_URL: `file:${path.join(dir, 'coach.db')}`, LOG_FILE: logFile });
    expect(status).toBe(1);
    expect(screen.trim()).toBe(`Cannot write logs to ${logFile} (EEXIST: file already exists, mkdir '${path.join(dir, 'a-file')}'): set LOG_FILE to a file in a writable folder`);
  });

  it('given an interactive terminal with Discord configured, logs stay JSON on stderr and no log file is written', async () => {
    const fake = await FakeDiscord.start();
    const dir = tempDir();
    const logFile = path.join(dir, 'coach.log');
    const child = spawn('script', ['-qec', 'node --import tsx src/main.ts', '/dev/null'], {
      cwd: root,
      env: { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, DATABASE_URL: `file:${path.join(dir, 'coach.db')}`, LOG_LEVEL: 'info', LOG_FILE: logFile },
    });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 40_000;
    try {
      while (!screen.includes('"platform connected"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      child.kill('SIGTERM');
      await exited;
      await fake.close();
    }
    const logged = screen.replace(/\r\n/g, '\n').split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg: string }).msg);
    // The JSON is on the screen (the pty is stderr), one object a line, exactly what start-up logs.
    expect(logged).toEqual(['applied database migrations', 'content imported', 'connected to the Discord gateway', 'platform connected']);
    expect(existsSync(logFile)).toBe(false);
  }, 60_000);

  it('given piped input and output, logs stay JSON on stderr and no log file is written', () => {
    const dir = tempDir();
    const logFile = path.join(dir, 'coach.log');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      input: '/help\n',
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'coach.db')}`, LOG_LEVEL: 'info', LOG_FILE: logFile },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('"level"');
    expect(run.stderr.trim().split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['applied database migrations', 'content imported']);
    expect(existsSync(logFile)).toBe(false);
  });

  it('given stdout closed by its reader after the first output, stops reading and exits 0 with nothing on stderr', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'coach.db')}`, LOG_LEVEL: 'warn', CONSOLE_USER: 'Pipe' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.stdin.write('/lesson django 2\n');
    // Like `| head -1`: read the first output, then close the pipe; only then send more lines, so the coach
    // certainly writes into a closed pipe.
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
    child.stdout.destroy();
    child.stdin.end('/help\n/progress\n/quiz\n1\n/help\n');
    expect(first).toContain('--- opened thread #1: Step 2');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
