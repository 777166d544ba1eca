// Issue #13's bad input through the explain flow: each gets an honest grade or a clear note, never an error,
// and every graded answer is recorded once with the score shown.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConvRef, InboundEvent } from '../../../src/core/messages.ts';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { FakeChat } from '../../helpers/fake-chat.ts';
import { alice, channel } from '../../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());
const GOOD = 'A SQL join follows the foreign key, which avoids the N+1 problem, and prefetch_related handles many to many.';

async function threadAnswer(text: string): Promise<string> {
  t = await createTestApp(makeContentTree().root, new FixedClock());
  await t.command(alice, channel, 'explain', { lesson: 'demo-step-1' });
  await t.say(alice, t.adapter.threads[0]!.conv, text);
  return t.adapter.last().text;
}

async function formAnswer(text: string): Promise<string> {
  t = await createTestApp(makeContentTree().root, new FixedClock());
  const chat = new FakeChat();
  let n = 0;
  const send = (event: InboundEvent) => t.app.coach.handle({ ...event, eventId: `e${++n}` }, chat);
  await send({ type: 'command', user: alice, conv: channel, name: 'explain', args: { lesson: 'demo-step-1' } });
  const thread: ConvRef = chat.threads[0]!.conv;
  await send({ type: 'action', user: alice, conv: thread, messageId: 'prompt', actionId: 'explain', value: 'demo-step-1' });
  await send({ type: 'form', user: alice, conv: thread, formId: chat.forms.at(-1)!.form.id, values: { answer: text } });
  return chat.seenBy(alice, thread).at(-1)!.text;
}

describe('explain: bad input', () => {
  it('given emoji only, scores 0 and says there are no words', async () => {
    const reply = await threadAnswer('🤔🤔🤔 🚀');
    expect(reply).toContain('**Score 0/100** · key points 0/4 · 2/40 words');
    expect(reply).toContain('ℹ️ There are no words to grade here (only symbols or emoji): explain it in sentences.');
    expect(t.rows('ExplainAttempt')).toMatchObject([{ score: 0, words: 2 }]);
  });

  it('given another language, scores 0 and says the grader reads English', async () => {
    const reply = await threadAnswer('Un JOIN de SQL sigue la clave foránea y así se evita el problema N+1 con las consultas.');
    expect(reply).toContain('**Score 0/100**');
    expect(reply).toContain('ℹ️ This reads as another language than English; the grader reads English only, so nothing was scored. Try it in English.');
  });

  it('given a 10,000-character message, grades the start, says where it stopped listening, and records it once', async () => {
    const long = `${GOOD} ${'And then I kept talking about other things for a while. '.repeat(200)}`.slice(0, 10_000);
    const reply = await threadAnswer(long);
    expect(reply).toMatch(/^\*\*Score 85\/100\*\* · key points 4\/4 · \d+\/40 words \(over budget\)/);
    expect(reply).toContain('ℹ️ An interviewer stops listening after about 80 words: points made after that were not counted.');
    expect(t.count('ExplainAttempt')).toBe(1);
  });

  it('given a keyword list, caps it, asks for sentences and shows no point as made', async () => {
    const reply = await threadAnswer('join fk n+1 prefetch');
    expect(reply).toContain('**Score 0/100** · key points 0/4');
    expect(reply).toContain('ℹ️ That reads as a list of keywords: points count only when stated in sentences, so the score is capped at 20.');
  });

  it('given a denial, shows the point as denied with the learner\'s own clause', async () => {
    const reply = await threadAnswer('It does not use a SQL join, and prefetch_related is for many to many.');
    expect(reply).toContain('❌ Mentions joins (you denied it: `It does not use a SQL join`)');
    expect(reply).toContain('✅ Mentions prefetch for many-to-many (you said: `and prefetch_related is for many to many.`)');
    expect(reply).toContain('**Score 25/100** · key points 1/4');
  });

  it('given a code block in the form, grades only the sentences and says the code was not graded', async () => {
    const reply = await formAnswer(`${GOOD}\n\`\`\`python\nBook.objects.select_related("author")\n\`\`\``);
    expect(reply).toContain('**Score 100/100** · key points 4/4');
    expect(reply).toContain('ℹ️ The code block was not graded: only your sentences count.');
  });

  it('given only a code block in the form, scores 0 and asks for words', async () => {
    const reply = await formAnswer('```python\nBook.objects.select_related("author").prefetch_related("tags")\n```');
    expect(reply).toContain('**Score 0/100**');
    expect(reply).toContain('ℹ️ Only code came through: the explanation is graded on your words, so say in sentences what the code shows.');
    expect(t.rows('ExplainAttempt')).toMatchObject([{ score: 0 }]);
  });
});
