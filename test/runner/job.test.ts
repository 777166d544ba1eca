// The frozen job and result values and the Piston fields their getters derive.
import { describe, expect, it } from 'vitest';
import { type EndedBy, SandboxJob, SandboxResult, shapeKey } from '../../src/runner/job.ts';

const limits = { wallMs: 5000, memoryBytes: 256 << 20, outputBytes: 65536, maxProcs: 32, cpuSeconds: 5 };

function result(init: { code?: number | null; endedBy?: EndedBy; stderr?: string; oomKilled?: boolean } = {}): SandboxResult {
  return new SandboxResult({
    stdout: Buffer.from('out'),
    stderr: Buffer.from(init.stderr ?? ''),
    output: Buffer.from('out'),
    rawExitCode: init.code === undefined ? 0 : init.code,
    endedBy: init.endedBy ?? 'exit',
    oomKilled: init.oomKilled ?? false,
    memoryPeakBytes: 1024,
    wallMs: 12,
  });
}

describe('given sandbox jobs and results', () => {
  it('given a job, it is frozen and its shape is what a prepared sandbox must match', () => {
    const job = new SandboxJob({ files: [{ name: 'main.py', content: Buffer.from('print(1)') }], limits });
    expect(Object.isFrozen(job)).toBe(true);
    expect(job.entry.name).toBe('main.py');
    expect(job.shape).toEqual({ fileNames: ['main.py'], args: [], memoryBytes: limits.memoryBytes, maxProcs: 32, cpuSeconds: 5 });
    const lower = new SandboxJob({ files: [{ name: 'main.py', content: Buffer.from('') }], limits: { ...limits, wallMs: 1000 } });
    expect(shapeKey(lower.shape)).toBe(shapeKey(job.shape));
    const args = new SandboxJob({ files: [{ name: 'main.py', content: Buffer.from('') }], args: ['1'], limits });
    expect(shapeKey(args.shape)).not.toBe(shapeKey(job.shape));
  });

  it('given a clean exit, there is no status, signal or message', () => {
    const run = result().toPistonRun();
    expect(run).toMatchObject({ stdout: 'out', code: 0, signal: null, status: null, message: null, wall_time: 12, memory: 1024 });
  });

  it('given a non-zero exit, it is RE with the code', () => {
    expect(result({ code: 3 }).toPistonRun()).toMatchObject({ code: 3, signal: null, status: 'RE', message: 'Exited with error status 3' });
  });

  it('given bwrap reporting 128 + n, it is signal n', () => {
    const segfault = result({ code: 139 });
    expect([segfault.signal, segfault.code, segfault.status]).toEqual(['SIGSEGV', null, 'SG']);
    const cpu = result({ code: 128 + 24 });
    expect([cpu.signal, cpu.status, cpu.message]).toEqual(['SIGXCPU', 'TO', 'Time limit exceeded (CPU)']);
  });

  it('given the runner ended the job, the status says why and the signal is SIGKILL', () => {
    expect(result({ endedBy: 'timeout', code: 137 }).toPistonRun()).toMatchObject({ status: 'TO', signal: 'SIGKILL', code: null });
    expect(result({ endedBy: 'stdout-cap', code: 137 }).status).toBe('OL');
    expect(result({ endedBy: 'stderr-cap', code: 137 }).status).toBe('EL');
    expect(result({ endedBy: 'shutdown', code: 137 }).status).toBe('SG');
    expect(result({ endedBy: 'stdout-cap' }).truncated).toBe(true);
  });

  it('given an OOM kill or a MemoryError, the message is the memory one', () => {
    expect(result({ oomKilled: true }).toPistonRun()).toMatchObject({ status: 'SG', signal: 'SIGKILL', message: 'Memory limit exceeded' });
    expect(result({ code: 1, stderr: 'Traceback\nMemoryError\n' }).message).toBe('Memory limit exceeded');
  });

  it('given invalid UTF-8 in the output, the Piston run carries replacement characters', () => {
    const bytes = new SandboxResult({
      stdout: Buffer.from([0x61, 0xff, 0x00]),
      stderr: Buffer.alloc(0),
      output: Buffer.from([0x61, 0xff, 0x00]),
      rawExitCode: 0,
      endedBy: 'exit',
      oomKilled: false,
      memoryPeakBytes: null,
      wallMs: 1,
    });
    expect(bytes.toPistonRun().stdout).toBe('a\uFFFD\u0000');
    expect(Object.isFrozen(bytes)).toBe(true);
  });
});
