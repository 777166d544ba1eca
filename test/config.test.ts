import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.ts';

describe('config', () => {
  it('given an empty environment, uses the documented defaults and freezes the result', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ databaseUrl: 'file:./data/coach.db', contentDir: 'content', defaultTrack: 'django', logLevel: 'info', runner: { enabled: false, url: 'http://127.0.0.1:2000' } });
    expect(Object.isFrozen(config.runner)).toBe(true);
  });

  it('given a bad value, fails with one line naming the variable and the expected form', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://x' })).toThrow(new ConfigError('DATABASE_URL must be a SQLite URL like file:./data/coach.db; got "postgres://x"'));
    expect(() => parseConfig({ LEARNING_RUNNER_ENABLED: 'maybe' })).toThrow(new ConfigError('LEARNING_RUNNER_ENABLED must be true or false (also 1/0, yes/no); got "maybe"'));
    expect(() => parseConfig({ RUNNER_URL: 'not a url' })).toThrow('RUNNER_URL must be a URL like http://127.0.0.1:2000; got "not a url"');
    expect(() => parseConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"');
  });

  it('given LEARNING_RUNNER_ENABLED in any spelling the runner accepts, reads the same flag', () => {
    for (const on of ['true', '1', 'yes', 'YES', ' True ']) expect(parseConfig({ LEARNING_RUNNER_ENABLED: on }).runner.enabled).toBe(true);
    for (const off of ['false', '0', 'no', '']) expect(parseConfig({ LEARNING_RUNNER_ENABLED: off }).runner.enabled).toBe(false);
  });
});

describe('config: runner token', () => {
  it('given a short RUNNER_TOKEN, refuses it like the runner does; an empty one means unset', () => {
    expect(() => parseConfig({ RUNNER_TOKEN: 'short' })).toThrow('RUNNER_TOKEN must be a secret of at least 16 characters (the runner refuses shorter ones), or unset; got (hidden)');
    expect(parseConfig({ RUNNER_TOKEN: '' }).runner.token).toBeUndefined();
    expect(parseConfig({ RUNNER_TOKEN: '0123456789abcdef', LEARNING_RUNNER_ENABLED: 'true' }).runner).toMatchObject({ token: '0123456789abcdef', enabled: true });
  });
});

describe('config: runner URL', () => {
  it('given a RUNNER_URL with a user or password, refuses it in one line pointing at RUNNER_TOKEN, without echoing it', () => {
    const refusal = new ConfigError('RUNNER_URL must not contain a user or password: remove the user:password@ part and set RUNNER_TOKEN, the secret the bot sends as Authorization');
    for (const url of ['http://user:pw-secret@127.0.0.1:1', 'http://user@127.0.0.1:2000', 'https://:pw-secret@runner.example/api/v2/piston']) {
      expect(() => parseConfig({ RUNNER_URL: url })).toThrow(refusal);
    }
    expect(parseConfig({ RUNNER_URL: 'http://10.0.0.5:2000/' }).runner.url).toBe('http://10.0.0.5:2000/');
  });
});

describe('config: runs per learner', () => {
  it('given RUNNER_RUNS_PER_MINUTE, reads it; unset or empty means 10; out of range names the variable', () => {
    expect(parseConfig({}).runner.runsPerMinute).toBe(10);
    expect(parseConfig({ RUNNER_RUNS_PER_MINUTE: '' }).runner.runsPerMinute).toBe(10);
    expect(parseConfig({ RUNNER_RUNS_PER_MINUTE: '25' }).runner.runsPerMinute).toBe(25);
    expect(() => parseConfig({ RUNNER_RUNS_PER_MINUTE: '0' })).toThrow(new ConfigError('RUNNER_RUNS_PER_MINUTE must be runs per learner per minute, an integer 1-1000; got "0"'));
    expect(() => parseConfig({ RUNNER_RUNS_PER_MINUTE: 'lots' })).toThrow('RUNNER_RUNS_PER_MINUTE must be runs per learner per minute, an integer 1-1000; got "lots"');
  });
});

