// A job as the sandbox runs it and the result it leaves: small frozen values whose getters derive what
// the HTTP layer reports (Piston status, message, code or signal), so the rules live in one place.
import { constants } from 'node:os';
import { MEMORY_LIMIT_MESSAGE, type PistonRun, type PistonStatus } from './piston.ts';

export interface SandboxFile {
  /** A plain file name (no directories); the first file is the program that runs. */
  readonly name: string;
  readonly content: Buffer;
}

export interface SandboxLimits {
  readonly wallMs: number;
  readonly memoryBytes: number;
  readonly outputBytes: number;
  readonly maxProcs: number;
  /** RLIMIT_CPU: the wall clock normally stops a job first; CPU time catches threads burning in parallel. */
  readonly cpuSeconds: number;
}

export function cpuSecondsFor(wallMs: number): number {
  return Math.max(1, Math.ceil(wallMs / 1000));
}

/**
 * What is fixed when the sandbox process starts, before the job is known. A sandbox can be prepared ahead
 * of time for the usual shape (one main.py, default limits) and used by any job of that shape.
 */
export interface SandboxShape {
  readonly fileNames: readonly string[];
  readonly args: readonly string[];
  readonly memoryBytes: number;
  readonly maxProcs: number;
  readonly cpuSeconds: number;
}

export function shapeKey(shape: SandboxShape): string {
  return JSON.stringify([shape.fileNames, shape.args, shape.memoryBytes, shape.maxProcs, shape.cpuSeconds]);
}

export class SandboxJob {
  readonly files: readonly SandboxFile[];
  readonly stdin: Buffer;
  readonly args: readonly string[];
  readonly limits: SandboxLimits;

  constructor(init: { files: SandboxFile[]; stdin?: Buffer; args?: string[]; limits: SandboxLimits }) {
    if (init.files.length === 0) throw new Error('a job needs at least one file');
    this.files = Object.freeze([...init.files]);
    this.stdin = init.stdin ?? Buffer.alloc(0);
    this.args = Object.freeze([...(init.args ?? [])]);
    this.limits = Object.freeze({ ...init.limits });
    Object.freeze(this);
  }

  get entry(): SandboxFile {
    return this.files[0] as SandboxFile;
  }

  get shape(): SandboxShape {
    const { memoryBytes, maxProcs, cpuSeconds } = this.limits;
    return Object.freeze({ fileNames: this.files.map((file) => file.name), args: this.args, memoryBytes, maxProcs, cpuSeconds });
  }
}

/** abandoned: the HTTP caller went away, so the job was killed for nobody to read its result. */
export type EndedBy = 'exit' | 'timeout' | 'stdout-cap' | 'stderr-cap' | 'shutdown' | 'discarded' | 'abandoned';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, number]) => [number, name]));

export class SandboxResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly output: Buffer;
  /** The sandbox's exit code as bubblewrap reports it (128 + n when the program died of signal n). */
  readonly rawExitCode: number | null;
  readonly endedBy: EndedBy;
  readonly oomKilled: boolean;
  readonly memoryPeakBytes: number | null;
  readonly wallMs: number;

  constructor(init: {
    stdout: Buffer;
    stderr: Buffer;
    output: Buffer;
    rawExitCode: number | null;
    endedBy: EndedBy;
    oomKilled: boolean;
    memoryPeakBytes: number | null;
    wallMs: number;
  }) {
    this.stdout = init.stdout;
    this.stderr = init.stderr;
    this.output = init.output;
    this.rawExitCode = init.rawExitCode;
    this.endedBy = init.endedBy;
    this.oomKilled = init.oomKilled;
    this.memoryPeakBytes = init.memoryPeakBytes;
    this.wallMs = init.wallMs;
    Object.freeze(this);
  }

  /** The signal that ended the program. Python exiting with 129-192 by itself reads as a signal too. */
  get signal(): string | null {
    if (this.endedBy !== 'exit' || this.oomKilled) return 'SIGKILL';
    const code = this.rawExitCode;
    if (code === null || code <= 128 || code > 128 + 64) return null;
    return SIGNAL_NAMES.get(code - 128) ?? null;
  }

  get code(): number | null {
    return this.signal === null ? this.rawExitCode : null;
  }

  get truncated(): boolean {
    return this.endedBy === 'stdout-cap' || this.endedBy === 'stderr-cap';
  }

  get timedOut(): boolean {
    return this.endedBy === 'timeout' || this.signal === 'SIGXCPU';
  }

  /** Python turns an allocation refused by RLIMIT_AS into a MemoryError traceback at the end of stderr. */
  get memoryError(): boolean {
    return /(?:^|\n)MemoryError\b[^\n]*\n?$/.test(this.stderr.toString('utf8'));
  }

  get status(): PistonStatus | null {
    if (this.endedBy === 'stdout-cap') return 'OL';
    if (this.endedBy === 'stderr-cap') return 'EL';
    if (this.timedOut) return 'TO';
    if (this.endedBy === 'shutdown' || this.endedBy === 'discarded' || this.endedBy === 'abandoned' || this.signal !== null) return 'SG';
    if (this.code !== 0) return 'RE';
    return null;
  }

  get message(): string | null {
    if (this.oomKilled || this.memoryError) return MEMORY_LIMIT_MESSAGE;
    switch (this.endedBy) {
      case 'timeout':
        return 'Time limit exceeded (wall clock)';
      case 'stdout-cap':
        return 'stdout length exceeded';
      case 'stderr-cap':
        return 'stderr length exceeded';
      case 'shutdown':
      case 'discarded':
        return 'Runner shutting down';
      case 'abandoned':
        return 'Killed: the caller stopped waiting';
      case 'exit':
        if (this.signal === 'SIGXCPU') return 'Time limit exceeded (CPU)';
        if (this.signal !== null) return `Caught fatal signal ${this.signal}`;
        return this.code === 0 ? null : `Exited with error status ${this.code}`;
    }
  }

  toPistonRun(): PistonRun {
    // Invalid UTF-8 becomes U+FFFD: JSON cannot carry raw bytes and chat cannot show them.
    return {
      stdout: this.stdout.toString('utf8'),
      stderr: this.stderr.toString('utf8'),
      output: this.output.toString('utf8'),
      code: this.code,
      signal: this.signal,
      status: this.status,
      message: this.message,
      wall_time: this.wallMs,
      memory: this.memoryPeakBytes,
    };
  }
}
