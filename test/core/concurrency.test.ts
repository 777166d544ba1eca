// Many things at once through the coach's public entry point on a real SQLite file: every learner's data
// is kept exactly once, and every learner is told the truth about what was recorded.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConvRef, InboundEvent, OutboundMessage, UserRef } from '../../src/core/messages.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { FixedClock } from '../helpers/clock.ts';
import { makeContentTree } from '../helpers/content.ts';
import { alice, channel, RecordingAdapter } from '../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

const learner = (i: number): UserRef => ({ platform: 'console', id: `learner-${i}`, name: `Learner ${i}` });
const texts = () => t.adapter.posted.map((p) => p.text);
const failures = () => texts().filter((x) => /Something went wrong|Already done|older message/.test(x));

/** The buttons of the latest question posted in one conversation. */
function questionButtons(adapter: RecordingAdapter, conv: ConvRef) {
  const last = adapter.posted.findLast((p) => p.conv.threadId === conv.threadId && p.msg.blocks.some((b) => b.kind === 'choices' && b.actionId === 'quiz'));
  const block = last?.msg.blocks.find((b) => b.kind === 'choices');
  if (!block || block.kind !== 'choices') throw new Error(`no question in ${conv.threadId}`);
  return block.options;
}

describe('many learners at once', () => {
  it('given 50 learners answering quizzes at the same moment for three rounds, records 150 attempts, three each', async () => {
    t = await createTestApp(makeContentTree().root);
    const learners = Array.from({ length: 50 }, (_, i) => learner(i));
    await Promise.all(learners.map((l) => t.command(l, channel, 'quiz', { scope: 'demo-step-1' })));
    expect(t.adapter.threads).toHaveLength(50);
    // Threads were opened in whatever order the starts finished: find each learner's by its quiz owner.
    const owners = t.rows<{ key: string; state: string }>('ThreadState', `key NOT LIKE '%|%'`);
    const ownerOf = new Map(owners.map((r) => [r.key.split(':').at(-1)!, JSON.parse(r.state).learnerId as string]));
    const idOf = new Map(t.rows<{ externalId: string; learnerId: string }>('Identity').map((r) => [r.learnerId, r.externalId]));
    const pairs = t.adapter.threads.map((th) => ({ conv: th.conv, user: learners.find((l) => l.id === idOf.get(ownerOf.get(th.conv.threadId!)!))! }));
    for (let round = 0; round < 3; round++) {
      await Promise.all(pairs.map(({ conv, user }) => t.press(user, conv, 'quiz', questionButtons(t.adapter, conv)[1]!.id)));
    }
    expect(t.count('QuizAttempt')).toBe(150);
    expect(t.app.db.sql.all('SELECT count(*) AS n FROM "QuizAttempt" GROUP BY "learnerId"')).toEqual(Array.from({ length: 50 }, () => ({ n: 3 })));
    expect(failures()).toEqual([]);
  });
});

describe('one learner, many events at once', () => {
  it('given 20 ratings at once, keeps all 20 and confirms each', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await Promise.all(Array.from({ length: 20 }, (_, i) => t.command(alice, thread, 'confidence', { level: String((i % 5) + 1) })));
    expect(t.count('ConfidenceRating')).toBe(20);
    expect(texts().filter((x) => x.startsWith('Confidence saved'))).toHaveLength(20);
    expect(failures()).toEqual([]);
  });

  it('given a quiz answer and 19 explain prompts at once in one thread, records the answer, opens every prompt and tells nobody "already done"', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'quiz', {});
    const answer = questionButtons(t.adapter, thread)[1]!;
    await Promise.all([t.press(alice, thread, 'quiz', answer.id), ...Array.from({ length: 19 }, () => t.command(alice, thread, 'explain', {}))]);
    expect(t.count('QuizAttempt')).toBe(1);
    expect(texts().filter((x) => x.includes('Explain demo-step-1 to a junior dev'))).toHaveLength(19);
    expect(failures()).toEqual([]);
    await t.say(alice, thread, 'It joins over the foreign key.');
    expect(t.count('ExplainAttempt')).toBe(1);
  });
});

