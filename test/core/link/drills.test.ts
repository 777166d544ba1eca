// A link moves drill answers and the leaderboard opt-out with the merged learner: the answers' foreign key
// cascades, so anything the merge forgot would be deleted with the merged learner.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConvRef, UserRef } from '../../../src/core/messages.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { drillHarness, SetClock, type DrillHarness } from '../../scheduler/drill-harness.ts';
import { CODE_PATTERN } from './setup.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

const discordRoom: ConvRef = { platform: 'discord', workspaceId: 'guild-1', channelId: 'study-room' };
const slackRoom: ConvRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
const dana: UserRef = { platform: 'discord', id: '111111111111111111', name: 'Dana' };
const danaOnSlack: UserRef = { platform: 'slack', id: 'T1:U1', name: 'Dana S' };
// The fake platform serves one platform's scheduled posts: the second drill is in another channel of it.
const otherRoom: ConvRef = { platform: 'discord', workspaceId: 'guild-1', channelId: 'other-room' };

describe('linking accounts that answered drills', () => {
  it('given drill answers on both sides (one question answered by both) and a name hidden on Slack, keeps every run answered once, the earlier answer, and the name hidden', async () => {
    const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
    h = await drillHarness(makeContentTree().root, clock);
    const drill = { action: 'create', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: '1', window: '10' };
    await h.drill({ ...drill, drill: 'Discord morning' }, { conv: discordRoom });
    await h.drill({ ...drill, drill: 'Other morning' }, { conv: otherRoom });
    clock.set('2026-12-07T08:00:00Z');
    await h.t.app.drills.tick();
    // The two runs are posted at once, in either order.
    const threadIn = (channelId: string) => h!.chat.threads.find((t) => t.conv.channelId === channelId)!.conv;
    expect(h.chat.threads.map((t) => t.conv.channelId).sort()).toEqual(['other-room', 'study-room']);
    const [discordThread, otherThread] = [threadIn('study-room'), threadIn('other-room')];

    clock.set('2026-12-07T08:00:03Z');
    await h.answer(danaOnSlack, discordThread, '1B');
    clock.set('2026-12-07T08:00:05Z');
    await h.answer(dana, discordThread, '1A');
    await h.answer(danaOnSlack, otherThread, '1C');
    await h.command(danaOnSlack, 'privacy', { setting: 'leaderboard', value: 'off' }, slackRoom);
    expect(h.t.count('DrillAnswer')).toBe(3);

    await h.command(dana, 'link', {}, discordRoom);
    const code = CODE_PATTERN.exec(h.seen(dana, discordRoom).at(-1)!)![1]!;
    await h.command(danaOnSlack, 'link', { code }, slackRoom);
    expect(h.seen(danaOnSlack, slackRoom).at(-1)).toMatch(/^Linked: /);

    const kept = h.t.rows<{ learnerId: string }>('Identity', `"externalId" = '${dana.id}'`)[0]!.learnerId;
    expect(h.t.rows<{ learnerId: string }>('Identity', `"externalId" = '${danaOnSlack.id}'`)[0]!.learnerId).toBe(kept);
    const answers = h.t.rows<{ runId: string; learnerId: string; optionId: string; answeredAt: string }>('DrillAnswer', `"learnerId" = '${kept}'`);
    expect(answers.map((a) => a.optionId).sort()).toEqual(['b', 'c']);
    expect(h.t.count('DrillAnswer')).toBe(2);
    expect(h.t.rows<{ learnerId: string; hidden: number }>('LeaderboardPrivacy').map((p) => [p.learnerId, p.hidden])).toEqual([[kept, 1]]);
  });
});
