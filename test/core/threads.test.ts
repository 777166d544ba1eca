// Regressions from review: other people's buttons, concurrent updates of one thread, and edge cases that
// must neither lose work nor record it twice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { FixedClock } from '../helpers/clock.ts';
import { lesson, makeContentTree, quizQuestion } from '../helpers/content.ts';
import { alice, bob, channel } from '../helpers/recording-adapter.ts';
import type { CodeRunner } from '../../src/core/coderun/index.ts';
import { convKey } from '../../src/core/messages.ts';

let t: TestApp;
afterEach(async () => t?.close());

const echoRunner: CodeRunner = { run: async (job) => ({ status: 'ok', exitCode: 0, signal: null, stdout: `${job.code}\n`, stderr: '', output: `${job.code}\n`, wallMs: 5 }) };

describe('buttons of someone else\'s thread', () => {
  it('given Bob presses Next lesson in Alice\'s lesson thread, opens Bob\'s own next lesson, and Alice\'s button still works', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const next = t.adapter.lastButtons().find((b) => b.label === 'Next lesson')!;
    await t.press(bob, thread, next.actionId, next.value);
    expect(t.adapter.posted.filter((m) => /someone else/.test(m.text))).toEqual([]);
    await t.press(bob, thread, next.actionId, next.value);
    expect(t.adapter.last()).toMatchObject({ text: 'The next lesson (step 2) is already open in its own thread.', msg: { visibility: 'private' } });
    await t.press(alice, thread, next.actionId, next.value);
    expect(t.adapter.threads.map((x) => x.title)).toEqual(['Step 1 · Lesson demo-step-1', 'Step 2 · Lesson demo-step-2', 'Step 2 · Lesson demo-step-2']);
    const owners = t.rows<{ key: string; state: string }>('ThreadState').filter((r) => !r.key.includes('|')).map((r) => JSON.parse(r.state) as { learnerId: string; lessonId: string });
    const ids = new Map(t.rows<{ learnerId: string; displayName: string }>('Identity').map((r) => [r.learnerId, r.displayName]));
    expect(owners.map((o) => `${ids.get(o.learnerId)} ${o.lessonId}`).sort()).toEqual(['Alice demo-step-1', 'Alice demo-step-2', 'Bob demo-step-2']);
  });

  it('given Bob is further on than Alice\'s thread, Next lesson there opens the step after his own', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(bob, channel, 'lesson', { step: '2' });
    await t.command(alice, channel, 'lesson', { step: '1' });
    const aliceThread = t.adapter.threads[1]!.conv;
    const next = t.adapter.lastButtons().find((b) => b.label === 'Next lesson')!;
    await t.press(bob, aliceThread, next.actionId, next.value);
    expect(t.adapter.threads.map((x) => x.title)).toEqual(['Step 2 · Lesson demo-step-2', 'Step 1 · Lesson demo-step-1', 'Step 3 · Lesson demo-step-3']);
  });

  it('given Bob runs and edits code in Alice\'s thread, Bob gets the re-run and Alice cannot press it', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock(), undefined, echoRunner);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.say(bob, thread, '```python\nprint(1)\n```', { messageId: 'bob-code' });
    await t.say(bob, thread, '```python\nprint(2)\n```', { messageId: 'bob-code', edited: true });
    const [rerun] = t.adapter.lastButtons();
    await t.press(alice, thread, rerun!.actionId, rerun!.value);
    expect(t.adapter.last().text).toBe("That button belongs to someone else's session.");
    await t.press(bob, thread, rerun!.actionId, rerun!.value);
    expect(t.adapter.last().msg.blocks).toContainEqual(expect.objectContaining({ kind: 'code', source: expect.stringContaining('print(2)') }));
  });
});

