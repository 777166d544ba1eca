// One sandbox process per job, in two steps. prepareSandbox() starts the confined process ahead of time:
// it joins the slot's cgroups, bubblewrap builds the namespaces and mounts, and the program's process then
// waits for its files. start() hands it the job (files, stdin), enforces the wall clock and the output cap,
// and reports when the sandbox has exited; the pool sweeps the slot before reusing it. Preparing early
// takes process start-up and bubblewrap's setup out of the learner's wait.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { SlotCgroup } from './cgroups.ts';
import { inheritedFdMask, maskInheritedFds } from './inherited-fds.ts';
import { SandboxResult, type SandboxJob, type SandboxShape, shapeKey } from './job.ts';
import { emptySlot } from './reaper.ts';
import { FD, type PythonInstall, buildSandboxCommand } from './sandbox-command.ts';
import { SandboxFailure, SandboxProcess } from './sandbox-process.ts';

export { SandboxFailure };

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
 * Empties the slot after a job, before it takes the next one. Runs after the answer is sent: the pid
 * namespace has already taken the job's processes down, so this only guards against the unexpected.
 */
export async function sweepSlot(slot: Slot, log: Logger): Promise<void> {
  if (!(await emptySlot(slot.uid, slot.cgroup))) log.error({ slot: slot.index }, 'processes of a finished job survived SIGKILL');
}

export function prepareSandbox(shape: SandboxShape, slot: Slot, log: Logger): PreparedSandbox {
  const sandbox = new SandboxProcess(spawnSandbox(shape, slot));
  const ready = sandbox.waitForProgram();
  const discard = async () => {
    sandbox.kill('discarded');
    await sandbox.closed;
    await sweepSlot(slot, log);
  };
  return { key: shapeKey(shape), ready, start: (job) => startJob(sandbox, slot, job), discard };
}

/** The confined process for this shape and slot, with the runner's own pipes and nothing else inherited. */
function spawnSandbox(shape: SandboxShape, slot: Slot): ChildProcess {
  const { file, args } = buildSandboxCommand(shape, { uid: slot.uid, python: slot.python, cgroupJoinFiles: slot.cgroup?.joinFiles });
  const inherited = inheritedFdMask();
  const ownStdio = ['pipe', 'pipe', 'pipe', 'pipe', ...shape.fileNames.map(() => 'pipe' as const)] as const;
  return spawn(file, args, {
    cwd: '/',
    env: { PATH: '/usr/bin:/bin' }, // nothing of the runner's environment reaches the sandbox
    detached: true, // own process group, so the backstop kill reaches every process of the chain
    stdio: maskInheritedFds([...ownStdio], inherited.fds, inherited.devNull),
  });
}

/** Hands the waiting program its files and stdin, enforces the wall clock, and reports how it ended. */
function startJob(sandbox: SandboxProcess, slot: Slot, job: SandboxJob): RunningJob {
  if (sandbox.exited) return { result: Promise.reject(new SandboxFailure('the prepared sandbox ended before its job')), stop() {} };
  const { child, output } = sandbox;
  slot.cgroup?.startJob();
  output.limit = job.limits.outputBytes;
  const started = performance.now();
  job.files.forEach((entry, i) => (child.stdio[FD.firstFile + i] as Writable).end(entry.content));
  child.stdin?.end(job.stdin);
  const timer = setTimeout(() => sandbox.kill('timeout'), job.limits.wallMs);
  const result = sandbox.closed.then(({ code, error }) => {
    clearTimeout(timer);
    const wallMs = Math.round(performance.now() - started);
    const report = slot.cgroup?.finishJob() ?? { oomKilled: false, memoryPeakBytes: null };
    const { endedBy } = sandbox;
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
  return { result, stop: (reason = 'shutdown') => sandbox.kill(reason) };
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
