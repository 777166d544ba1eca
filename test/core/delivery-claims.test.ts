// A delivery's claim through the coach's public entry point on a real SQLite file: a retry after a failure
// records nothing twice once something committed, the learner is told what was kept, a claim left by a
// handler that died is taken over, and old claims are pruned.
import { afterEach, describe, expect, it } from 'vitest';
import { createCoach } from '../../src/core/coach.ts';
import type { ConvRef, InboundEvent, OutboundMessage } from '../../src/core/messages.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { FixedClock } from '../helpers/clock.ts';
import { makeContentTree } from '../helpers/content.ts';
import { alice, bob, channel, plainText, RecordingAdapter } from '../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

const claims = () => t.rows<{ id: string }>('ProcessedEvent').map((r) => r.id);
const errorIdLogged = () => String(t.logs.findLast((l) => l.msg === 'event failed')!.errorId);
const savedButNoReply = (what: string) =>
  `${what} saved, but something went wrong after that and I couldn't show you the reply; it has been logged as error \`${errorIdLogged()}\`. There is no need to do it again.`;

/** Fails the first post whose text matches, as a platform outage right after our commit would. */
class FailsOnce extends RecordingAdapter {
  failing = true;
  constructor(private readonly pattern: RegExp) {
    super();
  }
  override async post(conv: ConvRef, msg: OutboundMessage) {
    if (this.failing && this.pattern.test(plainText(msg.blocks))) {
      this.failing = false;
      throw new Error('platform unavailable');
    }
    return super.post(conv, msg);
  }
}

describe('a retry after the effects committed', () => {
  it('given a rating whose confirmation failed after the rating was saved, says it was saved and its retry records nothing again', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const flaky = new FailsOnce(/^Confidence saved/);
    const event: InboundEvent = { type: 'command', eventId: 'rate-1', user: alice, conv: thread, name: 'confidence', args: { level: '3' } };
    await t.app.coach.handle(event, flaky);
    expect(t.count('ConfidenceRating')).toBe(1);
    expect(flaky.posted.map((p) => p.text)).toEqual([savedButNoReply('Your rating was')]);
    expect(claims()).toEqual(['event:console:rate-1']);
    await t.app.coach.handle(event, flaky);
    expect(t.count('ConfidenceRating')).toBe(1);
    expect(flaky.posted).toHaveLength(1);
  });

  it('given a quiz answer whose feedback failed after the answer was saved, says the answer was saved and its retry neither records nor says "already done"', async () => {
    t = await createTestApp(makeContentTree().root);
    const flaky = new FailsOnce(/^(✅|❌)/);
    await t.app.coach.handle({ type: 'command', user: alice, conv: channel, name: 'quiz', args: { scope: 'demo-step-1' } }, flaky);
    const thread = flaky.threads[0]!.conv;
    const value = flaky.lastButtons().find((b) => b.actionId === 'quiz')!.value;
    const event: InboundEvent = { type: 'action', eventId: 'answer-1', user: alice, conv: thread, messageId: flaky.holding('quiz', value)!.messageId, actionId: 'quiz', value };
    const before = flaky.posted.length;
    await t.app.coach.handle(event, flaky);
    expect(t.count('QuizAttempt')).toBe(1);
    expect(flaky.failing).toBe(false);
    expect(flaky.since(before).map((p) => p.text)).toEqual([savedButNoReply('Your answer was')]);
    await t.app.coach.handle(event, flaky);
    expect(t.count('QuizAttempt')).toBe(1);
    expect(flaky.since(before)).toHaveLength(1);
    expect(claims().filter((id) => id.startsWith('event:') || id.startsWith('lease:'))).toEqual(['event:console:answer-1']);
  });
  it('given "Quiz me" whose question failed to post after the press was claimed, says something was saved without naming it, and its retry records nothing', async () => {
    t = await createTestApp(makeContentTree().root);
    const flaky = new FailsOnce(/^\*\*Question 1 of/);
    await t.app.coach.handle({ type: 'command', user: alice, conv: channel, name: 'lesson', args: { step: '1' } }, flaky);
    const quizMe = flaky.lastButtons().find((b) => b.label === 'Quiz me')!;
    const event: InboundEvent = { type: 'action', eventId: 'quiz-me-1', user: alice, conv: flaky.threads[0]!.conv, messageId: flaky.holding(quizMe.actionId, quizMe.value)!.messageId, actionId: quizMe.actionId, value: quizMe.value };
    const before = flaky.posted.length;
    await t.app.coach.handle(event, flaky);
    expect(flaky.failing).toBe(false);
    expect(flaky.since(before).map((p) => p.text)).toEqual([
      '**Quiz · Lesson demo-step-1** — 5 questions, weakest first.',
      `What you did was saved, but something went wrong after that and I couldn't show you the reply; it has been logged as error \`${errorIdLogged()}\`.`,
    ]);
    await t.app.coach.handle(event, flaky);
    expect(flaky.since(before)).toHaveLength(2);
    expect(claims().filter((id) => !id.startsWith('once:'))).toEqual(['event:console:quiz-me-1']);
  });
});

