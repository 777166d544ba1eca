// `npm run runner` as a real process: it refuses to start unless enabled, names a bad setting in one
// line, and once started serves, never logs its token, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEST_TOKEN } from '../helpers/runner.ts';

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

const TSX_LOADER = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;
const MAIN = path.resolve('src/runner/main.ts');

/**
 * `npx tsx src/runner/main.ts`, or with direct the same under node itself so its exit code is the runner's.
 * cwd is where the runner looks for .env.
 */
function startRunner(env: Record<string, string>, options: { direct?: boolean; cwd?: string } = {}) {
  const [command, args] = options.direct ? [process.execPath, ['--import', TSX_LOADER, MAIN]] : ['npx', ['tsx', MAIN]];
  // Only what is given: the test process's own environment must not switch the runner on by accident.
  return spawn(command as string, args as string[], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function ended(child: ReturnType<typeof startRunner>): Promise<Ended> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data) => (stdout += data));
  child.stderr.on('data', (data) => (stderr += data));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('given the runner started as its own process', () => {
  it('given LEARNING_RUNNER_ENABLED is not true, it refuses to start with a one-line explanation', async () => {
    const { code, stdout, stderr } = await ended(startRunner({ LEARNING_RUNNER_ENABLED: 'no' }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^runner: runner disabled: set LEARNING_RUNNER_ENABLED=true/);
  });

  it('given a bad value, it stops with one line naming the variable and the expected form', async () => {
    const { code, stderr } = await ended(startRunner({ LEARNING_RUNNER_ENABLED: 'true', RUNNER_PORT: 'abc' }));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('runner: RUNNER_PORT must be an integer 0-65535 (0 picks a free port); got "abc"');
  });

  it('given settings in .env, it reads them and variables already set win', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runner-env-'));
    writeFileSync(path.join(dir, '.env'), 'LEARNING_RUNNER_ENABLED=yes\nRUNNER_PORT=from-dotenv\nRUNNER_WALL_MS=later\n');
    const { code, stderr } = await ended(startRunner({ RUNNER_PORT: '0' }, { direct: true, cwd: dir }));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('runner: RUNNER_WALL_MS must be milliseconds, an integer 100-60000; got "later"');
  });

  it('given no token and a host other machines can reach, it refuses with one line naming the fix', async () => {
    const { code, stdout, stderr } = await ended(startRunner({ LEARNING_RUNNER_ENABLED: 'true', RUNNER_HOST: '0.0.0.0' }, { direct: true }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      "runner: RUNNER_TOKEN is not set and RUNNER_HOST=0.0.0.0 is reachable from other machines: set RUNNER_TOKEN to a secret of at least 16 characters (the bot's too), or RUNNER_HOST=127.0.0.1",
    );
  });

  it('given RUNNER_PYTHON pointing at nothing, it stops with one line naming the variable and the fix', async () => {
    const env = { LEARNING_RUNNER_ENABLED: 'true', RUNNER_PORT: '0', RUNNER_UID_BASE: '61520', RUNNER_CONCURRENCY: '1', RUNNER_PYTHON: '/opt/missing/bin/python' };
    const { code, stdout, stderr } = await ended(startRunner(env, { direct: true }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      "runner: RUNNER_PYTHON=/opt/missing/bin/python does not exist: set RUNNER_PYTHON to a Python 3 interpreter such as /usr/bin/python3 or a virtualenv's bin/python",
    );
  });

  it('given a good setup, it serves jobs, keeps its token out of the logs and exits 0 on SIGTERM', async () => {
    const child = startRunner(
      { LEARNING_RUNNER_ENABLED: 'true', RUNNER_PORT: '0', RUNNER_TOKEN: TEST_TOKEN, RUNNER_UID_BASE: '61530', RUNNER_CONCURRENCY: '1' },
      { direct: true },
    );
    const done = ended(child);
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'runner ready' && entry.url) resolve(entry.url);
      });
      child.on('exit', (code) => reject(new Error(`runner exited with ${code}`)));
    });
    const response = await fetch(`${url}/api/v2/execute`, {
      method: 'POST',
      headers: { authorization: TEST_TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ language: 'python', version: '*', files: [{ content: 'print(2 ** 10)' }] }),
    });
    expect(((await response.json()) as { run: { stdout: string } }).run.stdout).toBe('1024\n');
    child.kill('SIGTERM');
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toContain('"msg":"runner stopped"');
    const ready = JSON.parse(stdout.split('\n').find((line) => line.includes('"runner ready"')) ?? '{}') as { python?: string; django?: string; interpreter?: string };
    expect(ready).toMatchObject({ python: expect.stringMatching(/^3\.\d+\.\d+$/), django: expect.stringMatching(/^\d+\.\d+/), interpreter: '/usr/bin/python3' });
    expect(stdout).not.toContain(TEST_TOKEN);
  });
});
