import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { FixedClock } from '../../helpers/clock.ts';
import { makeContentTree } from '../../helpers/content.ts';
import { alice, bob, channel } from '../../helpers/recording-adapter.ts';

let t: TestApp;
afterEach(async () => t?.close());

describe('confidence', () => {
  it('given the rating buttons and a later /confidence, saves both and keeps the history', async () => {
    const clock = new FixedClock();
    t = await createTestApp(makeContentTree().root, clock);
    await t.command(alice, channel, 'lesson', { step: '1' });
    const thread = t.adapter.threads[0]!.conv;
    const confidence = t.adapter.lastButtons().find((b) => b.label === 'Confidence')!;
    await t.press(alice, thread, confidence.actionId, confidence.value);
    expect(t.adapter.last().text).toContain('Can you explain this lesson in 30 seconds without reading notes?');
    await t.press(alice, thread, 'confidence', t.adapter.lastButtons()[1]!.value);
    expect(t.adapter.last().text).toBe('Confidence saved: **2/5** for Lesson demo-step-1.');
    clock.advance(60);
    await t.command(alice, thread, 'confidence', { level: '4' });
    expect(t.adapter.last().text).toBe('Confidence saved: **4/5** for Lesson demo-step-1 (was 2/5).');
    const history = t.rows<{ lessonId: string; value: number; ratedAt: string }>('ConfidenceRating');
    expect(history.map((h) => [h.lessonId, h.value, h.ratedAt])).toEqual([
      ['demo-step-1', 2, '2026-11-26T10:00:00.000+00:00'],
      ['demo-step-1', 4, '2026-11-26T10:01:00.000+00:00'],
    ]);
  });

  it('given a forged rating value, records nothing', async () => {
    t = await createTestApp(makeContentTree().root);
    await t.command(alice, channel, 'lesson', { step: '1' });
    await t.press(alice, t.adapter.threads[0]!.conv, 'confidence', 'demo-step-1:9');
    await t.press(alice, t.adapter.threads[0]!.conv, 'confidence', 'no-such-lesson:3');
    expect(t.count('ConfidenceRating')).toBe(0);
  });
});

describe('progress', () => {
  it('given lessons, quiz answers, an explain and confidence, reports step, accuracy, average, confidence and weakest topics per learner', async () => {
    t = await createTestApp(makeContentTree().root, new FixedClock());
    await t.command(alice, channel, 'progress', {});
    expect(t.adapter.last().text).toBe('No progress yet, Alice. Start with `/lesson`.');

    await t.command(alice, channel, 'lesson', { step: '2' });
    const thread = t.adapter.threads[0]!.conv;
    await t.command(alice, thread, 'quiz', {});
    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[1]!.value); // right (alpha)
    await t.press(alice, thread, 'quiz', t.adapter.lastButtons()[0]!.value); // wrong (alpha)
    await t.command(alice, thread, 'explain', {});
    await t.say(alice, thread, 'A SQL join follows the foreign key, which avoids the N+1 problem, and prefetch_related handles many to many.');
    await t.command(alice, thread, 'confidence', { level: '5' });
    await t.command(alice, channel, 'progress', {});
    const report = t.adapter.last().text;
    expect(report).toContain('Track demo: step 2/5 · 20%'); // one lesson done of five, by the explain score
    expect(report).toContain('Lessons done: 1/5 (opened: 1) · quiz accuracy: 50% (1/2) · explain average: 100/100 over 1');
    expect(report).toContain('• 2. Step 2 title: 5/5, quiz 50% · ⚠️ confidence above quiz results');
    expect(report).toContain('• demo-step-2-alpha: 50% (1/2)');

    await t.command(bob, channel, 'progress', {});
    expect(t.adapter.last().text).toBe('No progress yet, Bob. Start with `/lesson`.');
  });
});
