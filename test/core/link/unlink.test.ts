// Unlink: asked first with a private one-shot "Yes, unlink" button; then this platform's account is a
// new learner with no history, its own threads staying its own, the history staying with the other.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { button, dana, danaOnSlack, guild, issueCode, learnerIdOf, linkContent, press, sol, workspace } from './setup.ts';

let t: TestApp;
afterEach(async () => t?.close());

const TABLES = ['Learner', 'Identity', 'Enrollment', 'LessonProgress', 'QuizAttempt', 'ConfidenceRating', 'ThreadState', 'ProcessedEvent'];
const snapshot = () => Object.fromEntries(TABLES.map((table) => [table, t.rows(table)]));

/** Linked Dana: a Slack lesson thread with a model answer shown and a quiz answered, a Discord lesson. */
async function linkedWithHistory() {
  const clock = new FixedClock();
  t = await createTestApp(linkContent(), clock);
  await t.command(danaOnSlack, workspace, 'lesson', { step: '1' });
  const slackThread = t.adapter.threads.at(-1)!.conv;
  await press(t, danaOnSlack, slackThread, 'Answer Q1');
  await t.command(danaOnSlack, slackThread, 'quiz', {});
  await press(t, danaOnSlack, slackThread, 'B');
  await t.command(dana, guild, 'lesson', { step: '2' });
  await t.command(danaOnSlack, workspace, 'link', { code: await issueCode(t, dana, guild) });
  expect(t.adapter.last().text).toMatch(/^Linked: /);
  return { clock, slackThread, kept: learnerIdOf(t, dana) };
}

