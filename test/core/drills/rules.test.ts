// The pure rules: which questions a run asks, how answers score, and how a typed line maps to /drill's
// arguments (a "quoted value" is one argument).
import { describe, expect, it } from 'vitest';
import { pickDrillQuestions } from '../../../src/core/drills/pick.ts';
import { accuracy, answerPoints } from '../../../src/core/drills/scoring.ts';
import { periodStart } from '../../../src/core/drills/service.ts';
import { findCommand, positionalArgs, validateArgs } from '../../../src/core/commands.ts';

describe('question choice', () => {
  const pool = ['q1', 'q2', 'q3', 'q4', 'q5'];

  it('given questions the group has seen, asks unseen ones first, then those most got wrong', () => {
    const history = [
      { questionId: 'q1', asked: 1, answered: 10, wrong: 1 },
      { questionId: 'q2', asked: 1, answered: 10, wrong: 9 },
      { questionId: 'q3', asked: 2, answered: 10, wrong: 5 },
    ];
    const picked = pickDrillQuestions(pool, history, 5, 'seed');
    expect(picked.slice(0, 2).sort()).toEqual(['q4', 'q5']);
    expect(picked.slice(2)).toEqual(['q2', 'q3', 'q1']);
  });

  it('given the same inputs, the same order; another slot may order the unseen ones differently, never repeats one', () => {
    expect(pickDrillQuestions(pool, [], 3, 'a')).toEqual(pickDrillQuestions(pool, [], 3, 'a'));
    const orders = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((s) => pickDrillQuestions(pool, [], 5, s).join()));
    expect(orders.size).toBeGreaterThan(1);
    expect(pickDrillQuestions([...pool, 'q1'], [], 10, 'x').sort()).toEqual(pool);
  });

  it('given a question asked but never answered, places it between well-known and often-missed ones', () => {
    const history = [
      { questionId: 'q1', asked: 1, answered: 4, wrong: 0 },
      { questionId: 'q2', asked: 1, answered: 0, wrong: 0 },
      { questionId: 'q3', asked: 1, answered: 4, wrong: 4 },
    ];
    expect(pickDrillQuestions(['q1', 'q2', 'q3'], history, 3, 's')).toEqual(['q3', 'q2', 'q1']);
  });

  it('given a large pool with repeats, a shorter pick is the start of a longer one, with no id twice', () => {
    const big = Array.from({ length: 300 }, (_, i) => `lesson-${i % 40}-quiz-${i % 7}`);
    const unique = new Set(big).size;
    for (const seed of ['d1|2026-12-07T09:00', 'd2|2026-12-07T09:00', 'd1|2026-12-08T09:00']) {
      const all = pickDrillQuestions(big, [], unique + 5, seed);
      expect(new Set(all).size).toBe(unique);
      expect(all).toHaveLength(unique);
      for (const count of [1, 2, 3, 7, 50]) expect(pickDrillQuestions(big, [], count, seed)).toEqual(all.slice(0, count));
    }
  });
});

describe('scoring', () => {
  it('given right answers, 10 points plus up to 5 for speed; wrong answers score nothing', () => {
    const window = 600_000;
    expect([0, 60_000, 300_000, 480_000, 600_000, 700_000].map((ms) => answerPoints(true, ms, window))).toEqual([15, 15, 13, 11, 10, 10]);
    expect(answerPoints(false, 0, window)).toBe(0);
    expect([accuracy(2, 3), accuracy(0, 0), accuracy(5, 5)]).toEqual([67, 0, 100]);
  });

  it('given a time, weeks start on Monday and seasons on the first of the month (UTC)', () => {
    const wednesday = new Date('2026-12-09T15:00:00Z');
    expect([periodStart('week', wednesday), periodStart('month', wednesday), periodStart('all', wednesday)]).toEqual([new Date('2026-12-07T00:00:00Z'), new Date('2026-12-01T00:00:00Z'), null]);
    expect(periodStart('week', new Date('2026-12-06T23:59:00Z'))).toEqual(new Date('2026-11-30T00:00:00Z'));
  });
});

describe('/drill arguments typed on one line', () => {
  const drill = findCommand('drill');

  it('given quoted values, each is one argument; bare words still split on spaces', () => {
    expect(positionalArgs(drill, 'create "Morning drill" "weekdays 09:00" Europe/Paris django 3 10')).toEqual({
      action: 'create', drill: 'Morning drill', schedule: 'weekdays 09:00', timezone: 'Europe/Paris', track: 'django', questions: '3', window: '10',
    });
    expect(positionalArgs(drill, 'create Daily weekdays@09:00 UTC')).toEqual({ action: 'create', drill: 'Daily', schedule: 'weekdays@09:00', timezone: 'UTC' });
    expect(positionalArgs(drill, 'create x "0 9 * * 1-5" UTC')).toMatchObject({ schedule: '0 9 * * 1-5', timezone: 'UTC' });
    expect(positionalArgs(findCommand('run'), 'print("a  b")')).toEqual({ code: 'print("a  b")' });
  });

  it('given typed annotations, a platform with typed options can offer them', () => {
    expect(drill.admin).toBe(true);
    expect(drill.args.map((a) => [a.name, a.type ?? 'string', a.choices?.join('|') ?? '', a.min ?? '', a.max ?? ''])).toEqual([
      ['action', 'string', 'create|list|pause|resume|delete|now', '', ''],
      ['drill', 'string', '', '', ''],
      ['schedule', 'string', '', '', ''],
      ['timezone', 'string', '', '', ''],
      ['track', 'string', '', '', ''],
      ['questions', 'integer', '', 1, 5],
      ['window', 'integer', '', 1, 1440],
      ['grace', 'integer', '', 0, 1440],
    ]);
    expect(findCommand('leaderboard').admin).toBeUndefined();
    expect(() => validateArgs(findCommand('privacy'), { setting: 'leaderboard', value: 'maybe' })).toThrow('value: on or off');
  });
});
