import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadContent, type LoadResult } from '../../src/content/loader.ts';
import { rubricWarnings } from '../../src/content/rubric-lint.ts';
import { lesson } from '../helpers/content.ts';
import type { RubricPoint } from '../../src/core/content/model.ts';

function withRubric(rubric: RubricPoint[]): LoadResult {
  const base = lesson(1, 'demo-step-1');
  const explain = { ...base.explain, rubric };
  return { tracks: [{ file: 'tracks/demo/track.yaml', hash: '', track: { id: 'demo', title: 'Demo', description: 'd', level: 'beginner', steps: [] }, lessons: [{ file: 'tracks/demo/lessons/01-demo-step-1.yaml', hash: '', lesson: { ...base, explain } as never }] }], problems: [], rejectedFiles: new Set() };
}
const messages = (rubric: RubricPoint[]) => rubricWarnings(withRubric(rubric)).map((w) => `${w.path}: ${w.message}`);

describe('rubric lint', () => {
  it('given a term under 4 characters, warns with its path; an acronym in capitals is deliberate', () => {
    expect(messages([{ id: 'p', point: 'P', concepts: [['js', 'ORM', 'N+1'], ['framework*', 'len()']] }])).toEqual([
      'explain.rubric[0].concepts[0][0]: "js" is under 4 characters and matches too much: use a longer phrase (write an acronym in capitals to keep it)',
    ]);
    expect(messages([{ id: 'p', point: 'P', concepts: [['auth*'], ['login']] }])).toEqual([]);
    expect(messages([{ id: 'p', point: 'P', concepts: [['run*'], ['login']] }])).toHaveLength(1);
  });

  it('given a point with one concept, or one term in two concepts, warns that a single word hits it', () => {
    expect(messages([{ id: 'solo', point: 'P', concepts: [['stateless', 'cookie*']] }])).toEqual([
      'explain.rubric[0].concepts: point "solo" has one concept, so any sentence with one of its words hits it: add the concept it must be said together with',
    ]);
    expect(messages([{ id: 'twice', point: 'P', concepts: [['layout*', 'base'], ['block*', 'layout*']] }])).toEqual([
      'explain.rubric[0].concepts: point "twice" lists "layout*" in two concepts, so that one word hits it',
    ]);
  });

  it('given every explain rubric in the repository, has no warnings', async () => {
    const result = await loadContent(path.resolve(import.meta.dirname, '../../content'));
    expect(result.tracks.flatMap((t) => t.lessons)).toHaveLength(48);
    expect(rubricWarnings(result)).toEqual([]);
  });
});