describe('concurrent updates of one thread', () => {
  it('given a quiz answer and /explain at the same moment, records the answer and keeps the explain timer', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'quiz', {});
    const answer = t.adapter.lastButtons()[1]!;
    await Promise.all([t.press(alice, thread, answer.actionId, answer.value), t.command(alice, thread, 'explain', {})]);
    expect(t.count('QuizAttempt')).toBe(1);
    await t.say(alice, thread, 'A SQL join follows the foreign key, which avoids the N+1 problem, and prefetch_related handles many to many.');
    expect(t.count('ExplainAttempt')).toBe(1);
  });

  it('given a new person\'s first two events at once, answers both', async () => {
    t = await createTestApp(makeContentTree().root);
    await Promise.all([t.command(alice, channel, 'help', {}), t.command(alice, channel, 'progress', {})]);
    expect(t.adapter.posted.map((p) => p.text).some((x) => x.includes('Something went wrong'))).toBe(false);
    expect(t.count('Learner')).toBe(1);
  });
});

describe('edge cases', () => {
  it('given Next lesson into a step not written yet, says so each time and works once it is written', async () => {
    const tree = makeContentTree({ steps: 5, written: 1 });
    t = await createTestApp(tree.root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const next = t.adapter.lastButtons().find((b) => b.label === 'Next lesson')!;
    await t.press(alice, thread, next.actionId, next.value);
    await t.press(alice, thread, next.actionId, next.value);
    expect(t.adapter.last().text).toContain("isn't written yet");
    await t.close();
    tree.writeLesson('demo', lesson(2, 'demo-step-2'));
    t = await createTestApp(tree.root, undefined, t.dbFile);
    await t.press(alice, thread, next.actionId, next.value);
    expect(t.adapter.threads.map((x) => x.title)).toEqual(['Step 2 · Lesson demo-step-2']);
  });

  it('given an earlier lesson reopened, progress keeps the furthest step', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '3' });
    await t.command(alice, channel, 'lesson', { step: '1' });
    await t.command(alice, channel, 'progress', {});
    expect(t.adapter.last().text).toContain('Track demo: step 3/5 · 0%');
  });

  it('given a question removed from the content while a quiz was running, the quiz goes on after a restart', async () => {
    const tree = makeContentTree();
    t = await createTestApp(tree.root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.close();
    const edited = lesson(1, 'demo-step-1');
    edited.quiz = [...edited.quiz.filter((q) => q.id !== 'demo-step-1-q2'), quizQuestion('demo-step-1-q7', 'demo-step-1-beta')];
    tree.writeLesson('demo', edited);
    t = await createTestApp(tree.root, undefined, t.dbFile);
    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]?.value ?? (await firstButtonValue(t)));
    expect(t.adapter.last().text).toContain('Question demo-step-1-q3?');
  });

  it('given CONTENT_DIR pointing at an empty folder, refuses to start and keeps every lesson', async () => {
    t = await createTestApp(makeContentTree().root);
    const dbFile = t.dbFile;
    await t.close();
    const empty = mkdtempSync(path.join(tmpdir(), 'coach-empty-'));
    await expect(createTestApp(empty, undefined, dbFile)).rejects.toThrow(/no tracks found in .* \(CONTENT_DIR\)/);
    t = await createTestApp(makeContentTree().root, undefined, dbFile);
    expect(t.count('Lesson', 'retired = 1')).toBe(0);
  });
});

/** The quiz's pending token survives the restart in the thread state; press option b of it. */
async function firstButtonValue(app: TestApp): Promise<string> {
  const rows = app.rows<{ state: string }>('ThreadState');
  const token = rows.map((r) => JSON.parse(r.state).quiz?.pending?.token).find(Boolean);
  return `${token}:b`;
}

describe('two versions or two instances side by side', () => {
  it('given state written by a newer version with fields this one does not know, keeps them through a change', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const aliceId = t.rows<{ learnerId: string }>('Identity')[0]!.learnerId;
    const key = `${convKey(thread)}|${aliceId}`;
    const newer = { reviewDue: { cardId: 'c1', due: '2026-12-02' }, lastRun: { messageId: 'm0', at: '2026-11-26T09:59:00.000Z', runtime: 'python-3.13' } };
    expect(await t.app.coach.deps.store.states.save(key, newer, null, [])).toBe('saved');
    await t.command(alice, thread, 'explain', {});
    const stored = JSON.parse(t.rows<{ state: string }>('ThreadState', `key = '${key}'`)[0]!.state);
    expect(stored).toEqual({ ...newer, explain: { lessonId: 'demo-step-1', promptId: 'demo-step-1-explain', postedAt: '2026-11-26T10:00:00.000Z' } });
  });

  it('given two instances on one database changing one learner\'s state at once, saves every change', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const second = await createTestApp(makeContentTree().root, undefined, t.dbFile);
    try {
      await Promise.all(Array.from({ length: 10 }, () => [t.command(alice, thread, 'explain', {}), second.command(alice, thread, 'explain', {})]).flat());
      const prompts = [...t.adapter.posted, ...second.adapter.posted].filter((p) => p.text.includes('Explain demo-step-1 to a junior dev'));
      expect(prompts).toHaveLength(20);
      expect([...t.adapter.posted, ...second.adapter.posted].filter((p) => /Something went wrong|Already done/.test(p.text))).toEqual([]);
    } finally {
      await second.close();
    }
  });
});

