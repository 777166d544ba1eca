// The Django an exercise declares it needs (requiresDjango) against the one the playground runs, worded
// plainly so a learner on an older playground reads why instead of puzzling over an ImportError.
import type { Exercise } from '../content/model.ts';
import type { CodeRunner, Playground } from './types.ts';

/** Whether Django `actual` (e.g. "4.2.21", null for none) is at least `required` (e.g. "5.2"). */
export function djangoSatisfies(actual: string | null, required: string): boolean {
  if (actual === null) return false;
  const have = actual.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const need = required.split('.').map(Number);
  for (const [i, wanted] of need.entries()) {
    const got = have[i] ?? 0;
    if (got !== wanted) return got > wanted;
  }
  return true;
}

/** "needs Django 5.2; this playground runs Django 4.2.21", or null when the playground is new enough. */
export function djangoGap(required: string | undefined, playground: Playground): string | null {
  if (!required || djangoSatisfies(playground.django, required)) return null;
  const runs = playground.django ? `runs Django ${playground.django}` : 'has no Django';
  return `needs Django ${required}; this playground ${runs}`;
}

/** One line per exercise of the lesson that the playground's Django is too old for; none when unknown. */
export async function djangoNotes(runner: CodeRunner | undefined, exercises: readonly Exercise[]): Promise<string[]> {
  if (!exercises.some((exercise) => exercise.requiresDjango) || !runner?.playground) return [];
  // The note explains a failure; failing to fetch it must not hide the run's own result.
  const playground = await runner.playground().catch(() => null);
  if (!playground) return [];
  return exercises.flatMap((exercise) => {
    const gap = djangoGap(exercise.requiresDjango, playground);
    return gap ? [`Exercise **${exercise.title}** ${gap}, so it cannot run here as written.`] : [];
  });
}
