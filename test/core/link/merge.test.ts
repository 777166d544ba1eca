// Linking a Discord and a Slack account of one person through the real core: the history of both ends up
// on one learner exactly as the merge rules say, and what was open on either side keeps working.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { askedQuestion, button, dana, danaOnSlack, guild, issueCode, learnerIdOf, linkContent, press, sol, solvingRunner, workspace } from './setup.ts';

let t: TestApp;
afterEach(async () => t?.close());

const at = (hhmmss: string) => `2026-11-26T${hhmmss}.000+00:00`;
const ANSWER = 'It uses a SQL join over the foreign key to avoid N+1 queries.';

/** Slack first (10:00-10:05), then Discord (10:10-10:13); the clock then stands at 10:20. */
async function historyOnBothSides(clock: FixedClock) {
  // Slack: step 1 started, rated 2, exercise solved, explained (completes it), a model answer shown, a
  // quiz left open; step 2 opened (the furthest step is Slack's).
  await t.command(danaOnSlack, workspace, 'lesson', { step: '1' });
  const slackThread = t.adapter.threads.at(-1)!.conv;
  clock.advance(60);
  await t.command(danaOnSlack, slackThread, 'confidence', { level: '2' });
  clock.advance(60);
  await t.say(danaOnSlack, slackThread, '```python\nprint(1, 2, 3)\n```');
  clock.advance(60);
  await t.command(danaOnSlack, slackThread, 'explain', {});
  clock.advance(10);
  await t.say(danaOnSlack, slackThread, ANSWER);
  await press(t, danaOnSlack, slackThread, 'Answer Q1');
  clock.advance(50);
  await t.command(danaOnSlack, slackThread, 'quiz', {});
  clock.advance(30);
  await t.command(danaOnSlack, workspace, 'lesson', { step: '2' });
  // Discord: step 1 started later, one quiz answer, rated 4 (the newest rating), the exercise solved later.
  clock.advance(330);
  await t.command(dana, guild, 'lesson', { step: '1' });
  const discordThread = t.adapter.threads.at(-1)!.conv;
  clock.advance(60);
  await t.command(dana, discordThread, 'quiz', {});
  await press(t, dana, discordThread, 'B');
  clock.advance(60);
  await t.command(dana, discordThread, 'confidence', { level: '4' });
  clock.advance(60);
  await t.say(dana, discordThread, '```python\nprint(1, 2, 3)\n```');
  clock.advance(420);
  return { slackThread, discordThread };
}

