// The adapter's Web API parts against the fake: admin rights (workspace admins, owners, the configured
// user group), cached so a second check costs no call; and ephemerals updated through their response_url.
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createProfiles } from '../../../src/adapters/slack/profiles.ts';
import { createOutbound } from '../../../src/adapters/slack/outbound.ts';
import { SLACK_ADAPTER_LIMITS } from '../../../src/adapters/slack/adapter.ts';
import { slackUser } from '../../../src/adapters/slack/inbound.ts';
import { notice } from '../../../src/core/messages.ts';
import { BOT_TOKEN, FakeSlack, TEAM } from '../../helpers/fake-slack/index.ts';

let fake: FakeSlack;
afterEach(async () => fake?.stop());
const quiet = pino({ level: 'silent' });

describe('Slack profiles', () => {
  it('given an admin, an owner, a user-group member and someone else, only the first three may run admin-only commands', async () => {
    fake = await FakeSlack.start();
    fake.users.set('UADMIN', { id: 'UADMIN', name: 'ada', is_admin: true });
    fake.users.set('UOWNER', { id: 'UOWNER', name: 'olga', is_owner: true });
    fake.users.set('UGROUP', { id: 'UGROUP', name: 'gus' });
    fake.users.set('UOTHER', { id: 'UOTHER', name: 'oscar' });
    fake.usergroups.set('S0COACHES', ['UGROUP']);
    const profiles = createProfiles(new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl }), 'S0COACHES', quiet);
    const answers = await Promise.all(['UADMIN', 'UOWNER', 'UGROUP', 'UOTHER'].map((u) => profiles.isAdmin(u)));
    expect(answers).toEqual([true, true, true, false]);
    expect(await profiles.isAdmin('UOTHER')).toBe(false);
    expect({ users: fake.callsOf('users.info').length, groups: fake.callsOf('usergroups.users.list').length }).toEqual({ users: 4, groups: 1 });
    expect(profiles.peek('UOTHER')).toEqual({ name: 'oscar', timeZone: 'America/Los_Angeles', workspaceAdmin: false });
  });

  it('given no user group configured, only workspace admins and owners count', async () => {
    fake = await FakeSlack.start();
    fake.users.set('UGROUP', { id: 'UGROUP', name: 'gus' });
    const profiles = createProfiles(new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl }), undefined, quiet);
    expect(await profiles.isAdmin('UGROUP')).toBe(false);
    expect(fake.callsOf('usergroups.users.list')).toEqual([]);
  });
});

describe('Slack outbound', () => {
  it('given a pressed ephemeral, updates it through its click\'s response_url (chat.update cannot edit ephemerals)', async () => {
    fake = await FakeSlack.start();
    const outbound = createOutbound(new WebClient(BOT_TOKEN, { slackApiUrl: fake.apiUrl }), SLACK_ADAPTER_LIMITS);
    const conv = { platform: 'slack' as const, workspaceId: TEAM, channelId: 'C1', threadId: '1.0' };
    const user = slackUser(TEAM, 'UALICE', 'alice');
    const posted = await outbound.postPrivate(conv, user, notice('Pick one'));
    const shown = fake.messages.find((m) => m.ts === posted.messageId)!;
    expect({ onlyFor: shown.onlyFor, threadTs: shown.threadTs, via: shown.via }).toEqual({ onlyFor: 'UALICE', threadTs: '1.0', via: 'chat.postEphemeral' });
    outbound.rememberEphemeral(posted.messageId, fake.issueResponseUrl('C1', 'UALICE', posted.messageId));
    await outbound.update(conv, posted.messageId, notice('Picked'));
    expect({ updates: shown.updates, text: shown.text }).toEqual({ updates: 1, text: 'Picked' });
    expect(fake.callsOf('chat.update')).toEqual([]);
  });
});
