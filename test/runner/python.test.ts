// RUNNER_PYTHON: an interpreter other than /usr/bin/python3 (a virtualenv here) runs jobs inside the same
// sandbox, its directories bound read-only; one that is missing, not executable, not a Python or not
// readable by the job uids stops start-up with one line naming the variable and the fix.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindsFor } from '../../src/runner/python.ts';
import { TEST_TOKEN, startTestRunner } from '../helpers/runner.ts';

const FIX = "set RUNNER_PYTHON to a Python 3 interpreter such as /usr/bin/python3 or a virtualenv's bin/python";
let dir: string;

beforeAll(() => {
  // Not under /tmp: a job's /tmp is its own tmpfs. World-readable, as the job uids must read the venv.
  dir = mkdtempSync('/var/tmp/runner-python-test-');
  chmodSync(dir, 0o755);
  execFileSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', '--system-site-packages', path.join(dir, 'venv')]);
  writeFileSync(path.join(dir, 'venv/lib/python3.11/site-packages/only_in_venv.py'), 'WHERE = "the virtualenv"\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('given RUNNER_PYTHON pointing at a virtualenv', () => {
  it('given a job, it runs under the venv inside the sandbox and sees the venv packages and Django', async () => {
    const venvPython = path.join(dir, 'venv/bin/python');
    const runner = await startTestRunner({ uidBase: 61900, concurrency: 1, python: venvPython });
    try {
      const run = await runner.run('import sys, only_in_venv, django\nprint(sys.prefix)\nprint(only_in_venv.WHERE)\nprint(django.get_version())');
      expect(run.stdout).toBe(`${path.join(dir, 'venv')}\nthe virtualenv\n${runner.service.runtime.django}\n`);
      const write = await runner.run(`open(${JSON.stringify(path.join(dir, 'venv/evil'))}, "w")`);
      expect(write.stderr).toMatch(/OSError: \[Errno 30\] Read-only file system/);
      const runtimes = await (await fetch(`${runner.url}/api/v2/runtimes`, { headers: { authorization: TEST_TOKEN } })).json();
      expect(runtimes).toEqual([{ language: 'python', version: runner.service.runtime.version, aliases: ['py', 'py3', 'python3'], django: runner.service.runtime.django }]);
    } finally {
      await runner.stop();
    }
  });
});

describe('given RUNNER_PYTHON that cannot serve', () => {
  const refusal = (python: string) => startTestRunner({ uidBase: 61910, concurrency: 1, python });

  it('given a path to nothing, start-up stops naming the variable and the fix', async () => {
    await expect(refusal('/nonexistent/bin/python')).rejects.toThrow(`RUNNER_PYTHON=/nonexistent/bin/python does not exist: ${FIX}`);
  });

  it('given a file that is not executable, start-up stops', async () => {
    const file = path.join(dir, 'not-executable');
    writeFileSync(file, 'print(1)\n', { mode: 0o644 });
    await expect(refusal(file)).rejects.toThrow(`RUNNER_PYTHON=${file} is not an executable file: ${FIX}`);
  });

  it('given an executable that is not a Python, start-up stops', async () => {
    await expect(refusal('/bin/true')).rejects.toThrow(`RUNNER_PYTHON=/bin/true is not a Python 3 interpreter (exit 0): ${FIX}`);
    const script = path.join(dir, 'fake-python');
    writeFileSync(script, '#!/bin/sh\necho 2\n', { mode: 0o755 });
    await expect(refusal(script)).rejects.toThrow(`RUNNER_PYTHON=${script} is not a Python 3 interpreter (exit 0): ${FIX}`);
  });

  it('given a Python the job uids cannot reach, start-up stops instead of failing every job', async () => {
    const hidden = mkdtempSync('/var/tmp/runner-python-hidden-');
    try {
      execFileSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', path.join(hidden, 'venv')]);
      const python = path.join(hidden, 'venv/bin/python');
      await expect(refusal(python)).rejects.toThrow(`RUNNER_PYTHON=${python} cannot be run by the job uid 61910 (every directory above it must be world-readable): ${FIX}`);
    } finally {
      rmSync(hidden, { recursive: true, force: true });
    }
  });
});

describe('given the directories an interpreter needs', () => {
  it('given prefixes and their subdirectories, binds the fewest covering ones outside /usr', () => {
    expect(bindsFor(['/opt/venv', '/opt/venv/bin', '/usr', '/usr/lib/python3', '/opt/py312', '/opt/py312/bin'])).toEqual(['/opt/py312', '/opt/venv']);
    expect(bindsFor(['/usr', '/usr/bin'])).toEqual([]);
    expect(bindsFor(['/usrlocal/x'])).toEqual(['/usrlocal/x']);
  });
});
