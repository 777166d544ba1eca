// Rules for a finished track that do not apply to a single file: every step the track lists has a lesson.
// content:check enforces them; the importer does not, so a track can go live while it is being written.
import type { LoadResult } from './loader.ts';
import type { ContentProblem } from './problems.ts';

export function completenessProblems(result: LoadResult): ContentProblem[] {
  return result.tracks.flatMap(({ file, track, lessons }) =>
    track.steps.flatMap((step, i) => {
      const expected = `lessons/${String(i + 1).padStart(2, '0')}-${step.id}.yaml`;
      // A file that exists but was refused is already reported with its own problems.
      const present = lessons.some((l) => l.lesson.id === step.id) || result.rejectedFiles.has(`tracks/${track.id}/${expected}`);
      return present ? [] : [{ file, path: `steps[${i}]`, message: `step ${i + 1} "${step.id}" has no lesson file (expected ${expected})` }];
    }),
  );
}
