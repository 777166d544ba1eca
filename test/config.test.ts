import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

describe('config', () => {
  it('given an empty environment, uses the documented defaults and freezes the result', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ databaseUrl: 'file:./data/coach.db', contentDir: 'content', defaultTrack: 'django', logLevel: 'info', runner: { enabled: false, url: 'http://127.0.0.1:2000' } });
    expect(Object.isFrozen(config.runner)).toBe(true);
  });

  it('given a bad value, fails with one line naming the variable and the expected form', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://x' })).toThrow(new ConfigError('Invalid environment: DATABASE_URL must be a SQLite URL like file:./data/coach.db'));
    expect(() => parseConfig({ LEARNING_RUNNER_ENABLED: 'maybe' })).toThrow(/^Invalid environment: LEARNING_RUNNER_ENABLED must be/);
    expect(() => parseConfig({ RUNNER_URL: 'not a url' })).toThrow('Invalid environment: RUNNER_URL must be a URL like http://127.0.0.1:2000');
  });
});

describe('config: runner token', () => {
  it('given a short RUNNER_TOKEN, refuses it like the runner does; an empty one means unset', () => {
    expect(() => parseConfig({ RUNNER_TOKEN: 'short' })).toThrow('Invalid environment: RUNNER_TOKEN must be a secret of at least 16 characters (the runner refuses shorter ones), or unset');
    expect(parseConfig({ RUNNER_TOKEN: '' }).runner.token).toBeUndefined();
    expect(parseConfig({ RUNNER_TOKEN: '0123456789abcdef', LEARNING_RUNNER_ENABLED: 'true' }).runner).toMatchObject({ token: '0123456789abcdef', enabled: true });
  });
});