describe('config: chat platforms', () => {
  const discord = { DISCORD_TOKEN: 'token-value', DISCORD_APP_ID: '123456789012345678' };
  const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'shh' };

  it('given no platform variables, configures none (the terminal runs)', () => {
    const config = parseConfig({ DISCORD_TOKEN: '', SLACK_BOT_TOKEN: ' ' });
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
  });

  it('given both pairs, configures both with their defaults', () => {
    const config = parseConfig({ ...discord, ...slack });
    expect(config.discord).toEqual({ token: 'token-value', appId: '123456789012345678', guildId: undefined, apiUrl: 'https://discord.com/api', adminRoleId: undefined });
    expect(config.slack).toEqual({ botToken: 'xoxb-1-2-abc', signingSecret: 'shh', appToken: undefined, port: 3000, apiUrl: 'https://slack.com/api/', adminUsergroup: undefined });
  });

  it('given half a pair, names the missing variable', () => {
    expect(() => parseConfig({ DISCORD_TOKEN: 'token-value' })).toThrow(new ConfigError('DISCORD_APP_ID must be set too when DISCORD_TOKEN is (or unset both)'));
    expect(() => parseConfig({ SLACK_SIGNING_SECRET: 'shh' })).toThrow(new ConfigError('SLACK_BOT_TOKEN must be set too when SLACK_SIGNING_SECRET is (or unset both)'));
  });

  it('given a malformed value, names the variable and never shows a token', () => {
    expect(() => parseConfig({ ...discord, DISCORD_APP_ID: 'my-app' })).toThrow(new ConfigError('DISCORD_APP_ID must be a Discord application id (17-20 digits); got "my-app"'));
    expect(() => parseConfig({ ...slack, SLACK_BOT_TOKEN: 'xoxp-user-token' })).toThrow(new ConfigError('SLACK_BOT_TOKEN must be a bot token starting with xoxb-; got (hidden)'));
    expect(() => parseConfig({ ...slack, SLACK_PORT: '70000' })).toThrow(new ConfigError('SLACK_PORT must be a TCP port 1-65535; got "70000"'));
  });
});

describe('config: model grader', () => {
  it('given no GRADER_* variables, configures no model grader', () => {
    expect(parseConfig({}).grader).toBeUndefined();
    expect(parseConfig({ GRADER_URL: ' ', GRADER_MODEL: '' }).grader).toBeUndefined();
  });

  it('given GRADER_URL and GRADER_MODEL, configures it with a 5 s timeout; the key and timeout are read when set', () => {
    expect(parseConfig({ GRADER_URL: 'http://127.0.0.1:11434/v1', GRADER_MODEL: 'qwen2.5:7b' }).grader).toEqual({ url: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b', apiKey: undefined, timeoutMs: 5000 });
    expect(parseConfig({ GRADER_URL: 'https://api.example.test/v1', GRADER_MODEL: 'm', GRADER_API_KEY: 'sk-abc', GRADER_TIMEOUT_MS: '2500' }).grader).toEqual({ url: 'https://api.example.test/v1', model: 'm', apiKey: 'sk-abc', timeoutMs: 2500 });
  });

  it('given half the grader settings or a bad value, names the variable and never shows the key', () => {
    expect(() => parseConfig({ GRADER_URL: 'http://127.0.0.1:11434/v1' })).toThrow(new ConfigError('GRADER_MODEL must be set too when GRADER_URL is (or unset both)'));
    expect(() => parseConfig({ GRADER_MODEL: 'm' })).toThrow(new ConfigError('GRADER_URL must be set too when GRADER_MODEL is (or unset both)'));
    expect(() => parseConfig({ GRADER_API_KEY: 'sk-abc' })).toThrow(new ConfigError('GRADER_URL and GRADER_MODEL must be set too when GRADER_API_KEY is (or unset it)'));
    expect(() => parseConfig({ GRADER_URL: 'localhost:11434', GRADER_MODEL: 'm' })).toThrow(new ConfigError('GRADER_URL must be a URL like http://127.0.0.1:11434/v1, or unset; got "localhost:11434"'));
    expect(() => parseConfig({ GRADER_URL: 'http://h/v1', GRADER_MODEL: 'm', GRADER_TIMEOUT_MS: '10' })).toThrow(new ConfigError('GRADER_TIMEOUT_MS must be milliseconds, an integer 50-60000; got "10"'));
  });
});
