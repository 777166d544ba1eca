// The 30-second explanation where the platform has forms, and the rules that hold everywhere: an open
// prompt expires at ten times its budget, and a message with code is never taken as an answer.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConvRef, InboundEvent } from '../../../src/core/messages.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { FakeChat } from '../../helpers/fake-chat.ts';
import { alice, channel } from '../../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());
const answer = 'It uses a SQL join over the foreign key to avoid N+1 queries.';

async function formPlatform() {
  const clock = new FixedClock();
  t = await createTestApp(makeContentTree().root, clock);
  const chat = new FakeChat();
  let n = 0;
  const send = (event: InboundEvent) => t.app.coach.handle({ ...event, eventId: `e${++n}` }, chat);
  await send({ type: 'command', user: alice, conv: channel, name: 'lesson', args: { step: '2' } });
  const thread: ConvRef = chat.threads[0]!.conv;
  const explainButton = chat.messages.flatMap((m) => m.msg.blocks).flatMap((b) => (b.kind === 'choices' ? b.options : [])).find((o) => o.label === 'Explain in 30s')!;
  const openForm = () => send({ type: 'action', user: alice, conv: thread, messageId: 'lesson-msg', actionId: 'lesson', value: explainButton.id });
  const submit = (text: string) => send({ type: 'form', user: alice, conv: thread, formId: chat.forms.at(-1)!.form.id, values: { answer: text } });
  const seen = () => chat.seenBy(alice, thread);
  return { clock, chat, thread, openForm, submit, seen };
}

describe('explain with a form', () => {
  it('given the form opened and submitted 12 s later, grades 12 s against the budget and keeps the grade private', async () => {
    const { clock, chat, openForm, submit, seen } = await formPlatform();
    await openForm();
    expect(chat.forms.map((f) => f.form)).toEqual([
      {
        id: 'explain:demo-step-2',
        title: 'Explain · Lesson demo-step-2',
        intro: 'Explain demo-step-2 to a junior dev (aim for at most 40 words; the clock started when this opened)',
        fields: [{ id: 'answer', label: 'Your explanation', style: 'paragraph', maxLength: 2000, placeholder: 'Explain demo-step-2 to a junior dev' }],
      },
    ]);
    clock.advance(12);
    await submit(answer);
    expect(t.rows('ExplainAttempt')).toMatchObject([{ lessonId: 'demo-step-2', seconds: 12, score: 75 }]);
    expect(seen().at(-1)).toMatchObject({ onlyFor: alice.id, text: expect.stringContaining('12s of 30s') });
  });

  it('given a form submitted after ten times its budget, records nothing and says the prompt is no longer open', async () => {
    const { clock, openForm, submit, seen } = await formPlatform();
    await openForm();
    clock.advance(301);
    await submit(answer);
    expect(t.count('ExplainAttempt')).toBe(0);
    expect(seen().at(-1)).toMatchObject({ onlyFor: alice.id, text: 'That explain prompt is no longer open (it expired or was answered), so nothing was recorded. Start a new one with `/explain`.' });
  });

  it('given an answer longer than the field allows, or empty, records nothing and says why', async () => {
    const { openForm, submit, seen } = await formPlatform();
    await openForm();
    await submit('x'.repeat(2001));
    expect(seen().at(-1)!.text).toBe('That form could not be used: it is longer than 2000 characters. Nothing was recorded.');
    await submit('   ');
    expect(seen().at(-1)!.text).toBe('That form could not be used: the explanation was empty. Nothing was recorded.');
    expect(t.count('ExplainAttempt')).toBe(0);
    await submit(answer);
    expect(t.count('ExplainAttempt')).toBe(1);
  });
});

describe('explain without forms', () => {
  it('given a message with a code fence while a prompt is open, does not take it as the answer', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'lesson', { step: '2' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'explain', {});
    await t.say(alice, thread, '```python\nprint("join")\n```');
    expect(t.count('ExplainAttempt')).toBe(0);
    await t.say(alice, thread, answer);
    expect(t.count('ExplainAttempt')).toBe(1);
  });

  it('given a prompt open longer than ten times its budget, a later message is ordinary chat', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-2' });
    const thread = t.adapter.threads[0]!.conv;
    clock.advance(301);
    const before = t.adapter.posted.length;
    await t.say(alice, thread, answer);
    expect(t.count('ExplainAttempt')).toBe(0);
    expect(t.adapter.posted.length).toBe(before);
  });

  it('given the prompt, its timer was saved before the prompt was shown', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    let savedWhenShown: unknown;
    const post = t.adapter.post.bind(t.adapter);
    t.adapter.post = async (conv, msg) => {
      if (msg.fallbackText.startsWith('Explain in 30 seconds')) savedWhenShown = t.rows<{ state: string }>('ThreadState').map((r) => JSON.parse(r.state).explain).find(Boolean);
      return post(conv, msg);
    };
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-2' });
    expect(savedWhenShown).toEqual({ lessonId: 'demo-step-2', promptId: 'demo-step-2-explain', postedAt: '2026-11-26T10:00:00.000Z' });
  });
});
