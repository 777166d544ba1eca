// Parsing the runner's environment: defaults, the refusal to run unless enabled, one-line errors.
import { describe, expect, it } from 'vitest';
import { RunnerConfigError, loadRunnerConfig } from '../../src/runner/config.ts';

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
    });
  });

  it('given LEARNING_RUNNER_ENABLED missing or not exactly true, it refuses', () => {
    expect(errorOf({})).toMatch(/^runner disabled: set LEARNING_RUNNER_ENABLED=true/);
    expect(errorOf({ LEARNING_RUNNER_ENABLED: '1' })).toMatch(/runner disabled/);
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
