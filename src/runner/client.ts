// CodeRunner over HTTP: talks Piston v2 to this project's runner or to a real Piston server. Anything that
// is the runner's problem (down, slow, busy, misconfigured) becomes RunnerUnavailableError with a reason
// the bot can show, and a warning in the bot's log (the learner's message alone reaches no operator); a
// job the runner refuses as given becomes RunnerRejectedError (logged too when it is a 400: see logged).
import { describeIssue } from '../core/zod-issue.ts';
import { z } from 'zod';
import { isRunnerFailure, pistonExecuteResponseSchema, pistonRuntimeSchema, toCodeResult } from './piston.ts';
import {
  type CodeJob,
  type CodeResult,
  type CodeRunner,
  type Playground,
  RunnerRejectedError,
  RunnerUnavailableError,
} from '../core/coderun/types.ts';
import type { CoreLogger } from '../core/turn.ts';

export interface PistonCodeRunnerOptions {
  /** http://127.0.0.1:2000 (this runner or a self-hosted Piston), or a full API base such as https://emkc.org/api/v2/piston. */
  url: string;
  /** Sent as the Authorization header when set. */
  token?: string | null;
  /** Whole-request budget: queueing plus running; keep it above the runner's wall limit. */
  timeoutMs?: number;
  /** Piston version selector; "*" takes whatever Python the server has. */
  version?: string;
  /** Where runner failures are logged (warn, with reason and status; never the token). */
  logger?: Pick<CoreLogger, 'warn'>;
}

function apiUrl(base: string, route: 'execute' | 'runtimes'): string {
  const trimmed = base.replace(/\/+$/, '');
  return /\/api\/v2(\/[\w-]+)?$/.test(trimmed) ? `${trimmed}/${route}` : `${trimmed}/api/v2/${route}`;
}

/** The runner's address for the log: no path, and no user:password should the URL carry one. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid RUNNER_URL)';
  }
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
  if (status === 413) return new RunnerRejectedError('too-large', message);
  if (status === 400) return new RunnerRejectedError('invalid', message);
  const reason = status === 429 ? 'busy' : status === 401 || status === 403 ? 'unauthorized' : status >= 500 ? 'server-error' : 'bad-response';
  return new RunnerUnavailableError(reason, message, { status });
}

/** Drops `user:password@` from every URL in `text` (fetch quotes the whole URL when it refuses one). */
function withoutUserinfo(text: string): string {
  return text.replace(/([a-z][a-z\d+.-]*:\/\/)[^\s/@]*@/gi, '$1');
}

function transportFailure(error: unknown): RunnerUnavailableError {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new RunnerUnavailableError('timeout', undefined, { cause: error });
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const raw = String(cause?.code ?? cause?.message ?? (error as Error).message);
  const detail = withoutUserinfo(raw);
  // config.ts refuses such a RUNNER_URL; should one get here anyway, the original error (which quotes it) is dropped.
  return new RunnerUnavailableError('unreachable', detail, detail === raw ? { cause: error } : {});
}

const runtimesSchema = z.array(pistonRuntimeSchema);

export function createPistonCodeRunner(options: PistonCodeRunnerOptions): CodeRunner {
  const url = apiUrl(options.url, 'execute');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = options.token;
  const runner = safeOrigin(options.url);

  const logged = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof RunnerUnavailableError) {
        options.logger?.warn({ runner, reason: error.reason, status: error.status, detail: error.detail }, 'runner failed');
      }
      // The bot's request is fixed (language, version, one file), so a 400 means the bot and the runner
      // disagree (another Piston, no such runtime): an operator's problem, though the learner is told too.
      if (error instanceof RunnerRejectedError && error.reason === 'invalid') {
        options.logger?.warn({ runner, reason: error.reason, status: 400, detail: error.message }, 'runner failed');
      }
      throw error;
    }
  };

  const send = async (target: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(target, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw transportFailure(error);
    }
    if (!response.ok) throw await failureFor(response);
    return response;
  };

  const readJson = async (response: Response): Promise<unknown> => {
    try {
      return await response.json();
    } catch (error) {
      throw error instanceof Error && error.name === 'TimeoutError' ? transportFailure(error) : new RunnerUnavailableError('bad-response', 'body is not JSON');
    }
  };

  const run = async (job: CodeJob): Promise<CodeResult> => {
    const body = JSON.stringify({
      language: job.language,
      version: options.version ?? '*',
      files: [{ name: 'main.py', content: job.code }],
      stdin: job.stdin ?? '',
      args: [],
    });
    const started = performance.now();
    const json = await readJson(await send(url, { method: 'POST', body }));
    const parsed = pistonExecuteResponseSchema.safeParse(json);
    if (!parsed.success) throw new RunnerUnavailableError('bad-response', describeIssue(parsed.error.issues));
    if (isRunnerFailure(parsed.data.run)) throw new RunnerUnavailableError('server-error', parsed.data.run.message ?? 'internal error');
    return toCodeResult(parsed.data.run, performance.now() - started);
  };

  const playground = async (): Promise<Playground | null> => {
    const parsed = runtimesSchema.safeParse(await readJson(await send(apiUrl(options.url, 'runtimes'), { method: 'GET' })));
    if (!parsed.success) throw new RunnerUnavailableError('bad-response', describeIssue(parsed.error.issues));
    const python = parsed.data.find((runtime) => runtime.language === 'python');
    // Only this project's runner says which Django it has; for a plain Piston server that is unknown.
    return python && python.django !== undefined ? Object.freeze({ python: python.version, django: python.django }) : null;
  };

  return Object.freeze({ run: (job: CodeJob) => logged(() => run(job)), playground: () => logged(playground) });
}
