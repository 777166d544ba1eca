// Hostile programs that go after the machine's resources (CPU, memory, processes, output, disk) through
// the real HTTP API and the real sandbox; after each, the runner must still serve normal jobs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyPistonRun } from '../../src/runner/piston.ts';
import { type TestRunner, hostProcessesOfUids, hostProcessesWith, slotUids, startTestRunner } from '../helpers/runner.ts';

let runner: TestRunner;

beforeAll(async () => {
  runner = await startTestRunner({ uidBase: 61000 });
});

afterAll(async () => {
  await runner?.stop();
});

async function expectHealthy(): Promise<void> {
  const run = await runner.run('print(6 * 7)');
  expect(run.stdout).toBe('42\n');
  expect(run.status).toBeNull();
  expect(hostProcessesOfUids(slotUids(runner), { programsOnly: true })).toEqual([]);
}

describe('given hostile programs that go after resources', () => {
  it('given an infinite CPU loop, it is stopped at the wall clock and reported as a timeout', async () => {
    const run = await runner.run('while True:\n    pass\n', { run_timeout: 1000 });
    expect(run.status).toBe('TO');
    expect(run.signal).toBe('SIGKILL');
    expect(run.code).toBeNull();
    expect(classifyPistonRun(run)).toBe('timeout');
    await expectHealthy();
  });

  it('given a sleep loop, it is stopped at the wall clock even though it uses no CPU', async () => {
    const run = await runner.run('import time\nwhile True:\n    time.sleep(0.05)\n', { run_timeout: 800 });
    expect(run.status).toBe('TO');
    expect(run.message).toMatch(/wall clock/);
    await expectHealthy();
  });

  it('given a memory bomb, the allocation is refused and the run is reported as a memory failure', async () => {
    const run = await runner.run('chunks = []\nwhile True:\n    chunks.append(b"x" * 10_000_000)\n');
    expect(run.message).toBe('Memory limit exceeded');
    expect(run.stderr).toContain('MemoryError');
    expect(classifyPistonRun(run)).toBe('memory');
    await expectHealthy();
  });

  it('given several children each under the per-process limit but together over the job budget, the job is held to its budget', async () => {
    const code = [
      'import os, time',
      'kids = []',
      'for _ in range(4):',
      '    pid = os.fork()',
      '    if pid == 0:',
      '        ballast = b"x" * (100 * 1024 * 1024)',
      '        time.sleep(1.5)',
      '        os._exit(0)',
      '    kids.append(pid)',
      'for pid in kids:',
      '    print(os.waitpid(pid, 0)[1])',
    ].join('\n');
    const run = await runner.run(code, { run_timeout: 4000 });
    if (runner.service.cgroups.memory) {
      // 4 x 100 MiB does not fit in one 256 MiB job: the cgroup's OOM killer ends at least one child.
      expect(run.message).toBe('Memory limit exceeded');
      expect(classifyPistonRun(run)).toBe('memory');
    } else {
      // Without a writable memory cgroup only RLIMIT_AS per process holds: each child fits, so all finish.
      expect(run.stdout.trim().split('\n')).toEqual(['0', '0', '0', '0']);
    }
    await expectHealthy();
  });

  it('given a fork bomb, it hits the process limit, is stopped, and the next job runs normally', async () => {
    const code = 'import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n';
    const run = await runner.run(code, { run_timeout: 1500 });
    expect(run.status).toBe('TO');
    await expectHealthy();
    const again = await runner.run('import os\npid = os.fork()\nif pid == 0:\n    os._exit(3)\nprint(os.waitpid(pid, 0)[1] >> 8)\n');
    expect(again.stdout).toBe('3\n');
  });

  it('given a fork bomb, the processes it gets are capped by the job limit', async () => {
    const code = [
      'import os, time',
      'count = 1',
      'try:',
      '    while True:',
      '        if os.fork() == 0:',
      '            time.sleep(5)',
      '            os._exit(0)',
      '        count += 1',
      'except OSError as error:',
      '    print(count, error.errno)',
    ].join('\n');
    const run = await runner.run(code, { run_timeout: 2000 });
    const [count, errno] = run.stdout.trim().split(' ').map(Number);
    expect(errno).toBe(11); // EAGAIN
    expect(count).toBeLessThanOrEqual(runner.config.maxProcs);
    await expectHealthy();
  });

  it('given an output flood on stdout, the job is stopped at the output cap and marked truncated', async () => {
    const run = await runner.run('while True:\n    print("x" * 1000)\n');
    expect(run.status).toBe('OL');
    expect(Buffer.byteLength(run.stdout)).toBe(runner.config.outputBytes);
    expect(classifyPistonRun(run)).toBe('truncated');
    await expectHealthy();
  });

  it('given an output flood on stderr, the job is stopped at the output cap and marked truncated', async () => {
    const run = await runner.run('import sys\nwhile True:\n    sys.stderr.write("e" * 4096)\n');
    expect(run.status).toBe('EL');
    expect(Buffer.byteLength(run.output)).toBe(runner.config.outputBytes);
    await expectHealthy();
  });

  it('given a program filling /tmp, it gets ENOSPC at the tmpfs size and the next job starts with an empty /tmp', async () => {
    const code = [
      'import os',
      'written = 0',
      'try:',
      '    with open("/tmp/fill", "wb") as f:',
      '        while True:',
      '            f.write(b"x" * 65536)',
      '            written += 65536',
      'except OSError as error:',
      '    print(error.errno, written <= 16 * 1024 * 1024)',
    ].join('\n');
    const run = await runner.run(code);
    expect(run.stdout).toBe('28 True\n'); // ENOSPC
    const next = await runner.run('import os\nprint(os.path.exists("/tmp/fill"))');
    expect(next.stdout).toBe('False\n');
  });

  it('given a segfault, the run reports the signal and the runner carries on', async () => {
    const run = await runner.run('import ctypes\nctypes.string_at(0)\n');
    expect(run.signal).toBe('SIGSEGV');
    expect(run.status).toBe('SG');
    expect(run.code).toBeNull();
    expect(classifyPistonRun(run)).toBe('killed');
    await expectHealthy();
  });

  it('given a double-forked daemon that tries to outlive the job, it is gone when the job returns', async () => {
    const marker = `daemon-${randomUUID()}`;
    const code = [
      'import os, time',
      'if os.fork() == 0:',
      '    os.setsid()',
      '    if os.fork() == 0:',
      `        os.execv("/usr/bin/python3", ["python3", "-c", "import time; time.sleep(60)  # ${marker}"])`,
      '    os._exit(0)',
      'time.sleep(0.3)',
      'print("parent done")',
    ].join('\n');
    const run = await runner.run(code);
    expect(run.stdout).toBe('parent done\n');
    expect(hostProcessesWith(marker)).toEqual([]);
    await expectHealthy();
  });
});
