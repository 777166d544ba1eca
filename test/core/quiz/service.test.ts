import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { alice, bob, channel } from '../../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

async function attempts(t: TestApp) {
  return t.rows<{ questionId: string; chosen: string; correct: number; sessionId: string }>('QuizAttempt').map((r) => ({ ...r, correct: r.correct === 1 }));
}

describe('quiz', () => {
  it('given /quiz for a lesson, asks questions one at a time, explains the chosen and correct option and records every attempt', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    expect(t.adapter.threads[0]!.title).toBe('Quiz · Lesson demo-step-1');
    expect(t.adapter.last().text).toContain('Question 1 of 5');
    expect(t.adapter.lastButtons().map((b) => b.label)).toEqual(['A', 'B', 'C']);

    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[0]!.value); // wrong: b is correct
    const feedback = t.adapter.posted.at(-2)!.text;
    expect(feedback).toContain('Not quite: you chose A.');
    expect(feedback).toContain('Why a of demo-step-1-q1.');
    expect(feedback).toContain('The answer is B');
    expect(feedback).toContain('Why b of demo-step-1-q1.');
    expect(feedback).toContain('Why c of demo-step-1-q1.');
    expect(t.adapter.last().text).toContain('Question 2 of 5'); // the total does not grow when a wrong one is queued again

    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]!.value);
    expect(t.adapter.posted.at(-2)!.text).toContain('Right: B.');
    expect(await attempts(t)).toMatchObject([
      { questionId: 'demo-step-1-q1', chosen: 'a', correct: false, topic: 'demo-step-1-alpha' },
      { questionId: 'demo-step-1-q2', chosen: 'b', correct: true },
    ]);
  });

  it('given a button pressed twice or an older question\'s button, records nothing twice', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const first = t.adapter.lastButtons()[1]!;
    await t.press(alice, thread, 'quiz', first.value);
    await t.press(alice, thread, 'quiz', first.value);
    expect(t.adapter.last()).toMatchObject({ text: 'Already done: that was handled a moment ago, nothing was recorded twice.', msg: { visibility: 'private' } });
    await t.press(alice, thread, 'quiz', 'never-issued:b');
    expect(t.adapter.last()).toMatchObject({ text: 'That button is from an older message; nothing was recorded.', msg: { visibility: 'private' } });
    await t.press(alice, thread, 'quiz', 'garbage');
    expect(await attempts(t)).toHaveLength(1);
  });

  it('given two presses racing on the same question, records exactly one attempt', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const value = t.adapter.lastButtons()[1]!.value;
    await Promise.all([t.press(alice, thread, 'quiz', value), t.press(alice, thread, 'quiz', value), t.press(alice, thread, 'quiz', value)]);
    expect(await attempts(t)).toHaveLength(1);
  });

  it('given someone else presses the learner\'s quiz button, tells them privately whose it is and records nothing', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.press(bob, thread, 'quiz', t.adapter.lastButtons()[1]!.value);
    expect(t.adapter.last()).toMatchObject({ text: "That question is Alice's, so nothing was recorded. Start your own quiz with `/quiz`.", msg: { visibility: 'private' } });
    expect(await attempts(t)).toHaveLength(0);
    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]!.value);
    expect(await attempts(t)).toHaveLength(1);
  });

  it('given a press that names an owner whose question it is not, names no one and records nothing', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const [token, option] = t.adapter.lastButtons()[1]!.value.split(':');
    await t.press(bob, thread, 'quiz', `${token}:${option}:someone-made-up`);
    expect(t.adapter.last().text).toBe("That button belongs to someone else's session.");
    await t.press(bob, thread, 'quiz', `not-a-token:${option}:${t.rows<{ learnerId: string }>('Identity')[0]!.learnerId}`);
    expect(t.adapter.last().text).toBe("That button belongs to someone else's session.");
    expect(await attempts(t)).toHaveLength(0);
  });

  it('given a whole session, never re-asks a question answered right and ends with a summary', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const asked: string[] = [];
    for (let i = 0; i < 10 && t.adapter.lastButtons()[0]?.actionId === 'quiz' && !t.adapter.last().text.includes('Quiz done'); i++) {
      asked.push(/Question \d+ of \d+.*\n(.*)/.exec(t.adapter.last().text)![1]!);
      await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]!.value); // always right
    }
    expect(asked).toEqual([1, 2, 3, 4, 5].map((n) => `Question demo-step-1-q${n}?`));
    expect(t.adapter.last().text).toContain('**Quiz done** (Lesson demo-step-1): 5 of 5 right.');
  });

  it('given a track scope, draws from the lessons the learner reached and asks last-wrong questions first next time', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '2' });
    await t.command(alice, channel, 'quiz', { scope: 'demo' });
    const thread = t.adapter.threads.at(-1)!.conv;
    expect(t.adapter.threads.at(-1)!.title).toBe('Quiz · Track demo');
    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[2]!.value); // wrong on the first question
    const missed = (await attempts(t))[0]!.questionId;
    await t.command(alice, channel, 'quiz', { scope: 'demo' });
    expect(t.adapter.last().text).toContain(`Question ${missed}?`);
  });

  it('given /quiz inside a lesson thread without a scope, quizzes that lesson in the same thread', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '3' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'quiz', {});
    expect(t.adapter.threads).toHaveLength(1);
    expect(t.adapter.last()).toMatchObject({ conv: thread, text: expect.stringContaining('Question demo-step-3-q1?') });
  });
});

