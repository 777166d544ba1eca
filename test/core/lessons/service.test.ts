import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { lesson, makeContentTree } from '../../helpers/content.ts';
import { alice, channel } from '../../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

describe('lessons', () => {
  it('given /lesson with a track and step, opens a titled thread with every part and the action buttons', async () => {
    t = await createTestApp(makeContentTree({ steps: 5, written: 3 }).root);
    await t.command(alice, channel, 'lesson', { track: 'demo', step: '2' });
    expect(t.adapter.threads).toEqual([{ conv: expect.objectContaining({ threadId: expect.any(String) }), title: 'Step 2 · Lesson demo-step-2' }]);
    const thread = t.adapter.threads[0]!.conv;
    const texts = t.adapter.posted.filter((p) => p.conv.threadId === thread.threadId).map((p) => p.text).join('\n');
    for (const part of ['step 2/5 · 0%', 'Recap of demo-step-2', 'High-frequency topics', 'How to answer well', 'Q1 about demo-step-2?', 'Self-check', 'Whiteboard', 'Discussion starters', '**Read further**\n• [QuerySet API](https://docs.djangoproject.com/en/5.2/ref/models/querysets/)']) {
      expect(texts).toContain(part);
    }
    expect(texts).not.toContain('Model answer 1');
    expect(t.adapter.lastButtons().map((b) => b.label)).toEqual(['Answer Q1', 'Answer Q2', 'Answer Q3', 'Quiz me', 'Explain in 30s', 'Confidence', 'Next lesson']);

    await t.press(alice, thread, 'lesson', t.adapter.lastButtons()[1]!.value);
    expect(t.adapter.last().text).toContain('Model answer 2 for demo-step-2');
  });

  it('given a lesson with exercises, posts each task with its starter code to run in the thread', async () => {
    const tree = makeContentTree({ steps: 2, written: 1 });
    tree.writeLesson('demo', lesson(1, 'demo-step-1', {
      exercises: [{ id: 'demo-ex', title: 'Count to three', task: 'Print 1 2 3.', doneWhen: 'it prints 1 2 3', starter: 'print(1)', solution: 'print(1, 2, 3)', expectedOutput: '1 2 3' }],
    }));
    t = await createTestApp(tree.root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const exercise = t.adapter.posted.find((p) => p.text.includes('Hands-on 1/1: Count to three'))!;
    expect(exercise.text).toContain('Print 1 2 3.\n_Done when:_ it prints 1 2 3');
    expect(exercise.msg.blocks).toContainEqual({ kind: 'code', language: 'python', source: 'print(1)' });
    expect(exercise.text).not.toContain('print(1, 2, 3)');
  });

  it('given no arguments, continues at the learner\'s current step; a bare number means a step', async () => {
    t = await createTestApp(makeContentTree({ steps: 5, written: 3 }).root);
    await t.command(alice, channel, 'lesson', {});
    expect(t.adapter.threads.at(-1)!.title).toBe('Step 1 · Lesson demo-step-1');
    await t.command(alice, channel, 'lesson', { track: '3' });
    expect(t.adapter.threads.at(-1)!.title).toBe('Step 3 · Lesson demo-step-3');
    await t.command(alice, channel, 'lesson', {});
    expect(t.adapter.threads.at(-1)!.title).toBe('Step 3 · Lesson demo-step-3');
  });

  it('given Next lesson pressed twice, opens the next step once', async () => {
    t = await createTestApp(makeContentTree({ steps: 5, written: 3 }).root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const next = t.adapter.lastButtons().find((b) => b.label === 'Next lesson')!;
    await t.press(alice, thread, next.actionId, next.value);
    await t.press(alice, thread, next.actionId, next.value);
    expect(t.adapter.threads.map((x) => x.title)).toEqual(['Step 1 · Lesson demo-step-1', 'Step 2 · Lesson demo-step-2']);
    expect(t.adapter.last().text).toContain('already open');
  });

  it('given an unknown track, a step out of range or an unwritten step, answers with the valid choices', async () => {
    t = await createTestApp(makeContentTree({ steps: 5, written: 3 }).root);
    await t.command(alice, channel, 'lesson', { track: 'nope' });
    expect(t.adapter.last()).toMatchObject({ text: 'There is no track "nope". Tracks: demo.', msg: { visibility: 'private' } });
    await t.command(alice, channel, 'lesson', { track: 'demo', step: '9' });
    expect(t.adapter.last().text).toBe('Track demo has no step "9". Steps: 1-5.');
    await t.command(alice, channel, 'lesson', { track: 'demo', step: '4' });
    expect(t.adapter.last().text).toBe('Step 4 of demo ("Step 4 title") isn\'t written yet. Ready steps: 1, 2, 3.');
    await t.command(alice, channel, 'lesson', { track: 'demo', step: 'x' });
    expect(t.adapter.last().text).toContain('has no step "x"');
    expect(t.adapter.threads).toEqual([]);
  });

  it('given an unknown command or bad arguments, answers with a hint or the usage line', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'dance', {});
    expect(t.adapter.last().text).toBe("I don't know `/dance`. Try `/help` for the list of commands.");
    await t.command(alice, channel, 'confidence', { level: '7' });
    expect(t.adapter.last().text).toBe('That doesn\'t fit: level: a number from 1 to 5. Usage: `/confidence [level]`');
    await t.command(alice, channel, 'help', {});
    expect(t.adapter.last().text).toContain('`/lesson [track] [step]` — Start or continue a lesson in its own thread');
  });

  it('given the same platform event delivered twice, handles it once', async () => {
    t = await createTestApp(makeContentTree().root);
    const event = { type: 'command' as const, user: alice, conv: channel, name: 'lesson', args: {}, eventId: 'evt-1' };
    await t.app.coach.handle(event, t.adapter);
    await t.app.coach.handle(event, t.adapter);
    expect(t.adapter.threads).toHaveLength(1);
  });
});