describe('buttons pressed twice', () => {
  it('given a rating button pressed twice, keeps one rating and says the second was a duplicate; another learner can rate from the same message', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'confidence', {});
    const four = t.adapter.lastButtons()[3]!;
    await Promise.all([t.press(alice, thread, four.actionId, four.value), t.press(alice, thread, four.actionId, four.value)]);
    expect(t.count('ConfidenceRating')).toBe(1);
    expect(t.adapter.posted.slice(-2).map((p) => p.text).sort()).toEqual(['Already done: that was handled a moment ago, nothing was recorded twice.', 'Confidence saved: **4/5** for Lesson demo-step-1.']);
    await t.press(bob, thread, four.actionId, four.value);
    expect(t.count('ConfidenceRating')).toBe(2);
  });

  it('given "Quiz me" and "Answer Q1" pressed twice, starts one quiz and shows the answer once', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const buttons = t.adapter.lastButtons();
    const quizMe = buttons.find((b) => b.label === 'Quiz me')!;
    const answer = buttons.find((b) => b.label === 'Answer Q1')!;
    const before = t.adapter.posted.length;
    await Promise.all([t.press(alice, thread, answer.actionId, answer.value), t.press(alice, thread, answer.actionId, answer.value)]);
    await Promise.all([t.press(alice, thread, quizMe.actionId, quizMe.value), t.press(alice, thread, quizMe.actionId, quizMe.value)]);
    const posted = t.adapter.since(before).map((p) => p.text.split('\n')[0]);
    expect(posted.filter((x) => x!.startsWith('**Q1.'))).toHaveLength(1);
    expect(posted.filter((x) => x!.startsWith('**Quiz ·'))).toHaveLength(1);
    expect(posted.filter((x) => x!.startsWith('Already done'))).toHaveLength(2);
  });
});

describe('input from before this version, or from places the coach does not know', () => {
  it('given buttons from older messages (lesson, rating and quiz payloads without tokens), each gets a short private reply or still works, and nothing is recorded twice', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.press(alice, thread, 'quiz', 'a1b2c3d4:b'); // an old quiz question's token
    expect(t.adapter.last()).toMatchObject({ text: 'That button is from an older message; nothing was recorded.', msg: { visibility: 'private' } });
    await t.press(alice, thread, 'confidence', 'demo-step-1:3'); // an old rating button
    await t.press(alice, thread, 'lesson', 'answer:demo-step-1-qa-1'); // an old model-answer button
    expect(t.count('ConfidenceRating')).toBe(1);
    expect(t.adapter.last().text).toContain('**Q1. Q1 about demo-step-1?**');
    expect(t.count('QuizAttempt')).toBe(0);
  });

  it('given code posted in a thread the coach does not track, tells that person privately and runs nothing', async () => {
    const runs: string[] = [];
    t = await createTestApp(makeContentTree().root, new FixedClock(), undefined, { run: async (job) => (runs.push(job.code), echoRunner.run(job)) });
    await t.say(alice, { ...channel, threadId: 'someone-elses-thread' }, '```python\nprint(1)\n```');
    expect(t.adapter.last()).toMatchObject({ text: "This thread isn't one of my lesson threads, so I can't run code here. Open a lesson with `/lesson` and post it there, or use `/run`.", msg: { visibility: 'private' } });
    expect(runs).toEqual([]);
  });
});
