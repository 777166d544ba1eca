import { describe, expect, it } from 'vitest';
import { gradeExplanation, countWords } from '../../../src/core/explain/index.ts';
import type { ExplainPrompt } from '../../../src/core/content/model.ts';

const prompt: ExplainPrompt = {
  id: 'sr',
  prompt: 'Explain select_related to a junior dev',
  seconds: 30,
  wordBudget: 40,
  rubric: [
    { id: 'join', point: 'Uses a SQL join', phrases: ['join', 'sql join'] },
    { id: 'fk', point: 'For foreign keys', phrases: ['foreign key', 'fk', 'one-to-one'] },
    { id: 'n1', point: 'Avoids N+1', phrases: ['n+1', 'n plus one'] },
    { id: 'm2m', point: 'prefetch_related for many-to-many', phrases: ['prefetch', 'many-to-many', 'm2m'] },
  ],
};

describe('gradeExplanation', () => {
  it('given an answer hitting every point on time and within budget, scores 100', () => {
    const grade = gradeExplanation(prompt, 'select_related does a SQL JOIN over a ForeignKey (foreign key) so you avoid the N+1 problem; for M2M use prefetch_related.', 20);
    expect(grade.points.map((p) => p.hit)).toEqual([true, true, true, true]);
    expect(grade.late).toBe(false);
    expect(grade.score).toBe(100);
  });

  it('given a stem, counts longer forms at a word boundary but not inside other words', () => {
    expect(gradeExplanation(prompt, 'it joins tables', 5).points[0]!.hit).toBe(true);
    expect(gradeExplanation(prompt, 'adjoining tables', 5).points[0]!.hit).toBe(false);
    expect(gradeExplanation(prompt, 'prefetching related rows', 5).points[3]).toMatchObject({ hit: true, matched: 'prefetch' });
  });

  it('given empty or off-topic text, scores 0 with every point missed', () => {
    for (const text of ['', '   ', 'I like turtles and sunny weather.']) {
      const grade = gradeExplanation(prompt, text, 10);
      expect(grade.score).toBe(0);
      expect(grade.points.every((p) => !p.hit)).toBe(true);
    }
  });

  it('given a late answer, grades it, marks it late and scores it lower than on time', () => {
    const text = 'join on the foreign key, avoids n+1, prefetch for m2m';
    const onTime = gradeExplanation(prompt, text, 29);
    const late = gradeExplanation(prompt, text, 45);
    const veryLate = gradeExplanation(prompt, text, 600);
    expect(late.late).toBe(true);
    expect(late.points.every((p) => p.hit)).toBe(true);
    expect(late.score).toBeLessThan(onTime.score);
    expect(veryLate.score).toBe(85);
  });

  it('given an answer over the word budget, loses budget credit in proportion', () => {
    const padding = ' filler'.repeat(40);
    const grade = gradeExplanation(prompt, `join foreign key n+1 prefetch${padding}`, 10);
    expect(grade.words).toBe(45);
    expect(grade.score).toBe(98);
    expect(grade.words).toBeGreaterThan(grade.wordBudget);
    expect(grade.score).toBeLessThan(100);
    expect(grade.score).toBeGreaterThan(95);
  });

  it('given half the points, scores half the coverage', () => {
    expect(gradeExplanation(prompt, 'a join on the fk', 10).score).toBe(50);
  });

  it('counts words by whitespace', () => {
    expect(countWords('  one two\nthree\tfour ')).toBe(4);
    expect(countWords('')).toBe(0);
  });
});