describe('a handler that died between its claim and its first write', () => {
  const rate = (eventId: string, conv: ConvRef): InboundEvent => ({ type: 'command', eventId, user: alice, conv, name: 'confidence', args: { level: '4' } });

  it('given a lease a minute old with nothing committed, handles the retry; a younger one leaves it to its holder', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    // What a process that crashed right after claiming leaves behind.
    const { events } = t.app.coach.deps.store;
    expect(await events.claim('console:rate-2', clock.now(), new Date(clock.now().getTime() - 60_000))).toBe(true);
    const before = t.adapter.posted.length;
    clock.advance(59);
    await t.app.coach.handle(rate('rate-2', thread), t.adapter);
    expect(t.count('ConfidenceRating')).toBe(0);
    expect(t.adapter.since(before)).toEqual([]);
    clock.advance(2);
    await t.app.coach.handle(rate('rate-2', thread), t.adapter);
    expect(t.count('ConfidenceRating')).toBe(1);
    expect(t.adapter.since(before).map((p) => p.text)).toEqual(['Confidence saved: **4/5** for Lesson demo-step-1.']);
    expect(claims()).toEqual(['event:console:rate-2']);
  });

  it('given a stuck instance whose lease was taken over, the one that commits first wins and the other records nothing', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    const stuck = new HeldThreads();
    const event: InboundEvent = { type: 'command', eventId: 'lesson-1', user: alice, conv: channel, name: 'lesson', args: { step: '2' } };
    const slow = t.app.coach.handle(event, stuck);
    await stuck.reachedThread;
    clock.advance(61);
    // Another instance on the same database: its own coach, the same store.
    const other = createCoach(t.app.coach.deps);
    await other.handle(event, t.adapter);
    expect(t.adapter.threads.map((th) => th.title)).toEqual(['Step 2 · Lesson demo-step-2']);
    stuck.release();
    await slow;
    expect(t.rows('Enrollment')).toMatchObject([{ trackId: 'demo', currentStep: 2 }]);
    expect(t.count('LessonProgress')).toBe(1);
    expect(t.count('ThreadState', `key NOT LIKE '%|%'`)).toBe(1);
    // The stuck instance's thread was opened before its write was refused: a cosmetic leftover, no data.
    expect(stuck.posted.map((p) => p.text.split('\n')[0])).toEqual(['Lesson demo-step-2', 'Already done: that was handled a moment ago, nothing was recorded twice.']);
    expect(claims()).toEqual(['event:console:lesson-1']);
  });
});

