// CodeRunner over HTTP: talks Piston v2 to this project's runner or to a real Piston server. Anything that
// is the runner's problem (down, slow, busy, misconfigured) becomes RunnerUnavailableError with a reason
// the bot can show; a job the runner refuses as given becomes RunnerRejectedError.
import { isRunnerFailure, pistonExecuteResponseSchema, toCodeResult } from '../core/coderun/piston.ts';
import {
  type CodeJob,
  type CodeResult,
  type CodeRunner,
  RunnerRejectedError,
  RunnerUnavailableError,
} from '../core/coderun/types.ts';

export interface PistonCodeRunnerOptions {
  /** http://127.0.0.1:2000 (this runner or a self-hosted Piston), or a full API base such as https://emkc.org/api/v2/piston. */
  url: string;
  /** Sent as the Authorization header when set. */
  token?: string | null;
  /** Whole-request budget: queueing plus running; keep it above the runner's wall limit. */
  timeoutMs?: number;
  /** Piston version selector; "*" takes whatever Python the server has. */
  version?: string;
}

function executeUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return /\/api\/v2(\/[\w-]+)?$/.test(trimmed) ? `${trimmed}/execute` : `${trimmed}/api/v2/execute`;
}

async function messageOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: use the text itself
  }
  return text.slice(0, 200) || response.statusText;
}

async function failureFor(response: Response): Promise<Error> {
  const message = await messageOf(response);
  const status = response.status;
  if (status === 429) return new RunnerUnavailableError('busy', message);
  if (status === 401 || status === 403) return new RunnerUnavailableError('unauthorized', message);
  if (status >= 500) return new RunnerUnavailableError('server-error', `${status} ${message}`);
  if (status === 413) return new RunnerRejectedError('too-large', message);
  if (status === 400) return new RunnerRejectedError('invalid', message);
  return new RunnerUnavailableError('bad-response', `${status} ${message}`);
}

function transportFailure(error: unknown): RunnerUnavailableError {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new RunnerUnavailableError('timeout', undefined, { cause: error });
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return new RunnerUnavailableError('unreachable', cause?.code ?? cause?.message ?? (error as Error).message, { cause: error });
}

export function createPistonCodeRunner(options: PistonCodeRunnerOptions): CodeRunner {
  const url = executeUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = options.token;

  return Object.freeze({
    async run(job: CodeJob): Promise<CodeResult> {
      const body = JSON.stringify({
        language: job.language,
        version: options.version ?? '*',
        files: [{ name: 'main.py', content: job.code }],
        stdin: job.stdin ?? '',
        args: [],
      });
      const started = performance.now();
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw transportFailure(error);
      }
      if (!response.ok) throw await failureFor(response);
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        throw error instanceof Error && error.name === 'TimeoutError' ? transportFailure(error) : new RunnerUnavailableError('bad-response', 'body is not JSON');
      }
      const parsed = pistonExecuteResponseSchema.safeParse(json);
      if (!parsed.success) throw new RunnerUnavailableError('bad-response', parsed.error.issues[0]?.message);
      if (isRunnerFailure(parsed.data.run)) throw new RunnerUnavailableError('server-error', parsed.data.run.message ?? 'internal error');
      return toCodeResult(parsed.data.run, performance.now() - started);
    },
  });
}
