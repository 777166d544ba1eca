// npm start serves Slack when its two variables are set: Socket Mode with an app-level token, else HTTP.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';
import { configuredPlatforms } from '../../../src/platforms.ts';
import type { App } from '../../../src/app.ts';
import type { SlackAdapter } from '../../../src/adapters/slack/adapter.ts';

const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
const fakeApp = { coach: { deps: {} } } as unknown as App;

describe('Slack platform entry', () => {
  it('given no Slack variables, is not started', () => {
    expect(configuredPlatforms(parseConfig({})).map((p) => p.name)).not.toContain('slack');
  });

  it('given the bot token and signing secret, builds the HTTP adapter; with an app-level token, the Socket Mode one', async () => {
    const http = parseConfig(env);
    const socket = parseConfig({ ...env, SLACK_APP_TOKEN: 'xapp-1' });
    const build = async (config: typeof http) => (await configuredPlatforms(config).find((p) => p.name === 'slack')!.create(fakeApp, config, pino({ level: 'silent' }))) as SlackAdapter;
    expect([(await build(http)).mode, (await build(socket)).mode]).toEqual(['http', 'socket']);
    expect((await build(http)).platform).toBe('slack');
  });
});