describe('the same delivery more than once', () => {
  it('given one quiz press delivered twice at the same moment, handles it once', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const value = questionButtons(t.adapter, thread)[1]!.id;
    const event: InboundEvent = { type: 'action', eventId: 'delivery-1', user: alice, conv: thread, messageId: t.adapter.holding('quiz', value)!.messageId, actionId: 'quiz', value };
    const before = t.adapter.posted.length;
    await Promise.all([t.app.coach.handle(event, t.adapter), t.app.coach.handle(event, t.adapter)]);
    expect(t.count('QuizAttempt')).toBe(1);
    expect(t.adapter.since(before).map((p) => p.text.split('\n')[0])).toEqual(['✅ **Right: B.** Why b of demo-step-1-q1.', expect.stringContaining('**Question 2 of 5**')]);
    expect(t.adapter.updates.map((u) => u.msg.fallbackText)).toEqual(['Answered B: Question demo-step-1-q1?']);
  });

  it('given a delivery that failed on our side, handles its retry in full', async () => {
    t = await createTestApp(makeContentTree().root);
    const flaky = new FlakyAdapter();
    const event: InboundEvent = { type: 'command', eventId: 'delivery-2', user: alice, conv: channel, name: 'lesson', args: { step: '2' } };
    await t.app.coach.handle(event, flaky);
    const [failure] = t.logs.filter((l) => l.msg === 'event failed');
    expect(failure).toMatchObject({ errorId: expect.stringMatching(/^[0-9a-f]{8}$/), platform: 'console', err: { message: expect.any(String) } });
    expect(flaky.last().text).toBe(`Something went wrong on my side; it has been logged as error \`${String(failure!.errorId)}\`. Please try again.`);
    expect(t.count('ProcessedEvent')).toBe(0);
    expect(t.count('Enrollment')).toBe(0);
    await t.app.coach.handle(event, flaky);
    expect(flaky.threads.map((x) => x.title)).toEqual(['Step 2 · Lesson demo-step-2']);
    expect(t.rows('Enrollment')).toMatchObject([{ trackId: 'demo', currentStep: 2 }]);
    expect(t.count('ProcessedEvent', `id = 'event:console:delivery-2'`)).toBe(1);
    await t.app.coach.handle(event, flaky);
    expect(flaky.threads).toHaveLength(1);
  });

  it('given claims older than two days, forgets them and keeps the recent ones', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    const help = (eventId: string): InboundEvent => ({ type: 'command', eventId, user: alice, conv: channel, name: 'help', args: {} });
    await t.app.coach.handle(help('old'), t.adapter);
    clock.advance(47 * 3600);
    await t.app.coach.handle(help('recent'), t.adapter);
    clock.advance(2 * 3600);
    await t.app.coach.handle(help('new'), t.adapter);
    expect(t.rows<{ id: string }>('ProcessedEvent').map((r) => r.id)).toEqual(['event:console:recent', 'event:console:new']);
  });
});

describe('a write failing while others write', () => {
  it('given one transaction that breaks a foreign key among 20 that do not, rolls back only that one', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'help', {});
    const aliceId = t.rows<{ learnerId: string }>('Identity')[0]!.learnerId;
    const at = new Date('2026-12-01T10:00:00Z');
    const store = t.app.coach.deps.store;
    const good = Array.from({ length: 20 }, (_, i) => store.states.save(`k${i}`, { n: i }, null, [{ kind: 'lessonStarted', learnerId: aliceId, lessonId: `demo-step-${(i % 3) + 1}`, at }]));
    const bad = store.states.save('ghost', { n: -1 }, null, [{ kind: 'lessonStarted', learnerId: 'no-such-learner', lessonId: 'demo-step-1', at }]);
    const results = await Promise.allSettled([...good, bad]);
    expect(results.map((r) => r.status)).toEqual([...Array.from({ length: 20 }, () => 'fulfilled'), 'rejected']);
    expect(t.count('ThreadState')).toBe(20);
    expect(t.count('ThreadState', `key = 'ghost'`)).toBe(0);
    expect(t.count('LessonProgress')).toBe(3);
  });

  it('given the disk full during an answer, says nothing was saved, keeps the prompt open and saves the answer once there is room', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const pages = t.app.db.sql.get<{ page_count: number }>('PRAGMA page_count')!.page_count;
    t.app.db.sql.get(`PRAGMA max_page_count = ${pages}`);
    const long = `It joins over the foreign key. ${'Padding words to need new pages. '.repeat(4000)}`;
    await t.say(alice, thread, long);
    const errorId = String(t.logs.find((l) => l.msg === 'event failed')!.errorId);
    expect(t.adapter.last().text).toBe(`I couldn't save that: the coach's storage is full, so nothing was recorded. The admins can see it in the log (error id \`${errorId}\`); please try again later.`);
    expect(t.count('ExplainAttempt')).toBe(0);
    t.app.db.sql.get('PRAGMA max_page_count = 1073741823');
    await t.say(alice, thread, 'It joins over the foreign key.');
    expect(t.count('ExplainAttempt')).toBe(1);
  });
});

/** Fails the first thread it is asked to open, as a platform outage would. */
class FlakyAdapter extends RecordingAdapter {
  private failed = false;
  override async startThread(conv: ConvRef, title: string, first: OutboundMessage) {
    if (!this.failed) {
      this.failed = true;
      throw new Error('platform unavailable');
    }
    return super.startThread(conv, title, first);
  }
}