describe('linking a Discord and a Slack account', () => {
  it('given history on both sides, merges it onto the issuing learner in exactly the rows the rules say', async () => {
    const clock = new FixedClock();
    t = await createTestApp(linkContent(), clock, undefined, solvingRunner);
    await historyOnBothSides(clock);
    const kept = learnerIdOf(t, dana);
    const merged = learnerIdOf(t, danaOnSlack);
    expect(merged).not.toBe(kept);
    const rename = (text: string) => text.replaceAll(merged, kept);
    const beforeAttempts = t.rows('QuizAttempt').map((r) => ({ ...r, learnerId: kept }));
    const beforeExplains = t.rows('ExplainAttempt').map((r) => ({ ...r, learnerId: kept }));
    const beforeRatings = t.rows<{ value: number; ratedAt: string }>('ConfidenceRating').map((r) => ({ ...r, learnerId: kept }));
    // A quiz session id keeps its opaque value (made from the learner id once, for uniqueness), so the
    // attempts of one session still share it; only keys and owners are learner references.
    const owner = (state: string) => {
      const parsed = JSON.parse(state) as { learnerId?: string };
      return JSON.stringify(parsed.learnerId === merged ? { ...parsed, learnerId: kept } : parsed);
    };
    const beforeStates = t.rows<{ key: string; state: string }>('ThreadState').map((r) => ({ key: rename(r.key), state: owner(r.state) }));
    expect(beforeStates.filter((s) => s.key.startsWith('slack:') && !s.key.includes('|')).map((s) => JSON.parse(s.state).learnerId)).toEqual([kept, kept]);
    const beforeClaims = t.rows<{ id: string }>('ProcessedEvent').map((r) => rename(r.id));
    expect(beforeClaims).toHaveLength(1);
    expect(beforeClaims[0]).toMatch(new RegExp(`^once:${kept}:answer:demo-step-1-qa-1:`));

    const code = await issueCode(t, dana, guild);
    expect(t.adapter.last()).toMatchObject({ conv: guild, msg: { visibility: 'private' } });
    expect(t.adapter.last().text).toContain(`on Slack: **/coach link ${code}**`);
    clock.advance(60);
    await t.command(danaOnSlack, workspace, 'link', { code: code.toLowerCase() });
    expect(t.adapter.last()).toMatchObject({
      conv: workspace,
      msg: { visibility: 'private' },
      text: 'Linked: Slack (Dana S), Discord (Dana) are now one learner, with the history of both. `/progress` shows it all; `/unlink` splits this account off again.',
    });

    expect(t.rows('Learner').map((r) => r.id)).toEqual([kept]);
    expect(t.rows('Identity').map((r) => [r.platform, r.externalId, r.displayName, r.learnerId])).toEqual([
      ['slack', danaOnSlack.id, 'Dana S', kept],
      ['discord', dana.id, 'Dana', kept],
    ]);
    // The furthest step is Slack's, the track was used last on Discord.
    expect(t.rows('Enrollment')).toEqual([{ learnerId: kept, trackId: 'demo', currentStep: 2, updatedAt: at('10:10:00') }]);
    // Completed (on Slack) beats started; the earliest start; the newest rating's confidence (Discord's 4).
    expect(t.rows<{ lessonId: string }>('LessonProgress').sort((a, b) => a.lessonId.localeCompare(b.lessonId))).toEqual([
      { learnerId: kept, lessonId: 'demo-step-1', status: 'completed', startedAt: at('10:00:00'), completedAt: at('10:03:10'), confidence: 4 },
      { learnerId: kept, lessonId: 'demo-step-2', status: 'started', startedAt: at('10:04:30'), completedAt: null, confidence: null },
    ]);
    // One completion per exercise: the first (Slack's at 10:02, not Discord's at 10:13).
    expect(t.rows('ExerciseCompletion')).toEqual([{ learnerId: kept, exerciseId: 'demo-ex', lessonId: 'demo-step-1', completedAt: at('10:02:00') }]);
    // Every attempt and rating kept as it was, only its learner changed.
    expect(t.rows('QuizAttempt')).toEqual(beforeAttempts);
    expect(t.rows('ExplainAttempt')).toEqual(beforeExplains);
    expect(t.rows('ConfidenceRating')).toEqual(beforeRatings);
    expect(beforeRatings.map((r) => [r.value, r.ratedAt])).toEqual([[2, at('10:01:00')], [4, at('10:12:00')]]);
    // States and one-shot claims name the surviving learner, nothing names the merged one.
    expect(t.rows<{ key: string; state: string }>('ThreadState').map((r) => ({ key: r.key, state: r.state }))).toEqual(beforeStates);
    expect(t.rows<{ id: string }>('ProcessedEvent').map((r) => r.id)).toEqual(beforeClaims);
    expect(t.rows('LinkCode')).toMatchObject([{ purpose: 'link', learnerId: kept, platform: 'discord', externalId: dana.id, usedAt: at('10:21:00') }]);
    expect(t.rows<{ key: string }>('ThreadState').filter((r) => r.key.includes(merged))).toEqual([]);
  });

  it('given a quiz, a lesson thread and pressed buttons open on both sides, all of them keep working after the link for both accounts', async () => {
    const clock = new FixedClock();
    t = await createTestApp(linkContent(), clock, undefined, solvingRunner);
    const { slackThread, discordThread } = await historyOnBothSides(clock);
    const code = await issueCode(t, dana, guild);
    await t.command(danaOnSlack, workspace, 'link', { code });
    const kept = learnerIdOf(t, dana);
    expect(t.count('QuizAttempt')).toBe(1);

    // Slack's quiz, opened before the link, takes its pending answer.
    const slackQuestion = askedQuestion(t, slackThread);
    await press(t, danaOnSlack, slackThread, 'B');
    expect(t.adapter.posted.at(-2)!.text).toContain('Right: B.');
    // Discord's quiz too.
    const discordQuestion = askedQuestion(t, discordThread);
    await press(t, dana, discordThread, 'B');
    expect(t.adapter.posted.at(-2)!.text).toContain('Right: B.');
    expect(t.rows('QuizAttempt', `"id" > 1`).map((r) => [r.learnerId, r.questionId, r.correct])).toEqual([
      [kept, slackQuestion, 1],
      [kept, discordQuestion, 1],
    ]);

    // A button pressed on Slack before the link is still pressed; others of that lesson still work.
    await press(t, danaOnSlack, slackThread, 'Answer Q1');
    expect(t.adapter.last().text).toBe('Already done: that was handled a moment ago, nothing was recorded twice.');
    await press(t, danaOnSlack, slackThread, 'Answer Q2');
    expect(t.adapter.last().text).toContain('Model answer 2 for demo-step-1.');
    // The Slack lesson thread is still this learner's own: "Next lesson" opens step 2 instead of "not yours".
    const threads = t.adapter.threads.length;
    await press(t, danaOnSlack, slackThread, 'Next lesson');
    expect(t.adapter.threads).toHaveLength(threads + 1);
    expect(t.adapter.threads.at(-1)!.conv.platform).toBe('slack');
    // An explain prompt in the Slack thread is graded and recorded for the one learner.
    await t.command(danaOnSlack, slackThread, 'explain', {});
    clock.advance(10);
    await t.say(danaOnSlack, slackThread, ANSWER);
    expect(t.adapter.last().text).toContain('**Score 75/100**');
    expect(t.rows('ExplainAttempt').map((r) => r.learnerId)).toEqual([kept, kept]);

    // Both accounts see the same progress (under their own names): everything from both sides.
    await t.command(dana, guild, 'progress', {});
    const onDiscord = t.adapter.last().text;
    await t.command(danaOnSlack, workspace, 'progress', {});
    expect(t.adapter.last().text).toBe(onDiscord.replace('Progress · Dana\n', 'Progress · Dana S\n'));
    expect(onDiscord).toContain('Track demo: step 2/5 · 20%\nLessons done: 1/5 (opened: 2) · quiz accuracy: 100% (3/3) · explain average: 75/100 over 2 · hands-on exercises: 1/1');
    expect(t.count('Learner')).toBe(1);
  });

  it('given the overlaps the other way round, still keeps the furthest step, the earliest times and the newest rating', async () => {
    const clock = new FixedClock();
    t = await createTestApp(linkContent(), clock, undefined, solvingRunner);
    // Discord (kept): step 3 reached, step 1 started at 10:01, completed at 10:02:10, exercise at 10:03, rated 2.
    await t.command(dana, guild, 'lesson', { step: '3' });
    clock.advance(60);
    await t.command(dana, guild, 'lesson', { step: '1' });
    const discordThread = t.adapter.threads.at(-1)!.conv;
    clock.advance(60);
    await t.command(dana, discordThread, 'explain', {});
    clock.advance(10);
    await t.say(dana, discordThread, ANSWER);
    clock.advance(50);
    await t.say(dana, discordThread, '```python\nprint(1, 2, 3)\n```');
    clock.advance(60);
    await t.command(dana, discordThread, 'confidence', { level: '2' });
    // Slack (merged), later: step 1 only, completed again, the exercise again, rated 5 (the newest).
    clock.advance(360);
    await t.command(danaOnSlack, workspace, 'lesson', { step: '1' });
    const slackThread = t.adapter.threads.at(-1)!.conv;
    await t.command(danaOnSlack, slackThread, 'explain', {});
    clock.advance(10);
    await t.say(danaOnSlack, slackThread, ANSWER);
    await t.say(danaOnSlack, slackThread, '```python\nprint(1, 2, 3)\n```');
    clock.advance(60);
    await t.command(danaOnSlack, slackThread, 'confidence', { level: '5' });

    await t.command(danaOnSlack, workspace, 'link', { code: await issueCode(t, dana, guild) });
    const kept = learnerIdOf(t, dana);
    expect(t.rows('Enrollment')).toEqual([{ learnerId: kept, trackId: 'demo', currentStep: 3, updatedAt: at('10:10:00') }]);
    expect(t.rows<{ lessonId: string }>('LessonProgress').sort((a, b) => a.lessonId.localeCompare(b.lessonId))).toEqual([
      { learnerId: kept, lessonId: 'demo-step-1', status: 'completed', startedAt: at('10:01:00'), completedAt: at('10:02:10'), confidence: 5 },
      { learnerId: kept, lessonId: 'demo-step-3', status: 'started', startedAt: at('10:00:00'), completedAt: null, confidence: null },
    ]);
    expect(t.rows('ExerciseCompletion')).toEqual([{ learnerId: kept, exerciseId: 'demo-ex', lessonId: 'demo-step-1', completedAt: at('10:03:00') }]);
    expect(t.rows('ExplainAttempt').map((r) => [r.learnerId, r.answeredAt])).toEqual([[kept, at('10:02:10')], [kept, at('10:10:10')]]);
    expect(t.rows('ConfidenceRating').map((r) => [r.learnerId, r.value])).toEqual([[kept, 2], [kept, 5]]);
  });

  it('given a "Run again" offer made before the link (its button names the merged learner), it still runs for that account', async () => {
    const clock = new FixedClock();
    t = await createTestApp(linkContent(), clock, undefined, solvingRunner);
    await t.command(danaOnSlack, workspace, 'lesson', { step: '1' });
    const slackThread = t.adapter.threads.at(-1)!.conv;
    await t.say(danaOnSlack, slackThread, '```python\nprint(1)\n```', { messageId: 'code-1' });
    clock.advance(5);
    await t.say(danaOnSlack, slackThread, '```python\nprint(1, 2, 3)\n```', { messageId: 'code-1', edited: true });
    const merged = learnerIdOf(t, danaOnSlack);
    const again = button(t, slackThread, 'Run again');
    expect(again.value.endsWith(`:${merged}`)).toBe(true);
    await t.command(danaOnSlack, workspace, 'link', { code: await issueCode(t, dana, guild) });
    await t.press(danaOnSlack, slackThread, again.actionId, again.value);
    expect(t.adapter.last().text).toContain('**OK**');
    // Someone else pressing it is still told it is not theirs.
    await t.command(sol, slackThread, 'help', {});
    await t.press(sol, slackThread, again.actionId, again.value);
    expect(t.adapter.last().text).toBe("That button belongs to someone else's session.");
  });

  it('given an explain prompt open on Slack when the code is typed, the answer after the link is graded for the one learner', async () => {
    const clock = new FixedClock();
    t = await createTestApp(linkContent(), clock);
    await t.command(danaOnSlack, workspace, 'lesson', { step: '2' });
    const slackThread = t.adapter.threads.at(-1)!.conv;
    await t.command(danaOnSlack, slackThread, 'explain', {});
    clock.advance(5);
    await t.command(danaOnSlack, workspace, 'link', { code: await issueCode(t, dana, guild) });
    clock.advance(15);
    await t.say(danaOnSlack, slackThread, ANSWER);
    expect(t.adapter.last().text).toContain('**Score 75/100** · key points 3/4 · 13/40 words · 20s of 30s');
    expect(t.rows('ExplainAttempt').map((r) => [r.learnerId, r.lessonId, r.score])).toEqual([[learnerIdOf(t, dana), 'demo-step-2', 75]]);
    expect(t.rows('LessonProgress', `"lessonId" = 'demo-step-2'`)).toMatchObject([{ learnerId: learnerIdOf(t, dana), status: 'completed' }]);
  });

  it('given two instances on one database, the one that did not link follows the link at the next event', async () => {
    const clock = new FixedClock();
    const content = linkContent();
    t = await createTestApp(content, clock);
    const other = await createTestApp(content, clock, t.dbFile);
    try {
      // The other instance knows the Slack account (and caches its learner), and opens a quiz for it.
      await other.command(danaOnSlack, workspace, 'quiz', { scope: 'demo-step-1' });
      const quizThread = other.adapter.threads.at(-1)!.conv;
      // This instance links it.
      await t.command(danaOnSlack, workspace, 'link', { code: await issueCode(t, dana, guild) });
      const kept = learnerIdOf(t, dana);
      await other.command(danaOnSlack, quizThread, 'help', {});
      await other.press(danaOnSlack, quizThread, 'quiz', other.adapter.lastButtons().find((b) => b.label === 'B')!.value);
      expect(other.adapter.posted.at(-2)!.text).toContain('Right: B.');
      expect(t.rows('QuizAttempt').map((r) => r.learnerId)).toEqual([kept]);
    } finally {
      await other.close();
    }
  });

  it('given the code issued on Slack and typed on Discord, the Slack learner is the one kept', async () => {
    t = await createTestApp(linkContent(), new FixedClock());
    await t.command(danaOnSlack, workspace, 'lesson', { step: '3' });
    await t.command(dana, guild, 'lesson', { step: '1' });
    const slackLearner = learnerIdOf(t, danaOnSlack);
    const code = await issueCode(t, danaOnSlack, workspace);
    expect(t.adapter.last().text).toContain(`on Discord: **/link ${code}**`);
    await t.command(dana, guild, 'link', { code: ` ${code.replace('-', ' ')} ` });
    expect(t.adapter.last().text).toMatch(/^Linked: /);
    expect(t.rows('Identity').map((r) => r.learnerId)).toEqual([slackLearner, slackLearner]);
    expect(t.rows('Enrollment')).toEqual([{ learnerId: slackLearner, trackId: 'demo', currentStep: 3, updatedAt: at('10:00:00') }]);
    expect(t.rows('LessonProgress').map((r) => [r.learnerId, r.lessonId])).toEqual([[slackLearner, 'demo-step-3'], [slackLearner, 'demo-step-1']]);
  });
});
