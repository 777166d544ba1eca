// The command line that confines one job. Read it top to bottom as the order things happen in:
//   sh        (root)   joins the slot's cgroups (when there are any), so everything after runs inside them
//   unshare   (root)   new network namespace with no interface up, not even loopback; then drop to the
//                      slot's own uid/gid with no supplementary groups
//   prlimit   (slot)   CPU seconds, address space, file size, open files, processes (counted per uid, so
//                      per slot), no core dumps
//   bwrap     (slot)   new user/pid/ipc/uts/cgroup/mount namespaces, read-only /usr (and the interpreter's
//                      own directories when it lives elsewhere), empty environment, own /proc, minimal
//                      /dev, size-capped /tmp and /dev/shm, read-only root, dies with the runner
//   timeout 0          pid 1 of the new pid namespace (no time limit: the runner keeps the clock). When it
//                      ends, the kernel kills everything the job started; bwrap reaps it, so nothing is left
//                      for the host's init.
//   sh -c              writes PROGRAM_START_MARKER to stderr and execs Python in its place: whatever the
//                      runner reads on stderr before the marker is the sandbox's, everything after it is the
//                      program's. Python is pid 2 and so handles signals like anywhere else.
//   python3 -I -u      isolated mode (no user site, no PYTHON* variables), unbuffered so the interleaving
//                      of stdout and stderr is the order the program wrote them
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import type { SandboxShape } from './job.ts';

export const SANDBOX_TOOLS = {
  sh: '/bin/sh',
  unshare: '/usr/bin/unshare',
  prlimit: '/usr/bin/prlimit',
  bwrap: '/usr/bin/bwrap',
  timeout: '/usr/bin/timeout',
} as const;

/** The interpreter jobs run, and the host directories outside /usr it needs (bound read-only, same path). */
export interface PythonInstall {
  readonly path: string;
  readonly binds: readonly string[];
}

export const SYSTEM_PYTHON: PythonInstall = Object.freeze({ path: '/usr/bin/python3', binds: Object.freeze([]) });

/** Written by the sandbox right before it execs Python; a program writing the same text comes after it. */
export const PROGRAM_START_MARKER = '[interview-coach-runner: the program starts]\n';

export const TMP_BYTES = 16 * 1024 * 1024;
export const SHM_BYTES = 4 * 1024 * 1024;
export const OPEN_FILES = 64;
/** Working directory and home inside the sandbox; the job's files are written there. */
export const SANDBOX_DIR = '/tmp';

/** File descriptors of the child as the runner lays them out; the job's files follow from firstFile on. */
export const FD = { info: 3, firstFile: 4 } as const;

// Merged-/usr systems have /bin, /lib... as symlinks into /usr; older ones have real directories.
const ROOT_LINKS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];
const ETC_FILES = ['/etc/ld.so.cache', '/etc/localtime', '/etc/mime.types'];

function systemDirs(): string[] {
  const args: string[] = ['--ro-bind', '/usr', '/usr'];
  for (const name of ROOT_LINKS) {
    const host = `/${name}`;
    if (!existsSync(host)) continue;
    const stat = lstatSync(host);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(host), host);
    else args.push('--ro-bind', host, host);
  }
  for (const file of ETC_FILES) if (existsSync(file)) args.push('--ro-bind', file, file);
  return args;
}

const SYSTEM_DIRS = systemDirs();

export interface SandboxCommand {
  file: string;
  args: string[];
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export interface SandboxTarget {
  readonly uid: number;
  readonly python: PythonInstall;
  readonly cgroupJoinFiles?: readonly string[] | undefined;
}

export function buildSandboxCommand(shape: SandboxShape, { uid, python, cgroupJoinFiles = [] }: SandboxTarget): SandboxCommand {
  // bwrap reads each --file descriptor to its end while it sets up, before it runs anything: a sandbox
  // started ahead of its job waits right there until the runner writes the job's files.
  const fileArgs = shape.fileNames.flatMap((name, i) => ['--file', String(FD.firstFile + i), `${SANDBOX_DIR}/${name}`]);
  const confined = [
    '--net',
    `--setgid=${uid}`,
    `--setuid=${uid}`,
    '--',
    SANDBOX_TOOLS.prlimit,
    `--cpu=${shape.cpuSeconds}:${shape.cpuSeconds + 1}`,
    `--as=${shape.memoryBytes}`,
    `--fsize=${TMP_BYTES}`,
    `--nofile=${OPEN_FILES}`,
    `--nproc=${shape.maxProcs}`,
    '--core=0',
    '--',
    SANDBOX_TOOLS.bwrap,
    '--unshare-all',
    '--unshare-user',
    '--share-net', // the (empty) network namespace unshare made above
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1', // no init of bwrap's own: bwrap would exit without reaping it, leaving a zombie to the host
    '--info-fd',
    String(FD.info),
    '--clearenv',
    '--setenv', 'PATH', '/usr/bin:/bin',
    '--setenv', 'HOME', SANDBOX_DIR,
    '--setenv', 'LANG', 'C.UTF-8',
    ...SYSTEM_DIRS,
    '--proc', '/proc',
    '--dev', '/dev',
    '--size', String(SHM_BYTES), '--tmpfs', '/dev/shm',
    '--size', String(TMP_BYTES), '--tmpfs', SANDBOX_DIR,
    // After the tmpfs mounts, so an interpreter kept under /tmp on the host is not hidden by the job's /tmp.
    ...python.binds.flatMap((dir) => ['--ro-bind', dir, dir]),
    ...fileArgs,
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--chdir', SANDBOX_DIR,
    '--',
    SANDBOX_TOOLS.timeout,
    '0',
    SANDBOX_TOOLS.sh,
    '-c',
    `printf '${PROGRAM_START_MARKER.replace('\n', '\\n')}' >&2; exec "$@"`,
    'sh',
    python.path,
    '-I',
    '-u',
    `${SANDBOX_DIR}/${shape.fileNames[0]}`,
    ...shape.args,
  ];
  if (cgroupJoinFiles.length === 0) return { file: SANDBOX_TOOLS.unshare, args: confined };
  // If joining fails the shell stops there: the job never runs outside its limits.
  const join = cgroupJoinFiles.map((file) => `echo 0 > ${shellQuote(file)}`).join(' && ');
  return { file: SANDBOX_TOOLS.sh, args: ['-c', `${join} && exec "$@"`, 'sh', SANDBOX_TOOLS.unshare, ...confined] };
}
