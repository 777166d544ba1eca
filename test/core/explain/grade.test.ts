import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { gradeExplanation, countWords } from '../../../src/core/explain/index.ts';
import type { ExplainPrompt } from '../../../src/core/content/model.ts';
import { loadContent } from '../../../src/content/loader.ts';

const prompt: ExplainPrompt = {
  id: 'sr',
  prompt: 'Explain select_related to a junior dev',
  seconds: 30,
  wordBudget: 40,
  rubric: [
    { id: 'join', point: 'Uses a SQL join', concepts: [['join*'], ['SQL', 'query', 'queries', 'tables']] },
    { id: 'fk', point: 'For foreign keys', concepts: [['foreign key*', 'FK', 'one-to-one'], ['select_related', 'follow*', 'join*']] },
    { id: 'n1', point: 'Avoids N+1', concepts: [['N+1', 'n plus one'], ['avoid*', 'prevent*', 'fix*', 'problem']] },
    { id: 'm2m', point: 'prefetch_related for many-to-many', concepts: [['prefetch*'], ['many-to-many', 'M2M']] },
  ],
};
const ALL = 'select_related does a SQL JOIN over the foreign key, so you avoid the N+1 problem; for many-to-many you use prefetch_related.';

let django: Map<string, ExplainPrompt>;
beforeAll(async () => {
  const { tracks } = await loadContent(path.resolve(import.meta.dirname, '../../../content'));
  django = new Map(tracks.find((t) => t.track.id === 'django')!.lessons.map(({ lesson }) => [lesson.id, lesson.explain]));
});

describe('gradeExplanation: statements, not words', () => {
  it('given an answer stating every point on time and within budget, scores 100 and quotes each clause', () => {
    const grade = gradeExplanation(prompt, ALL, 20);
    expect(grade.score).toBe(100);
    expect(grade.notes).toEqual([]);
    expect(grade.points.map((p) => [p.id, p.hit, p.evidence])).toEqual([
      ['join', true, 'select_related does a SQL JOIN over the foreign key'],
      ['fk', true, 'select_related does a SQL JOIN over the foreign key'],
      ['n1', true, 'so you avoid the N+1 problem'],
      ['m2m', true, 'for many-to-many you use prefetch_related.'],
    ]);
  });

  it('given a stem, counts longer forms; given a whole word, not a longer word or one inside another', () => {
    expect(gradeExplanation(prompt, 'prefetching handles many-to-many fields.', 5).points[3]).toMatchObject({ hit: true, matched: 'prefetch*' });
    expect(gradeExplanation(prompt, 'The ORM joins the tables.', 5).points[0]!.hit).toBe(true);
    expect(gradeExplanation(prompt, 'The adjoining tables are in SQLite.', 5).points[0]!.hit).toBe(false);
    expect(gradeExplanation(prompt, 'It joins rows in SQLite files.', 5).points[0]!.hit).toBe(false);
  });

  it('given concepts in different sentences, does not hit: they must be said together', () => {
    const grade = gradeExplanation(prompt, 'There is a join. Then you write the SQL yourself.', 5);
    expect(grade.points[0]!.hit).toBe(false);
  });

  it('given a denial of a point, does not hit it and quotes the denying clause', () => {
    const grade = gradeExplanation(prompt, 'select_related does not use a SQL join, and prefetch_related is for many-to-many.', 5);
    expect(grade.points[0]).toEqual({ id: 'join', point: 'Uses a SQL join', hit: false, denied: true, evidence: 'select_related does not use a SQL join' });
    expect(grade.points[3]).toMatchObject({ hit: true, evidence: 'and prefetch_related is for many-to-many.' });
    expect(grade.score).toBe(25);
  });

  it('given a denial after a call\'s brackets, or of whether something matters, still reads it as a denial', () => {
    const afterCall = gradeExplanation(prompt, 'select_related() does not use a SQL join.', 5);
    expect(afterCall.points[0]).toMatchObject({ hit: false, denied: true, evidence: 'select_related() does not use a SQL join.' });
    const middleware = django.get('middleware-introduction')!;
    const order = gradeExplanation(middleware, 'The order of the MIDDLEWARE list does not matter at all.', 5).points.find((p) => p.id === 'order');
    expect(order).toMatchObject({ hit: false, denied: true });
    expect(gradeExplanation(middleware, 'The order of the MIDDLEWARE list matters: requests go top-down.', 5).points.find((p) => p.id === 'order')).toMatchObject({ hit: true });
  });

  it('given a "no" that is part of the statement, or a turn to an affirming clause, still hits', () => {
    const turned = gradeExplanation(prompt, 'select_related does not follow many-to-many, but prefetch_related does.', 5);
    expect(turned.points[3]).toMatchObject({ hit: true });
    const stateless = gradeExplanation(django.get('http-and-the-web')!, 'The server has no memory of earlier requests, so a cookie carries the session.', 5);
    expect(stateless.points.find((p) => p.id === 'stateless')).toMatchObject({ hit: true });
  });

  it('given the six-word keyword list from the issue on step 1, scores 0 with a note asking for sentences', () => {
    const grade = gradeExplanation(django.get('http-and-the-web')!, 'method status code cookie httprequest header', 10);
    expect(grade.score).toBe(0);
    expect(grade.points.every((p) => !p.hit)).toBe(true);
    expect(grade.notes.map((n) => n.kind)).toEqual(['keywordList']);
    expect(grade.notes[0]!.text).toContain('list of keywords');
  });

  it('given a keyword list after one real sentence, caps the score at 20', () => {
    const grade = gradeExplanation(prompt, 'select_related does a SQL join over the foreign key. N+1 fix, prefetch_related M2M, one-to-one FK, tables SQL queries joins everywhere', 10);
    expect(grade.points.map((p) => p.hit)).toEqual([true, true, false, false]);
    expect(grade.notes.map((n) => n.kind)).toEqual(['keywordList']);
    expect(grade.score).toBe(20);
  });

  it('given "The author of the apiary wrote a formal essay." on What is Django?, scores 0', () => {
    const grade = gradeExplanation(django.get('what-is-django')!, 'The author of the apiary wrote a formal essay.', 10);
    expect(grade.score).toBe(0);
    expect(grade.points.every((p) => !p.hit)).toBe(true);
    expect(grade.notes).toEqual([]);
  });

  it('given a paraphrase in other words on What is Django?, hits the points it states', () => {
    const grade = gradeExplanation(django.get('what-is-django')!, 'It is a full-stack toolkit written in Python. Out of the box you get an object-relational mapper and an admin site.', 10);
    expect(grade.points.filter((p) => p.hit).map((p) => p.id)).toEqual(['definition', 'batteries']);
    expect(grade.score).toBe(40);
  });

  it('given a copy of the prompt, earns nothing and says why', () => {
    const grade = gradeExplanation(prompt, 'Explain select_related to a junior dev.', 5);
    expect(grade.score).toBe(0);
    expect(grade.notes.map((n) => n.kind)).toEqual(['promptCopy']);
  });
});