describe('what a quiz session shows', () => {
  it('given a session with 60% or more right, completes its lesson; below that, does not', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    for (let i = 0; i < 5; i++) await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[i < 2 ? 0 : 1]!.value); // 2 wrong, 3 right
    for (let i = 0; i < 2; i++) await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]!.value); // the two retries, right
    expect(t.adapter.last().text).toContain('**Quiz done** (Lesson demo-step-1): 3 of 5 right · retries: 2 of 2 right. Worth another pass');
    expect(t.rows('LessonProgress')).toMatchObject([{ lessonId: 'demo-step-1', status: 'completed' }]);

    await t.command(bob, channel, 'quiz', { scope: 'demo-step-2' });
    const bobThread = t.adapter.threads[1]!.conv;
    for (let i = 0; i < 5; i++) await t.press(bob, bobThread, 'quiz', t.adapter.lastButtons()[i < 3 ? 0 : 1]!.value); // 3 wrong
    for (let i = 0; i < 3; i++) await t.press(bob, bobThread, 'quiz', t.adapter.lastButtons()[0]!.value); // the retries, wrong again
    expect(t.adapter.last().text).toContain('**Quiz done** (Lesson demo-step-2): 2 of 5 right · retries: 0 of 3 right. Worth another pass');
    expect(t.count('LessonProgress', `status = 'completed'`)).toBe(1);
  });

  it('given a wrong answer, the retry says so instead of growing the total', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const headings: string[] = [t.adapter.last().text.split(' · _')[0]!];
    for (let i = 0; i < 6; i++) {
      await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[i === 0 ? 0 : 1]!.value);
      headings.push(t.adapter.last().text.split(' · _')[0]!);
    }
    expect(headings).toEqual([
      '**Question 1 of 5**', '**Question 2 of 5**', '**Question 3 of 5**', '**Question 4 of 5**', '**Question 5 of 5**',
      '**Second try (you missed this one earlier)**', '**Quiz done** (Lesson demo-step-1): 4 of 5 right · retries: 1 of 1 right. Solid.\nRun `/quiz` again or `/progress` to see your weakest topics.',
    ]);
  });
});

describe('a track quiz and the lessons it shows', () => {
  /**
   * The learner reached step 2 and answered `before` of step 1's questions right in an unfinished lesson
   * quiz; the track quiz then asks step 1's unseen questions first, then step 2's, and all are answered right.
   */
  async function trackQuiz(before: number): Promise<string[]> {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '2' });
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    for (let i = 0; i < before; i++) await t.press(alice, t.adapter.threads.at(-1)!.conv, 'quiz', t.adapter.lastButtons()[1]!.value);
    await t.command(alice, channel, 'quiz', { scope: 'demo' });
    const thread = t.adapter.threads.at(-1)!.conv;
    for (let i = 0; i < 5; i++) await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]!.value);
    expect(t.adapter.last().text).toContain('**Quiz done** (Track demo): 5 of 5 right. Solid.');
    return (await attempts(t)).slice(before).map((a) => a.questionId);
  }
  const completed = () => t.rows<{ lessonId: string }>('LessonProgress', `status = 'completed'`).map((r) => r.lessonId).sort();

  it('given one right answer on a lesson, does not count that lesson as done; four of its questions right do', async () => {
    expect(await trackQuiz(2)).toEqual(['demo-step-1-q3', 'demo-step-1-q4', 'demo-step-1-q5', 'demo-step-1-q6', 'demo-step-2-q1']);
    expect(completed()).toEqual(['demo-step-1']);
  });

  it('given three of a lesson\'s questions right in the session, counts it as done; two are not enough', async () => {
    expect(await trackQuiz(3)).toEqual(['demo-step-1-q4', 'demo-step-1-q5', 'demo-step-1-q6', 'demo-step-2-q1', 'demo-step-2-q2']);
    expect(completed()).toEqual(['demo-step-1']);
  });
});

describe('an answered question', () => {
  it('given an answer, locks the question showing the choice, and its buttons cannot be pressed again', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const [a] = t.adapter.lastButtons();
    const question = t.adapter.holding('quiz', a!.value)!;
    await t.press(alice, thread, 'quiz', a!.value);
    expect(question.msg.blocks.at(-1)).toEqual({
      kind: 'choices',
      actionId: 'quiz',
      options: [{ id: 'answered:a', label: 'A' }, { id: 'answered:b', label: 'B' }, { id: 'answered:c', label: 'C' }],
      locked: true,
      chosen: 'answered:a',
    });
    expect(question.text.split('\n')[0]).toBe('**Answered: A** · _demo-step-1-alpha · easy_');
    expect(t.adapter.updates).toHaveLength(1);
  });
});
