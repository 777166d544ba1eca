// The HTTP CodeRunner against the real runner service, plus tiny stand-in servers for the failures a real
// runner cannot be made to produce on demand (5xx, garbage).
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CodeResult, RunnerRejectedError, RunnerUnavailableError, disabledCodeRunner } from '../../src/core/coderun/index.ts';
import { createPistonCodeRunner } from '../../src/runner/client.ts';
import { TEST_TOKEN, type TestRunner, startTestRunner } from '../helpers/runner.ts';

let runner: TestRunner;
let stubs: Server[] = [];

beforeAll(async () => {
  runner = await startTestRunner({ uidBase: 61400, wallMs: 2000 });
});

afterAll(async () => {
  await runner?.stop();
  await Promise.all(stubs.map((server) => new Promise((resolve) => server.close(resolve))));
});

function client(overrides: { token?: string | null; timeoutMs?: number; url?: string } = {}) {
  return createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN, ...overrides });
}

async function stub(status: number, body: string): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body);
  });
  stubs.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the run to fail');
}

describe('given the Piston client against the real runner', () => {
  it('given a program that prints, it returns an ok result with output and time', async () => {
    const result: CodeResult = await client().run({ language: 'python', code: 'print("hi")\nprint("there")' });
    expect(result).toMatchObject({ status: 'ok', exitCode: 0, signal: null, stdout: 'hi\nthere\n', stderr: '', output: 'hi\nthere\n' });
    expect(result.wallMs).toBeGreaterThan(0);
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('given stdin, the program reads it', async () => {
    const result = await client().run({ language: 'python', code: 'print(input()[::-1])', stdin: 'abc\n' });
    expect(result.stdout).toBe('cba\n');
  });

  it('given each kind of ending, it maps to error, timeout, memory, truncated and killed', async () => {
    const run = (code: string) => client().run({ language: 'python', code });
    const error = await run('raise SystemExit(3)');
    expect([error.status, error.exitCode]).toEqual(['error', 3]);
    expect((await run('while True: pass')).status).toBe('timeout');
    expect((await run('x = bytearray(2 ** 34)')).status).toBe('memory');
    expect((await run('while True: print("y" * 500)')).status).toBe('truncated');
    const killed = await run('import os, signal\nos.kill(os.getpid(), signal.SIGKILL)');
    expect([killed.status, killed.signal, killed.exitCode]).toEqual(['killed', 'SIGKILL', null]);
  });

  it('given code over the size limit, it throws RunnerRejectedError too-large', async () => {
    const error = await failure(client().run({ language: 'python', code: `# ${'x'.repeat(70_000)}` }));
    expect(error).toBeInstanceOf(RunnerRejectedError);
    expect((error as RunnerRejectedError).reason).toBe('too-large');
  });

  it('given a wrong token, it throws RunnerUnavailableError unauthorized', async () => {
    const error = await failure(client({ token: 'not-the-token' }).run({ language: 'python', code: 'print(1)' }));
    expect(error).toBeInstanceOf(RunnerUnavailableError);
    expect((error as RunnerUnavailableError).reason).toBe('unauthorized');
  });

  it('given a runner slower than the client timeout, it throws RunnerUnavailableError timeout', async () => {
    const error = await failure(client({ timeoutMs: 300 }).run({ language: 'python', code: 'import time\ntime.sleep(1.5)' }));
    expect((error as RunnerUnavailableError).reason).toBe('timeout');
  });

  it('given a full runner, it throws RunnerUnavailableError busy', async () => {
    const small = await startTestRunner({ uidBase: 61410, concurrency: 1, queueLimit: 0 });
    try {
      const busyClient = createPistonCodeRunner({ url: small.url, token: TEST_TOKEN });
      const running = busyClient.run({ language: 'python', code: 'import time\ntime.sleep(0.5)' });
      await expect.poll(() => small.service.stats.running).toBe(1);
      const error = await failure(busyClient.run({ language: 'python', code: 'print(1)' }));
      expect((error as RunnerUnavailableError).reason).toBe('busy');
      expect((await running).status).toBe('ok');
    } finally {
      await small.stop();
    }
  });
});

/** A logger that keeps its JSON lines, to read what the bot would log. */
function recordingLogger() {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('given the Piston client logging runner failures', () => {
  it('given a wrong token, logs one warning with reason unauthorized and status 401, and neither token', async () => {
    const log = recordingLogger();
    const wrongToken = 'not-the-token-but-secret-too';
    await failure(createPistonCodeRunner({ url: runner.url, token: wrongToken, logger: log.logger }).run({ language: 'python', code: 'print(1)' }));
    expect(log.entries()).toEqual([
      expect.objectContaining({ level: 40, msg: 'runner failed', reason: 'unauthorized', status: 401, runner: runner.url, detail: 'missing or wrong Authorization header' }),
    ]);
    expect(log.lines.join('')).not.toContain(wrongToken);
    expect(log.lines.join('')).not.toContain(TEST_TOKEN);
  });

  it('given each kind of failure, logs its reason with the status where there is one', async () => {
    const log = recordingLogger();
    const closed = await stub(200, '{}');
    const server = stubs.pop() as Server;
    await new Promise((resolve) => server.close(resolve));
    const urls = { unreachable: closed, 'server-error': await stub(500, JSON.stringify({ message: 'internal error' })), 'bad-response': await stub(200, '[]'), busy: await stub(429, JSON.stringify({ message: 'runner busy' })) };
    for (const url of Object.values(urls)) {
      await failure(createPistonCodeRunner({ url, token: TEST_TOKEN, logger: log.logger }).run({ language: 'python', code: 'print(1)' }));
    }
    await failure(createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN, timeoutMs: 300, logger: log.logger }).run({ language: 'python', code: 'import time\ntime.sleep(1.5)' }));
    expect(log.entries().map(({ reason, status, level }) => ({ reason, status, level }))).toEqual([
      { reason: 'unreachable', status: undefined, level: 40 },
      { reason: 'server-error', status: 500, level: 40 },
      { reason: 'bad-response', status: undefined, level: 40 },
      { reason: 'busy', status: 429, level: 40 },
      { reason: 'timeout', status: undefined, level: 40 },
    ]);
    expect(log.lines.join('')).not.toContain(TEST_TOKEN);
  });

  it('given a program that fails or code over the size limit, logs nothing: those are the learner\'s, not the runner\'s', async () => {
    const log = recordingLogger();
    const client = createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN, logger: log.logger });
    expect((await client.run({ language: 'python', code: 'raise SystemExit(2)' })).status).toBe('error');
    await failure(client.run({ language: 'python', code: `# ${'x'.repeat(70_000)}` }));
    expect(log.lines).toEqual([]);
  });

  it('given a 400 to the bot\'s fixed request (a runtime the runner lacks), logs one warning and still rejects the code', async () => {
    const log = recordingLogger();
    const mismatched = createPistonCodeRunner({ url: runner.url, token: TEST_TOKEN, version: '9.9', logger: log.logger });
    const error = await failure(mismatched.run({ language: 'python', code: 'print(1)' }));
    expect(error).toBeInstanceOf(RunnerRejectedError);
    expect([(error as RunnerRejectedError).reason, error.message]).toEqual(['invalid', 'python-9.9 runtime is unknown']);
    expect(log.entries()).toEqual([
      expect.objectContaining({ level: 40, msg: 'runner failed', reason: 'invalid', status: 400, runner: runner.url, detail: 'python-9.9 runtime is unknown' }),
    ]);
    expect(log.lines.join('')).not.toContain(TEST_TOKEN);
  });

  it('given a RUNNER_URL with user:password (fetch refuses it), the warning names the runner without them', async () => {
    const log = recordingLogger();
    const error = await failure(createPistonCodeRunner({ url: 'http://user:pw-secret@127.0.0.1:1', logger: log.logger }).run({ language: 'python', code: 'print(1)' }));
    expect((error as RunnerUnavailableError).reason).toBe('unreachable');
    expect(log.entries()).toEqual([
      expect.objectContaining({ level: 40, msg: 'runner failed', reason: 'unreachable', runner: 'http://127.0.0.1:1', detail: 'Request cannot be constructed from a URL that includes credentials: http://127.0.0.1:1/api/v2/execute' }),
    ]);
    expect(`${log.lines.join('')} ${error.message} ${String(error.cause)}`).not.toMatch(/user|pw-secret/);
  });

  it('given the runner, playground() reports its Python and Django; a Piston server without the field reports null', async () => {
    expect(await client().playground!()).toEqual({ python: runner.service.runtime.version, django: runner.service.runtime.django });
    const piston = await stub(200, JSON.stringify([{ language: 'python', version: '3.10.0', aliases: ['py'] }]));
    expect(await createPistonCodeRunner({ url: piston }).playground!()).toBeNull();
  });
});

