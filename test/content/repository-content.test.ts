// The product's own content must pass the same checks as `npm run content:check`.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/loader.ts';
import { formatProblem } from '../../src/content/problems.ts';
import { completenessProblems } from '../../src/content/completeness.ts';

describe('the repository content', () => {
  it('given content/, every track and lesson is valid and every listed step is written', async () => {
    const result = await loadContent(path.resolve('content'));
    expect([...result.problems, ...completenessProblems(result)].map(formatProblem)).toEqual([]);
    const django = result.tracks.find((t) => t.track.id === 'django')!;
    expect(django.track.steps).toHaveLength(36);
    expect(django.lessons).toHaveLength(36);
    expect(django.lessons.find((l) => l.lesson.step === 33)!.lesson.title).toBe('Interview essentials');
    const python = result.tracks.find((t) => t.track.id === 'python')!;
    expect(python.lessons).toHaveLength(12);
    const exercises = (id: string) => result.tracks.find((t) => t.track.id === id)!.lessons.reduce((n, l) => n + l.lesson.exercises.length, 0);
    expect(exercises('django')).toBeGreaterThanOrEqual(12);
    expect(python.lessons.every((l) => l.lesson.exercises.length > 0)).toBe(true);
  });
});
