// The code-relay port: what the core asks of a Python runner and what it gets back. Implemented over HTTP
// by src/runner/client.ts (this project's runner or a real Piston server); fakes implement it in tests.

export type CodeLanguage = 'python';

export interface CodeJob {
  language: CodeLanguage;
  code: string;
  /** Text fed to the program's standard input; absent means an empty stdin (input() raises EOFError). */
  stdin?: string;
}

/**
 * ok: exited 0 · error: non-zero exit · timeout: wall or CPU limit · memory: memory limit ·
 * truncated: output cap reached and the job was stopped · killed: ended by a signal (crash, process limit).
 */
export type CodeRunStatus = 'ok' | 'error' | 'timeout' | 'memory' | 'truncated' | 'killed';

export interface CodeResult {
  readonly status: CodeRunStatus;
  /** Exit code, or null when the program was ended by a signal. */
  readonly exitCode: number | null;
  /** Signal name such as 'SIGKILL', or null. */
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved in the order they were written. */
  readonly output: string;
  readonly wallMs: number;
}

/** What the runner's sandbox offers; django is null when Django is not importable there. */
export interface Playground {
  readonly python: string;
  readonly django: string | null;
}

export interface CodeRunner {
  run(job: CodeJob): Promise<CodeResult>;
  /** Asks the runner what it runs; null when it cannot say (a Piston server reports no Django). */
  playground?(): Promise<Playground | null>;
}

/** Why the runner could not give a result; none of these is the learner's fault. */
export type RunnerUnavailableReason =
  | 'disabled'
  | 'unreachable'
  | 'timeout'
  | 'busy'
  | 'unauthorized'
  | 'server-error'
  | 'bad-response';

export class RunnerUnavailableError extends Error {
  override readonly name = 'RunnerUnavailableError';
  /** The HTTP status the runner answered with, when it answered at all. */
  readonly status: number | undefined;
  constructor(
    readonly reason: RunnerUnavailableReason,
    readonly detail?: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(detail ? `runner unavailable (${reason}): ${detail}` : `runner unavailable (${reason})`, options);
    this.status = options?.status;
  }
}

/** The runner refused this job as given (too large, malformed): the learner can fix it, a retry cannot. */
export class RunnerRejectedError extends Error {
  override readonly name = 'RunnerRejectedError';
  constructor(
    readonly reason: 'too-large' | 'invalid',
    detail: string,
  ) {
    super(detail);
  }
}

/** A CodeRunner for when the runner is switched off: every job fails the same explainable way. */
export const disabledCodeRunner: CodeRunner = Object.freeze({
  run(): Promise<CodeResult> {
    return Promise.reject(new RunnerUnavailableError('disabled'));
  },
});