describe('given the Piston client against an unusable server', () => {
  it('given nothing listening, it throws RunnerUnavailableError unreachable', async () => {
    const closed = await stub(200, '{}');
    const server = stubs.pop() as Server;
    await new Promise((resolve) => server.close(resolve));
    const error = await failure(createPistonCodeRunner({ url: closed }).run({ language: 'python', code: 'print(1)' }));
    expect(error).toBeInstanceOf(RunnerUnavailableError);
    expect((error as RunnerUnavailableError).reason).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('given a 5xx answer, it throws RunnerUnavailableError server-error with the message', async () => {
    const url = await stub(503, JSON.stringify({ message: 'runner is shutting down' }));
    const error = await failure(createPistonCodeRunner({ url }).run({ language: 'python', code: 'print(1)' }));
    expect((error as RunnerUnavailableError).reason).toBe('server-error');
    expect(error.message).toContain('runner is shutting down');
  });

  it('given a 200 that is not a Piston answer, it throws RunnerUnavailableError bad-response', async () => {
    const url = await stub(200, JSON.stringify({ hello: 'world' }));
    const error = await failure(createPistonCodeRunner({ url }).run({ language: 'python', code: 'print(1)' }));
    expect((error as RunnerUnavailableError).reason).toBe('bad-response');
  });

  it("given Piston's public API base URL, it posts to its /execute", async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ language: 'python', version: '3.10.0', run: { stdout: '1\n', stderr: '', output: '1\n', code: 0, signal: null } }));
    });
    stubs.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await createPistonCodeRunner({ url: `${base}/api/v2/piston` }).run({ language: 'python', code: 'print(1)' });
    await createPistonCodeRunner({ url: base }).run({ language: 'python', code: 'print(1)' });
    expect(seen).toEqual(['/api/v2/piston/execute', '/api/v2/execute']);
    expect(result.status).toBe('ok');
  });

  it('given the disabled runner, every job fails with reason disabled', async () => {
    const error = await failure(disabledCodeRunner.run({ language: 'python', code: 'print(1)' }));
    expect((error as RunnerUnavailableError).reason).toBe('disabled');
  });
});