describe('the disk full at the claim itself', () => {
  it('given an event id and no room for its claim, says storage is full and handles the retry once there is room', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'help', {});
    const sql = t.app.db.sql;
    const pages = sql.get<{ page_count: number }>('PRAGMA page_count')!.page_count;
    sql.get(`PRAGMA max_page_count = ${pages}`);
    // Fill ProcessedEvent beside where the claim goes until the claim's own row no longer fits.
    const claimRow = ['lease:console:full-1', '2026-12-01T10:00:00.000+00:00'] as const;
    for (let i = 0; ; i++) {
      try {
        sql.run(`INSERT INTO "ProcessedEvent" ("id", "processedAt") VALUES (?, ?)`, ...claimRow);
      } catch (error) {
        expect((error as Error).message).toBe('storage-full');
        break;
      }
      sql.run(`DELETE FROM "ProcessedEvent" WHERE "id" = ?`, claimRow[0]);
      sql.run(`INSERT INTO "ProcessedEvent" ("id", "processedAt") VALUES (?, ?)`, `lease:console:fill-${String(i).padStart(6, '0')}`, claimRow[1]);
    }
    const fillers = t.count('ProcessedEvent');
    const event: InboundEvent = { type: 'command', eventId: 'full-1', user: alice, conv: channel, name: 'lesson', args: { step: '1' } };
    const before = t.adapter.posted.length;
    await t.app.coach.handle(event, t.adapter);
    expect(t.adapter.since(before).map((p) => p.text)).toEqual([
      `I couldn't save that: the coach's storage is full, so nothing was recorded. The admins can see it in the log (error id \`${errorIdLogged()}\`); please try again later.`,
    ]);
    expect(t.count('ProcessedEvent')).toBe(fillers);
    expect(t.adapter.threads).toHaveLength(0);
    sql.get('PRAGMA max_page_count = 1073741823');
    await t.app.coach.handle(event, t.adapter);
    expect(t.adapter.threads.map((th) => th.title)).toEqual(['Step 1 · Lesson demo-step-1']);
    expect(t.count('ProcessedEvent', `id LIKE '%full-1'`)).toBe(1);
  });
});

describe('pruning', () => {
  it('given one-shot button claims, keeps them 90 days while deliveries go after two', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    const help = (eventId: string): InboundEvent => ({ type: 'command', eventId, user: alice, conv: channel, name: 'help', args: {} });
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'confidence', {});
    const rating = t.adapter.lastButtons().find((b) => b.label === '3')!;
    await t.press(alice, thread, 'confidence', rating.value);
    await t.app.coach.handle(help('day-0'), t.adapter);
    const press = claims().filter((id) => id.startsWith('once:'));
    expect(press).toHaveLength(1);
    clock.advance(89 * 86_400);
    await t.app.coach.handle(help('day-89'), t.adapter);
    expect(claims()).toEqual([...press, 'event:console:day-89']);
    clock.advance(1 * 86_400 + 3600);
    await t.app.coach.handle(help('day-90'), t.adapter);
    expect(claims()).toEqual(['event:console:day-89', 'event:console:day-90']);
    // The message outlived its claim: a press now is a new rating, not a refused one.
    await t.press(alice, thread, 'confidence', rating.value);
    expect(t.count('ConfidenceRating')).toBe(2);
  });
});

describe('rating buttons from before tokens', () => {
  it('given a double press on an old rating message, records one rating per learner', async () => {
    t = await createTestApp(makeContentTree().root);
    const press = (user: typeof alice, eventId: string): InboundEvent => ({ type: 'action', eventId, user, conv: channel, messageId: 'old-rating-message', actionId: 'confidence', value: 'demo-step-1:2' });
    await Promise.all([t.app.coach.handle(press(alice, 'p1'), t.adapter), t.app.coach.handle(press(alice, 'p2'), t.adapter)]);
    await t.app.coach.handle(press(bob, 'p3'), t.adapter);
    expect(t.rows<{ value: number }>('ConfidenceRating').map((r) => r.value)).toEqual([2, 2]);
    expect(t.adapter.posted.map((p) => p.text)).toEqual([
      'Confidence saved: **2/5** for Lesson demo-step-1.',
      'Already done: that was handled a moment ago, nothing was recorded twice.',
      'Confidence saved: **2/5** for Lesson demo-step-1.',
    ]);
  });
});

/** Holds every thread it is asked to open until released: an instance stuck between its claim and its write. */
class HeldThreads extends RecordingAdapter {
  private releaseHeld!: () => void;
  private readonly held = new Promise<void>((resolve) => (this.releaseHeld = resolve));
  private reached!: () => void;
  readonly reachedThread = new Promise<void>((resolve) => (this.reached = resolve));
  override async startThread(conv: ConvRef, title: string, first: OutboundMessage) {
    this.reached();
    await this.held;
    return super.startThread(conv, title, first);
  }
  release(): void {
    this.releaseHeld();
  }
}
