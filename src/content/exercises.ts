// Runs every exercise's reference solution through a CodeRunner and reports each mismatch with its file
// and path, so content:check catches an exercise whose expected output drifted from what the code prints.
import type { CodeRunner } from '../core/coderun/types.ts';
import type { LoadedTrack } from './loader.ts';
import type { ContentProblem } from './problems.ts';

export interface ExerciseCheck {
  checked: number;
  problems: ContentProblem[];
}

export async function checkExercises(tracks: readonly LoadedTrack[], runner: CodeRunner, concurrency = 2): Promise<ExerciseCheck> {
  const jobs = tracks.flatMap((t) => t.lessons.flatMap(({ file, lesson }) => lesson.exercises.map((exercise, i) => ({ file, path: `exercises[${i}]`, exercise }))));
  const problems: ContentProblem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { file, path, exercise } = jobs[next++]!;
      const result = await runner.run({ language: 'python', code: exercise.solution });
      if (result.status !== 'ok') {
        problems.push({ file, path: `${path}.solution`, message: `the solution did not run cleanly (${result.status}, exit ${result.exitCode}): ${firstLines(result.stderr || result.output)}` });
      } else if (result.stdout.trimEnd() !== exercise.expectedOutput.trimEnd()) {
        problems.push({ file, path: `${path}.expectedOutput`, message: `the solution printed ${JSON.stringify(firstLines(result.stdout))}, expected ${JSON.stringify(firstLines(exercise.expectedOutput))}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.path.localeCompare(b.path));
  return { checked: jobs.length, problems };
}

function firstLines(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.length > 3 ? `${lines.slice(0, 3).join('\n')}\n…` : lines.join('\n');
}
