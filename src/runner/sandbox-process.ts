// One spawned sandbox (bwrap and the program inside it) and how it ends: what it printed, who ended it,
// and a kill that reaches every process of it. prepareSandbox() (sandbox.ts) builds on this.
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { EndedBy } from './job.ts';
import { ProgramOutput } from './program-output.ts';
import { FD } from './sandbox-command.ts';

// A job killed by the runner normally ends at once; after this the whole process group is killed too.
const KILL_GRACE_MS = 1000;
// Setting up takes milliseconds; a sandbox that has not even started its program by then never will.
const SETUP_TIMEOUT_MS = 10_000;

/** How the sandbox's process ended: its exit code, or why it never ran. */
export interface Closed {
  code: number | null;
  error?: string;
}

/**
 * The sandbox itself failed before the program started (no PROGRAM_START_MARKER on stderr): the caller
 * answers 500 and logs the detail. Anything the program does, whatever it prints, is its own result.
 */
export class SandboxFailure extends Error {
  override readonly name = 'SandboxFailure';
}

export class SandboxProcess {
  /** Why the sandbox ended: 'exit' unless the runner killed it, then the first reason given. */
  endedBy: EndedBy = 'exit';
  readonly output: ProgramOutput;
  /** Settles when the process has exited and its streams are drained (or it could not be started). */
  readonly closed: Promise<Closed>;
  private programPid: number | null = null;
  private exitedFlag = false;
  private backstop: NodeJS.Timeout | undefined;

  /** `child` was spawned detached (its own process group), so the backstop kill reaches every process. */
  constructor(readonly child: ChildProcess) {
    for (const stream of child.stdio) ignoreErrors(stream as Readable | Writable | null);
    this.output = new ProgramOutput((stream) => this.kill(stream === 'stdout' ? 'stdout-cap' : 'stderr-cap'));
    child.stdout?.on('data', (data: Buffer) => this.output.stdout(data));
    child.stderr?.on('data', (data: Buffer) => this.output.stderr(data));
    this.closed = new Promise((resolve) => {
      child.on('error', (error) => resolve({ code: null, error: `cannot start the sandbox: ${error.message}` }));
      child.on('exit', () => {
        this.exitedFlag = true;
      });
      child.on('close', (code) => {
        clearTimeout(this.backstop);
        resolve({ code });
      });
    });
  }

  get exited(): boolean {
    return this.exitedFlag;
  }

  /** Ends the sandbox now: the program first, then (after a grace period) the whole process group. */
  kill(reason: EndedBy): void {
    if (this.exitedFlag) return;
    if (this.endedBy === 'exit') this.endedBy = reason;
    this.output.stop();
    // Killing the namespace's pid 1 takes down everything in it, and bwrap reaps it and exits cleanly.
    if (this.programPid !== null) signal(this.programPid);
    this.backstop ??= setTimeout(() => {
      if (this.child.pid !== undefined) signal(-this.child.pid);
    }, this.programPid === null ? 0 : KILL_GRACE_MS);
  }

  /**
   * Settles once the program's process exists. bwrap reports its pid on the info fd as soon as the process
   * exists; it then waits inside bwrap's setup for its files, which the runner writes only when the job
   * starts. Rejects with a SandboxFailure when the sandbox ends first; one that takes too long is killed.
   */
  waitForProgram(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      const setupTimer = setTimeout(() => this.kill('discarded'), SETUP_TIMEOUT_MS);
      let infoText = '';
      (this.child.stdio[FD.info] as Readable).on('data', (data: Buffer) => {
        if (this.programPid !== null) return;
        infoText += data.toString('utf8');
        const match = /"child-pid"\s*:\s*(\d+)/.exec(infoText);
        if (!match) return;
        this.programPid = Number(match[1]);
        clearTimeout(setupTimer);
        resolve();
      });
      void this.closed.then(({ error }) => {
        clearTimeout(setupTimer);
        reject(new SandboxFailure(error ?? (this.output.setupText || 'the sandbox exited before the program started')));
      });
    });
    ready.catch(() => {}); // observed by whoever awaits it; an unobserved failure is not a crash
    return ready;
  }
}

function ignoreErrors(stream: Readable | Writable | null | undefined): void {
  stream?.on('error', () => {});
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
