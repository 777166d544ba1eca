// /drill through the router: every refusal is clear, goes to the person who typed it, and schedules
// nothing; pause, resume, delete and now do what they say.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';
import { drillHarness, lead, member, room, SetClock, type DrillHarness } from './drill-harness.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

const base = { action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo' };
/** The last thing only the lead saw. */
const told = (d: DrillHarness) => d.chat.messages.filter((m) => m.onlyFor === lead.id).at(-1)!.text;

async function setup(): Promise<DrillHarness> {
  h = await drillHarness(makeContentTree().root, new SetClock(new Date('2026-12-07T07:00:00Z')));
  return h;
}

describe('/drill', () => {
  it('given a non-admin, refuses with the admin-only text and writes nothing', async () => {
    const d = await setup();
    await d.drill(base, { user: member(7), admin: false });
    expect(d.chat.messages.filter((m) => m.onlyFor === 'u-7').map((m) => m.text)).toEqual(['Only admins of this workspace can use `/drill`; nothing was changed.']);
    expect(d.chat.messages.filter((m) => !m.onlyFor)).toEqual([]);
    expect([d.t.count('Drill'), d.t.count('DrillRun')]).toEqual([0, 0]);
  });

  it.each([
    [{ schedule: '* * * * * *' }, 'That drill can\'t be set up: "* * * * * *" is not a schedule (the seconds field would fire more than once a minute); try "weekdays 09:00" (or weekdays@09:00), "daily 18:30", "mon,wed,fri 08:15", or cron "0 9 * * 1-5". Nothing was scheduled.'],
    [{ schedule: '*/10 * * * *' }, 'That drill can\'t be set up: "*/10 * * * *" would fire every 10 minutes; a drill may run at most every 15 minutes (e.g. "*/15 9-17 * * 1-5"). Nothing was scheduled.'],
    [{ schedule: '0 9 30 2 *' }, 'That drill can\'t be set up: "0 9 30 2 *" never fires (no such date in the next five years); try "weekdays 09:00" (or weekdays@09:00), "daily 18:30", "mon,wed,fri 08:15", or cron "0 9 * * 1-5". Nothing was scheduled.'],
    [{ schedule: '0 25 * * *' }, 'That drill can\'t be set up: "0 25 * * *" is not a schedule (hour: 25 is outside 0-23); try "weekdays 09:00" (or weekdays@09:00), "daily 18:30", "mon,wed,fri 08:15", or cron "0 9 * * 1-5". Nothing was scheduled.'],
    [{ timezone: 'Europe/Atlantis' }, 'That drill can\'t be set up: "Europe/Atlantis" is not an IANA time zone; use one like Europe/Paris, America/New_York or UTC. Nothing was scheduled.'],
    [{ track: 'cobol' }, 'There is no track "cobol". Tracks: demo.'],
    [{ track: 'demo-step-1,nope' }, 'That drill can\'t be set up: there is no lesson "nope". Nothing was scheduled.'],
    [{ drill: undefined }, 'That drill can\'t be set up: give the drill a name (e.g. /drill create "Morning drill" "weekdays 09:00" Europe/Paris django). Nothing was scheduled.'],
    [{ questions: '9' }, 'That doesn\'t fit: questions: a whole number from 1 to 5. Usage: `/drill <action> [drill] [schedule] [timezone] [track] [questions] [window] [grace]`'],
    [{ action: 'launch' }, 'That doesn\'t fit: action: one of create, list, pause, resume, delete, now. Usage: `/drill <action> [drill] [schedule] [timezone] [track] [questions] [window] [grace]`'],
  ])('given %j, refuses privately and schedules nothing', async (change, text) => {
    const d = await setup();
    const args = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    await d.drill(args);
    expect(told(d)).toBe(text);
    expect(d.chat.messages.filter((m) => !m.onlyFor)).toEqual([]);
    expect(d.t.count('Drill')).toBe(0);
  });

  it('given a channel the bot cannot post in, refuses and schedules nothing', async () => {
    const d = await setup();
    d.chat.failPosts = 1;
    await d.drill(base);
    expect(told(d)).toBe("I can't post in this channel (Missing Access), so nothing was scheduled. Let me send messages and create threads here, then try again.");
    expect(d.t.count('Drill')).toBe(0);
  });

  it('given a name in use, refuses the second; list, pause, resume and delete change only that drill', async () => {
    const d = await setup();
    await d.drill(base);
    await d.drill(base);
    expect(told(d)).toBe('That drill can\'t be set up: this workspace already has a drill called "Morning"; pick another name or delete that one. Nothing was scheduled.');
    await d.drill({ ...base, drill: 'Evening', schedule: 'mon,wed,fri 18:30', track: 'demo-step-2,demo-step-3', questions: '1', window: '5' });
    await d.drill({ action: 'list' });
    expect(told(d)).toBe(
      [
        '**Drills in this workspace**',
        '**#1 Morning** — weekdays 09:00 Europe/Paris · track demo · 3 q · 10 min to answer · next Mon 7 Dec 2026 09:00 (Europe/Paris)',
        '**#2 Evening** — mon,wed,fri 18:30 Europe/Paris · lessons demo-step-2, demo-step-3 · 1 q · 5 min to answer · next Mon 7 Dec 2026 18:30 (Europe/Paris)',
      ].join('\n'),
    );
    await d.drill({ action: 'pause', drill: 'morning' });
    expect(told(d)).toBe('Drill **#1 Morning** paused; `/drill resume 1` starts it again.');
    d.clock.set('2026-12-07T08:00:00Z');
    expect((await d.t.app.drills.tick()).created).toBe(0);
    d.clock.set('2026-12-07T09:00:00Z');
    await d.drill({ action: 'resume', drill: '#1' });
    expect(told(d)).toBe('Drill **#1 Morning** resumed. Next run Tue 8 Dec 2026 09:00 (Europe/Paris).');
    await d.drill({ action: 'delete', drill: '2' });
    expect(told(d)).toBe('Drill **#2 Evening** deleted; its past results stay on the leaderboard.');
    await d.drill({ action: 'pause', drill: '2' });
    expect(told(d)).toBe('There is no drill "2" in this workspace; `/drill list` shows them. Nothing was changed.');
    expect(d.t.rows('Drill').map((r) => [r.id, r.status, r.nextDueAt])).toEqual([
      [1, 'active', '2026-12-08T08:00:00.000+00:00'],
      [2, 'deleted', null],
    ]);
  });

  it('given /drill now, posts a run at once in the drill\'s channel, and a second in the same minute is refused', async () => {
    const d = await setup();
    await d.drill(base);
    const elsewhere = { ...room, channelId: 'admin-room' };
    await d.drill({ action: 'now', drill: '1' }, { conv: elsewhere });
    expect(d.chat.threads.map((t) => [t.conv.channelId, t.title])).toEqual([['study-room', 'Morning · Mon 7 Dec 2026']]);
    expect(d.chat.messages.filter((m) => m.onlyFor === lead.id && m.conv.channelId === 'admin-room').map((m) => m.text)).toEqual([
      "Drill **#1 Morning** runs now: its thread opens in the drill's channel.",
    ]);
    await d.drill({ action: 'now', drill: '1' });
    expect(told(d)).toBe("That drill can't be set up: it was already started this minute. Nothing was scheduled.");
    expect(d.t.rows('DrillRun').map((r) => [r.slot, r.status])).toEqual([['now:2026-12-07T07:00:00.000Z', 'posted']]);
    // The schedule itself is untouched.
    expect(d.t.rows('Drill')[0]!.nextDueAt).toBe('2026-12-07T08:00:00.000+00:00');
  });

  it('given a drill name with a mention, no message or thread title can ping with it', async () => {
    const d = await setup();
    await d.drill({ ...base, drill: '@everyone standup' });
    await d.drill({ action: 'now', drill: '1' });
    const texts = [...d.chat.messages.map((m) => m.text), ...d.chat.threads.map((t) => t.title)].filter((t) => t.includes('everyone'));
    // The announcement, the confirmation, "runs now", the intro and the thread title.
    expect(texts).toHaveLength(5);
    expect(texts.filter((t) => t.includes('@everyone'))).toEqual([]);
    expect(texts.every((t) => t.includes('@\u200beveryone'))).toBe(true);
  });

  it('given an old or forged drill button, answers privately that it is outdated and records nothing', async () => {
    const d = await setup();
    await d.send({ type: 'action', user: member(1), conv: room, messageId: 'm-x', actionId: 'drill', value: 'nosuchrun:1:b' });
    await d.send({ type: 'action', user: member(1), conv: room, messageId: 'm-x', actionId: 'drill', value: 'garbage' });
    expect(d.chat.messages.filter((m) => m.onlyFor === 'u-1').map((m) => m.text)).toEqual([
      'That button is from an older message; nothing was recorded.',
      'That button is from an older message; nothing was recorded.',
    ]);
    expect(d.t.count('DrillAnswer')).toBe(0);
  });
});
