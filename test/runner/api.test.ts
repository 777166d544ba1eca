// From a Piston request to a sandbox job: runtime matching, size limits and which limits a caller may set.
import { describe, expect, it } from 'vitest';
import type { PistonExecuteRequest } from '../../src/runner/piston.ts';
import { ApiError, MAX_CODE_BYTES, parseExecuteBody, pythonRuntime, toSandboxJob, versionMatches } from '../../src/runner/api.ts';
import { loadRunnerConfig } from '../../src/runner/config.ts';

const config = loadRunnerConfig({ LEARNING_RUNNER_ENABLED: 'true' });
const runtime = pythonRuntime('3.11.2', '4.2.21');
const request = (overrides: Partial<PistonExecuteRequest> = {}): PistonExecuteRequest => ({
  language: 'python',
  version: '*',
  files: [{ content: 'print(1)' }],
  ...overrides,
});

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected an ApiError');
}

describe('given an execute request', () => {
  it('given version selectors, they match like Piston', () => {
    for (const selector of ['*', '3', '3.x', '3.11', '3.11.x', '3.11.*', '3.11.2', 'x']) expect(versionMatches(selector, '3.11.2')).toBe(true);
    for (const selector of ['2', '3.10', '3.11.3', '3.11.2.1']) expect(versionMatches(selector, '3.11.2')).toBe(false);
  });

  it('given a minimal request, the job runs main.py with the configured limits', () => {
    const job = toSandboxJob(request(), runtime, config);
    expect(job.entry.name).toBe('main.py');
    expect(job.entry.content.toString()).toBe('print(1)');
    expect(job.limits).toEqual({ wallMs: 5000, memoryBytes: config.memoryBytes, outputBytes: config.outputBytes, maxProcs: 32, cpuSeconds: 5 });
  });

  it('given an alias, an upper-case language or base64 content, it is accepted', () => {
    expect(toSandboxJob(request({ language: 'PY3' }), runtime, config).entry.name).toBe('main.py');
    const job = toSandboxJob(request({ files: [{ content: Buffer.from('print(2)').toString('base64'), encoding: 'base64' }] }), runtime, config);
    expect(job.entry.content.toString()).toBe('print(2)');
  });

  it('given limits, lower ones are used and -1 or 0 mean the configured ones', () => {
    expect(toSandboxJob(request({ run_timeout: 1500, run_memory_limit: 64 << 20 }), runtime, config).limits).toMatchObject({ wallMs: 1500, memoryBytes: 64 << 20 });
    expect(toSandboxJob(request({ run_timeout: -1, run_memory_limit: 0 }), runtime, config).limits).toMatchObject({ wallMs: 5000, memoryBytes: config.memoryBytes });
    expect(apiError(() => toSandboxJob(request({ run_timeout: 9000 }), runtime, config)).message).toBe('run_timeout cannot exceed the configured limit of 5000');
    expect(apiError(() => toSandboxJob(request({ run_memory_limit: 1024 }), runtime, config)).message).toMatch(/at least/);
    expect(apiError(() => toSandboxJob(request({ run_timeout: -5 }), runtime, config)).message).toMatch(/non-negative/);
  });

  it('given too much code or stdin, it is a 413', () => {
    const code = 'x'.repeat(MAX_CODE_BYTES + 1);
    expect(apiError(() => toSandboxJob(request({ files: [{ content: code }] }), runtime, config)).status).toBe(413);
    expect(apiError(() => toSandboxJob(request({ stdin: code }), runtime, config)).status).toBe(413);
  });

  it('given bad file names, too many files or NUL in args, it is a 400', () => {
    for (const name of ['../x.py', 'a/b.py', '.hidden']) {
      expect(apiError(() => toSandboxJob(request({ files: [{ name, content: '' }] }), runtime, config)).status).toBe(400);
    }
    const twins = [{ name: 'a.py', content: '' }, { name: 'a.py', content: '' }];
    expect(apiError(() => toSandboxJob(request({ files: twins }), runtime, config)).message).toMatch(/repeats/);
    const many = Array.from({ length: 9 }, (_, i) => ({ name: `f${i}.py`, content: '' }));
    expect(apiError(() => toSandboxJob(request({ files: many }), runtime, config)).status).toBe(400);
    expect(apiError(() => toSandboxJob(request({ args: ['a\u0000b'] }), runtime, config)).status).toBe(400);
  });

  it('given a body, bad JSON and schema errors are 400s naming the problem', () => {
    expect(apiError(() => parseExecuteBody('nope')).message).toMatch(/^request body is not valid JSON/);
    expect(apiError(() => parseExecuteBody('{"language":"python","version":"*"}')).message).toMatch(/^files: /);
    expect(apiError(() => parseExecuteBody('{"language":"python","version":"*","files":[{"content":1}]}')).message).toMatch(/^files\[0\]\.content: /);
    expect(parseExecuteBody('{"language":"python","version":"*","files":[{"content":"x"}],"compile_timeout":1}').files).toHaveLength(1);
  });
});
