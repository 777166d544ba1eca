// Scheduled work through coach.run: no inbound event, the adapter that serves the platform does the posting.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../src/adapters/console/adapter.ts';
import { message, text, type ConvRef } from '../../src/core/messages.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { makeContentTree } from '../helpers/content.ts';
import { FakeChat } from '../helpers/fake-chat.ts';

let t: TestApp;
afterEach(async () => t?.close());
const room: ConvRef = { platform: 'discord', workspaceId: 'guild-1', channelId: 'study-room' };
const say = (s: string) => message([text(s)], s);

describe('scheduled work', () => {
  it('given a thread job, opens the thread in the channel and posts every message in it', async () => {
    t = await createTestApp(makeContentTree().root);
    const chat = new FakeChat();
    t.app.coach.attach(chat);
    const result = await t.app.coach.run({ kind: 'thread', conv: room, title: 'Drill · Monday', messages: [say('Drill starts'), say('Q1'), say('Q2')] });
    expect(chat.threads.map((x) => x.title)).toEqual(['Drill · Monday']);
    expect(chat.messages.map((m) => [m.conv.threadId, m.text])).toEqual([[result.conv.threadId, 'Drill starts'], [result.conv.threadId, 'Q1'], [result.conv.threadId, 'Q2']]);
    expect(result.messageIds).toHaveLength(2);
  });

  it('given a direct job, writes to the person in a private conversation', async () => {
    t = await createTestApp(makeContentTree().root);
    const chat = new FakeChat();
    t.app.coach.attach(chat);
    const bob = { platform: 'discord' as const, id: 'u-bob', name: 'Bob' };
    const { conv } = await t.app.coach.run({ kind: 'direct', user: bob, messages: [say('3 cards are due')] });
    expect(chat.seenBy(bob, conv).map((m) => m.text)).toEqual(['3 cards are due']);
    expect(conv.channelId).toBe('dm-u-bob');
  });

  it('given a job for a platform no adapter serves, or a second adapter for one, refuses clearly', async () => {
    t = await createTestApp(makeContentTree().root);
    await expect(t.app.coach.run({ kind: 'post', conv: room, messages: [say('hi')] })).rejects.toThrow('no adapter serves discord');
    t.app.coach.attach(new FakeChat());
    expect(() => t.app.coach.attach(new FakeChat())).toThrow('a second discord adapter');
  });

  it('given the terminal, shows a direct message labelled with whom it is for', async () => {
    t = await createTestApp(makeContentTree().root);
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    const terminal = createConsoleAdapter({ input: new PassThrough(), output, userName: 'Dana', interactive: false });
    t.app.coach.attach(terminal);
    await t.app.coach.run({ kind: 'direct', user: { platform: 'console', id: 'local:dana', name: 'Dana' }, messages: [say('Time for a review')] });
    expect(shown).toBe('[direct to Dana] coach:\n  Time for a review\n');
  });
});
