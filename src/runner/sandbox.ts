// One sandbox process per job, in two steps. prepareSandbox() starts the confined process ahead of time:
// it joins the slot's cgroups, bubblewrap builds the namespaces and mounts, and the program's process then
// waits for its files. start() hands it the job (files, stdin), enforces the wall clock and the output cap,
// and reports when the sandbox has exited; the pool sweeps the slot before reusing it. Preparing early
// takes process start-up and bubblewrap's setup out of the learner's wait.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { SlotCgroup } from './cgroups.ts';
import { inheritedFdMask, maskInheritedFds } from './inherited-fds.ts';
import { type EndedBy, SandboxResult, type SandboxJob, type SandboxShape, shapeKey } from './job.ts';
import { emptySlot } from './reaper.ts';
import { ProgramOutput } from './program-output.ts';
import { FD, type PythonInstall, buildSandboxCommand } from './sandbox-command.ts';

export interface Slot {
  readonly index: number;
  readonly uid: number;
  readonly cgroup: SlotCgroup | null;
  readonly python: PythonInstall;
}

export interface RunningJob {
  readonly result: Promise<SandboxResult>;
  /** Stops the job now; its result reports endedBy as given ('shutdown', or 'abandoned' when the caller left). */
  stop(reason?: 'shutdown' | 'abandoned'): void;
}

export interface PreparedSandbox {
  /** shapeKey() of the shape it was prepared for: only jobs of that shape can use it. */
  readonly key: string;
  /** Settles once the program's process exists, confined and waiting for its files; rejects if the sandbox failed. */
  readonly ready: Promise<void>;
  /** Runs the job; call once, after ready. */
  start(job: SandboxJob): RunningJob;
  /** Kills an unused sandbox and waits until the slot is empty again. */
  discard(): Promise<void>;
}

/**
 * The sandbox itself failed before the program started (no PROGRAM_START_MARKER on stderr): the caller
 * answers 500 and logs the detail. Anything the program does, whatever it prints, is its own result.
 */
export class SandboxFailure extends Error {
  override readonly name = 'SandboxFailure';
}

// A job killed by the runner normally ends at once; after this the whole process group is killed too.
const KILL_GRACE_MS = 1000;
// Setting up takes milliseconds; a sandbox that has not even started its program by then never will.
const SETUP_TIMEOUT_MS = 10_000;

function ignoreErrors(stream: Readable | Writable | null | undefined): void {
  stream?.on('error', () => {});
}

/**
 * Empties the slot after a job, before it takes the next one. Runs after the answer is sent: the pid
 * namespace has already taken the job's processes down, so this only guards against the unexpected.
 */
export async function sweepSlot(slot: Slot, log: Logger): Promise<void> {
  if (!(await emptySlot(slot.uid, slot.cgroup))) log.error({ slot: slot.index }, 'processes of a finished job survived SIGKILL');
}

