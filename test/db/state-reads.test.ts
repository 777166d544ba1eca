// A state read again while unchanged is handed out without being decoded again (the quiz answer's hot
// path). These prove the reuse never serves a state someone else has changed since: another process on
// the same database file, or a write to the row behind the store's back.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { makeContentTree } from '../helpers/content.ts';
import { alice, channel } from '../helpers/recording-adapter.ts';

let apps: TestApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

const question = (t: TestApp) => t.adapter.posted.findLast((p) => p.text.includes('**Question'))!;
const optionB = (t: TestApp) => t.adapter.lastButtons().find((b) => b.actionId === 'quiz' && b.label.startsWith('B'))!;

describe('reading a state again', () => {
  it('given a second process that answered in between, the first one reads what the second saved', async () => {
    const root = makeContentTree().root;
    const first = await createTestApp(root);
    const second = await createTestApp(root, undefined, first.dbFile);
    apps = [first, second];
    await first.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = first.adapter.threads[0]!.conv;
    expect(question(first).text).toContain('Question 1 of 5');
    // The second process takes the answer to question 1 (its adapter shows the button it received).
    second.adapter.posted.push(question(first));
    await second.press(alice, thread, 'quiz', optionB(first).value);
    expect(question(second).text).toContain('Question 2 of 5');
    // Back on the first process: question 2 is the pending one, although this process last saw question 1.
    first.adapter.posted.push(question(second));
    await first.press(alice, thread, 'quiz', optionB(second).value);
    expect(question(first).text).toContain('Question 3 of 5');
    expect(first.count('QuizAttempt')).toBe(2);
    expect(first.rows<{ questionId: string }>('QuizAttempt').map((r) => r.questionId)).toEqual(['demo-step-1-q1', 'demo-step-1-q2']);
  });

  it('given the row rewritten behind the store (same version, other text), the next event sees the new text', async () => {
    const t = await createTestApp(makeContentTree().root);
    apps = [t];
    await t.command(alice, channel, 'quiz', { scope: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const button = optionB(t);
    // Another writer (a merge, an older instance) replaced the pending question's token without a new version.
    const [row] = t.rows<{ key: string; state: string; version: number }>('ThreadState', `"key" LIKE '%|%'`);
    const state = JSON.parse(row!.state);
    state.quiz.pending.token = 'replaced';
    t.app.db.sql.run(`UPDATE "ThreadState" SET "state" = ? WHERE "key" = ?`, JSON.stringify(state), row!.key);
    await t.press(alice, thread, 'quiz', button.value);
    expect(t.adapter.last().text).toMatch(/older message/);
    expect(t.count('QuizAttempt')).toBe(0);
    expect(t.rows<{ version: number }>('ThreadState', `"key" = '${row!.key}'`)[0]!.version).toBe(row!.version);
  });
});
