// The Piston v2 surface over real HTTP: routes, authentication, validation and size limits. After every
// refused request the runner must serve the next one normally.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { djangoSatisfies } from '../../src/core/coderun/django.ts';
import { pistonExecuteResponseSchema, pistonRuntimeSchema } from '../../src/runner/piston.ts';
import { MAX_BODY_BYTES, MAX_CODE_BYTES } from '../../src/runner/api.ts';
import { TEST_TOKEN, type TestRunner, startTestRunner } from '../helpers/runner.ts';

let runner: TestRunner;

beforeAll(async () => {
  runner = await startTestRunner({ uidBase: 61200, wallMs: 3000 });
});

afterAll(async () => {
  await runner?.stop();
});

const hello = { language: 'python', version: '3.x', files: [{ name: 'main.py', content: 'print("hello")' }] };

async function expectServesNext(): Promise<void> {
  const { status, json } = await runner.post(hello);
  expect(status).toBe(200);
  expect(json.run.stdout).toBe('hello\n');
}

async function get(path: string, headers: Record<string, string> = { authorization: TEST_TOKEN }) {
  const response = await fetch(`${runner.url}${path}`, { headers });
  return { status: response.status, json: (await response.json()) as any };
}

describe('given the Piston v2 API', () => {
  it('given GET /api/v2/runtimes, it lists python with its version, aliases and the Django of the sandbox (4.2 or newer)', async () => {
    const { status, json } = await get('/api/v2/runtimes');
    expect(status).toBe(200);
    expect(json).toHaveLength(1);
    const runtime = pistonRuntimeSchema.parse(json[0]);
    expect(runtime.language).toBe('python');
    expect(runtime.version).toMatch(/^3\.\d+\.\d+$/);
    expect(runtime.aliases).toContain('py');
    expect(runtime.django).toBe(runner.service.runtime.django);
    expect(runtime.django).toMatch(/^\d+\.\d+(\.\d+)?$/);
    expect(djangoSatisfies(runtime.django ?? null, '4.2')).toBe(true);
  });

  it('given a hello-world job, it answers in the Piston response shape', async () => {
    const { status, json } = await runner.post(hello);
    expect(status).toBe(200);
    const body = pistonExecuteResponseSchema.parse(json);
    expect(body.language).toBe('python');
    expect(body.run).toMatchObject({ stdout: 'hello\n', stderr: '', output: 'hello\n', code: 0, signal: null, status: null });
    expect(body.run.wall_time).toBeGreaterThan(0);
  });

  it('given args and several files, the first file runs with the args and finds the others in its directory', async () => {
    // python3 -I leaves the script's directory off sys.path, so extra files are data (or imported after a sys.path insert).
    const { json } = await runner.post({
      language: 'py',
      version: '*',
      files: [
        { name: 'main.py', content: 'import sys\nprint(int(open("numbers.txt").read()) * int(sys.argv[1]))' },
        { name: 'numbers.txt', content: '21' },
      ],
      args: ['2'],
    });
    expect(json.run.stdout).toBe('42\n');
  });

  it('given a missing or wrong token, it answers 401 and then serves the next request', async () => {
    expect((await runner.post(hello, {})).status).toBe(401);
    expect((await runner.post(hello, { authorization: 'wrong' })).status).toBe(401);
    expect((await runner.post(hello, { authorization: `${TEST_TOKEN}x` })).status).toBe(401);
    expect((await get('/api/v2/runtimes', {})).status).toBe(401);
    await expectServesNext();
  });

  it('given bad JSON, it answers 400 with a message and then serves the next request', async () => {
    const { status, json } = await runner.post('{"language": "python",');
    expect(status).toBe(400);
    expect(json.message).toMatch(/not valid JSON/);
    await expectServesNext();
  });

  it('given a body that does not fit the schema, the message names the field', async () => {
    const { status, json } = await runner.post({ language: 'python', version: '*', files: [{ name: 'main.py' }] });
    expect(status).toBe(400);
    expect(json.message).toMatch(/^files\[0\]\.content: /);
    const noFiles = await runner.post({ language: 'python', version: '*', files: [] });
    expect(noFiles.status).toBe(400);
    await expectServesNext();
  });

  it('given an unknown language or version, it answers 400 like Piston', async () => {
    const ruby = await runner.post({ ...hello, language: 'ruby' });
    expect(ruby.status).toBe(400);
    expect(ruby.json.message).toBe('ruby-3.x runtime is unknown');
    const python2 = await runner.post({ ...hello, version: '2.7' });
    expect(python2.status).toBe(400);
    await expectServesNext();
  });

  it('given a file name with a path in it, it answers 400', async () => {
    const { status, json } = await runner.post({ ...hello, files: [{ name: '../evil.py', content: 'print(1)' }] });
    expect(status).toBe(400);
    expect(json.message).toMatch(/plain file name/);
  });

  it('given limits above the configured ones, it answers 400; lower limits are honoured', async () => {
    const tooLong = await runner.post({ ...hello, run_timeout: 60_000 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.message).toBe('run_timeout cannot exceed the configured limit of 3000');
    const tooBig = await runner.post({ ...hello, run_memory_limit: 2 ** 40 });
    expect(tooBig.status).toBe(400);
    const lower = await runner.post({ ...hello, files: [{ content: 'x = bytearray(100 * 1024 * 1024)' }], run_memory_limit: 64 * 1024 * 1024 });
    expect(lower.json.run.message).toBe('Memory limit exceeded');
    await expectServesNext();
  });

  it('given oversized code, it answers 413 and then serves the next request', async () => {
    const code = `# ${'x'.repeat(MAX_CODE_BYTES)}\n`;
    const { status, json } = await runner.post({ ...hello, files: [{ content: code }] });
    expect(status).toBe(413);
    expect(json.message).toMatch(/^code is \d+ bytes/);
    await expectServesNext();
  });

  it('given an oversized body, it answers 413 and then serves the next request', async () => {
    const { status } = await runner.post({ ...hello, stdin: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(status).toBe(413);
    await expectServesNext();
  });

  it('given an unknown route or a wrong method, it answers 404 or 405', async () => {
    expect((await get('/api/v2/packages')).status).toBe(404);
    expect((await get('/')).status).toBe(404);
    const wrongMethod = await get('/api/v2/execute');
    expect(wrongMethod.status).toBe(405);
    await expectServesNext();
  });

  it('given a malformed HTTP request, the connection gets a 400 and the runner carries on', async () => {
    const { port } = new URL(runner.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (data) => (text += data.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await expectServesNext();
  });
});
