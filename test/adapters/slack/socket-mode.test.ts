// Socket Mode: with SLACK_APP_TOKEN the adapter opens a connection (apps.connections.open with the app-level
// token, then the WebSocket URL it returns) instead of listening on HTTP, and serves the same commands over it.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../../helpers/content.ts';
import { CHANNEL, TEAM, alice, readText, startSlackWorld, type SlackWorld } from '../../helpers/fake-slack/index.ts';

let w: SlackWorld;
afterEach(async () => w?.close());

describe('Slack Socket Mode', () => {
  it('given an app-level token, connects over the WebSocket, acknowledges a slash command envelope and opens the lesson', async () => {
    w = await startSlackWorld(makeContentTree().root, { socketMode: true });
    expect({ mode: w.adapter.mode, port: w.adapter.port }).toEqual({ mode: 'socket', port: undefined });
    const open = w.fake.callsOf('apps.connections.open');
    expect(open.map((c) => c.ok)).toEqual([true]);
    await w.fake.socketMode!.connected();
    const command = {
      team_id: TEAM, channel_id: CHANNEL, user_id: alice.id, user_name: alice.name, command: '/coach', text: 'lesson 1',
      response_url: w.fake.issueResponseUrl(CHANNEL, alice.id), trigger_id: w.fake.issueTrigger(alice.id), api_app_id: 'AFAKE',
    };
    const ack = await w.fake.socketMode!.push('slash_commands', command);
    await w.settle();
    expect(ack.envelopeId).toBe('env-1');
    expect(w.fake.threads().map((p) => readText(p).split('\n')[0])).toEqual(['Step 1 · Lesson demo-step-1']);
    expect(w.t.count('LessonProgress')).toBe(1);
  });
});
