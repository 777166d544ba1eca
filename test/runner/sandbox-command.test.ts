// The confinement command line and the masking of inherited descriptors, checked without running them.
import { describe, expect, it } from 'vitest';
import { maskInheritedFds } from '../../src/runner/inherited-fds.ts';
import { FD, PROGRAM_START_MARKER, SANDBOX_TOOLS, SYSTEM_PYTHON, buildSandboxCommand } from '../../src/runner/sandbox-command.ts';

const shape = { fileNames: ['main.py', 'data.txt'], args: ['--flag'], memoryBytes: 128 << 20, maxProcs: 16, cpuSeconds: 3 };

describe('given a sandbox shape', () => {
  it('given no cgroups, the chain starts at unshare and ends with the program and its args', () => {
    const { file, args } = buildSandboxCommand(shape, { uid: 60001, python: SYSTEM_PYTHON });
    expect(file).toBe(SANDBOX_TOOLS.unshare);
    expect(args.slice(0, 4)).toEqual(['--net', '--setgid=60001', '--setuid=60001', '--']);
    expect(args).toEqual(expect.arrayContaining(['--cpu=3:4', `--as=${128 << 20}`, '--nproc=16', '--core=0', '--unshare-all', '--die-with-parent']));
    expect(args.slice(-11)).toEqual([
      SANDBOX_TOOLS.timeout,
      '0',
      SANDBOX_TOOLS.sh,
      '-c',
      `printf '[interview-coach-runner: the program starts]\\n' >&2; exec "$@"`,
      'sh',
      '/usr/bin/python3',
      '-I',
      '-u',
      '/tmp/main.py',
      '--flag',
    ]);
    expect(PROGRAM_START_MARKER).toBe('[interview-coach-runner: the program starts]\n');
    const fileIndex = args.indexOf('--file');
    expect(args.slice(fileIndex, fileIndex + 6)).toEqual(['--file', String(FD.firstFile), '/tmp/main.py', '--file', String(FD.firstFile + 1), '/tmp/data.txt']);
  });

  it('given cgroups, a shell joins them first and stops if it cannot', () => {
    const { file, args } = buildSandboxCommand(shape, {
      uid: 60001,
      python: SYSTEM_PYTHON,
      cgroupJoinFiles: ["/sys/fs/cgroup/memory/it's/tasks", '/sys/fs/cgroup/pids/x/tasks'],
    });
    expect(file).toBe(SANDBOX_TOOLS.sh);
    expect(args[1]).toBe(`echo 0 > '/sys/fs/cgroup/memory/it'\\''s/tasks' && echo 0 > '/sys/fs/cgroup/pids/x/tasks' && exec "$@"`);
    expect(args.slice(2, 4)).toEqual(['sh', SANDBOX_TOOLS.unshare]);
  });

  it('given an interpreter outside /usr, its directories are bound read-only after the tmpfs mounts', () => {
    const { args } = buildSandboxCommand(shape, { uid: 60001, python: { path: '/opt/venv/bin/python', binds: ['/opt/venv', '/opt/py312'] } });
    const at = args.indexOf('/opt/venv');
    expect(args.slice(at - 1, at + 5)).toEqual(['--ro-bind', '/opt/venv', '/opt/venv', '--ro-bind', '/opt/py312', '/opt/py312']);
    expect(at).toBeGreaterThan(args.lastIndexOf('--tmpfs'));
    expect(args).toContain('/opt/venv/bin/python');
  });

  it('given the read-only root is set after every mount, nothing in / stays writable', () => {
    const { args } = buildSandboxCommand(shape, { uid: 60001, python: SYSTEM_PYTHON });
    expect(args.lastIndexOf('--remount-ro')).toBeGreaterThan(args.lastIndexOf('--file'));
    expect(args.lastIndexOf('--remount-ro')).toBeGreaterThan(args.lastIndexOf('--tmpfs'));
  });
});

describe('given descriptors the runner inherited', () => {
  it('given fds beyond the job own ones, each is replaced by /dev/null', () => {
    expect(maskInheritedFds(['pipe', 'pipe', 'pipe', 'pipe'], [7, 9], 42)).toEqual(['pipe', 'pipe', 'pipe', 'pipe', 'ignore', 'ignore', 'ignore', 42, 'ignore', 42]);
  });

  it('given fds the job already uses, they are left to the job', () => {
    expect(maskInheritedFds(['pipe', 'pipe', 'pipe', 'pipe'], [3], 42)).toEqual(['pipe', 'pipe', 'pipe', 'pipe']);
  });
});