describe('unlink', () => {
  it('given an account linked to nothing, says there is nothing to unlink and offers no button', async () => {
    t = await createTestApp(linkContent(), new FixedClock());
    await t.command(danaOnSlack, workspace, 'help', {});
    const before = snapshot();
    await t.command(danaOnSlack, workspace, 'unlink', {});
    expect(t.adapter.last()).toMatchObject({ text: 'This account is not linked to another one, so there is nothing to unlink. `/link` links it.', msg: { visibility: 'private' } });
    expect(t.adapter.lastButtons()).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(t.count('LinkCode')).toBe(0);
  });

  it('given /unlink, asks privately first and changes nothing until "Yes, unlink" is pressed', async () => {
    await linkedWithHistory();
    const before = snapshot();
    await t.command(danaOnSlack, workspace, 'unlink', {});
    expect(t.adapter.last()).toMatchObject({
      conv: workspace,
      msg: { visibility: 'private' },
      text: 'Unlink this Slack account from Discord (Dana)? The history so far stays with that account; this account starts fresh as a new learner (its Slack lesson threads stay its own). You can link again any time.',
    });
    expect(t.adapter.lastButtons().map((b) => [b.actionId, b.label])).toEqual([['link', 'Yes, unlink']]);
    expect(snapshot()).toEqual(before);
  });

  it('given "Yes, unlink", this account becomes a fresh learner: history stays, its own threads and claims go with it', async () => {
    const { slackThread, kept } = await linkedWithHistory();
    const keptHistory = { QuizAttempt: t.rows('QuizAttempt'), LessonProgress: t.rows('LessonProgress'), Enrollment: t.rows('Enrollment') };
    await t.command(danaOnSlack, workspace, 'unlink', {});
    const yes = button(t, workspace, 'Yes, unlink');
    const question = t.adapter.holding(yes.actionId, yes.value)!;
    const updates = t.adapter.updates.length;
    await t.press(danaOnSlack, workspace, yes.actionId, yes.value);
    expect(t.adapter.last()).toMatchObject({ msg: { visibility: 'private' }, text: 'Unlinked. This Slack account is a new learner now; the history so far stays with Discord (Dana).' });
    // The question is locked, showing what was pressed.
    expect(t.adapter.updates.slice(updates).map((u) => u.messageId)).toEqual([question.messageId]);
    expect(question.msg.blocks.at(-1)).toMatchObject({ kind: 'choices', locked: true, chosen: yes.value });

    const fresh = learnerIdOf(t, danaOnSlack);
    expect(fresh).not.toBe(kept);
    expect(learnerIdOf(t, dana)).toBe(kept);
    expect(t.rows('Learner').map((r) => r.id).sort()).toEqual([kept, fresh].sort());
    // Every record stays with the learner that keeps the Discord account.
    expect({ QuizAttempt: t.rows('QuizAttempt'), LessonProgress: t.rows('LessonProgress'), Enrollment: t.rows('Enrollment') }).toEqual(keptHistory);
    expect(t.count('QuizAttempt', `"learnerId" = '${fresh}'`)).toBe(0);
    // Slack conversation states name the fresh learner; Discord's still the kept one.
    const states = t.rows<{ key: string; state: string }>('ThreadState');
    const owners = states.filter((s) => !s.key.includes('|')).map((s) => [s.key.split(':')[0], JSON.parse(s.state).learnerId]);
    expect(owners.sort()).toEqual([['discord', kept], ['slack', fresh]]);
    expect(states.filter((s) => s.key.includes('|')).map((s) => s.key)).toEqual([`slack:T1:C1:${slackThread.threadId}|${fresh}`]);
    // Both learners hold the one-shot claims (the pressed model answer, the unlink never needs one).
    const claims = t.rows<{ id: string }>('ProcessedEvent').map((r) => r.id.split(':').slice(0, 2).join(':')).sort();
    expect(claims).toEqual([`once:${fresh}`, `once:${kept}`].sort());

    // On Slack: the lesson thread still works for its account, an old press stays pressed, progress is fresh.
    await press(t, danaOnSlack, slackThread, 'Answer Q1');
    expect(t.adapter.last().text).toBe('Already done: that was handled a moment ago, nothing was recorded twice.');
    const threads = t.adapter.threads.length;
    await press(t, danaOnSlack, slackThread, 'Next lesson');
    expect(t.adapter.threads).toHaveLength(threads + 1);
    await t.command(danaOnSlack, workspace, 'progress', {});
    // Only what it did since: the step 2 that "Next lesson" just opened.
    expect(t.adapter.last().text).toContain('Progress · Dana S\nTrack demo: step 2/5 · 0%\nLessons done: 0/5 (opened: 1) · quiz accuracy: no answers yet · explain average: none yet · hands-on exercises: 0/1');
    // On Discord: everything as before.
    await t.command(dana, guild, 'progress', {});
    expect(t.adapter.last().text).toContain('quiz accuracy: 100% (1/1)');
  });

  it('given "Yes, unlink" pressed twice, or at once twice, unlinks once and says the second was already done', async () => {
    await linkedWithHistory();
    await t.command(danaOnSlack, workspace, 'unlink', {});
    const yes = button(t, workspace, 'Yes, unlink');
    const start = t.adapter.posted.length;
    await Promise.all([t.press(danaOnSlack, workspace, yes.actionId, yes.value), t.press(danaOnSlack, workspace, yes.actionId, yes.value)]);
    expect(t.adapter.since(start).map((p) => p.text.split('.')[0]).sort()).toEqual(['Already done: that was handled a moment ago, nothing was recorded twice', 'Unlinked']);
    expect(t.count('Learner')).toBe(2);
    const after = snapshot();
    await t.press(danaOnSlack, workspace, yes.actionId, yes.value);
    expect(t.adapter.last().text).toBe('Already done: that was handled a moment ago, nothing was recorded twice.');
    expect(snapshot()).toEqual(after);
  });

  it('given an old, forged or someone else\'s confirmation, changes nothing', async () => {
    const { clock } = await linkedWithHistory();
    await t.command(danaOnSlack, workspace, 'unlink', {});
    const yes = button(t, workspace, 'Yes, unlink');
    const before = snapshot();
    await t.press(danaOnSlack, workspace, 'link', 'unlink:forgedtoken');
    expect(t.adapter.last().text).toBe('That button is from an older message; nothing was recorded.');
    await t.press(danaOnSlack, workspace, 'link', 'garbage');
    expect(t.adapter.last().text).toBe('That button is from an older message; nothing was recorded.');
    await t.command(sol, workspace, 'help', {});
    const withSol = snapshot();
    await t.press(sol, workspace, yes.actionId, yes.value);
    expect(t.adapter.last()).toMatchObject({ text: "That button belongs to someone else's session.", msg: { visibility: 'private' } });
    expect(snapshot()).toEqual(withSol);
    expect(withSol.ThreadState).toEqual(before.ThreadState);
    clock.advance(600);
    await t.press(danaOnSlack, workspace, yes.actionId, yes.value);
    expect(t.adapter.last().text).toBe('That unlink question has expired (it lasts 10 minutes); type `/unlink` again if you still want to. Nothing was changed.');
    expect(snapshot()).toEqual(withSol);
  });

  it('given the issuing side unlinks instead, the other account keeps the history, and linking again merges back', async () => {
    const { kept } = await linkedWithHistory();
    await t.command(dana, guild, 'unlink', {});
    await press(t, dana, guild, 'Yes, unlink');
    expect(t.adapter.last().text).toBe('Unlinked. This Discord account is a new learner now; the history so far stays with Slack (Dana S).');
    expect(learnerIdOf(t, danaOnSlack)).toBe(kept);
    const fresh = learnerIdOf(t, dana);
    // The Discord lesson (step 2) was opened by the Discord account: its thread goes with it, its record stays.
    expect(t.count('LessonProgress', `"learnerId" = '${kept}'`)).toBe(2);
    expect(t.count('LessonProgress', `"learnerId" = '${fresh}'`)).toBe(0);

    await t.command(dana, guild, 'lesson', { step: '3' });
    await t.command(dana, guild, 'link', { code: await issueCode(t, danaOnSlack, workspace) });
    expect(t.adapter.last().text).toMatch(/^Linked: /);
    expect(t.rows('Learner').map((r) => r.id)).toEqual([kept]);
    expect(t.rows<{ lessonId: string }>('LessonProgress').map((r) => r.lessonId).sort()).toEqual(['demo-step-1', 'demo-step-2', 'demo-step-3']);
    expect(t.rows('Enrollment')).toMatchObject([{ learnerId: kept, currentStep: 3 }]);
  });
});
