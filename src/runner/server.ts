// The HTTP face of the runner: Piston v2's execute and runtimes routes on node:http. Every request is
// authenticated (when a token is set), bounded in size and validated before it can reach a sandbox, and
// every failure answers with a JSON {message} and the right status so the next request is served normally.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Logger } from 'pino';
import type { PistonExecuteResponse } from './piston.ts';
import { ApiError, MAX_BODY_BYTES, type Runtime, parseExecuteBody, toSandboxJob } from './api.ts';
import type { RunnerConfig } from './config.ts';
import { JobAbandonedError, PoolClosedError, QueueFullError, type SandboxPool } from './pool.ts';
import { SandboxFailure } from './sandbox.ts';

export interface RunnerServerDeps {
  config: RunnerConfig;
  runtime: Runtime;
  pool: SandboxPool;
  log: Logger;
  /** True once shutdown began: answers then close their connection so the server can close promptly. */
  stopping(): boolean;
}

const ROUTES: Record<string, string> = { '/api/v2/execute': 'POST', '/api/v2/runtimes': 'GET' };

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares digests so neither the length nor the content of the token leaks through timing. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && timingSafeEqual(digest(expected), digest(given));
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

// Bodies up to this size are read to the end even when too large, so the client gets its 413 instead of
// a reset connection; anything larger is refused unread and the connection closed.
const DRAIN_LIMIT_BYTES = 8 * MAX_BODY_BYTES;

function readBody(request: IncomingMessage): Promise<string> {
  const tooLarge = () => new ApiError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`);
  if (Number(request.headers['content-length'] ?? 0) > DRAIN_LIMIT_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) {
        request.pause();
        reject(tooLarge());
      }
    });
    request.on('end', () => (size > MAX_BODY_BYTES ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

async function execute(request: IncomingMessage, deps: RunnerServerDeps, left: AbortSignal): Promise<PistonExecuteResponse> {
  const body = parseExecuteBody(await readBody(request));
  const job = toSandboxJob(body, deps.runtime, deps.config);
  const result = await deps.pool.run(job, left);
  if (result.endedBy === 'shutdown') throw new PoolClosedError('runner is shutting down');
  if (result.endedBy === 'abandoned') throw new JobAbandonedError('the caller left while the job ran; it was killed');
  return { language: deps.runtime.language, version: deps.runtime.version, run: result.toPistonRun() };
}

function failure(error: unknown, log: Logger): { status: number; message: string } {
  if (error instanceof ApiError) return { status: error.status, message: error.message };
  if (error instanceof QueueFullError) return { status: 429, message: `runner busy: ${error.message}` };
  if (error instanceof PoolClosedError) return { status: 503, message: error.message };
  // Nobody reads this answer; the status (nginx's "client closed request") is for the request log.
  if (error instanceof JobAbandonedError) return { status: 499, message: error.message };
  if (error instanceof SandboxFailure) {
    log.error({ err: error.message }, 'sandbox failed');
    return { status: 500, message: 'the sandbox failed to start the program' };
  }
  log.error({ err: error }, 'unexpected error');
  return { status: 500, message: 'internal error' };
}

async function handle(request: IncomingMessage, response: ServerResponse, deps: RunnerServerDeps): Promise<void> {
  const started = performance.now();
  const url = new URL(request.url ?? '/', 'http://runner');
  const route = url.pathname.replace(/\/+$/, '');
  let status = 200;
  // A caller that hangs up before its answer (its own timeout, a crash) takes its job with it.
  const left = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) left.abort();
  });
  try {
    const method = ROUTES[route];
    if (!method) throw new ApiError(404, `no route ${request.method} ${url.pathname}`);
    if (request.method !== method) throw new ApiError(405, `${url.pathname} accepts ${method} only`);
    if (deps.config.token !== null && !tokenMatches(deps.config.token, request.headers.authorization)) {
      throw new ApiError(401, 'missing or wrong Authorization header');
    }
    const body = route === '/api/v2/runtimes' ? [deps.runtime] : await execute(request, deps, left.signal);
    send(response, status, body, deps.stopping() ? { connection: 'close' } : {});
  } catch (error) {
    const answer = failure(error, deps.log);
    status = answer.status;
    // An unread or oversized body must not be parsed as the next request on this connection.
    const headers: Record<string, string> = {};
    if (!request.complete || deps.stopping()) headers.connection = 'close';
    if (status === 405) headers.allow = ROUTES[route] ?? '';
    if (!left.signal.aborted) send(response, status, { message: answer.message }, headers);
  } finally {
    deps.log.info({ method: request.method, path: url.pathname, status, ms: Math.round(performance.now() - started) }, 'request');
  }
}

export function createRunnerServer(deps: RunnerServerDeps): Server {
  const server = createServer((request, response) => {
    void handle(request, response, deps);
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  return server;
}
