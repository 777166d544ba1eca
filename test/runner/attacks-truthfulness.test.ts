// Programs that try to pass their own failure off as the sandbox's (and so hide their output behind a 500):
// whatever a program prints, on either stream and with any exit code, is its own result. Only what the
// setup tools print before the sandbox writes its start marker can read as a sandbox failure.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxJob } from '../../src/runner/job.ts';
import { PROGRAM_START_MARKER, SYSTEM_PYTHON } from '../../src/runner/sandbox-command.ts';
import { SandboxFailure, runInSandbox } from '../../src/runner/sandbox.ts';
import { type TestRunner, startTestRunner } from '../helpers/runner.ts';

let runner: TestRunner;

beforeAll(async () => {
  runner = await startTestRunner({ uidBase: 61700 });
});

afterAll(async () => {
  await runner?.stop();
});

async function execute(code: string) {
  const { status, json } = await runner.post({ language: 'python', version: '*', files: [{ content: code }] });
  return { status, run: json.run, message: json.message };
}

describe('given a program whose stderr looks like a setup tool failing', () => {
  it('given raise SystemExit("timeout: gave up"), it is the program exiting 1 with that stderr', async () => {
    const { status, run } = await execute('raise SystemExit("timeout: gave up")');
    expect(status).toBe(200);
    expect(run).toMatchObject({ stdout: '', stderr: 'timeout: gave up\n', output: 'timeout: gave up\n', code: 1, signal: null, status: 'RE' });
  });

  it.each([
    ['sh: 1: cannot open /x: No such file', 1],
    ['bwrap: Can\'t mount proc on /newroot/proc: Operation not permitted', 1],
    ['unshare: unshare failed: Operation not permitted', 1],
    ['prlimit: failed to set the RLIMIT_AS resource', 1],
    ['sh: 1: exec: /usr/bin/python3: not found', 127],
    ['timeout: failed to run command', 125],
    ['sh: anything', 0],
  ])('given stderr %j and exit %i, it is reported as the program\'s own output', async (line, exitCode) => {
    // stdout and stderr are separate pipes, so only each stream's own content is compared, not their interleaving.
    const { status, run } = await execute(`import sys\nprint("before")\nsys.stderr.write(${JSON.stringify(`${line}\n`)})\nsys.exit(${exitCode})`);
    expect(status).toBe(200);
    expect(run).toMatchObject({ stdout: 'before\n', stderr: `${line}\n`, code: exitCode });
    expect([...run.output.split('\n')].sort()).toEqual(['', 'before', line].sort());
  });

  it('given a program that writes the start marker itself, the marker is just more of its stderr', async () => {
    const marker = JSON.stringify(PROGRAM_START_MARKER);
    const { status, run } = await execute(`import sys\nsys.stderr.write(${marker})\nsys.stderr.write("bwrap: fake\\n")\nsys.stderr.write(${marker})\nsys.exit(1)`);
    expect(status).toBe(200);
    expect(run).toMatchObject({ stderr: `${PROGRAM_START_MARKER}bwrap: fake\n${PROGRAM_START_MARKER}`, code: 1, status: 'RE' });
  });

  it('given a program that closes stderr before failing, its exit is still its own', async () => {
    const { status, run } = await execute('import os\nos.close(2)\nraise SystemExit(1)');
    expect(status).toBe(200);
    expect(run).toMatchObject({ stderr: '', code: 1 });
  });
});

describe('given a sandbox that really fails before the program starts', () => {
  it('given an interpreter directory that does not exist, it is a SandboxFailure naming bubblewrap\'s complaint', async () => {
    const slot = { index: 0, uid: 61790, cgroup: null, python: { path: SYSTEM_PYTHON.path, binds: ['/nonexistent-interpreter-dir'] } };
    const job = new SandboxJob({
      files: [{ name: 'main.py', content: Buffer.from('print(1)') }],
      limits: { wallMs: 5000, memoryBytes: 256 << 20, outputBytes: 4096, maxProcs: 16, cpuSeconds: 5 },
    });
    const failure = await runInSandbox(job, slot, pino({ level: 'silent' })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxFailure);
    expect((failure as Error).message).toMatch(/^bwrap: Can't find source path \/nonexistent-interpreter-dir/);
  });
});