describe('gradeExplanation: budgets', () => {
  it('given a late answer, grades it, marks it late and scores it lower than on time', () => {
    const onTime = gradeExplanation(prompt, ALL, 29);
    const late = gradeExplanation(prompt, ALL, 45);
    const veryLate = gradeExplanation(prompt, ALL, 600);
    expect(late.late).toBe(true);
    expect(late.points.every((p) => p.hit)).toBe(true);
    expect([onTime.score, late.score, veryLate.score]).toEqual([100, 93, 85]);
  });

  it('given an answer over the word budget, loses budget credit in proportion', () => {
    const within = gradeExplanation(prompt, `${ALL}${' It is nice.'.repeat(6)}`, 10);
    expect([within.words, within.score]).toEqual([38, 100]);
    const over = gradeExplanation(prompt, `${ALL}${' It is nice.'.repeat(10)}`, 10);
    // 10 words over a budget of 40: 0.15 * 10/40 of the score is lost.
    expect([over.words, over.score, over.notes]).toEqual([50, 96, []]);
  });

  it('given points made only after twice the word budget, does not count them and says so', () => {
    const padding = ' We talked about the weather and the trains for a while.'.repeat(8);
    const grade = gradeExplanation(prompt, `${padding.trim()} ${ALL}`, 10);
    expect(grade.points.every((p) => !p.hit)).toBe(true);
    expect(grade.notes.map((n) => n.kind)).toEqual(['stoppedReading']);
    expect(grade.score).toBe(0);
  });

  it('given half the points, scores half the coverage', () => {
    expect(gradeExplanation(prompt, 'A SQL join follows the foreign key.', 10).score).toBe(50);
  });

  it('counts words by whitespace', () => {
    expect(countWords('  one two\nthree\tfour ')).toBe(4);
    expect(countWords('')).toBe(0);
  });
});

describe('gradeExplanation: bad input gets an honest grade or a clear note, never an error', () => {
  const kinds = (answer: string) => {
    const grade = gradeExplanation(prompt, answer, 10);
    return { score: grade.score, notes: grade.notes.map((n) => n.kind) };
  };

  it('given an empty answer, scores 0 with a note', () => {
    expect(kinds('')).toEqual({ score: 0, notes: ['empty'] });
    expect(kinds('   \n ')).toEqual({ score: 0, notes: ['empty'] });
  });

  it('given emoji only, scores 0 and says there are no words', () => {
    expect(kinds('😀🎉👍 🚀')).toEqual({ score: 0, notes: ['noWords'] });
  });

  it('given another language, scores 0 and says the grader reads English', () => {
    expect(kinds('select_related hace un JOIN de SQL sobre la clave foránea y evita el problema N+1 con las consultas.')).toEqual({ score: 0, notes: ['otherLanguage'] });
    expect(kinds('select_related は外部キーを JOIN で取得して N+1 問題を防ぎます')).toEqual({ score: 0, notes: ['otherLanguage'] });
  });

  it('given only a code block, scores 0 and asks for words; given code and sentences, grades the sentences', () => {
    expect(kinds('```python\nBook.objects.select_related("author")\n```')).toEqual({ score: 0, notes: ['codeOnly'] });
    expect(kinds(`${ALL}\n\`\`\`python\nBook.objects.select_related("author")\n\`\`\``)).toEqual({ score: 100, notes: ['codeIgnored'] });
  });

  it('given 10,000 characters, grades the start and stops reading after twice the budget', () => {
    const answer = `${ALL} ${'This sentence pads the answer a great deal. '.repeat(250)}`.slice(0, 10_000);
    expect(answer).toHaveLength(10_000);
    const grade = gradeExplanation(prompt, answer, 10);
    expect(grade.points.every((p) => p.hit)).toBe(true);
    expect(grade.score).toBe(85);
    expect(grade.notes.map((n) => n.kind)).toEqual(['stoppedReading']);
  });
});