export function prepareSandbox(shape: SandboxShape, slot: Slot, log: Logger): PreparedSandbox {
  const { file, args } = buildSandboxCommand(shape, { uid: slot.uid, python: slot.python, cgroupJoinFiles: slot.cgroup?.joinFiles });
  const inherited = inheritedFdMask();
  const ownStdio = ['pipe', 'pipe', 'pipe', 'pipe', ...shape.fileNames.map(() => 'pipe' as const)] as const;
  const child = spawn(file, args, {
    cwd: '/',
    env: { PATH: '/usr/bin:/bin' }, // nothing of the runner's environment reaches the sandbox
    detached: true, // own process group, so the backstop kill reaches every process of the chain
    stdio: maskInheritedFds([...ownStdio], inherited.fds, inherited.devNull),
  });
  for (const stream of child.stdio) ignoreErrors(stream as Readable | Writable | null);

  let endedBy: EndedBy = 'exit';
  let programPid: number | null = null;
  let exited = false;
  let backstop: NodeJS.Timeout | undefined;

  const kill = (reason: EndedBy) => {
    if (exited) return;
    if (endedBy === 'exit') endedBy = reason;
    output.stop();
    // Killing the namespace's pid 1 takes down everything in it, and bwrap reaps it and exits cleanly.
    if (programPid !== null) {
      try {
        process.kill(programPid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    backstop ??= setTimeout(
      () => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      },
      programPid === null ? 0 : KILL_GRACE_MS,
    );
  };

  const output = new ProgramOutput((stream) => kill(stream === 'stdout' ? 'stdout-cap' : 'stderr-cap'));
  child.stdout?.on('data', (data: Buffer) => output.stdout(data));
  child.stderr?.on('data', (data: Buffer) => output.stderr(data));

  const closed = new Promise<{ code: number | null; error?: string }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, error: `cannot start the sandbox: ${error.message}` }));
    child.on('exit', () => {
      exited = true;
    });
    child.on('close', (code) => {
      clearTimeout(backstop);
      resolve({ code });
    });
  });

  // bwrap reports the program's pid on the info fd as soon as the process exists; it then waits inside
  // bwrap's setup for its files, which the runner writes only when the job starts.
  const ready = new Promise<void>((resolve, reject) => {
    const setupTimer = setTimeout(() => kill('discarded'), SETUP_TIMEOUT_MS);
    let infoText = '';
    (child.stdio[FD.info] as Readable).on('data', (data: Buffer) => {
      if (programPid !== null) return;
      infoText += data.toString('utf8');
      const match = /"child-pid"\s*:\s*(\d+)/.exec(infoText);
      if (!match) return;
      programPid = Number(match[1]);
      clearTimeout(setupTimer);
      resolve();
    });
    void closed.then(({ error }) => {
      clearTimeout(setupTimer);
      reject(new SandboxFailure(error ?? (output.setupText || 'the sandbox exited before the program started')));
    });
  });
  ready.catch(() => {}); // observed by whoever awaits it; an unobserved failure is not a crash

  const start = (job: SandboxJob): RunningJob => {
    if (exited) return { result: Promise.reject(new SandboxFailure('the prepared sandbox ended before its job')), stop() {} };
    slot.cgroup?.startJob();
    output.limit = job.limits.outputBytes;
    const started = performance.now();
    job.files.forEach((entry, i) => (child.stdio[FD.firstFile + i] as Writable).end(entry.content));
    child.stdin?.end(job.stdin);
    const timer = setTimeout(() => kill('timeout'), job.limits.wallMs);
    const result = closed.then(({ code, error }) => {
      clearTimeout(timer);
      const wallMs = Math.round(performance.now() - started);
      const report = slot.cgroup?.finishJob() ?? { oomKilled: false, memoryPeakBytes: null };
      // Killed on purpose before the marker (shutdown, caller gone) is reported as such, not as a failure.
      const interrupted = endedBy === 'shutdown' || endedBy === 'abandoned' || endedBy === 'discarded';
      if (error || (!output.programStarted && !interrupted)) {
        throw new SandboxFailure(error ?? (output.setupText || 'the sandbox ended before the program started'));
      }
      return new SandboxResult({
        ...output.result(),
        rawExitCode: code,
        endedBy,
        oomKilled: report.oomKilled,
        memoryPeakBytes: report.memoryPeakBytes,
        wallMs,
      });
    });
    return { result, stop: (reason = 'shutdown') => kill(reason) };
  };

  const discard = async () => {
    kill('discarded');
    await closed;
    await sweepSlot(slot, log);
  };

  return { key: shapeKey(shape), ready, start, discard };
}

/** Prepare, wait, start, sweep: for the self-test, outside the pool. */
export async function runInSandbox(job: SandboxJob, slot: Slot, log: Logger): Promise<SandboxResult> {
  const prepared = prepareSandbox(job.shape, slot, log);
  await prepared.ready;
  try {
    return await prepared.start(job).result;
  } finally {
    await sweepSlot(slot, log);
  }
}
