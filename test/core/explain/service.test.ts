import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { alice, bob, channel } from '../../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

describe('explain in 30 seconds', () => {
  it('given the prompt in a lesson thread, grades the next message with points, words, seconds and a total, and records it', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    await t.command(alice, channel, 'lesson', { step: '2' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'explain', {});
    expect(t.adapter.last()).toMatchObject({ conv: thread, text: expect.stringContaining('Explain demo-step-2 to a junior dev') });
    clock.advance(21);
    await t.say(alice, thread, 'It uses a SQL join over the foreign key to avoid N+1 queries.');
    const grade = t.adapter.last().text;
    expect(grade).toContain('**Score 75/100** · key points 3/4 · 13/40 words · 21s of 30s');
    expect(grade).toContain('✅ Mentions joins (you said: `It uses a SQL join over the foreign key to avoid N+1 queries.`)');
    expect(grade).toContain('⬜ Mentions prefetch for many-to-many');
    const rows = t.rows<{ points: string }>('ExplainAttempt');
    expect(rows).toMatchObject([{ lessonId: 'demo-step-2', seconds: 21, words: 13, late: 0, score: 75 }]);
    expect(JSON.parse(rows[0]!.points)).toEqual([
      { id: 'demo-step-2-r1', hit: true },
      { id: 'demo-step-2-r2', hit: true },
      { id: 'demo-step-2-r3', hit: true },
      { id: 'demo-step-2-r4', hit: false },
    ]);

    await t.say(alice, thread, 'A second message is just chat, not another answer.');
    expect(t.count('ExplainAttempt')).toBe(1);
  });

  it('given a late answer, grades it and marks it late', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    expect(t.adapter.threads[0]!.title).toBe('Explain · Lesson demo-step-1');
    clock.advance(95);
    await t.say(alice, thread, 'A SQL join follows the foreign key, which avoids the N+1 problem, and prefetch_related handles many to many.');
    expect(t.adapter.last().text).toContain('95s of 30s (late, graded anyway)');
    expect(t.rows('ExplainAttempt')).toMatchObject([{ late: 1 }]);
  });

  it('given empty or off-topic text, gives an honest zero', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-1' });
    await t.say(alice, t.adapter.threads[0]!.conv, 'I had pizza for lunch.');
    expect(t.adapter.last().text).toContain('**Score 0/100** · key points 0/4');
    expect(t.adapter.last().text).toContain('None of the key points came through');
  });

  it('given another member answers in the thread, ignores them and still waits for the learner', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    const before = t.adapter.posted.length;
    await t.say(bob, thread, 'A SQL join follows the foreign key, which avoids the N+1 problem, and prefetch_related handles many to many.');
    expect(t.adapter.posted.length).toBe(before);
    await t.say(alice, thread, 'A SQL join follows the foreign key, which avoids the N+1 problem, and prefetch_related handles many to many.');
    expect(t.adapter.last().text).toContain('key points 4/4');
  });

  it('given a restart between prompt and answer, the open timer survives', async () => {
    const clock = new FixedClock();
    const tree = makeContentTree();
    t = await createTestApp(tree.root, clock);
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-1' });
    const thread = t.adapter.threads[0]!.conv;
    await t.close();
    clock.advance(12);
    t = await createTestApp(tree.root, clock, t.dbFile);
    await t.say(alice, thread, 'join');
    expect(t.adapter.last().text).toContain('12s of 30s');
  });

  it('given a brand-new learner\'s bare /explain, starts at the first lesson of the default track', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'explain', {});
    expect(t.adapter.threads.map((x) => x.title)).toEqual(['Explain · Lesson demo-step-1']);
    expect(t.adapter.last().text).toContain('Explain demo-step-1 to a junior dev');
  });

  it('given a good explanation, completes the lesson; a weak one does not', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-1' });
    await t.say(alice, t.adapter.threads[0]!.conv, 'I am not sure.');
    expect(t.count('LessonProgress', `status = 'completed'`)).toBe(0);
    await t.command(alice, channel, 'explain', { lesson: 'demo-step-2' });
    await t.say(alice, t.adapter.threads[1]!.conv, 'It uses a SQL join over the foreign key to avoid N+1 queries.');
    expect(t.rows('LessonProgress', `status = 'completed'`)).toMatchObject([{ lessonId: 'demo-step-2' }]);
  });
});
