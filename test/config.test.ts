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
