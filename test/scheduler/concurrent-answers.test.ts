// A whole server answering the same question at once: every answer is its own insert-once row, so none
// is refused, none doubled, and a change replaces the member's row instead of adding one.
import { afterEach, describe, expect, it } from 'vitest';
import { makeContentTree } from '../helpers/content.ts';
import { drillHarness, member, SetClock, type DrillHarness } from './drill-harness.ts';

let h: DrillHarness | undefined;
afterEach(async () => h?.t.close());

/** A one-question drill whose run has just been posted at 09:00 Paris time. */
async function oneQuestionRun() {
  const clock = new SetClock(new Date('2026-12-07T07:00:00Z'));
  const harness = await drillHarness(makeContentTree().root, clock);
  h = harness;
  await harness.drill({ action: 'create', drill: 'Morning', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'demo', questions: '1', window: '10' });
  clock.set('2026-12-07T08:00:00Z');
  await harness.t.app.drills.tick();
  const thread = harness.chat.threads[0]!.conv;
  const questions = harness.chat.messages.find((m) => m.conv.threadId === thread.threadId && m.msg.blocks.some((b) => b.kind === 'choices'))!;
  return { h: harness, clock, thread, questions };
}

describe('500 members answering one question at once', () => {
  it('given 500 concurrent answers, 100 concurrent changes and 50 retried deliveries, keeps exactly one row per member with their last choice', async () => {
    const { h, clock, thread, questions } = await oneQuestionRun();
    const value = (label: string) => questions.msg.blocks.flatMap((b) => (b.kind === 'choices' ? b.options : [])).find((o) => o.label === label)!.id;
    const press = (n: number, label: string, eventId = `press-${n}-${label}`) =>
      h.t.app.coach.handle({ type: 'action', user: member(n), conv: thread, messageId: questions.id, actionId: 'drill', value: value(label), eventId }, h.chat);
    const labels = ['1A', '1B', '1C'];

    clock.set('2026-12-07T08:00:05Z');
    await Promise.all(Array.from({ length: 500 }, (_, n) => press(n, labels[n % 3]!)));
    clock.set('2026-12-07T08:00:09Z');
    await Promise.all([
      ...Array.from({ length: 100 }, (_, n) => press(n, '1B', `change-${n}`)),
      // A platform retrying a delivery: the same event id twice, handled once.
      ...Array.from({ length: 50 }, (_, n) => press(400 + n, '1C', `retry-${n}`)),
      ...Array.from({ length: 50 }, (_, n) => press(400 + n, '1C', `retry-${n}`)),
    ]);

    const rows = h.t.rows<{ learnerId: string; optionId: string }>('DrillAnswer');
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.learnerId)).size).toBe(500);
    const byMember = new Map(h.t.rows<{ learnerId: string; externalId: string }>('Identity').map((i) => [i.learnerId, Number(i.externalId.slice(2))]));
    const expected = (n: number) => (n < 100 ? 'b' : n >= 400 && n < 450 ? 'c' : ['a', 'b', 'c'][n % 3]);
    expect(rows.filter((r) => r.optionId !== expected(byMember.get(r.learnerId)!))).toEqual([]);

    // Everyone was acknowledged privately; nobody was refused.
    const notices = h.chat.messages.filter((m) => m.onlyFor !== undefined && m.conv.threadId === thread.threadId);
    expect(notices.filter((m) => m.text.startsWith('🔒 Locked in'))).toHaveLength(500);
    expect(notices.filter((m) => m.text.startsWith('Changed'))).toHaveLength(150);
    expect(notices.filter((m) => !m.text.startsWith('🔒') && !m.text.startsWith('Changed'))).toEqual([]);

    clock.set('2026-12-07T08:10:00Z');
    await h.t.app.drills.tick();
    // The distribution counts each member's last choice once.
    const counts = { a: 0, b: 0, c: 0 } as Record<string, number>;
    for (let n = 0; n < 500; n++) counts[expected(n)!]!++;
    const line = h.chat.messages.at(-1)!.text.split('\n').find((l) => l.startsWith('Answers:'))!;
    expect(line.startsWith(`Answers: A ${counts.a} (${Math.round(counts.a! / 5)}%) · B ${counts.b} (${Math.round(counts.b! / 5)}%) ✅ · C ${counts.c} (${Math.round(counts.c! / 5)}%) — 500 in all.`)).toBe(true);
  });

  it("given an answer whose private reply failed after it was recorded, keeps the answer once, claimed in the answer's own transaction, and its retry records nothing", async () => {
    const { h, clock, thread, questions } = await oneQuestionRun();
    const value = questions.msg.blocks.flatMap((b) => (b.kind === 'choices' ? b.options : [])).find((o) => o.label === '1B')!.id;
    const event = { type: 'action' as const, user: member(7), conv: thread, messageId: questions.id, actionId: 'drill', value, eventId: 'press-7' };
    clock.set('2026-12-07T08:00:05Z');
    const before = h.chat.messages.length;
    h.chat.failFills = 1;
    await h.t.app.coach.handle(event, h.chat);
    await h.t.app.coach.handle(event, h.chat);
    expect(h.t.rows<{ optionId: string }>('DrillAnswer').map((r) => r.optionId)).toEqual(['b']);
    expect(h.t.rows<{ id: string }>('ProcessedEvent').map((r) => r.id).filter((id) => id.endsWith('press-7'))).toEqual(['event:discord:press-7']);
    const told = h.chat.messages.slice(before).filter((m) => m.onlyFor !== undefined).map((m) => m.text);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^Your drill answer was saved, but something went wrong after that/);
  });
});
