// slack/manifest.yaml grants exactly what the adapter uses: its scopes, events, command and URLs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_EVENTS, BOT_SCOPES, EVENTS_PATH, SLASH_COMMAND } from '../../../src/adapters/slack/scopes.ts';

const manifest = parse(readFileSync('slack/manifest.yaml', 'utf8'));

describe('Slack manifest', () => {
  it('given the manifest, lists exactly the scopes and events the adapter uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.keys(BOT_SCOPES).sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(Object.keys(BOT_EVENTS).sort());
  });

  it('given the manifest, sends the command, interactivity and events to the one endpoint, with App Home on', () => {
    const urls = [manifest.features.slash_commands[0].url, manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url];
    expect(urls.map((u: string) => new URL(u).pathname)).toEqual([EVENTS_PATH, EVENTS_PATH, EVENTS_PATH]);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});
