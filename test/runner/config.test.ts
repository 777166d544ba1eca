// Parsing the runner's environment: defaults, the refusal to run unless enabled, one-line errors.
import { describe, expect, it } from 'vitest';
import { RunnerConfigError, isLoopback, loadRunnerConfig } from '../../src/runner/config.ts';

const enabled = { LEARNING_RUNNER_ENABLED: 'true' };

function errorOf(env: Record<string, string>): string {
  try {
    loadRunnerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(RunnerConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a RunnerConfigError');
}

describe('given the runner environment', () => {
  it('given only LEARNING_RUNNER_ENABLED=true, it uses the documented defaults', () => {
    const config = loadRunnerConfig(enabled);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 2000,
      token: null,
      queueLimit: 32,
      wallMs: 5000,
      memoryBytes: 256 * 1024 * 1024,
      outputBytes: 64 * 1024,
      maxProcs: 32,
      uidBase: 60000,
      logLevel: 'info',
      python: '/usr/bin/python3',
    });
    expect(config.concurrency).toBeGreaterThanOrEqual(1);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('given every variable set, it reads each one', () => {
    const config = loadRunnerConfig({
      ...enabled,
      RUNNER_HOST: '0.0.0.0',
      RUNNER_PORT: '2345',
      RUNNER_TOKEN: 'a-long-enough-shared-secret',
      RUNNER_CONCURRENCY: '3',
      RUNNER_QUEUE_LIMIT: '7',
      RUNNER_WALL_MS: '2500',
      RUNNER_MEMORY_MB: '128',
      RUNNER_OUTPUT_KB: '16',
      RUNNER_MAX_PROCS: '8',
      RUNNER_UID_BASE: '70000',
      RUNNER_PYTHON: '/opt/venv/bin/python',
      LOG_LEVEL: 'warn',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 2345,
      token: 'a-long-enough-shared-secret',
      concurrency: 3,
      queueLimit: 7,
      wallMs: 2500,
      memoryBytes: 128 * 1024 * 1024,
      outputBytes: 16 * 1024,
      maxProcs: 8,
      uidBase: 70000,
      logLevel: 'warn',
      python: '/opt/venv/bin/python',
    });
  });

  it('given LEARNING_RUNNER_ENABLED missing or false in any spelling the bot accepts, it refuses', () => {
    for (const off of [{} as Record<string, string>, { LEARNING_RUNNER_ENABLED: 'false' }, { LEARNING_RUNNER_ENABLED: '0' }, { LEARNING_RUNNER_ENABLED: 'No' }, { LEARNING_RUNNER_ENABLED: '' }]) {
      expect(errorOf(off)).toMatch(/^runner disabled: set LEARNING_RUNNER_ENABLED=true to run learners' Python on this machine/);
    }
  });

  it('given LEARNING_RUNNER_ENABLED as 1, yes or TRUE, it is enabled like the bot reads it', () => {
    for (const on of ['1', 'yes', 'TRUE', ' true ']) expect(loadRunnerConfig({ LEARNING_RUNNER_ENABLED: on }).port).toBe(2000);
  });

  it('given LEARNING_RUNNER_ENABLED that is no flag, the one-line message lists the accepted values', () => {
    expect(errorOf({ LEARNING_RUNNER_ENABLED: 'maybe' })).toBe('LEARNING_RUNNER_ENABLED must be true or false (also 1/0, yes/no); got "maybe"');
  });

  it('given no token and a host other machines can reach, it refuses naming both variables and the fix', () => {
    const expected =
      "RUNNER_TOKEN is not set and RUNNER_HOST=0.0.0.0 is reachable from other machines: set RUNNER_TOKEN to a secret of at least 16 characters (the bot's too), or RUNNER_HOST=127.0.0.1";
    expect(errorOf({ ...enabled, RUNNER_HOST: '0.0.0.0' })).toBe(expected);
    expect(errorOf({ ...enabled, RUNNER_HOST: '::' })).toMatch(/^RUNNER_TOKEN is not set and RUNNER_HOST=:: /);
    expect(errorOf({ ...enabled, RUNNER_HOST: '10.0.0.5' })).toMatch(/^RUNNER_TOKEN is not set/);
    expect(loadRunnerConfig({ ...enabled, RUNNER_HOST: '0.0.0.0', RUNNER_TOKEN: 'a-long-enough-shared-secret' }).host).toBe('0.0.0.0');
  });

  it('given a loopback host, no token is needed', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopback(host)).toBe(true);
      expect(loadRunnerConfig({ ...enabled, RUNNER_HOST: host }).token).toBeNull();
    }
    for (const host of ['0.0.0.0', '::', '128.0.0.1', '192.168.1.2', 'example.com', '::2', '::ffff:10.0.0.1']) expect(isLoopback(host)).toBe(false);
  });

  it('given RUNNER_PYTHON that is not an absolute path, it names the variable', () => {
    expect(errorOf({ ...enabled, RUNNER_PYTHON: 'python3' })).toBe(
      `RUNNER_PYTHON must be an absolute path to a Python 3 interpreter (a virtualenv's bin/python works); got "python3"`,
    );
  });

  it('given a bad value, the one-line message names the variable and the expected form', () => {
    expect(errorOf({ ...enabled, RUNNER_PORT: '70000' })).toBe('RUNNER_PORT must be an integer 0-65535 (0 picks a free port); got "70000"');
    expect(errorOf({ ...enabled, RUNNER_WALL_MS: 'soon' })).toMatch(/^RUNNER_WALL_MS must be milliseconds/);
    expect(errorOf({ ...enabled, RUNNER_UID_BASE: '0' })).toMatch(/^RUNNER_UID_BASE must be an unused uid/);
    expect(errorOf({ ...enabled, LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL must be one of/);
    expect(errorOf({ ...enabled, RUNNER_MEMORY_MB: '1.5' })).toMatch(/^RUNNER_MEMORY_MB/);
  });

  it('given a short token, the message does not repeat the secret', () => {
    const message = errorOf({ ...enabled, RUNNER_TOKEN: 'tiny-secret' });
    expect(message).toBe('RUNNER_TOKEN must be a secret of at least 16 characters, or unset; got (hidden)');
    expect(message.split('\n')).toHaveLength(1);
  });
});
